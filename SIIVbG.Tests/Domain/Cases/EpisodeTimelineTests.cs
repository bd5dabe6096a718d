using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Episodes;

namespace SIIVbG.Tests.Domain.Cases;

[Trait("Area", "Registry")]
public class EpisodeTimelineTests
{
    private static readonly DateOnly Day0 = new(2023, 1, 1);
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.FromHours(-3));
    private static readonly Guid Survivor = Guid.NewGuid();

    private static ViolenceEpisode On(int day, RiskLevel? risk = null, TimeOnly? time = null, int registeredMinute = 0) =>
        ViolenceEpisode.Register(Survivor, null, "CDM-1", Day0.AddDays(day), time, null, "13101",
            ViolenceTypes.Psychological, AggressorRelation.Partner, null, risk, Now.AddMinutes(registeredMinute), Guid.NewGuid());

    [Fact]
    public void Build_ReturnsNothing_ForNoEpisodes()
    {
        Assert.Empty(EpisodeTimeline.Build(Array.Empty<ViolenceEpisode>()));
        Assert.False(EpisodeTimeline.IsEscalating([]));
    }

    [Fact]
    public void Build_OrdersByOccurrence_NotByRegistration()
    {
        var late = On(100);
        var early = On(10);
        var middle = On(50);

        var points = EpisodeTimeline.Build([late, early, middle]);

        Assert.Equal([early.Id, middle.Id, late.Id], points.Select(p => p.EpisodeId));
    }

    [Fact]
    public void Build_OrdersSameDayEpisodesByTime_UnknownTimeFirst()
    {
        var evening = On(5, time: new TimeOnly(21, 0));
        var unknown = On(5, registeredMinute: 1);
        var morning = On(5, time: new TimeOnly(8, 0));

        var points = EpisodeTimeline.Build([evening, unknown, morning]);

        Assert.Equal([unknown.Id, morning.Id, evening.Id], points.Select(p => p.EpisodeId));
    }

    [Fact]
    public void Build_CountsEpisodesInThe30And90DaysEndingOnEachEpisode()
    {
        // Days 0, 29, 30, 89, 90: day 29 is the last day of a 30-day window that starts on day 0; day 89 of a 90-day one.
        var points = EpisodeTimeline.Build([On(0), On(29), On(30), On(89), On(90)]);

        Assert.Equal([1, 2, 2, 1, 2], points.Select(p => p.EpisodesInLast30Days));
        //  day 0: {0}; 29: {0,29}; 30: {29,30} (day 0 is 30 days back); 89: {89}; 90: {89,90}
        Assert.Equal([1, 2, 3, 4, 4], points.Select(p => p.EpisodesInLast90Days));
        //  day 89: {0,29,30,89}; day 90: {29,30,89,90}
    }

    [Fact]
    public void Build_FlagsNoEscalation_ForASteadyRhythm()
    {
        // Every 60 days: the 90-day count rises once (two episodes within 90 days) and then stays at 2.
        var points = EpisodeTimeline.Build([On(0), On(60), On(120), On(180), On(240)]);

        Assert.Equal([false, true, false, false, false], points.Select(p => p.RisingFrequency));
        Assert.Equal([1, 2, 2, 2, 2], points.Select(p => p.EpisodesInLast90Days));
    }

    [Fact]
    public void Build_FlagsRisingFrequency_WhenEpisodesComeCloserTogether()
    {
        // Gaps 60, 30, 15, 7 days.
        var points = EpisodeTimeline.Build([On(0), On(60), On(90), On(105), On(112)]);

        Assert.Equal([1, 1, 1, 2, 3], points.Select(p => p.EpisodesInLast30Days));
        Assert.Equal([1, 2, 2, 3, 4], points.Select(p => p.EpisodesInLast90Days));
        Assert.Equal([false, true, false, true, true], points.Select(p => p.RisingFrequency));
    }

    [Fact]
    public void Build_FlagsRisingRisk_AgainstTheLatestEarlierKnownRisk()
    {
        var points = EpisodeTimeline.Build([
            On(0, RiskLevel.Medium),
            On(200, null),           // unknown: no judgement
            On(400, RiskLevel.High), // above Medium, skipping the unknown
            On(600, RiskLevel.High), // same: not rising
            On(800, RiskLevel.Low),
            On(1000, RiskLevel.Vital),
        ]);

        Assert.Equal([false, false, true, false, false, true], points.Select(p => p.RisingRisk));
        Assert.All(points, p => Assert.False(p.RisingFrequency)); // 200 days apart
        Assert.Equal(points.Select(p => p.RisingRisk), points.Select(p => p.IsEscalation));
    }

    [Fact]
    public void IsEscalating_LooksAtTheMostRecentEpisode()
    {
        Assert.True(EpisodeTimeline.IsEscalating([On(0, RiskLevel.Low), On(300, RiskLevel.Vital)]));
        Assert.False(EpisodeTimeline.IsEscalating([On(0, RiskLevel.Vital), On(300, RiskLevel.Low)]));
    }

    [Fact]
    public void Build_CountsSameDayEpisodesOnlyUpToEachOne()
    {
        var points = EpisodeTimeline.Build([On(3, time: new TimeOnly(9, 0)), On(3, time: new TimeOnly(20, 0))]);

        Assert.Equal([1, 2], points.Select(p => p.EpisodesInLast30Days));
        Assert.True(points[1].RisingFrequency);
    }

    [Fact]
    public void Build_IsPure_SameInputGivesSamePoints()
    {
        var episodes = new[] { On(0, RiskLevel.Low), On(10, RiskLevel.High), On(12) };

        Assert.Equal(EpisodeTimeline.Build(episodes), EpisodeTimeline.Build(episodes.Reverse()));
    }
}
