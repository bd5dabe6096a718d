namespace SIIVbG.Domain.Features;

/// <summary>Modules an administrator can turn off and on without a deploy (Creación de nuevas funcionalidades).</summary>
public enum Module
{
    Referrals = 1,
    WaitingLists = 2,
    AccessRequests = 3,
    SgpImport = 4,
}

/// <summary>Whether a module is on; a module without a row is on.</summary>
public sealed class FeatureSwitch
{
    public Module Module { get; private set; }
    public bool Enabled { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public Guid UpdatedBy { get; private set; }

    private FeatureSwitch() { }

    public FeatureSwitch(Module module, bool enabled, DateTimeOffset at, Guid by)
    {
        Module = module;
        Set(enabled, at, by);
    }

    public void Set(bool enabled, DateTimeOffset at, Guid by)
    {
        Enabled = enabled;
        UpdatedAt = at;
        UpdatedBy = by;
    }
}
