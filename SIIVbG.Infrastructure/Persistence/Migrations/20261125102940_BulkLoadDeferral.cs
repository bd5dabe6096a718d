using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SIIVbG.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// A first night's SGP import fills empty tables with millions of rows: keeping their indexes and foreign keys row by
    /// row costs far more than building them once at the end (ADR 018, "First night"). These two functions let the import,
    /// connected as the application's role, set aside the indexes and foreign keys of an <b>empty</b> table among a fixed
    /// few, inside its transaction, and rebuild them before it commits. They run as the owner (SECURITY DEFINER) and do
    /// nothing else: any other table is refused, a table that holds rows is left as it is, the definitions are kept where
    /// the application's role cannot write, and a transaction that would commit with anything still set aside fails.
    /// </summary>
    public partial class BulkLoadDeferral : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE SCHEMA siivbg_private;
                REVOKE ALL ON SCHEMA siivbg_private FROM PUBLIC;

                -- What a bulk load set aside, to be rebuilt in step order: primary key, indexes, then foreign keys.
                CREATE TABLE siivbg_private.bulk_load_deferred (
                    table_name text NOT NULL,
                    name text NOT NULL,
                    kind text NOT NULL CHECK (kind IN ('index', 'constraint')),
                    step integer NOT NULL,
                    definition text NOT NULL,
                    PRIMARY KEY (table_name, name));

                CREATE FUNCTION siivbg_private.bulk_load_check_restored() RETURNS trigger
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
                BEGIN
                  IF EXISTS (SELECT 1 FROM siivbg_private.bulk_load_deferred d WHERE d.table_name = NEW.table_name AND d.name = NEW.name) THEN
                    RAISE EXCEPTION 'bulk load of % left % % set aside: siivbg_bulk_load_end() must run before commit',
                      NEW.table_name, NEW.kind, NEW.name;
                  END IF;
                  RETURN NULL;
                END $$;

                -- Checked at commit: nothing set aside may outlive the transaction that set it aside.
                CREATE CONSTRAINT TRIGGER bulk_load_restored_before_commit AFTER INSERT ON siivbg_private.bulk_load_deferred
                  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION siivbg_private.bulk_load_check_restored();

                CREATE FUNCTION public.siivbg_bulk_load_begin(target text) RETURNS boolean
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
                DECLARE
                  rel regclass;
                  is_empty boolean;
                  r record;
                BEGIN
                  IF target IS NULL OR target NOT IN ('sgp_records', 'survivors', 'cases', 'violence_episodes', 'related_persons') THEN
                    RAISE EXCEPTION 'siivbg_bulk_load_begin: % is not a table loaded in bulk', target;
                  END IF;
                  rel := format('public.%I', target)::regclass;
                  EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM public.%I)', target) INTO is_empty;
                  IF NOT is_empty THEN
                    RETURN false; -- left as it is, and not locked
                  END IF;
                  -- Held to the end of the transaction: nobody else writes or reads it half-indexed. Empty still, once held?
                  EXECUTE format('LOCK TABLE public.%I IN ACCESS EXCLUSIVE MODE', target);
                  EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM public.%I)', target) INTO is_empty;
                  IF NOT is_empty OR EXISTS (SELECT 1 FROM siivbg_private.bulk_load_deferred WHERE table_name = target) THEN
                    RETURN false;
                  END IF;

                  FOR r IN SELECT c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
                           WHERE c.conrelid = rel AND c.contype = 'f' ORDER BY c.conname LOOP
                    INSERT INTO siivbg_private.bulk_load_deferred VALUES (target, r.conname, 'constraint', 2, r.def);
                    EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', target, r.conname);
                  END LOOP;

                  -- The primary key only when no table refers to it.
                  FOR r IN SELECT c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
                           WHERE c.conrelid = rel AND c.contype = 'p'
                             AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.confrelid = rel AND f.contype = 'f') LOOP
                    INSERT INTO siivbg_private.bulk_load_deferred VALUES (target, r.conname, 'constraint', 0, r.def);
                    EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', target, r.conname);
                  END LOOP;

                  -- Every other index that no constraint stands on.
                  FOR r IN SELECT ci.relname, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
                           WHERE i.indrelid = rel AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                           ORDER BY ci.relname LOOP
                    INSERT INTO siivbg_private.bulk_load_deferred VALUES (target, r.relname, 'index', 1, r.def);
                    EXECUTE format('DROP INDEX public.%I', r.relname);
                  END LOOP;
                  RETURN true;
                END $$;

                -- Rebuilds, in order, what a bulk load set aside of one table (or of all, without one); returns how many indexes
                -- and constraints it rebuilt. A table done early is rebuilt while the import goes on with the next.
                CREATE FUNCTION public.siivbg_bulk_load_end(target text DEFAULT NULL) RETURNS integer
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public SET maintenance_work_mem = '256MB' AS $$
                DECLARE
                  r record;
                  n integer := 0;
                BEGIN
                  FOR r IN SELECT * FROM siivbg_private.bulk_load_deferred WHERE target IS NULL OR table_name = target
                           ORDER BY step, table_name, name LOOP
                    IF r.kind = 'index' THEN
                      EXECUTE r.definition;
                    ELSE
                      EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT %I %s', r.table_name, r.name, r.definition);
                    END IF;
                    n := n + 1;
                  END LOOP;
                  -- Fresh statistics for the rebuilt tables: the next night's queries are planned on what was loaded.
                  FOR r IN SELECT DISTINCT table_name FROM siivbg_private.bulk_load_deferred WHERE target IS NULL OR table_name = target
                           ORDER BY table_name LOOP
                    EXECUTE format('ANALYZE public.%I', r.table_name);
                  END LOOP;
                  DELETE FROM siivbg_private.bulk_load_deferred WHERE target IS NULL OR table_name = target;
                  RETURN n;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION public.siivbg_bulk_load_end(text);
                DROP FUNCTION public.siivbg_bulk_load_begin(text);
                DROP SCHEMA siivbg_private CASCADE;
                """);
        }
    }
}
