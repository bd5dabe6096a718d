using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SIIVbG.Domain.Audit;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Audit")]
public sealed class AuditTrailTests
{
    [Fact]
    public async Task AppRole_CannotUpdateOrDeleteAuditRows()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var services = db.CreateServices();
        await services.GetRequiredService<AuditTrail>().AppendAsync(new AuditRecord("test.action", AuditOutcome.Allowed));

        await using var app = await db.OpenAppConnectionAsync();
        foreach (var sql in new[] { "UPDATE audit_entries SET reason = 'x'", "DELETE FROM audit_entries", "TRUNCATE audit_entries" })
        {
            var ex = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(sql, app).ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
        }
    }
}
