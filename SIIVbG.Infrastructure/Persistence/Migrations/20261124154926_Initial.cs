using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    action = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    outcome = table.Column<int>(type: "integer", nullable: false),
                    operator_id = table.Column<Guid>(type: "uuid", nullable: true),
                    operator_run = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    survivor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    resource = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    details = table.Column<string>(type: "text", nullable: true),
                    previous_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.sequence);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "job_heartbeats",
                columns: table => new
                {
                    job = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    node = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    last_run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_heartbeats", x => new { x.job, x.node });
                });

            migrationBuilder.CreateTable(
                name: "operators",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    run = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    given_names = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    surnames = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    scope_kind = table.Column<int>(type: "integer", nullable: false),
                    scope_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    agreement_accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_operators", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "regions",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_regions", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "system_notices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    severity = table.Column<int>(type: "integer", nullable: false),
                    posted_by = table.Column<Guid>(type: "uuid", nullable: false),
                    posted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_system_notices", x => x.id);
                    table.ForeignKey(
                        name: "fk_system_notices_operators_posted_by",
                        column: x => x.posted_by,
                        principalTable: "operators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "executing_entities",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    region_code = table.Column<string>(type: "character varying(2)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_executing_entities", x => x.code);
                    table.ForeignKey(
                        name: "fk_executing_entities_regions_region_code",
                        column: x => x.region_code,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "provinces",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    region_code = table.Column<string>(type: "character varying(2)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provinces", x => x.code);
                    table.ForeignKey(
                        name: "fk_provinces_regions_region_code",
                        column: x => x.region_code,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "comunas",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    province_code = table.Column<string>(type: "character varying(3)", nullable: false),
                    region_code = table.Column<string>(type: "character varying(2)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_comunas", x => x.code);
                    table.ForeignKey(
                        name: "fk_comunas_provinces_province_code",
                        column: x => x.province_code,
                        principalTable: "provinces",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_comunas_regions_region_code",
                        column: x => x.region_code,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "centres",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    executing_entity_code = table.Column<string>(type: "character varying(20)", nullable: false),
                    comuna_code = table.Column<string>(type: "character varying(5)", nullable: false),
                    region_code = table.Column<string>(type: "character varying(2)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_centres", x => x.code);
                    table.ForeignKey(
                        name: "fk_centres_comunas_comuna_code",
                        column: x => x.comuna_code,
                        principalTable: "comunas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_centres_executing_entities_executing_entity_code",
                        column: x => x.executing_entity_code,
                        principalTable: "executing_entities",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_centres_regions_region_code",
                        column: x => x.region_code,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_occurred_at",
                table: "audit_entries",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_operator_id",
                table: "audit_entries",
                column: "operator_id");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_survivor_id",
                table: "audit_entries",
                column: "survivor_id");

            migrationBuilder.CreateIndex(
                name: "ix_centres_comuna_code",
                table: "centres",
                column: "comuna_code");

            migrationBuilder.CreateIndex(
                name: "ix_centres_executing_entity_code",
                table: "centres",
                column: "executing_entity_code");

            migrationBuilder.CreateIndex(
                name: "ix_centres_region_code",
                table: "centres",
                column: "region_code");

            migrationBuilder.CreateIndex(
                name: "ix_comunas_province_code",
                table: "comunas",
                column: "province_code");

            migrationBuilder.CreateIndex(
                name: "ix_comunas_region_code",
                table: "comunas",
                column: "region_code");

            migrationBuilder.CreateIndex(
                name: "ix_executing_entities_region_code",
                table: "executing_entities",
                column: "region_code");

            migrationBuilder.CreateIndex(
                name: "ix_operators_run",
                table: "operators",
                column: "run",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_provinces_region_code",
                table: "provinces",
                column: "region_code");

            migrationBuilder.CreateIndex(
                name: "ix_system_notices_posted_by",
                table: "system_notices",
                column: "posted_by");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "centres");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "job_heartbeats");

            migrationBuilder.DropTable(
                name: "system_notices");

            migrationBuilder.DropTable(
                name: "comunas");

            migrationBuilder.DropTable(
                name: "executing_entities");

            migrationBuilder.DropTable(
                name: "operators");

            migrationBuilder.DropTable(
                name: "provinces");

            migrationBuilder.DropTable(
                name: "regions");
        }
    }
}
