using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CaseFile : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "access_grants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    operator_id = table.Column<Guid>(type: "uuid", nullable: false),
                    survivor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    all_details = table.Column<bool>(type: "boolean", nullable: false),
                    tabs = table.Column<int[]>(type: "integer[]", nullable: false),
                    valid_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    valid_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    justification = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    approved_by = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_access_grants", x => x.id);
                    table.ForeignKey(
                        name: "fk_access_grants_operators_approved_by",
                        column: x => x.approved_by,
                        principalTable: "operators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_access_grants_operators_operator_id",
                        column: x => x.operator_id,
                        principalTable: "operators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_access_grants_survivors_survivor_id",
                        column: x => x.survivor_id,
                        principalTable: "survivors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    survivor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    programme_line = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    intervention_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    centre_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    executing_entity_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    opened_by = table.Column<Guid>(type: "uuid", nullable: false),
                    admitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    admitted_by = table.Column<Guid>(type: "uuid", nullable: true),
                    state = table.Column<int>(type: "integer", nullable: false),
                    dropout_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    latest_risk = table.Column<int>(type: "integer", nullable: true),
                    latest_risk_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    milestones = table.Column<string>(type: "jsonb", nullable: true),
                    risk_estimates = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cases", x => x.id);
                    table.ForeignKey(
                        name: "fk_cases_centres_centre_code",
                        column: x => x.centre_code,
                        principalTable: "centres",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cases_survivors_survivor_id",
                        column: x => x.survivor_id,
                        principalTable: "survivors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "consents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    survivor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    obtained = table.Column<bool>(type: "boolean", nullable: false),
                    given_by = table.Column<int>(type: "integer", nullable: false),
                    representative_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    representative_relation = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    form = table.Column<int>(type: "integer", nullable: true),
                    scanned_copy_id = table.Column<Guid>(type: "uuid", nullable: true),
                    signature_evidence = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    purpose_and_recipients = table.Column<bool>(type: "boolean", nullable: false),
                    consequences_of_refusal = table.Column<bool>(type: "boolean", nullable: false),
                    arcopi_rights = table.Column<bool>(type: "boolean", nullable: false),
                    confidentiality = table.Column<bool>(type: "boolean", nullable: false),
                    truthful_data = table.Column<bool>(type: "boolean", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<Guid>(type: "uuid", nullable: false),
                    scopes = table.Column<int>(type: "integer", nullable: false),
                    related_persons_without_consent = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    scope_history = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consents", x => x.id);
                    table.ForeignKey(
                        name: "fk_consents_survivors_survivor_id",
                        column: x => x.survivor_id,
                        principalTable: "survivors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "intervention_plans",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true),
                    pdf_attachment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    objectives = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_intervention_plans", x => x.id);
                    table.ForeignKey(
                        name: "fk_intervention_plans_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "legal_processes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    survivor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: true),
                    type = table.Column<int>(type: "integer", nullable: false),
                    subject = table.Column<int>(type: "integer", nullable: false),
                    related_person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    court = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    rit = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    ruc = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    filed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    resolved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    outcome = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    archived_on = table.Column<DateOnly>(type: "date", nullable: true),
                    archive_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    registered_by = table.Column<Guid>(type: "uuid", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_legal_processes", x => x.id);
                    table.ForeignKey(
                        name: "fk_legal_processes_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_legal_processes_survivors_survivor_id",
                        column: x => x.survivor_id,
                        principalTable: "survivors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "violence_episodes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    survivor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: true),
                    registered_by_centre = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    occurred_on = table.Column<DateOnly>(type: "date", nullable: false),
                    occurred_at_time = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    comuna_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    violence_types = table.Column<int>(type: "integer", nullable: false),
                    aggressor_relation = table.Column<int>(type: "integer", nullable: false),
                    observations = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    risk_at_registration = table.Column<int>(type: "integer", nullable: true),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    registered_by = table.Column<Guid>(type: "uuid", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_violence_episodes", x => x.id);
                    table.ForeignKey(
                        name: "fk_violence_episodes_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_violence_episodes_comunas_comuna_code",
                        column: x => x.comuna_code,
                        principalTable: "comunas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_violence_episodes_survivors_survivor_id",
                        column: x => x.survivor_id,
                        principalTable: "survivors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "protective_measures",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    issued_by_court = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    valid_until = table.Column<DateOnly>(type: "date", nullable: true),
                    lifted_on = table.Column<DateOnly>(type: "date", nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<Guid>(type: "uuid", nullable: false),
                    legal_process_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_protective_measures", x => x.id);
                    table.ForeignKey(
                        name: "fk_protective_measures_legal_processes_legal_process_id",
                        column: x => x.legal_process_id,
                        principalTable: "legal_processes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_access_grants_approved_by",
                table: "access_grants",
                column: "approved_by");

            migrationBuilder.CreateIndex(
                name: "ix_access_grants_operator_id",
                table: "access_grants",
                column: "operator_id");

            migrationBuilder.CreateIndex(
                name: "ix_access_grants_survivor_id_operator_id",
                table: "access_grants",
                columns: new[] { "survivor_id", "operator_id" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_case_number",
                table: "cases",
                column: "case_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_cases_centre_code_state",
                table: "cases",
                columns: new[] { "centre_code", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_survivor_id_centre_code",
                table: "cases",
                columns: new[] { "survivor_id", "centre_code" });

            migrationBuilder.CreateIndex(
                name: "ix_consents_survivor_id_recorded_at",
                table: "consents",
                columns: new[] { "survivor_id", "recorded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_intervention_plans_case_id",
                table: "intervention_plans",
                column: "case_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_legal_processes_case_id",
                table: "legal_processes",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_legal_processes_survivor_id",
                table: "legal_processes",
                column: "survivor_id");

            migrationBuilder.CreateIndex(
                name: "ix_protective_measures_legal_process_id",
                table: "protective_measures",
                column: "legal_process_id");

            migrationBuilder.CreateIndex(
                name: "ix_violence_episodes_case_id",
                table: "violence_episodes",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_violence_episodes_comuna_code",
                table: "violence_episodes",
                column: "comuna_code");

            migrationBuilder.CreateIndex(
                name: "ix_violence_episodes_survivor_id_occurred_on",
                table: "violence_episodes",
                columns: new[] { "survivor_id", "occurred_on" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_grants");

            migrationBuilder.DropTable(
                name: "consents");

            migrationBuilder.DropTable(
                name: "intervention_plans");

            migrationBuilder.DropTable(
                name: "protective_measures");

            migrationBuilder.DropTable(
                name: "violence_episodes");

            migrationBuilder.DropTable(
                name: "legal_processes");

            migrationBuilder.DropTable(
                name: "cases");
        }
    }
}
