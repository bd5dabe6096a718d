using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <summary>The audit trail is append-only for everyone, owner included: rows cannot be updated, deleted or truncated.</summary>
    public partial class AuditAppendOnly : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_entries_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'El registro de auditoría es de solo inserción (% rechazado)', TG_OP
                        USING ERRCODE = 'insufficient_privilege';
                END
                $$;
                CREATE TRIGGER audit_entries_no_update_delete BEFORE UPDATE OR DELETE ON audit_entries
                    FOR EACH ROW EXECUTE FUNCTION audit_entries_reject_change();
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_reject_change();
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER audit_entries_no_truncate ON audit_entries;
                DROP TRIGGER audit_entries_no_update_delete ON audit_entries;
                DROP FUNCTION audit_entries_reject_change();
                """);
        }
    }
}
