using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Plans;

public enum PlanActionStatus { Pending = 1, InProgress = 2, Completed = 3 }

/// <summary>An action towards an objective: who does it, by when, how far it got. Changed through the plan.</summary>
public sealed class PlanAction
{
    public Guid Id { get; private set; }
    public string Description { get; private set; } = "";
    /// <summary>Who carries it out (caseworker, the survivor herself, an institution).</summary>
    public string Responsible { get; private set; } = "";
    public DateOnly? DueOn { get; private set; }
    /// <summary>0–100; 100 once completed.</summary>
    public int Progress { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public Guid? CompletedBy { get; private set; }

    private PlanAction() { }

    internal PlanAction(string description, string responsible, DateOnly? dueOn)
    {
        Id = Guid.NewGuid();
        Description = description;
        Responsible = responsible;
        DueOn = dueOn;
    }

    public PlanActionStatus Status => CompletedAt is not null ? PlanActionStatus.Completed
        : Progress > 0 ? PlanActionStatus.InProgress : PlanActionStatus.Pending;

    public bool IsCompleted => CompletedAt is not null;

    /// <summary>Not completed and past its due date on <paramref name="date"/>.</summary>
    public bool IsOverdueOn(DateOnly date) => !IsCompleted && DueOn < date;

    internal void Update(string description, string responsible, DateOnly? dueOn)
    {
        RequireNotCompleted();
        Description = description;
        Responsible = responsible;
        DueOn = dueOn;
    }

    internal void RecordProgress(int percent, DateTimeOffset at, Guid by)
    {
        if (percent is < 0 or > 100) throw new DomainException("El avance debe estar entre 0 y 100.");
        if (IsCompleted)
        {
            if (percent == 100) return;
            throw new DomainException("La acción ya está cumplida.");
        }
        if (percent == 100) Complete(at, by);
        else Progress = percent;
    }

    internal void Complete(DateTimeOffset at, Guid by)
    {
        if (IsCompleted) return;
        Progress = 100;
        CompletedAt = at;
        CompletedBy = by;
    }

    private void RequireNotCompleted()
    {
        if (IsCompleted) throw new DomainException("La acción ya está cumplida.");
    }
}
