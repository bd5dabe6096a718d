using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OperatorChangeRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "operator_change_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    requested_by = table.Column<Guid>(type: "uuid", nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    run = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    given_names = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    surnames = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    level = table.Column<int>(type: "integer", nullable: false),
                    centre_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    operator_id = table.Column<Guid>(type: "uuid", nullable: true),
                    state = table.Column<int>(type: "integer", nullable: false),
                    decided_by = table.Column<Guid>(type: "uuid", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_operator_change_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_operator_change_requests_operators_requested_by",
                        column: x => x.requested_by,
                        principalTable: "operators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_operator_change_requests_requested_by",
                table: "operator_change_requests",
                column: "requested_by");

            migrationBuilder.CreateIndex(
                name: "ix_operator_change_requests_state_requested_at",
                table: "operator_change_requests",
                columns: new[] { "state", "requested_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "operator_change_requests");
        }
    }
}
