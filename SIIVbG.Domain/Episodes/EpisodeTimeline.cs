using SIIVbG.Domain.Cases;

namespace SIIVbG.Domain.Episodes;

/// <summary>What the timeline needs of an episode.</summary>
public sealed record EpisodeFacts(Guid Id, DateOnly OccurredOn, TimeOnly? OccurredAtTime, DateTimeOffset RegisteredAt, ViolenceTypes ViolenceTypes,
    RiskLevel? RiskAtRegistration);

/// <summary>One episode placed on her timeline.</summary>
/// <param name="EpisodesInLast30Days">Episodes in the 30 days ending on this one's date, itself included
/// (same-day episodes count only up to this one).</param>
/// <param name="EpisodesInLast90Days">Same, over 90 days.</param>
/// <param name="RisingRisk">Risk at registration above the risk of the latest earlier episode that had one.</param>
/// <param name="RisingFrequency">The 30- or 90-day count is above the one at the previous episode.</param>
public sealed record TimelinePoint(
    Guid EpisodeId,
    DateOnly OccurredOn,
    ViolenceTypes ViolenceTypes,
    RiskLevel? Risk,
    int EpisodesInLast30Days,
    int EpisodesInLast90Days,
    bool RisingRisk,
    bool RisingFrequency)
{
    public bool IsEscalation => RisingRisk || RisingFrequency;
}

/// <summary>
/// Reads one survivor's episodes as a history (seed: risk is estimated "no solo en la gravedad de un episodio
/// único, sino en el historial"). Pure: the same episodes always give the same points.
/// </summary>
public static class EpisodeTimeline
{
    /// <summary>Points ordered by occurrence (date, then time — unknown time first — then registration).</summary>
    public static IReadOnlyList<TimelinePoint> Build(IEnumerable<ViolenceEpisode> episodes) =>
        Build(episodes.Select(e => new EpisodeFacts(e.Id, e.OccurredOn, e.OccurredAtTime, e.RegisteredAt, e.ViolenceTypes, e.RiskAtRegistration)));

    /// <summary>The same, from the episodes' facts as a read model holds them.</summary>
    public static IReadOnlyList<TimelinePoint> Build(IEnumerable<EpisodeFacts> episodes)
    {
        var ordered = episodes
            .OrderBy(e => e.OccurredOn)
            .ThenBy(e => e.OccurredAtTime ?? TimeOnly.MinValue)
            .ThenBy(e => e.RegisteredAt)
            .ToList();

        var points = new List<TimelinePoint>(ordered.Count);
        RiskLevel? lastKnownRisk = null;
        for (var i = 0; i < ordered.Count; i++)
        {
            var e = ordered[i];
            var in30 = CountWindow(ordered, i, 30);
            var in90 = CountWindow(ordered, i, 90);
            var previous = i > 0 ? points[i - 1] : null;
            var risingFrequency = previous is not null
                && (in30 > previous.EpisodesInLast30Days || in90 > previous.EpisodesInLast90Days);
            var risingRisk = e.RiskAtRegistration is { } r && lastKnownRisk is { } before && r > before;
            points.Add(new TimelinePoint(e.Id, e.OccurredOn, e.ViolenceTypes, e.RiskAtRegistration,
                in30, in90, risingRisk, risingFrequency));
            if (e.RiskAtRegistration is not null) lastKnownRisk = e.RiskAtRegistration;
        }
        return points;
    }

    /// <summary>Whether the most recent episode shows escalation.</summary>
    public static bool IsEscalating(IEnumerable<ViolenceEpisode> episodes) => Build(episodes) is { Count: > 0 } p && p[^1].IsEscalation;

    private static int CountWindow(List<EpisodeFacts> ordered, int index, int days)
    {
        var from = ordered[index].OccurredOn.AddDays(-(days - 1));
        var count = 0;
        for (var j = index; j >= 0 && ordered[j].OccurredOn >= from; j--) count++;
        return count;
    }
}
