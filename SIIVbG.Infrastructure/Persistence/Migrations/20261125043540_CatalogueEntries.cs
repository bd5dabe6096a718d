using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CatalogueEntries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "catalogue_entries",
                columns: table => new
                {
                    kind = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    bit = table.Column<int>(type: "integer", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_catalogue_entries", x => new { x.kind, x.code });
                });

            migrationBuilder.InsertData(
                table: "catalogue_entries",
                columns: new[] { "code", "kind", "bit", "is_active", "name" },
                values: new object[,]
                {
                    { "Casa de Acogida", 1, null, true, "Protección en Casa de Acogida" },
                    { "Centro de la Mujer", 1, null, true, "Atención en Centro de la Mujer" },
                    { "INTERVENCION_PSICOSOCIOJURIDICA", 1, null, true, "Intervención psicosociojurídica" },
                    { "ORIENTACION", 1, null, true, "Orientación e información" },
                    { "SIN_INFORMACION", 1, null, true, "Sin información" },
                    { "DIGITAL", 2, 32, true, "Digital" },
                    { "ECONOMICA", 2, 8, true, "Económica / patrimonial" },
                    { "FISICA", 2, 1, true, "Física" },
                    { "OTRA", 2, 64, true, "Otra" },
                    { "PSICOLOGICA", 2, 2, true, "Psicológica" },
                    { "SEXUAL", 2, 4, true, "Sexual" },
                    { "SIMBOLICA", 2, 16, true, "Simbólica" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_catalogue_entries_kind_bit",
                table: "catalogue_entries",
                columns: new[] { "kind", "bit" },
                unique: true,
                filter: "bit IS NOT NULL");

            // Intervention types cases already carry get an entry named as their code, for administrators to rename.
            migrationBuilder.Sql(@"INSERT INTO catalogue_entries (kind, code, name, is_active, bit)
                SELECT DISTINCT 1, intervention_type, intervention_type, true, NULL::int FROM cases
                WHERE length(intervention_type) BETWEEN 2 AND 60
                ON CONFLICT DO NOTHING;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "catalogue_entries");
        }
    }
}
