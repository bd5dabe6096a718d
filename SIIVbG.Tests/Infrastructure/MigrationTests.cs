using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SIIVbG.Domain.Audit;
using SIIVbG.Infrastructure.Audit;
using SIIVbG.Infrastructure.Database;
using SIIVbG.Tests.Support;

namespace SIIVbG.Tests.Infrastructure;

[Trait("Area", "Registry")]
public sealed class MigrationTests
{
    private static readonly (string Table, string Privilege)[] Checked =
    [
        ("public.audit_entries", "SELECT"), ("public.audit_entries", "INSERT"), ("public.audit_entries", "UPDATE"),
        ("public.audit_entries", "DELETE"), ("public.audit_entries", "TRUNCATE"),
        ("public.operators", "SELECT"), ("public.operators", "INSERT"), ("public.operators", "UPDATE"), ("public.operators", "DELETE"),
        ("public.__ef_migrations_history", "SELECT"), ("public.__ef_migrations_history", "INSERT"),
        ("public.__ef_migrations_history", "DELETE"),
        ("hangfire.job", "SELECT"), ("hangfire.job", "INSERT"), ("hangfire.job", "UPDATE"), ("hangfire.job", "DELETE"),
    ];

    private sealed record SchemaState(string Migrations, string Privileges, string Triggers, long Operators, long Tables);

    private static async Task<SchemaState> ReadStateAsync(NpgsqlConnection owner)
    {
        var privileges = new List<string>();
        foreach (var (table, privilege) in Checked)
            privileges.Add($"{table}:{privilege}=" + await owner.ScalarAsync<bool>(
                $"SELECT has_table_privilege('{TestDatabase.AppRole}', '{table}', '{privilege}')"));
        return new SchemaState(
            await owner.ScalarAsync<string>("SELECT string_agg(migration_id, ',' ORDER BY migration_id) FROM __ef_migrations_history"),
            string.Join(' ', privileges),
            await owner.ScalarAsync<string>(
                "SELECT string_agg(tgname, ',' ORDER BY tgname) FROM pg_trigger WHERE tgrelid = 'public.audit_entries'::regclass AND NOT tgisinternal AND tgenabled = 'O'"),
            await owner.ScalarAsync<long>("SELECT count(*) FROM operators"),
            await owner.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname IN ('public', 'hangfire')"));
    }

    [Fact]
    public async Task Migrate_OnAnAlreadyMigratedDatabase_ChangesNothing_AndKeepsTheAppRoleRestricted()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var owner = await db.OpenOwnerConnectionAsync();
        var before = await ReadStateAsync(owner);
        Assert.Equal(string.Join(',', KnownMigrations()), before.Migrations);
        Assert.Equal("audit_entries_no_truncate,audit_entries_no_update_delete", before.Triggers);
        Assert.Contains("public.audit_entries:UPDATE=False", before.Privileges);
        Assert.Contains("public.operators:UPDATE=True", before.Privileges);
        Assert.Contains("hangfire.job:INSERT=True", before.Privileges);
        Assert.Contains("public.__ef_migrations_history:INSERT=False", before.Privileges);

        await DatabaseCommands.MigrateAsync(db.OwnerConnectionString, TestDatabase.AppRole);

        Assert.Equal(before, await ReadStateAsync(owner));
        await using var services = db.CreateServices();
        var trail = services.GetRequiredService<AuditTrail>();
        await trail.AppendAsync(new AuditRecord("test.after-migrate", AuditOutcome.Allowed));
        Assert.True((await trail.VerifyAsync()).Intact);
    }

    private static IEnumerable<string> KnownMigrations()
    {
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<SIIVbG.Infrastructure.Persistence.SiivbgDbContext>()
            .UseNpgsql("Host=unused").Options;
        using var context = new SIIVbG.Infrastructure.Persistence.SiivbgDbContext(options);
        return Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetMigrations(context.Database).Order(StringComparer.Ordinal);
    }
}
