using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RelatedPersons : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "related_persons",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    survivor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    recorded_by_centre = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    names = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    birth_year = table.Column<int>(type: "integer", nullable: true),
                    sex = table.Column<int>(type: "integer", nullable: false),
                    child_relation = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    aggressor_relation = table.Column<int>(type: "integer", nullable: true),
                    notes = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_related_persons", x => x.id);
                    table.ForeignKey(
                        name: "fk_related_persons_survivors_survivor_id",
                        column: x => x.survivor_id,
                        principalTable: "survivors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_related_persons_survivor_id",
                table: "related_persons",
                column: "survivor_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "related_persons");
        }
    }
}
