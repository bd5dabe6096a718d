using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace SIIVbG.Infrastructure.Registries;

public static class RegistryConnectors
{
    /// <summary>
    /// Typed clients for Registro Civil, RSH and RIS, each behind its own pipeline (outermost first): a total timeout, retries
    /// with exponential backoff and jitter on transient failures, a circuit breaker, and a per-attempt timeout.
    /// </summary>
    public static IServiceCollection AddRegistryConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RegistriesOptions>(configuration.GetSection(RegistriesOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RegistryCache>();
        services.AddSingleton<RegistryStatusBoard>();
        services.AddSingleton<RegistryChecks>();
        Add<RegistroCivilClient>(services, "registro-civil", o => o.RegistroCivilUrl);
        Add<RshClient>(services, "rsh", o => o.RshUrl);
        Add<RisClient>(services, "ris", o => o.RisUrl);
        return services;
    }

    private static void Add<TClient>(IServiceCollection services, string name, Func<RegistriesOptions, string?> url) where TClient : class
    {
        services.AddHttpClient<TClient>((sp, http) =>
            {
                var o = sp.GetRequiredService<IOptions<RegistriesOptions>>().Value;
                if (url(o) is { Length: > 0 } u) http.BaseAddress = new Uri(u.EndsWith('/') ? u : u + "/");
                http.Timeout = TimeSpan.FromSeconds(o.TotalTimeoutSeconds + 2); // the pipeline's total timeout speaks first
            })
            // The factory's own loggers write each request's URI, and the RUN is in the path: the client logs registry and status itself.
            .RemoveAllLoggers()
            .AddResilienceHandler(name, (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<RegistriesOptions>>().Value;
                pipeline.AddTimeout(TimeSpan.FromSeconds(o.TotalTimeoutSeconds));
                if (o.Retries > 0)
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = o.Retries, BackoffType = DelayBackoffType.Exponential, UseJitter = true, Delay = TimeSpan.FromMilliseconds(200),
                    });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5, MinimumThroughput = Math.Max(2, o.CircuitMinimumThroughput), SamplingDuration = TimeSpan.FromSeconds(60),
                    BreakDuration = TimeSpan.FromSeconds(Math.Max(0.5, o.BreakSeconds)),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(o.AttemptTimeoutSeconds));
            });
    }
}
