"""Databases as the users really have them: the upstream's renamed racing
tables, racing tables without runs, and a migration beside a live writer."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import psycopg
import pytest

from pgbackfill import migrate, synthetic

from .conftest import create_database, drop_database, with_dbname
from .hardening import checksum, cli, seeded_template, seeded_url  # noqa: F401
from .test_backfill import backfill_with_standin, verification_query

RENAMED = {"ra_races": "ra_mst_races", "ra_runners": "ra_mst_runners"}


def relkinds(url: str, names: list[str]) -> dict[str, str | None]:
    with psycopg.connect(url) as conn:
        return {
            name: conn.execute(
                "select relkind::text from pg_class where oid = to_regclass(%s)",
                (f"public.{name}",),
            ).fetchone()[0]
            if conn.execute("select to_regclass(%s)", (f"public.{name}",)).fetchone()[0]
            else None
            for name in names
        }


def rename_like_the_upstream(url: str) -> None:
    """The users' database after the collector's migration 029: pgbackfill not
    yet installed, ra_races and ra_runners renamed, a renamed results table."""
    migrate.downgrade(url, "base")
    with psycopg.connect(url, autocommit=True) as conn:
        for contract, renamed in RENAMED.items():
            conn.execute(f"alter table public.{contract} rename to {renamed}")
        conn.execute(
            "create table public.ra_mst_race_results (race_id varchar primary key, result jsonb)"
        )


def test_renamed_tables_are_read_under_the_contract_names(seeded_url: str) -> None:  # noqa: F811
    rename_like_the_upstream(seeded_url)
    migrate.upgrade(seeded_url)
    assert relkinds(seeded_url, ["ra_races", "ra_runners", "ra_race_results"]) == {
        "ra_races": "v",
        "ra_runners": "v",
        "ra_race_results": "v",
    }
    with psycopg.connect(seeded_url) as conn:
        runs, renamed_runs = conn.execute(
            "select (select count(*) from pgbackfill.runs),"
            " (select count(*) from public.ra_mst_runners)"
        ).fetchone()
        indexed = {
            name
            for (name,) in conn.execute(
                "select indexname from pg_indexes where tablename = 'ra_mst_runners'"
            )
        }
    assert 0 < runs <= renamed_runs
    # the statistics' indexes are on the renamed table
    assert {"ra_runners_race_id_idx", "ra_runners_changed_at_idx"} <= indexed

    results = backfill_with_standin(seeded_url)
    assert [result.outcome for result in results] == ["done"] * 5
    with psycopg.connect(seeded_url) as conn:
        for kind, total, analysed in conn.execute(verification_query("after_pedigree_statistics")):
            assert total > 0 and analysed == total, kind
        assert conn.execute(verification_query("after_trainer_locations")).fetchone()[2] > 95
        assert conn.execute("select sum(total_runners) from ra_mst_sires").fetchone()[0] > 0
    done = cli("audit", url=seeded_url)
    assert done.returncode == 0, done.stderr
    # the upstream keeps writing its renamed tables; the views show new rows
    with psycopg.connect(seeded_url, autocommit=True) as conn:
        conn.execute("insert into public.ra_mst_races (id, date) values ('rac_new', current_date)")
        assert conn.execute("select count(*) from ra_races where id = 'rac_new'").fetchone() == (1,)


def test_renamed_layout_gains_missing_columns_and_the_views_show_them(
    empty_database_url: str,
) -> None:
    with psycopg.connect(empty_database_url, autocommit=True) as conn:
        conn.execute("create table public.ra_mst_races (id varchar primary key, date date)")
        conn.execute("create table public.ra_mst_runners (id bigint primary key, race_id varchar)")
    migrate.upgrade(empty_database_url)
    with psycopg.connect(empty_database_url) as conn:
        columns = {
            name
            for (name,) in conn.execute(
                "select column_name from information_schema.columns"
                " where table_schema = 'public' and table_name = 'ra_runners'"
            )
        }
    assert {"position", "starting_price_decimal", "result_updated_at"} <= columns
    assert relkinds(empty_database_url, ["ra_races", "ra_runners", "ra_race_results"]) == {
        "ra_races": "v",
        "ra_runners": "v",
        "ra_race_results": None,
    }


def test_downgrade_to_base_drops_the_layout_views_and_keeps_the_tables(
    empty_database_url: str,
) -> None:
    with psycopg.connect(empty_database_url, autocommit=True) as conn:
        conn.execute("create table public.ra_mst_races (id varchar primary key, date date)")
        conn.execute("create table public.ra_mst_runners (id bigint primary key, race_id varchar)")
        conn.execute("insert into public.ra_mst_races values ('rac_1', '2024-05-01')")
    migrate.upgrade(empty_database_url)
    migrate.downgrade(empty_database_url, "base")
    assert relkinds(empty_database_url, ["ra_races", "ra_runners", "ra_mst_races"]) == {
        "ra_races": None,
        "ra_runners": None,
        "ra_mst_races": "r",
    }
    migrate.upgrade(empty_database_url)  # and back
    assert relkinds(empty_database_url, ["ra_races"]) == {"ra_races": "v"}


def test_empty_contract_tables_beside_renamed_ones_stop_migrate(
    seeded_url: str,  # noqa: F811
) -> None:
    rename_like_the_upstream(seeded_url)
    with psycopg.connect(seeded_url, autocommit=True) as conn:
        # what an earlier pgbackfill migrate left: empty tables under the old names
        conn.execute("create table public.ra_races (id varchar primary key)")
        conn.execute("create table public.ra_runners (id bigint primary key)")
    done = cli("migrate", url=seeded_url)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "public.ra_races is empty while public.ra_mst_races holds the rows" in done.stderr
    with psycopg.connect(seeded_url) as conn:
        assert conn.execute("select to_regnamespace('pgbackfill')").fetchone() == (None,)


def test_no_runs_while_masters_list_entities_is_refused_and_nothing_written(
    seeded_url: str,  # noqa: F811
) -> None:
    with psycopg.connect(seeded_url, autocommit=True) as conn:
        conn.execute("truncate public.ra_runners")
    before = checksum(seeded_url)
    for args in (
        ("refresh", "--table", "all"),
        ("refresh", "--table", "dams", "--stale"),
        ("backfill", "--phases", "sires"),
        ("features", "build"),
        ("audit",),
    ):
        done = cli(*args, url=seeded_url)
        assert done.returncode == 2, (args, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr  # one line (a progress bar may leave a blank one)
        assert lines[0].startswith("error: no runs to compute from: public.ra_runners is empty")
    assert checksum(seeded_url) == before


def test_an_empty_database_is_not_a_problem(database_url: str) -> None:
    done = cli("refresh", "--table", "all", url=database_url)
    assert done.returncode == 0, done.stderr


# Migrating a live database: the collector inserts runners day and night.


@pytest.fixture
def unmigrated_populated_url(server_url: str, template_name: str) -> Iterator[str]:
    """A scale-0.1 racing database (about 130,000 runners) without pgbackfill:
    its racing tables and data, none of pgbackfill's objects or indexes, one
    column the tool adds missing."""
    name = create_database(server_url, template=template_name)
    url = with_dbname(server_url, name)
    with psycopg.connect(url, autocommit=True) as conn:
        synthetic.generate(conn, scale=0.1, seed=5)
    migrate.downgrade(url, "base")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("alter table public.ra_runners drop column ts")
        conn.execute("vacuum analyze")
    yield url
    drop_database(server_url, name)


def test_migrate_never_blocks_a_writer_for_more_than_a_moment(
    unmigrated_populated_url: str,
) -> None:
    url = unmigrated_populated_url
    waits: list[float] = []
    stop = threading.Event()

    def writer() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            (next_id,) = conn.execute("select max(id) + 1 from ra_runners").fetchone()
            deadline = time.monotonic() + 300
            while not stop.is_set() and time.monotonic() < deadline:
                started = time.monotonic()
                conn.execute(
                    "insert into public.ra_runners (id, race_id, horse_id, created_at)"
                    " values (%s, 'rac_live', 'hrs_live', now())",
                    (next_id,),
                )
                waits.append(time.monotonic() - started)
                next_id += 1
                time.sleep(0.1)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        time.sleep(0.5)
        done = cli("migrate", url=url, timeout=300)
        time.sleep(0.3)
    finally:
        stop.set()
        thread.join()
    assert done.returncode == 0, done.stderr
    print(f"\nmigrate beside a writer: {len(waits)} inserts, longest {max(waits):.3f} s")
    assert len(waits) > 10
    assert max(waits) <= 0.5, f"a writer waited {max(waits):.2f} s"
    with psycopg.connect(url) as conn:
        assert conn.execute(
            "select count(*) from pg_index where indrelid = 'public.ra_runners'::regclass"
            " and not indisvalid"
        ).fetchone() == (0,)
        assert conn.execute(
            "select count(*) from information_schema.columns"
            " where table_name = 'ra_runners' and column_name = 'ts'"
        ).fetchone() == (1,)
