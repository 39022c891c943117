"""The schema under Alembic: empty database, existing database, round trip, drift."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from pgbackfill import migrate, racing
from pgbackfill.db import connect, current_revision
from pgbackfill.paths import migrations_dir, sql_dir
from pgbackfill.sqlfiles import apply_file, apply_tree, manifest

from .conftest import create_database, drop_database, with_dbname

RACING_TABLES = [
    "ra_races",
    "ra_runners",
    "ra_mst_horses",
    "ra_horse_pedigree",
    "ra_mst_sires",
    "ra_mst_dams",
    "ra_mst_damsires",
    "ra_mst_jockeys",
    "ra_mst_trainers",
    "ra_mst_owners",
]

# What the catalog says about a schema: columns, indexes, functions, views,
# constraints. Compared between a migrated database and one built from sql/.
CATALOG = """
select 'column', table_schema || '.' || table_name || '.' || column_name,
       data_type || coalesce('(' || numeric_precision || ',' || numeric_scale || ')', '')
         || ' ' || is_nullable || ' ' || coalesce(column_default, '')
  from information_schema.columns
 where table_schema in ('public', 'pgbackfill') and table_name <> 'pgbackfill_alembic_version'
union all
select 'index', schemaname || '.' || indexname, indexdef
  from pg_indexes where schemaname in ('public', 'pgbackfill')
   and tablename <> 'pgbackfill_alembic_version'
union all
select 'function', n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
       pg_get_functiondef(p.oid)
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
 where n.nspname = 'pgbackfill' and p.prokind in ('f', 'p')
union all
select 'view', schemaname || '.' || viewname, definition from pg_views where schemaname = 'pgbackfill'
union all
select 'matview', schemaname || '.' || matviewname, definition
  from pg_matviews where schemaname = 'pgbackfill'
union all
select 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
  from pg_constraint where connamespace in ('public'::regnamespace, 'pgbackfill'::regnamespace)
   and conrelid::regclass::text <> 'pgbackfill_alembic_version'
order by 1, 2
"""


def catalog(url: str) -> list[tuple[str, str, str]]:
    with psycopg.connect(url) as conn:
        return conn.execute(CATALOG).fetchall()


def table_names(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "select table_name from information_schema.tables where table_schema = 'public'"
        ).fetchall()
    return {name for (name,) in rows}


def test_empty_database_gets_every_racing_table(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    assert set(RACING_TABLES) <= table_names(empty_database_url)
    with psycopg.connect(empty_database_url) as conn:
        assert current_revision(conn) == migrate.head_revision()


def test_existing_database_keeps_its_rows_and_gains_missing_columns(
    empty_database_url: str,
) -> None:
    # The users' database: tables already there, with data, lacking some
    # columns and indexes the tool adds.
    with psycopg.connect(empty_database_url, autocommit=True) as conn:
        conn.execute(
            """
            create table public.ra_races (id varchar primary key, date date, race_class varchar);
            insert into public.ra_races values ('rac_1', '2024-05-01', 'Class 4');
            create table public.ra_mst_sires (id varchar primary key, name varchar,
                                              total_runners int);
            insert into public.ra_mst_sires values ('sir_1', 'Frankel', 42);
            """
        )
    migrate.upgrade(empty_database_url)
    with psycopg.connect(empty_database_url) as conn:
        assert conn.execute("select id, date::text, race_class from ra_races").fetchall() == [
            ("rac_1", "2024-05-01", "Class 4")
        ]
        assert conn.execute(
            "select id, name, total_runners, analysis_last_updated from ra_mst_sires"
        ).fetchall() == [("sir_1", "Frankel", 42, None)]
        assert conn.execute(
            "select count(*) from ra_races where has_result is null"
        ).fetchone() == (1,)
        indexes = {row[0] for row in conn.execute("select indexname from pg_indexes").fetchall()}
    assert "ra_races_date_idx" in indexes


def test_downgrade_to_base_then_upgrade_again(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("insert into ra_races (id, date) values ('rac_1', '2024-05-01')")
    before = catalog(database_url)
    migrate.downgrade(database_url, "base")
    with psycopg.connect(database_url) as conn:
        assert current_revision(conn) is None
        assert conn.execute("select to_regnamespace('pgbackfill')").fetchone() == (None,)
        # the racing data is the users': a downgrade never drops it
        assert conn.execute("select count(*) from ra_races").fetchone() == (1,)
    migrate.upgrade(database_url)
    assert catalog(database_url) == before


def test_migrations_build_the_same_schema_as_the_sql_files(
    server_url: str, template_name: str
) -> None:
    from_files = create_database(server_url)
    try:
        url = with_dbname(server_url, from_files)
        with connect(url) as conn:
            racing.prepare(conn)  # as migrate does before the revisions
            apply_tree(conn)
        assert catalog(url) == catalog(with_dbname(server_url, template_name))
    finally:
        drop_database(server_url, from_files)


def test_every_sql_file_is_listed_in_the_manifest() -> None:
    tree = sql_dir()
    racing_tree = tree / "racing"
    listed = {path.relative_to(tree) for path in manifest(tree) + manifest(racing_tree)}
    on_disk = {path.relative_to(tree) for path in tree.rglob("*.sql")}
    assert on_disk == listed


def test_the_racing_step_runs_twice_and_changes_nothing_the_second_time(
    database_url: str,
) -> None:
    before = catalog(database_url)
    with connect(database_url) as conn:
        racing.prepare(conn)
        racing.prepare(conn)
    assert catalog(database_url) == before


@pytest.mark.parametrize(
    "path", manifest(sql_dir()), ids=lambda path: str(path.relative_to(sql_dir()))
)
def test_every_sql_file_applies_twice_through_the_helper(
    conn: psycopg.Connection, path: Path
) -> None:
    # The migrated database already has every object: applying each file
    # again proves it idempotent and that the helper passes ':word' and '%'
    # through untouched.
    apply_file(conn, path)
    apply_file(conn, path)


def test_the_migrations_ship_with_their_frozen_sql() -> None:
    revisions = sorted(
        p for p in (migrations_dir() / "versions").iterdir() if p.is_dir() and p.name[0].isdigit()
    )
    assert revisions, "each revision keeps a frozen copy of the SQL it runs"
    for revision in revisions:
        assert (revision / "manifest.txt").exists()


def test_each_named_query_holds_only_its_own_statement() -> None:
    from pgbackfill.sqlfiles import queries

    for name, text in queries().items():
        lines = text.splitlines()
        assert lines, name
        assert not lines[0].startswith("--") and not lines[-1].startswith("--"), name


def test_downgrade_one_revision_then_upgrade_again(database_url: str) -> None:
    before = catalog(database_url)
    migrate.downgrade(database_url, "0001")
    with psycopg.connect(database_url) as conn:
        assert current_revision(conn) == "0001"
        # 0001's shapes: the running totals without lanes
        assert conn.execute(
            "select count(*) from information_schema.columns"
            " where table_schema = 'pgbackfill' and table_name = 'feature_state'"
            " and column_name = 'lane'"
        ).fetchone() == (0,)
    migrate.upgrade(database_url)
    assert catalog(database_url) == before


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / "manifest.txt").write_text("".join(f"{name}\n" for name in files))
    return root


def test_freeze_copies_only_the_files_changed_since_the_earlier_revisions(tmp_path: Path) -> None:
    from pgbackfill.sqlfiles import freeze

    earlier = write_tree(tmp_path / "0001", {"tables/a.sql": "a1", "functions/b.sql": "b1"})
    tree = write_tree(
        tmp_path / "sql", {"tables/a.sql": "a1", "functions/b.sql": "b2", "views/c.sql": "c1"}
    )
    frozen = freeze(tmp_path / "0002", [earlier], tree)
    assert [str(path) for path in frozen] == ["functions/b.sql", "views/c.sql"]
    assert [str(path.relative_to(tmp_path / "0002")) for path in manifest(tmp_path / "0002")] == [
        "functions/b.sql",
        "views/c.sql",
    ]
    assert (tmp_path / "0002" / "functions/b.sql").read_text() == "b2"


def test_the_newest_revision_holds_every_change_of_sql(tmp_path: Path) -> None:
    # `make freeze` was run after the last edit of sql/
    from pgbackfill.sqlfiles import freeze

    revisions = sorted(
        p for p in (migrations_dir() / "versions").iterdir() if p.is_dir() and p.name[0].isdigit()
    )
    *earlier, newest = revisions
    expected = freeze(tmp_path / "expected", earlier)
    assert [path.relative_to(newest) for path in manifest(newest)] == expected
    for relative in expected:
        assert (newest / relative).read_text() == (sql_dir() / relative).read_text(), relative


# Every row of a relation, as text, in run order: the same digest means the
# same columns, order, types and values.
ROWS_DIGEST = (
    "select md5(string_agg(row_text, ',' order by runner_id))"
    " from (select one.runner_id, one::text as row_text from {table} as one) as rows"
)


def test_the_lean_revision_moves_built_facts_and_features_over(empty_database_url: str) -> None:
    """0005 -> 0006 on a database whose facts and features are built: the runner
    facts and the features read back exactly as they were (nothing is built
    again), and the next full facts pass, which compares every run once under
    the new rules, rewrites none."""
    url = empty_database_url
    migrate.upgrade(url, "0005")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("select pgbackfill.synthetic_generate(0.01, 7)")
        conn.execute("call pgbackfill.refresh('pedigree')")
        conn.execute("call pgbackfill.features_build()")
        facts = conn.execute(ROWS_DIGEST.format(table="pgbackfill.runner_facts")).fetchone()
        built = conn.execute(ROWS_DIGEST.format(table="pgbackfill.runner_features")).fetchone()
        (runs,) = conn.execute("select count(*) from pgbackfill.runner_features").fetchone()
    assert runs > 1000
    migrate.upgrade(url)
    with psycopg.connect(url, autocommit=True) as conn:
        kinds = dict(
            conn.execute(
                "select relname, relkind from pg_class where relnamespace = 'pgbackfill'::regnamespace"
                " and relname in ('runner_facts', 'runner_features', 'run_facts', 'run_features')"
            ).fetchall()
        )
        assert kinds == {
            "runner_facts": "v",
            "runner_features": "v",
            "run_facts": "r",
            "run_features": "r",
        }
        assert conn.execute(ROWS_DIGEST.format(table="pgbackfill.runner_facts")).fetchone() == facts
        assert (
            conn.execute(ROWS_DIGEST.format(table="pgbackfill.runner_features")).fetchone() == built
        )
        assert conn.execute("select pgbackfill.refresh_runner_facts(full => true)").fetchone() == (
            0,
        )
