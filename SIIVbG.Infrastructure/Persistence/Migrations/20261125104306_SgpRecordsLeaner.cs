using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// What a first night of a million women spends building (ADR 018, "First night"): <c>sgp_records</c> loses the index on
    /// <c>target_id</c>, which no query used, keeps the parent index only for the kinds undoing a merge looks up, and sorts
    /// SGP's codes byte for byte ("C"). A survivor's name words are computed by a PL/pgSQL function with the same result:
    /// as a nested SQL function, PostgreSQL evaluated it row by row without inlining, the larger part of a survivor's COPY.
    /// </summary>
    public partial class SgpRecordsLeaner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION siivbg_name_words(text) RETURNS text[]
                LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
                AS $$ BEGIN RETURN array_remove(regexp_split_to_array(siivbg_name_key($1), '[^a-z0-9]+'), ''); END $$;
                """);

            migrationBuilder.DropIndex(
                name: "ix_sgp_records_kind_parent_sgp_id",
                table: "sgp_records");

            migrationBuilder.DropIndex(
                name: "ix_sgp_records_target_id",
                table: "sgp_records");

            migrationBuilder.AlterColumn<string>(
                name: "parent_sgp_id",
                table: "sgp_records",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(60)",
                oldMaxLength: 60,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "sgp_id",
                table: "sgp_records",
                type: "character varying(60)",
                maxLength: 60,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(60)",
                oldMaxLength: 60);

            migrationBuilder.AlterColumn<string>(
                name: "kind",
                table: "sgp_records",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20);

            migrationBuilder.CreateIndex(
                name: "ix_sgp_records_kind_parent_sgp_id",
                table: "sgp_records",
                columns: new[] { "kind", "parent_sgp_id" },
                filter: "kind::text = ANY (ARRAY['caso'::text, 'nna'::text, 'agresor'::text])");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION siivbg_name_words(text) RETURNS text[]
                LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                AS $$ SELECT array_remove(regexp_split_to_array(siivbg_name_key($1), '[^a-z0-9]+'), '') $$;
                """);

            migrationBuilder.DropIndex(
                name: "ix_sgp_records_kind_parent_sgp_id",
                table: "sgp_records");

            migrationBuilder.AlterColumn<string>(
                name: "parent_sgp_id",
                table: "sgp_records",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(60)",
                oldMaxLength: 60,
                oldNullable: true,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "sgp_id",
                table: "sgp_records",
                type: "character varying(60)",
                maxLength: 60,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(60)",
                oldMaxLength: 60,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "kind",
                table: "sgp_records",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20,
                oldCollation: "C");

            migrationBuilder.CreateIndex(
                name: "ix_sgp_records_kind_parent_sgp_id",
                table: "sgp_records",
                columns: new[] { "kind", "parent_sgp_id" });

            migrationBuilder.CreateIndex(
                name: "ix_sgp_records_target_id",
                table: "sgp_records",
                column: "target_id");
        }
    }
}
