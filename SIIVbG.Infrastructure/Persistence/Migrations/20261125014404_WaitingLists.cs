using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class WaitingLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "centre_capacities",
                columns: table => new
                {
                    centre_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    stage = table.Column<int>(type: "integer", nullable: false),
                    places = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_centre_capacities", x => new { x.centre_code, x.stage });
                    table.ForeignKey(
                        name: "fk_centre_capacities_centres_centre_code",
                        column: x => x.centre_code,
                        principalTable: "centres",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "waiting_list_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    centre_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    survivor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stage = table.Column<int>(type: "integer", nullable: false),
                    risk_at_registration = table.Column<int>(type: "integer", nullable: true),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    registered_by = table.Column<Guid>(type: "uuid", nullable: false),
                    outcome = table.Column<int>(type: "integer", nullable: true),
                    outcome_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    outcome_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome_by = table.Column<Guid>(type: "uuid", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_waiting_list_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_waiting_list_entries_centres_centre_code",
                        column: x => x.centre_code,
                        principalTable: "centres",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_waiting_list_entries_survivors_survivor_id",
                        column: x => x.survivor_id,
                        principalTable: "survivors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_waiting_list_entries_centre_code_outcome",
                table: "waiting_list_entries",
                columns: new[] { "centre_code", "outcome" });

            migrationBuilder.CreateIndex(
                name: "ix_waiting_list_entries_centre_code_stage_survivor_id",
                table: "waiting_list_entries",
                columns: new[] { "centre_code", "stage", "survivor_id" },
                unique: true,
                filter: "outcome IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_waiting_list_entries_survivor_id",
                table: "waiting_list_entries",
                column: "survivor_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "centre_capacities");

            migrationBuilder.DropTable(
                name: "waiting_list_entries");
        }
    }
}
