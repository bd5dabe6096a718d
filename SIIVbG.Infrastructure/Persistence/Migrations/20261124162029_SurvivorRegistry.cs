using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SurvivorRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,");

            // unaccent() is STABLE (its dictionary could change); pinning the dictionary makes an IMMUTABLE wrapper that
            // a stored generated column and a trigram index may use. Searches normalise their input with the same function.
            migrationBuilder.Sql("""
                CREATE FUNCTION siivbg_name_key(text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
                """);

            migrationBuilder.CreateTable(
                name: "survivors",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    document_kind = table.Column<int>(type: "integer", nullable: false),
                    run = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    document_number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    given_names = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    surnames = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: true),
                    sex = table.Column<int>(type: "integer", nullable: false),
                    gender_identity = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    nationality = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    indigenous_people = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    migration_status = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    disability = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    phone = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    comuna_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    registered_by = table.Column<Guid>(type: "uuid", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    name_key = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: true, computedColumnSql: "siivbg_name_key(given_names || ' ' || surnames)", stored: true),
                    provenance = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_survivors", x => x.id);
                    table.ForeignKey(
                        name: "fk_survivors_comunas_comuna_code",
                        column: x => x.comuna_code,
                        principalTable: "comunas",
                        principalColumn: "code");
                });

            migrationBuilder.CreateIndex(
                name: "ix_survivors_comuna_code",
                table: "survivors",
                column: "comuna_code");

            migrationBuilder.CreateIndex(
                name: "ix_survivors_name_key",
                table: "survivors",
                column: "name_key")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_survivors_run",
                table: "survivors",
                column: "run",
                unique: true,
                filter: "run IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "survivors");

            migrationBuilder.Sql("DROP FUNCTION siivbg_name_key(text);");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");
        }
    }
}
