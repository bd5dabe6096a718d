using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Cases;

/// <summary>One step of a case's history: the state it entered, when, by whom, and why where it matters.</summary>
public sealed class CaseMilestone
{
    public Guid Id { get; private set; }
    public CaseState State { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid By { get; private set; }
    public string? Note { get; private set; }

    private CaseMilestone() { }

    internal CaseMilestone(CaseState state, DateTimeOffset at, Guid by, string? note) : this(Ids.NewVersion7(), state, at, by, note) { }

    internal CaseMilestone(Guid id, CaseState state, DateTimeOffset at, Guid by, string? note)
    {
        Id = id;
        State = state;
        At = at;
        By = by;
        Note = note;
    }
}

/// <summary>A risk estimate recorded on a case (the instrument's answers live with the RiskAssessment).</summary>
public sealed class CaseRiskEstimate
{
    public Guid Id { get; private set; }
    public RiskLevel Level { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid By { get; private set; }

    private CaseRiskEstimate() { }

    internal CaseRiskEstimate(RiskLevel level, DateTimeOffset at, Guid by)
    {
        Id = Ids.NewVersion7();
        Level = level;
        At = at;
        By = by;
    }
}
