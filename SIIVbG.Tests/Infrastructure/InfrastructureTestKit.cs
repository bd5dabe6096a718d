using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SIIVbG.Domain.Access;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Persistence;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.Tests.Infrastructure;

/// <summary>A clock the test moves by hand, so stored dates can be compared exactly.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
}

internal static class InfrastructureTestKit
{
    public static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The signed-in form of the first active demo operator at <paramref name="level"/>, read straight from the database
    /// (not through login) so that no audit entry is written on the test's behalf.
    /// </summary>
    public static Task<SignedInOperator> SignedInAsync(this IServiceProvider services, AccessLevel level) =>
        services.SignedInAsync(DemoData.Operators.First(o => o.Active && o.Level == level).Run);

    public static async Task<SignedInOperator> SignedInAsync(this IServiceProvider services, Run run)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        var o = await db.Operators.AsNoTracking().SingleAsync(o => o.Run == run.ToString());
        return new SignedInOperator(o.Id, o.Run, o.Level, o.ScopeKind, o.ScopeCode, o.Functions);
    }

    public static async Task<List<AuditRow>> AuditRowsAsync(this IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<SiivbgDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync();
    }

    public static async Task<T> ScalarAsync<T>(this NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Polls database state (not time) until it holds; fails the test if it never does.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + EventTimeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }

    public static async Task ExecuteAsync(this NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
