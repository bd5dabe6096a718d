using System.Text.RegularExpressions;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SIIVbG.Infrastructure.Persistence;

namespace SIIVbG.Infrastructure.Database;

/// <summary>
/// Schema management, run with the owner's connection: EF Core migrations, the Hangfire schema, and the grants that
/// keep the application's role to what it needs (SELECT and INSERT only on the audit trail).
/// </summary>
public static partial class DatabaseCommands
{
    public const string HangfireSchema = "hangfire";

    public static async Task MigrateAsync(string ownerConnectionString, string? appRole, CancellationToken ct = default)
    {
        var options = new DbContextOptionsBuilder<SiivbgDbContext>();
        DependencyInjection.ConfigureDbContext(options, ownerConnectionString);
        await using (var db = new SiivbgDbContext(options.Options))
            await db.Database.MigrateAsync(ct);

        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.OpenAsync(ct);
        PostgreSqlObjectsInstaller.Install(conn, HangfireSchema);
        if (!string.IsNullOrWhiteSpace(appRole))
            await GrantAppRoleAsync(conn, appRole, ct);
    }

    private static async Task GrantAppRoleAsync(NpgsqlConnection conn, string role, CancellationToken ct)
    {
        if (!RoleName().IsMatch(role))
            throw new ArgumentException($"Nombre de rol inválido: {role}");
        var sql = $"""
            GRANT USAGE ON SCHEMA public TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role};
            REVOKE ALL ON audit_entries FROM {role};
            GRANT SELECT, INSERT ON audit_entries TO {role};
            REVOKE ALL ON __ef_migrations_history FROM {role};
            GRANT SELECT ON __ef_migrations_history TO {role};
            GRANT USAGE ON SCHEMA {HangfireSchema} TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {HangfireSchema} TO {role};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {HangfireSchema} TO {role};
            """;
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex RoleName();
}
