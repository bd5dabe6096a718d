using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CaseServicesGiven : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "services_given",
                table: "cases",
                type: "jsonb",
                nullable: true,
                // Existing cases, and rows written by bulk loaders that do not name the column, start with no services.
                defaultValueSql: "'[]'::jsonb");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "services_given",
                table: "cases");
        }
    }
}
