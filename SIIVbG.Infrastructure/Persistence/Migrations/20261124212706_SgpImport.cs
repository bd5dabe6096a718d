using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SgpImport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sgp_import_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    snapshot_date = table.Column<DateOnly>(type: "date", nullable: true),
                    manifest_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    source = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    report = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sgp_import_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sgp_records",
                columns: table => new
                {
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    sgp_id = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    target_id = table.Column<Guid>(type: "uuid", nullable: true),
                    link = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    row_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    present = table.Column<bool>(type: "boolean", nullable: false),
                    first_seen = table.Column<DateOnly>(type: "date", nullable: false),
                    last_seen = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sgp_records", x => new { x.kind, x.sgp_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_sgp_import_runs_manifest_sha256",
                table: "sgp_import_runs",
                column: "manifest_sha256");

            migrationBuilder.CreateIndex(
                name: "ix_sgp_records_target_id",
                table: "sgp_records",
                column: "target_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sgp_import_runs");

            migrationBuilder.DropTable(
                name: "sgp_records");
        }
    }
}
