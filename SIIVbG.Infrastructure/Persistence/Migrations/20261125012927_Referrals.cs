using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Referrals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    centre_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    acknowledged_by = table.Column<Guid>(type: "uuid", nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alerts", x => x.id);
                    table.ForeignKey(
                        name: "fk_alerts_centres_centre_code",
                        column: x => x.centre_code,
                        principalTable: "centres",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "institutions",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_institutions", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "referrals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    survivor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    from_centre_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    from_region_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    from_executing_entity_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    to_centre_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    to_institution_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    to_region_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    to_executing_entity_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    urgency = table.Column<int>(type: "integer", nullable: false),
                    due_on = table.Column<DateOnly>(type: "date", nullable: false),
                    state = table.Column<int>(type: "integer", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_by = table.Column<Guid>(type: "uuid", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    package_fields = table.Column<int[]>(type: "integer[]", nullable: false),
                    package_json = table.Column<string>(type: "jsonb", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    counter_referral = table.Column<string>(type: "jsonb", nullable: true),
                    follow_ups = table.Column<string>(type: "jsonb", nullable: true),
                    steps = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referrals", x => x.id);
                    table.ForeignKey(
                        name: "fk_referrals_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_referrals_centres_from_centre_code",
                        column: x => x.from_centre_code,
                        principalTable: "centres",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_referrals_centres_to_centre_code",
                        column: x => x.to_centre_code,
                        principalTable: "centres",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_referrals_institutions_to_institution_code",
                        column: x => x.to_institution_code,
                        principalTable: "institutions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_referrals_survivors_survivor_id",
                        column: x => x.survivor_id,
                        principalTable: "survivors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "institutions",
                columns: new[] { "code", "active", "kind", "name" },
                values: new object[,]
                {
                    { "CAJ", true, "Justicia", "Corporación de Asistencia Judicial" },
                    { "CARABINEROS", true, "Policía", "Carabineros de Chile" },
                    { "DIVERSIDADES", true, "Diversidades", "Servicios para diversidades sexuales y de género" },
                    { "FISCALIA", true, "Persecución penal", "Fiscalía (Ministerio Público)" },
                    { "MUNICIPAL", true, "Municipal", "Servicios municipales (OPD, DIDECO, oficina de la mujer)" },
                    { "PDI", true, "Policía", "Policía de Investigaciones" },
                    { "SALUD", true, "Salud", "Red de Salud (atención primaria y hospitalaria)" },
                    { "SML", true, "Peritaje", "Servicio Médico Legal" },
                    { "SPD", true, "Apoyo a víctimas", "Subsecretaría de Prevención del Delito (Apoyo a Víctimas)" },
                    { "TRIB-FAMILIA", true, "Justicia", "Tribunales de Familia" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_alerts_centre_code_resolved_at",
                table: "alerts",
                columns: new[] { "centre_code", "resolved_at" });

            migrationBuilder.CreateIndex(
                name: "ix_alerts_kind_subject_id_centre_code",
                table: "alerts",
                columns: new[] { "kind", "subject_id", "centre_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_referrals_case_id",
                table: "referrals",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_from_centre_code_state",
                table: "referrals",
                columns: new[] { "from_centre_code", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_from_executing_entity_code_sent_at",
                table: "referrals",
                columns: new[] { "from_executing_entity_code", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_from_region_code_sent_at",
                table: "referrals",
                columns: new[] { "from_region_code", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_state_due_on",
                table: "referrals",
                columns: new[] { "state", "due_on" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_survivor_id_sent_at",
                table: "referrals",
                columns: new[] { "survivor_id", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_to_centre_code_state",
                table: "referrals",
                columns: new[] { "to_centre_code", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_to_executing_entity_code_sent_at",
                table: "referrals",
                columns: new[] { "to_executing_entity_code", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_to_institution_code",
                table: "referrals",
                column: "to_institution_code");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_to_region_code_sent_at",
                table: "referrals",
                columns: new[] { "to_region_code", "sent_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "referrals");

            migrationBuilder.DropTable(
                name: "institutions");
        }
    }
}
