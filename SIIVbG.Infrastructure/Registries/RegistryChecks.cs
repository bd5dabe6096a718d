using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Access.Survivors;
using SIIVbG.Domain.Audit;
using SIIVbG.Domain.Common;
using SIIVbG.Domain.Identity;
using SIIVbG.Domain.Survivors;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Common;
using SIIVbG.Infrastructure.Live;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Survivors;

namespace SIIVbG.Infrastructure.Registries;

/// <summary>One value as SIIVbG has it beside the registry's, and whether they differ.</summary>
public sealed record RegistryComparison(string Field, string Label, string? Ours, string? Theirs, bool Differs);

public sealed record CivilCheck(RegistryAnswer<CivilRecord> Answer, IReadOnlyList<RegistryComparison> Fields);

/// <summary>
/// The identification tab's registry checks (issue 6): who may read her identification may ask the registries about
/// her RUN; each question is audited (which registry, the outcome — never the values). A caseworker of a centre that
/// works with her may adopt the Registro Civil's names, birth date and sex; the values then carry that source and date.
/// </summary>
public sealed class RegistryChecks(IDbContextFactory<SiivbgDbContext> dbFactory, SurvivorFacts survivorFacts, AuditTrail audit, TimeProvider clock,
    TerritoryCatalogue territory, IServiceProvider services)
{
    public const string Consulted = "registry.consulted";
    public const string Adopted = "registry.adopted";

    public async Task<CivilCheck> CivilRegistryAsync(SignedInOperator op, Guid survivorId, CancellationToken ct = default)
    {
        var (survivor, run) = await AuthoriseAsync(op, survivorId, "registro-civil", ct);
        var answer = await services.GetRequiredService<RegistroCivilClient>().LookUpAsync(run, ct);
        await AuditAsync(op, survivorId, "registro-civil", answer.Outcome, ct);
        if (answer.Value is not { } civil) return new CivilCheck(answer, []);
        var comunas = (await territory.ComunasAsync(ct)).ToDictionary(c => c.Code, c => c.Name, StringComparer.Ordinal);
        string? Comuna(string? code) => code is null ? null : comunas.GetValueOrDefault(code, code);
        return new CivilCheck(answer,
        [
            Compare("names", "Nombres y apellidos", $"{survivor.GivenNames} {survivor.Surnames}", $"{civil.GivenNames} {civil.Surnames}"),
            Compare("birth-date", "Fecha de nacimiento", survivor.BirthDate?.ToString("dd-MM-yyyy"), civil.BirthDate.ToString("dd-MM-yyyy")),
            Compare("sex", "Sexo registral", SexName(survivor.Sex), civil.Sex == "F" ? "Femenino" : civil.Sex == "M" ? "Masculino" : "Sin información"),
            Compare("comuna", "Comuna", Comuna(survivor.ComunaCode), Comuna(civil.ComunaCode)),
            new RegistryComparison("vital-status", "Estado vital", null,
                civil.VitalStatus == "fallecida" && civil.DeathDate is { } d ? $"Fallecida ({d:dd-MM-yyyy})" : "Viva", civil.VitalStatus == "fallecida"),
        ]);
    }

    public async Task<RegistryAnswer<HouseholdRecord>> HouseholdAsync(SignedInOperator op, Guid survivorId, CancellationToken ct = default)
    {
        var (_, run) = await AuthoriseAsync(op, survivorId, "rsh", ct);
        var answer = await services.GetRequiredService<RshClient>().LookUpAsync(run, ct);
        await AuditAsync(op, survivorId, "rsh", answer.Outcome, ct);
        return answer;
    }

    public async Task<RegistryAnswer<BenefitsRecord>> BenefitsAsync(SignedInOperator op, Guid survivorId, CancellationToken ct = default)
    {
        var (_, run) = await AuthoriseAsync(op, survivorId, "ris", ct);
        var answer = await services.GetRequiredService<RisClient>().LookUpAsync(run, ct);
        await AuditAsync(op, survivorId, "ris", answer.Outcome, ct);
        return answer;
    }

    /// <summary>
    /// Takes the Registro Civil's names, birth date and sex into her record, as she was shown at <paramref name="version"/>;
    /// a record changed since is reported, not overwritten.
    /// </summary>
    public async Task AdoptCivilRecordAsync(SignedInOperator op, Guid survivorId, uint version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var decision = SurvivorAccessPolicy.CanEdit(op, facts, SurvivorTab.Identification, op.ScopeCode);
        await audit.EnsureAllowedAsync(op, decision, survivorId, $"sobreviviente/{survivorId}/registros/registro-civil", ct);
        var survivor = await db.Survivors.SingleAsync(s => s.Id == survivorId, ct);
        db.ExpectVersion(survivor, version, "los datos de identificación");
        if (survivor.Run is not { } runText) throw new DomainException("Sin RUN no se puede consultar el Registro Civil.");
        var answer = await services.GetRequiredService<RegistroCivilClient>().LookUpAsync(Run.Parse(runText), ct);
        if (answer.Value is not { } civil) throw new DomainException(answer.Message ?? "El Registro Civil no respondió.");
        var at = answer.RetrievedAt ?? clock.GetUtcNow();
        survivor.CorrectNames(civil.GivenNames, civil.Surnames, DataSource.CivilRegistry, at);
        survivor.CorrectBirthDate(civil.BirthDate, DataSource.CivilRegistry, at);
        survivor.RecordRegisteredSex(civil.Sex switch { "F" => RegisteredSex.Female, "M" => RegisteredSex.Male, _ => RegisteredSex.Unknown },
            DataSource.CivilRegistry, at);
        if (!db.ChangeTracker.HasChanges()) return;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new ConcurrentEditException("los datos de identificación"); }
        await audit.AppendAsync(db, new AuditRecord(Adopted, AuditOutcome.Allowed, op.Id, op.Run, survivorId,
            $"sobreviviente/{survivorId}/registros/registro-civil"), ct);
        await ChangePublisher.PublishAsync(db, new ChangeEvent(ChangeKinds.Survivor, survivorId, op.ScopeCode, null, survivorId), ct);
        await tx.CommitAsync(ct);
    }

    private async Task<(Survivor Survivor, Run Run)> AuthoriseAsync(SignedInOperator op, Guid survivorId,
        string registry, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await survivorFacts.LoadAsync(db, op, survivorId, ct);
        var decision = SurvivorAccessPolicy.CanReadDetail(op, facts, SurvivorTab.Identification, null, clock.GetUtcNow());
        await audit.EnsureAllowedAsync(op, decision, survivorId, $"sobreviviente/{survivorId}/registros/{registry}", ct);
        var survivor = await db.Survivors.AsNoTracking().SingleAsync(s => s.Id == survivorId, ct);
        if (survivor.Run is not { } run) throw new DomainException("Sin RUN no se puede consultar los registros del Estado.");
        return (survivor, Run.Parse(run));
    }

    private Task AuditAsync(SignedInOperator op, Guid survivorId, string registry, RegistryOutcome outcome, CancellationToken ct) =>
        audit.AppendAsync(new AuditRecord(Consulted, AuditOutcome.Allowed, op.Id, op.Run, survivorId, $"sobreviviente/{survivorId}/registros/{registry}",
            Details: JsonSerializer.Serialize(new { registry, outcome = outcome.ToString() })), ct);

    private static RegistryComparison Compare(string field, string label, string? ours, string? theirs) =>
        new(field, label, ours, theirs, ours is not null && theirs is not null && !string.Equals(Normalise(ours), Normalise(theirs), StringComparison.Ordinal));

    private static string Normalise(string s) => string.Join(' ', s.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    private static string? SexName(RegisteredSex? sex) => sex switch
    {
        RegisteredSex.Female => "Femenino", RegisteredSex.Male => "Masculino", RegisteredSex.Unknown => "Sin información", _ => null,
    };
}
