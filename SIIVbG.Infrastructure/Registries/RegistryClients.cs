using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using SIIVbG.Domain.Identity;

namespace SIIVbG.Infrastructure.Registries;

/// <summary>Answers read from the registries, kept a while per registry and RUN (found and not-found; never failures).</summary>
public sealed class RegistryCache(TimeProvider clock, IOptions<RegistriesOptions> options)
{
    private const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<(string Registry, string Run), (object Answer, DateTimeOffset Until)> _entries = new();

    public RegistryAnswer<T>? Get<T>(string registry, Run run) where T : class =>
        _entries.TryGetValue((registry, run.ToString()), out var hit) && hit.Until > clock.GetUtcNow() ? (RegistryAnswer<T>)hit.Answer : null;

    public void Put<T>(string registry, Run run, RegistryAnswer<T> answer) where T : class
    {
        if (answer.Outcome == RegistryOutcome.Unavailable) return;
        if (_entries.Count >= MaxEntries) _entries.Clear(); // a bound, not an LRU: registries are asked a few times a day per woman
        _entries[(registry, run.ToString())] = (answer, clock.GetUtcNow() + TimeSpan.FromMinutes(options.Value.CacheMinutes));
    }
}

/// <summary>Each registry's last answer on this node, for the APIs y conexiones page (no personal data: outcome and time).</summary>
public sealed class RegistryStatusBoard
{
    private readonly ConcurrentDictionary<string, (RegistryOutcome Outcome, DateTimeOffset At, string? Detail)> _last = new();

    public void Record(string registry, RegistryOutcome outcome, DateTimeOffset at, string? detail) => _last[registry] = (outcome, at, detail);

    public (RegistryOutcome Outcome, DateTimeOffset At, string? Detail)? Last(string registry) =>
        _last.TryGetValue(registry, out var last) ? last : null;
}

/// <summary>
/// What the three typed clients share: a disabled connector, a cached answer, a 404, and every transport failure
/// (timeout, retries exhausted, open circuit, 5xx, unreadable body) become an answer — callers never see an exception.
/// Logs name the registry and the status only, never the RUN or a value.
/// </summary>
public abstract class RegistryClient<T>(HttpClient http, RegistryCache cache, RegistryStatusBoard board, TimeProvider clock,
    IOptions<RegistriesOptions> options, ILogger logger)
    where T : class
{
    protected abstract string Source { get; }
    protected abstract string Key { get; }
    protected abstract string PathFor(Run run);
    /// <summary>The registry's JSON as our record; null when the body says nothing usable.</summary>
    protected abstract Task<T?> ReadAsync(HttpContent content, CancellationToken ct);

    public async Task<RegistryAnswer<T>> LookUpAsync(Run run, CancellationToken ct = default)
    {
        if (!options.Value.Enabled || http.BaseAddress is null)
            return RegistryAnswer<T>.Unavailable(Source, $"Conector de {Source} deshabilitado en esta instalación.");
        if (cache.Get<T>(Key, run) is { } cached) return cached;
        RegistryAnswer<T> answer;
        try
        {
            using var response = await http.GetAsync(PathFor(run), ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
                answer = RegistryAnswer<T>.NotFound(Source, clock.GetUtcNow());
            else if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Registry {Registry} answered {Status}", Key, (int)response.StatusCode);
                answer = Down();
            }
            else
            {
                answer = await ReadAsync(response.Content, ct) is { } value ? RegistryAnswer<T>.Found(value, Source, clock.GetUtcNow()) : Down();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TaskCanceledException
                                       or System.Text.Json.JsonException or NotSupportedException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Registry {Registry} unavailable: {Failure}", Key, ex.GetType().Name);
            answer = Down();
        }
        cache.Put(Key, run, answer);
        board.Record(Key, answer.Outcome, clock.GetUtcNow(), answer.Outcome == RegistryOutcome.Unavailable ? answer.Message : null);
        return answer;
    }

    private RegistryAnswer<T> Down() => RegistryAnswer<T>.Unavailable(Source, $"{Source} no responde en este momento; intente más tarde. El resto de la ficha sigue disponible.");
}

public sealed class RegistroCivilClient(HttpClient http, RegistryCache cache, RegistryStatusBoard board, TimeProvider clock, IOptions<RegistriesOptions> options,
    ILogger<RegistroCivilClient> logger)
    : RegistryClient<CivilRecord>(http, cache, board, clock, options, logger)
{
    private sealed record Dto(string GivenNames, string Surnames, DateOnly BirthDate, string Sex, string VitalStatus, DateOnly? DeathDate,
        string RegionCode, string ProvinceCode, string ComunaCode);

    protected override string Source => "Registro Civil";
    protected override string Key => "registro-civil";
    protected override string PathFor(Run run) => $"registro-civil/personas/{run}";

    protected override async Task<CivilRecord?> ReadAsync(HttpContent content, CancellationToken ct) =>
        await content.ReadFromJsonAsync<Dto>(ct) is { } d
            ? new CivilRecord(d.GivenNames, d.Surnames, d.BirthDate, d.Sex, d.VitalStatus, d.DeathDate, d.RegionCode, d.ProvinceCode, d.ComunaCode)
            : null;
}

public sealed class RshClient(HttpClient http, RegistryCache cache, RegistryStatusBoard board, TimeProvider clock, IOptions<RegistriesOptions> options,
    ILogger<RshClient> logger)
    : RegistryClient<HouseholdRecord>(http, cache, board, clock, options, logger)
{
    private sealed record MemberDto(string GivenNames, string Relation, int Age);
    private sealed record Dto(long Folio, string Address, string ComunaCode, string Bracket, DateOnly SurveyDate, List<MemberDto>? Members);

    protected override string Source => "Registro Social de Hogares";
    protected override string Key => "rsh";
    protected override string PathFor(Run run) => $"rsh/hogares/{run}";

    protected override async Task<HouseholdRecord?> ReadAsync(HttpContent content, CancellationToken ct) =>
        await content.ReadFromJsonAsync<Dto>(ct) is { } d
            ? new HouseholdRecord(d.Folio, d.Address, d.ComunaCode, d.Bracket, d.SurveyDate,
                (d.Members ?? []).Select(m => new HouseholdMember(m.GivenNames, m.Relation, m.Age)).ToList())
            : null;
}

public sealed class RisClient(HttpClient http, RegistryCache cache, RegistryStatusBoard board, TimeProvider clock, IOptions<RegistriesOptions> options,
    ILogger<RisClient> logger)
    : RegistryClient<BenefitsRecord>(http, cache, board, clock, options, logger)
{
    private sealed record BenefitDto(string Name, string Institution, int Amount, DateOnly GrantedOn);
    private sealed record Dto(List<BenefitDto>? Benefits);

    protected override string Source => "Registro de Información Social";
    protected override string Key => "ris";
    protected override string PathFor(Run run) => $"ris/beneficios/{run}";

    protected override async Task<BenefitsRecord?> ReadAsync(HttpContent content, CancellationToken ct) =>
        await content.ReadFromJsonAsync<Dto>(ct) is { } d
            ? new BenefitsRecord((d.Benefits ?? []).Select(b => new Benefit(b.Name, b.Institution, b.Amount, b.GrantedOn)).ToList())
            : null;
}
