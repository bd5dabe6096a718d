using SIIVbG.Domain.Access;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;

namespace SIIVbG.Domain.Operators;

/// <summary>A registered user of SIIVbG. Identified by the RUN that ClaveÚnica certifies, never by its <c>sub</c>.</summary>
public sealed class Operator
{
    public Guid Id { get; private set; }
    /// <summary>Canonical RUN (<c>12345678-5</c>).</summary>
    public string Run { get; private set; } = "";
    public string GivenNames { get; private set; } = "";
    public string Surnames { get; private set; } = "";
    public AccessLevel Level { get; private set; }
    public ScopeKind ScopeKind { get; private set; }
    /// <summary>Region CUT code, executing-entity code or centre code, by <see cref="ScopeKind"/>; null for the nation.</summary>
    public string? ScopeCode { get; private set; }
    public bool IsActive { get; private set; }
    /// <summary>An administrator's (N2) functions (ADR 023); always none for other levels.</summary>
    public AdminFunctions Functions { get; private set; }
    public DateTimeOffset? AgreementAcceptedAt { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }

    private Operator() { }

    public static Operator Register(Run run, string givenNames, string surnames, AccessLevel level,
        ScopeKind scopeKind, string? scopeCode, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(givenNames) || string.IsNullOrWhiteSpace(surnames))
            throw new DomainException("Ingrese nombres y apellidos del operador/a.");
        var op = new Operator
        {
            Id = Guid.NewGuid(),
            Run = run.ToString(),
            GivenNames = givenNames.Trim(),
            Surnames = surnames.Trim(),
            IsActive = true,
            RegisteredAt = at,
        };
        op.ChangeAccess(level, scopeKind, scopeCode);
        return op;
    }

    public string FullName => $"{GivenNames} {Surnames}";

    public void ChangeAccess(AccessLevel level, ScopeKind scopeKind, string? scopeCode)
    {
        if (!AccessPolicy.AllowedScopes(level).Contains(scopeKind))
            throw new DomainException($"El nivel {level} no admite el ámbito indicado.");
        if (scopeKind == ScopeKind.Nation ? scopeCode is not null : string.IsNullOrWhiteSpace(scopeCode))
            throw new DomainException("El ámbito del operador/a no corresponde a su código territorial u organizacional.");
        Level = level;
        ScopeKind = scopeKind;
        ScopeCode = scopeCode?.Trim();
        if (level != AccessLevel.N2) Functions = AdminFunctions.None;
    }

    /// <summary>Sets what an administrator may do; only N2 operators hold functions.</summary>
    public void AssignFunctions(AdminFunctions functions)
    {
        if (Level != AccessLevel.N2) throw new DomainException("Solo las personas administradoras (N2) tienen funciones de administración.");
        if ((functions & ~AdminFunctions.Full) != 0) throw new DomainException("Función de administración desconocida.");
        Functions = functions.HasFlag(AdminFunctions.ItHead) ? AdminFunctions.Full : functions;
    }

    /// <summary>Records acceptance of the confidentiality agreement (seed §II.2 note 11); accepting twice keeps the first date.</summary>
    public void AcceptAgreement(DateTimeOffset at)
    {
        if (!IsActive) throw new DomainException("Un operador/a desactivado no puede aceptar el acuerdo.");
        AgreementAcceptedAt ??= at;
    }

    public void Deactivate() => IsActive = false;

    public void Reactivate() => IsActive = true;
}
