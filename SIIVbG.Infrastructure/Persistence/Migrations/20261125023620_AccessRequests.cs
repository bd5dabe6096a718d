using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AccessRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "access_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    requester_id = table.Column<Guid>(type: "uuid", nullable: false),
                    requester_level = table.Column<int>(type: "integer", nullable: false),
                    requester_scope_kind = table.Column<int>(type: "integer", nullable: false),
                    requester_scope_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    requester_entity_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    requester_region_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    survivor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    all_details = table.Column<bool>(type: "boolean", nullable: false),
                    tabs = table.Column<int[]>(type: "integer[]", nullable: false),
                    justification = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    state = table.Column<int>(type: "integer", nullable: false),
                    decided_by = table.Column<Guid>(type: "uuid", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    grant_id = table.Column<Guid>(type: "uuid", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_access_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_access_requests_operators_requester_id",
                        column: x => x.requester_id,
                        principalTable: "operators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_access_requests_survivors_survivor_id",
                        column: x => x.survivor_id,
                        principalTable: "survivors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_access_requests_requester_id_survivor_id",
                table: "access_requests",
                columns: new[] { "requester_id", "survivor_id" },
                unique: true,
                filter: "state = 1");

            migrationBuilder.CreateIndex(
                name: "ix_access_requests_state_requester_level",
                table: "access_requests",
                columns: new[] { "state", "requester_level" });

            migrationBuilder.CreateIndex(
                name: "ix_access_requests_survivor_id",
                table: "access_requests",
                column: "survivor_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_requests");
        }
    }
}
