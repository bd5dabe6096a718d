using System.Reflection;
using SIIVbG.Domain.Access;

namespace SIIVbG.Tests.Domain;

/// <summary>
/// DESIGN §4, cell by cell. The expected values are written out from the table, never derived from
/// <see cref="AccessPolicy"/>: a change to the policy must be a change to this file too.
/// </summary>
[Trait("Area", "Access")]
public class AccessPolicyTests
{
    private const bool Allowed = true;
    private const bool Denied = false;

    // Columns of the table each capability belongs to (its home panel).
    //   aggregate panel:  OpenAggregatePanel
    //   case panel:       OpenCasePanel, ViewReferralList
    //   admin panel:      AdministerOperators, RequestOperatorChanges, ViewJobsDashboard, PostSystemNotice, ViewAuditTrail, ManageSgpImport
    [Theory]
    // N1 authorities: aggregate all tabs; case none (only through a grant, not a capability); admin none.
    [InlineData(AccessLevel.N1, Capability.OpenAggregatePanel, Allowed)]
    [InlineData(AccessLevel.N1, Capability.OpenCasePanel, Denied)]
    [InlineData(AccessLevel.N1, Capability.ViewReferralList, Denied)]
    [InlineData(AccessLevel.N1, Capability.AdministerOperators, Denied)]
    [InlineData(AccessLevel.N1, Capability.RequestOperatorChanges, Denied)]
    [InlineData(AccessLevel.N1, Capability.ViewJobsDashboard, Denied)]
    [InlineData(AccessLevel.N1, Capability.PostSystemNotice, Denied)]
    [InlineData(AccessLevel.N1, Capability.ViewAuditTrail, Denied)]
    [InlineData(AccessLevel.N1, Capability.ManageSgpImport, Denied)]
    [InlineData(AccessLevel.N1, Capability.ManageCatalogues, Denied)]
    [InlineData(AccessLevel.N1, Capability.AssignAdminFunctions, Denied)]
    // N2 IT administrators: aggregate none; case none; admin all the level may hold (each person per her functions, ADR 023).
    [InlineData(AccessLevel.N2, Capability.OpenAggregatePanel, Denied)]
    [InlineData(AccessLevel.N2, Capability.OpenCasePanel, Denied)]
    [InlineData(AccessLevel.N2, Capability.ViewReferralList, Denied)]
    [InlineData(AccessLevel.N2, Capability.AdministerOperators, Allowed)]
    [InlineData(AccessLevel.N2, Capability.RequestOperatorChanges, Denied)]
    [InlineData(AccessLevel.N2, Capability.ViewJobsDashboard, Allowed)]
    [InlineData(AccessLevel.N2, Capability.PostSystemNotice, Allowed)]
    [InlineData(AccessLevel.N2, Capability.ViewAuditTrail, Allowed)]
    [InlineData(AccessLevel.N2, Capability.ManageSgpImport, Allowed)]
    [InlineData(AccessLevel.N2, Capability.ManageCatalogues, Allowed)]
    [InlineData(AccessLevel.N2, Capability.AssignAdminFunctions, Allowed)]
    // N3 territorial officers: aggregate as N1; case = referral list without detail; admin none.
    [InlineData(AccessLevel.N3, Capability.OpenAggregatePanel, Allowed)]
    [InlineData(AccessLevel.N3, Capability.OpenCasePanel, Denied)]
    [InlineData(AccessLevel.N3, Capability.ViewReferralList, Allowed)]
    [InlineData(AccessLevel.N3, Capability.AdministerOperators, Denied)]
    [InlineData(AccessLevel.N3, Capability.RequestOperatorChanges, Denied)]
    [InlineData(AccessLevel.N3, Capability.ViewJobsDashboard, Denied)]
    [InlineData(AccessLevel.N3, Capability.PostSystemNotice, Denied)]
    [InlineData(AccessLevel.N3, Capability.ViewAuditTrail, Denied)]
    [InlineData(AccessLevel.N3, Capability.ManageSgpImport, Denied)]
    [InlineData(AccessLevel.N3, Capability.ManageCatalogues, Denied)]
    [InlineData(AccessLevel.N3, Capability.AssignAdminFunctions, Denied)]
    // N4 executing-entity heads: aggregate as N1 (+ reports); case = referral list of their centres; admin = request additions/removals.
    [InlineData(AccessLevel.N4, Capability.OpenAggregatePanel, Allowed)]
    [InlineData(AccessLevel.N4, Capability.OpenCasePanel, Denied)]
    [InlineData(AccessLevel.N4, Capability.ViewReferralList, Allowed)]
    [InlineData(AccessLevel.N4, Capability.AdministerOperators, Denied)]
    [InlineData(AccessLevel.N4, Capability.RequestOperatorChanges, Allowed)]
    [InlineData(AccessLevel.N4, Capability.ViewJobsDashboard, Denied)]
    [InlineData(AccessLevel.N4, Capability.PostSystemNotice, Denied)]
    [InlineData(AccessLevel.N4, Capability.ViewAuditTrail, Denied)]
    [InlineData(AccessLevel.N4, Capability.ManageSgpImport, Denied)]
    [InlineData(AccessLevel.N4, Capability.ManageCatalogues, Denied)]
    [InlineData(AccessLevel.N4, Capability.AssignAdminFunctions, Denied)]
    // N5 centre heads: aggregate all tabs of their centre; case all tabs of their centre; admin = request changes for N6.
    [InlineData(AccessLevel.N5, Capability.OpenAggregatePanel, Allowed)]
    [InlineData(AccessLevel.N5, Capability.OpenCasePanel, Allowed)]
    [InlineData(AccessLevel.N5, Capability.ViewReferralList, Allowed)]
    [InlineData(AccessLevel.N5, Capability.AdministerOperators, Denied)]
    [InlineData(AccessLevel.N5, Capability.RequestOperatorChanges, Allowed)]
    [InlineData(AccessLevel.N5, Capability.ViewJobsDashboard, Denied)]
    [InlineData(AccessLevel.N5, Capability.PostSystemNotice, Denied)]
    [InlineData(AccessLevel.N5, Capability.ViewAuditTrail, Denied)]
    [InlineData(AccessLevel.N5, Capability.ManageSgpImport, Denied)]
    [InlineData(AccessLevel.N5, Capability.ManageCatalogues, Denied)]
    [InlineData(AccessLevel.N5, Capability.AssignAdminFunctions, Denied)]
    // N6 caseworkers: aggregate none; case all tabs for their centre's survivors; admin none.
    [InlineData(AccessLevel.N6, Capability.OpenAggregatePanel, Denied)]
    [InlineData(AccessLevel.N6, Capability.OpenCasePanel, Allowed)]
    [InlineData(AccessLevel.N6, Capability.ViewReferralList, Allowed)]
    [InlineData(AccessLevel.N6, Capability.AdministerOperators, Denied)]
    [InlineData(AccessLevel.N6, Capability.RequestOperatorChanges, Denied)]
    [InlineData(AccessLevel.N6, Capability.ViewJobsDashboard, Denied)]
    [InlineData(AccessLevel.N6, Capability.PostSystemNotice, Denied)]
    [InlineData(AccessLevel.N6, Capability.ViewAuditTrail, Denied)]
    [InlineData(AccessLevel.N6, Capability.ManageSgpImport, Denied)]
    [InlineData(AccessLevel.N6, Capability.ManageCatalogues, Denied)]
    [InlineData(AccessLevel.N6, Capability.AssignAdminFunctions, Denied)]
    public void Can_FollowsDesignTable(AccessLevel level, Capability capability, bool expected)
    {
        Assert.Equal(expected, AccessPolicy.Can(level, capability));
    }

    // A panel is open to a level when its DESIGN §4 cell is anything but "none". N3 and N4 get a case panel
    // that holds only the referral list; N4 and N5 get an admin panel that holds only change requests.
    [Theory]
    [InlineData(AccessLevel.N1, Panel.Aggregate, Allowed)]
    [InlineData(AccessLevel.N1, Panel.Cases, Denied)]
    [InlineData(AccessLevel.N1, Panel.Administration, Denied)]
    [InlineData(AccessLevel.N2, Panel.Aggregate, Denied)]
    [InlineData(AccessLevel.N2, Panel.Cases, Denied)]
    [InlineData(AccessLevel.N2, Panel.Administration, Allowed)]
    [InlineData(AccessLevel.N3, Panel.Aggregate, Allowed)]
    [InlineData(AccessLevel.N3, Panel.Cases, Allowed)]          // "referrals list (no detail)"
    [InlineData(AccessLevel.N3, Panel.Administration, Denied)]
    [InlineData(AccessLevel.N4, Panel.Aggregate, Allowed)]
    [InlineData(AccessLevel.N4, Panel.Cases, Allowed)]          // "referrals list for their centres"
    [InlineData(AccessLevel.N4, Panel.Administration, Allowed)] // "request operator additions/removals"
    [InlineData(AccessLevel.N5, Panel.Aggregate, Allowed)]
    [InlineData(AccessLevel.N5, Panel.Cases, Allowed)]
    [InlineData(AccessLevel.N5, Panel.Administration, Allowed)] // "request operator changes for N6"
    [InlineData(AccessLevel.N6, Panel.Aggregate, Denied)]
    [InlineData(AccessLevel.N6, Panel.Cases, Allowed)]
    [InlineData(AccessLevel.N6, Panel.Administration, Denied)]
    public void CanOpen_FollowsDesignTable(AccessLevel level, Panel panel, bool expected)
    {
        Assert.Equal(expected, AccessPolicy.CanOpen(level, panel));
    }

    private static readonly IReadOnlyDictionary<Capability, Panel> HomePanel = new Dictionary<Capability, Panel>
    {
        [Capability.OpenAggregatePanel] = Panel.Aggregate,
        [Capability.OpenCasePanel] = Panel.Cases,
        [Capability.ViewReferralList] = Panel.Cases,
        [Capability.AdministerOperators] = Panel.Administration,
        [Capability.RequestOperatorChanges] = Panel.Administration,
        [Capability.ViewJobsDashboard] = Panel.Administration,
        [Capability.PostSystemNotice] = Panel.Administration,
        [Capability.ViewAuditTrail] = Panel.Administration,
        [Capability.ManageSgpImport] = Panel.Administration,
        [Capability.ManageCatalogues] = Panel.Administration,
        [Capability.AssignAdminFunctions] = Panel.Administration,
    };

    [Fact]
    public void EveryCapabilityALevelHolds_IsReachableThroughAPanelItCanOpen()
    {
        Assert.Equal(Enum.GetValues<Capability>().Order(), HomePanel.Keys.Order());

        var unreachable =
            from level in Enum.GetValues<AccessLevel>()
            from capability in Enum.GetValues<Capability>()
            where AccessPolicy.Can(level, capability) && !AccessPolicy.CanOpen(level, HomePanel[capability])
            select $"{level}:{capability} (panel {HomePanel[capability]} closed)";

        Assert.Empty(unreachable);
    }

    [Fact]
    public void CapabilityMatrix_HasExactlyOneRowPerLevelAndCapability()
    {
        var rows = MatrixRows(nameof(Can_FollowsDesignTable))
            .Select(r => ((AccessLevel)r[0], (Capability)r[1]))
            .ToList();

        var expected =
            from level in Enum.GetValues<AccessLevel>()
            from capability in Enum.GetValues<Capability>()
            select (level, capability);

        Assert.Equal(rows.Count, rows.Distinct().Count());
        Assert.Equal(expected.Order().ToList(), rows.Order().ToList());
    }

    [Fact]
    public void PanelMatrix_HasExactlyOneRowPerLevelAndPanel()
    {
        var rows = MatrixRows(nameof(CanOpen_FollowsDesignTable))
            .Select(r => ((AccessLevel)r[0], (Panel)r[1]))
            .ToList();

        var expected =
            from level in Enum.GetValues<AccessLevel>()
            from panel in Enum.GetValues<Panel>()
            select (level, panel);

        Assert.Equal(rows.Count, rows.Distinct().Count());
        Assert.Equal(expected.Order().ToList(), rows.Order().ToList());
    }

    private static IEnumerable<object[]> MatrixRows(string theory)
    {
        var method = typeof(AccessPolicyTests).GetMethod(theory)!;
        return method.GetCustomAttributes<InlineDataAttribute>().SelectMany(a => a.GetData(method));
    }

    [Theory]
    [InlineData(AccessLevel.N1, Panel.Aggregate)]
    [InlineData(AccessLevel.N2, Panel.Administration)]
    [InlineData(AccessLevel.N3, Panel.Aggregate)]
    [InlineData(AccessLevel.N4, Panel.Aggregate)]
    [InlineData(AccessLevel.N5, Panel.Cases)]
    [InlineData(AccessLevel.N6, Panel.Cases)]
    public void LandingPanel_IsThePanelOfTheLevelsDailyWork(AccessLevel level, Panel expected)
    {
        Assert.Equal(expected, AccessPolicy.LandingPanel(level));
    }

    [Theory]
    [InlineData(AccessLevel.N1)]
    [InlineData(AccessLevel.N2)]
    [InlineData(AccessLevel.N3)]
    [InlineData(AccessLevel.N4)]
    [InlineData(AccessLevel.N5)]
    [InlineData(AccessLevel.N6)]
    public void LandingPanel_IsOneTheLevelCanOpen(AccessLevel level)
    {
        var landing = AccessPolicy.LandingPanel(level);

        Assert.NotNull(landing);
        Assert.True(AccessPolicy.CanOpen(level, landing.Value));
        Assert.Contains(landing.Value, AccessPolicy.PanelsFor(level));
    }

    public static TheoryData<AccessLevel, Panel[]> PanelsByLevel => new()
    {
        { AccessLevel.N1, [Panel.Aggregate] },
        { AccessLevel.N2, [Panel.Administration] },
        { AccessLevel.N3, [Panel.Aggregate, Panel.Cases] },
        { AccessLevel.N4, [Panel.Aggregate, Panel.Cases, Panel.Administration] },
        { AccessLevel.N5, [Panel.Aggregate, Panel.Cases, Panel.Administration] },
        { AccessLevel.N6, [Panel.Cases] },
    };

    [Theory]
    [MemberData(nameof(PanelsByLevel))]
    public void PanelsFor_ListsTheOpenPanels_InNavigationOrder(AccessLevel level, Panel[] expected)
    {
        Assert.Equal(expected, AccessPolicy.PanelsFor(level));
    }

    public static TheoryData<AccessLevel, ScopeKind[]> ScopesByLevel => new()
    {
        { AccessLevel.N1, [ScopeKind.Nation, ScopeKind.Region] },
        { AccessLevel.N2, [ScopeKind.Nation] },
        { AccessLevel.N3, [ScopeKind.Region] },
        { AccessLevel.N4, [ScopeKind.ExecutingEntity] },
        { AccessLevel.N5, [ScopeKind.Centre] },
        { AccessLevel.N6, [ScopeKind.Centre] },
    };

    [Theory]
    [MemberData(nameof(ScopesByLevel))]
    public void AllowedScopes_MatchWhereEachLevelWorks(AccessLevel level, ScopeKind[] expected)
    {
        Assert.Equal(expected, AccessPolicy.AllowedScopes(level));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(-1)]
    public void UnknownLevel_IsDeniedEverything(int raw)
    {
        var level = (AccessLevel)raw;

        Assert.All(Enum.GetValues<Capability>(), c => Assert.False(AccessPolicy.Can(level, c)));
        Assert.All(Enum.GetValues<Panel>(), p => Assert.False(AccessPolicy.CanOpen(level, p)));
        Assert.Empty(AccessPolicy.PanelsFor(level));
        Assert.Null(AccessPolicy.LandingPanel(level));
        Assert.Empty(AccessPolicy.AllowedScopes(level));
    }

    [Fact]
    public void UnknownCapabilityOrPanel_IsDenied()
    {
        Assert.All(Enum.GetValues<AccessLevel>(), level =>
        {
            Assert.False(AccessPolicy.Can(level, (Capability)999));
            Assert.False(AccessPolicy.CanOpen(level, (Panel)999));
        });
    }
}
