using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Plans;

/// <summary>
/// Plan de Intervención Individual (PII) of one case: structured objectives and actions instead of the
/// hand-filled PDF (seed I.2.g). The signed PDF can still be attached.
/// </summary>
public sealed class InterventionPlan
{
    public const int MaxDescriptionLength = 1000;
    public const int MaxResponsibleLength = 200;

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid CreatedBy { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }
    public Guid? UpdatedBy { get; private set; }
    /// <summary>The PII as PDF (Attachment id), when there is one.</summary>
    public Guid? PdfAttachmentId { get; private set; }

    private readonly List<PlanObjective> _objectives = [];
    public IReadOnlyList<PlanObjective> Objectives => _objectives;

    private InterventionPlan() { }

    public static InterventionPlan Draft(Guid caseId, DateTimeOffset at, Guid by)
    {
        if (caseId == Guid.Empty) throw new DomainException("El plan de intervención debe indicar el caso.");
        if (by == Guid.Empty) throw new DomainException("Indique el operador/a que elabora el plan.");
        return new InterventionPlan { Id = Guid.NewGuid(), CaseId = caseId, CreatedAt = at, CreatedBy = by };
    }

    public void AttachPdf(Guid attachmentId, DateTimeOffset at, Guid by)
    {
        RequireOperator(by);
        if (attachmentId == Guid.Empty) throw new DomainException("Indique el documento adjunto.");
        if (PdfAttachmentId == attachmentId) return;
        PdfAttachmentId = attachmentId;
        Touch(at, by);
    }

    public PlanObjective AddObjective(string description, DateTimeOffset at, Guid by)
    {
        RequireOperator(by);
        var objective = new PlanObjective(Description(description, "Describa el objetivo."), at);
        _objectives.Add(objective);
        Touch(at, by);
        return objective;
    }

    public void RewordObjective(Guid objectiveId, string description, DateTimeOffset at, Guid by)
    {
        RequireOperator(by);
        var objective = Objective(objectiveId);
        var text = Description(description, "Describa el objetivo.");
        if (objective.Description == text) return;
        objective.Reword(text);
        Touch(at, by);
    }

    /// <summary>Adds an action; its due date cannot be before the day it is added.</summary>
    public PlanAction AddAction(Guid objectiveId, string description, string responsible, DateOnly? dueOn,
        DateTimeOffset at, Guid by)
    {
        RequireOperator(by);
        var objective = Objective(objectiveId);
        var (text, who) = ValidAction(description, responsible, dueOn, at);
        var action = objective.AddAction(text, who, dueOn);
        Touch(at, by);
        return action;
    }

    public void UpdateAction(Guid actionId, string description, string responsible, DateOnly? dueOn,
        DateTimeOffset at, Guid by)
    {
        RequireOperator(by);
        var action = Action(actionId);
        var (text, who) = ValidAction(description, responsible,
            dueOn == action.DueOn ? null : dueOn, at); // an unchanged past due date may stay as it is
        if (action.Description == text && action.Responsible == who && action.DueOn == dueOn) return;
        action.Update(text, who, dueOn);
        Touch(at, by);
    }

    /// <summary>Records progress 0–100; 100 completes the action. The same value does nothing.</summary>
    public void RecordProgress(Guid actionId, int percent, DateTimeOffset at, Guid by)
    {
        RequireOperator(by);
        var action = Action(actionId);
        if (action.Progress == percent && (percent < 100 || action.IsCompleted)) return;
        action.RecordProgress(percent, at, by);
        Touch(at, by);
    }

    public void CompleteAction(Guid actionId, DateTimeOffset at, Guid by)
    {
        RequireOperator(by);
        var action = Action(actionId);
        if (action.IsCompleted) return;
        action.Complete(at, by);
        Touch(at, by);
    }

    /// <summary>Marks an objective as achieved; every action must be completed first.</summary>
    public void AchieveObjective(Guid objectiveId, DateTimeOffset at, Guid by)
    {
        RequireOperator(by);
        var objective = Objective(objectiveId);
        if (objective.IsAchieved) return;
        objective.Achieve(at);
        Touch(at, by);
    }

    public IEnumerable<PlanAction> OverdueActionsOn(DateOnly date) =>
        _objectives.SelectMany(o => o.Actions).Where(a => a.IsOverdueOn(date));

    private PlanObjective Objective(Guid id) =>
        _objectives.FirstOrDefault(o => o.Id == id) ?? throw new DomainException("El objetivo no pertenece a este plan.");

    private PlanAction Action(Guid id)
    {
        foreach (var o in _objectives)
            if (o.FindAction(id) is { } a)
            {
                o.RequireOpen();
                return a;
            }
        throw new DomainException("La acción no pertenece a este plan.");
    }

    private static (string Description, string Responsible) ValidAction(string description, string responsible,
        DateOnly? dueOn, DateTimeOffset at)
    {
        var text = Description(description, "Describa la acción.");
        var who = responsible?.Trim() ?? "";
        if (who.Length == 0) throw new DomainException("Indique el responsable de la acción.");
        if (who.Length > MaxResponsibleLength)
            throw new DomainException($"El responsable no puede superar {MaxResponsibleLength} caracteres.");
        if (dueOn < DateOnly.FromDateTime(at.DateTime))
            throw new DomainException("La fecha comprometida no puede ser anterior a hoy.");
        return (text, who);
    }

    private static string Description(string? value, string missing)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0) throw new DomainException(missing);
        if (v.Length > MaxDescriptionLength)
            throw new DomainException($"La descripción no puede superar {MaxDescriptionLength} caracteres.");
        return v;
    }

    private static void RequireOperator(Guid by)
    {
        if (by == Guid.Empty) throw new DomainException("Indique el operador/a que modifica el plan.");
    }

    private void Touch(DateTimeOffset at, Guid by)
    {
        UpdatedAt = at;
        UpdatedBy = by;
    }
}
