using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OperatorAdminFunctions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "admin_functions",
                table: "operators",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Before this migration every administrator could do everything: they keep it (Full) until the IT head trims
            // their functions (ADR 023), so nobody loses access by the deploy.
            migrationBuilder.Sql("UPDATE operators SET admin_functions = 127 WHERE level = 2;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "admin_functions",
                table: "operators");
        }
    }
}
