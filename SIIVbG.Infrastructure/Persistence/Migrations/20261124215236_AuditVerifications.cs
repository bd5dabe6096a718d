using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AuditVerifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_verifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    verified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    rows = table.Column<long>(type: "bigint", nullable: false),
                    intact = table.Column<bool>(type: "boolean", nullable: false),
                    first_broken = table.Column<long>(type: "bigint", nullable: true),
                    summary = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_verifications", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_verifications_verified_at",
                table: "audit_verifications",
                column: "verified_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_verifications");
        }
    }
}
