using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SurvivorNameWords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:fuzzystrmatch", ",,")
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");

            // The words of a name as the search compares them: accent- and case-free, split on anything but letters and digits.
            migrationBuilder.Sql("""
                CREATE FUNCTION siivbg_name_words(text) RETURNS text[]
                LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                AS $$ SELECT array_remove(regexp_split_to_array(siivbg_name_key($1), '[^a-z0-9]+'), '') $$;
                """);

            migrationBuilder.AddColumn<string[]>(
                name: "name_words",
                table: "survivors",
                type: "text[]",
                nullable: true,
                computedColumnSql: "siivbg_name_words(given_names || ' ' || surnames)",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_survivors_name_words",
                table: "survivors",
                column: "name_words")
                .Annotation("Npgsql:IndexMethod", "gin");

            // Every word that occurs in a name: the search expands each typed word against it (typos, prefixes) before
            // asking the GIN index (ADR 016). Kept by statement-level triggers so that bulk COPY loads pay once per batch.
            migrationBuilder.Sql("""
                CREATE TABLE survivor_name_words (word text PRIMARY KEY);
                INSERT INTO survivor_name_words SELECT DISTINCT unnest(name_words) FROM survivors ON CONFLICT DO NOTHING;

                CREATE FUNCTION siivbg_collect_name_words() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  INSERT INTO survivor_name_words (word)
                  SELECT DISTINCT unnest(name_words) FROM changed_survivors
                  ON CONFLICT DO NOTHING;
                  RETURN NULL;
                END $$;

                CREATE TRIGGER survivors_name_words_insert AFTER INSERT ON survivors
                  REFERENCING NEW TABLE AS changed_survivors FOR EACH STATEMENT EXECUTE FUNCTION siivbg_collect_name_words();
                CREATE TRIGGER survivors_name_words_update AFTER UPDATE ON survivors
                  REFERENCING NEW TABLE AS changed_survivors FOR EACH STATEMENT EXECUTE FUNCTION siivbg_collect_name_words();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER survivors_name_words_update ON survivors;
                DROP TRIGGER survivors_name_words_insert ON survivors;
                DROP FUNCTION siivbg_collect_name_words();
                DROP TABLE survivor_name_words;
                """);

            migrationBuilder.DropIndex(
                name: "ix_survivors_name_words",
                table: "survivors");

            migrationBuilder.DropColumn(
                name: "name_words",
                table: "survivors");

            migrationBuilder.Sql("DROP FUNCTION siivbg_name_words(text);");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:fuzzystrmatch", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");
        }
    }
}
