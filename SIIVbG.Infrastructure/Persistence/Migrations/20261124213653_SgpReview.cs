using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SgpReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "parent_sgp_id",
                table: "sgp_records",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "progress",
                table: "sgp_import_runs",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sgp_reviews",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    sgp_person_id = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    candidate_survivor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    person = table.Column<string>(type: "jsonb", nullable: false),
                    reason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_by = table.Column<Guid>(type: "uuid", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    separate_survivor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    undone_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    undone_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sgp_reviews", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sgp_records_kind_parent_sgp_id",
                table: "sgp_records",
                columns: new[] { "kind", "parent_sgp_id" });

            migrationBuilder.CreateIndex(
                name: "ix_sgp_reviews_sgp_person_id",
                table: "sgp_reviews",
                column: "sgp_person_id");

            migrationBuilder.CreateIndex(
                name: "ix_sgp_reviews_status_created_at",
                table: "sgp_reviews",
                columns: new[] { "status", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sgp_reviews");

            migrationBuilder.DropIndex(
                name: "ix_sgp_records_kind_parent_sgp_id",
                table: "sgp_records");

            migrationBuilder.DropColumn(
                name: "parent_sgp_id",
                table: "sgp_records");

            migrationBuilder.DropColumn(
                name: "progress",
                table: "sgp_import_runs");
        }
    }
}
