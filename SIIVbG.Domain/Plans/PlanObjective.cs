using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Plans;

/// <summary>An objective of the PII with its actions. Changed through the plan.</summary>
public sealed class PlanObjective
{
    public Guid Id { get; private set; }
    public string Description { get; private set; } = "";
    public DateTimeOffset AddedAt { get; private set; }
    public DateTimeOffset? AchievedAt { get; private set; }

    private readonly List<PlanAction> _actions = [];
    public IReadOnlyList<PlanAction> Actions => _actions;

    private PlanObjective() { }

    internal PlanObjective(string description, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        Description = description;
        AddedAt = at;
    }

    public bool IsAchieved => AchievedAt is not null;

    /// <summary>Average progress of its actions (0 without actions; 100 once achieved).</summary>
    public int Progress => IsAchieved ? 100 : _actions.Count == 0 ? 0 : (int)Math.Round(_actions.Average(a => a.Progress));

    internal void Reword(string description)
    {
        RequireOpen();
        Description = description;
    }

    internal PlanAction AddAction(string description, string responsible, DateOnly? dueOn)
    {
        RequireOpen();
        var action = new PlanAction(description, responsible, dueOn);
        _actions.Add(action);
        return action;
    }

    internal PlanAction? FindAction(Guid id) => _actions.FirstOrDefault(a => a.Id == id);

    internal void Achieve(DateTimeOffset at)
    {
        if (IsAchieved) return;
        if (_actions.Any(a => !a.IsCompleted))
            throw new DomainException("No es posible dar por logrado un objetivo con acciones pendientes.");
        AchievedAt = at;
    }

    internal void RequireOpen()
    {
        if (IsAchieved) throw new DomainException("El objetivo ya fue logrado.");
    }
}
