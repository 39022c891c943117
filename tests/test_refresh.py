"""pgbackfill refresh: batched, resumable, idempotent, one writer per table."""

from __future__ import annotations

import json
from datetime import datetime

import psycopg
import pytest

from pgbackfill import refresh
from pgbackfill.cli import main
from pgbackfill.errors import UserError

from .pedigree_data import entities, horse, race, runner

FIGURES = "id, total_runners, total_wins, overall_win_percent, class_1_name, data_quality_score"


def given_three_sires(conn: psycopg.Connection) -> None:
    entities(conn, "ra_mst_sires", "sir_1", "sir_2", "sir_idle")
    horse(conn, "hrs_1", sire_id="sir_1")
    horse(conn, "hrs_2", sire_id="sir_2")
    race(conn, "rac_1")
    runner(conn, "rac_1", "hrs_1", position=1)
    runner(conn, "rac_1", "hrs_2", position=2)


def sires(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute(f"select {FIGURES} from ra_mst_sires order by id").fetchall()


def stamps(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute("select id, analysis_last_updated from ra_mst_sires order by id").fetchall()


def cli(*args: str) -> int:
    with pytest.raises(SystemExit) as stop:
        main(list(args))
    return stop.value.code


def test_refresh_writes_every_entity_including_those_without_runs(
    conn: psycopg.Connection,
) -> None:
    given_three_sires(conn)
    summary = refresh.run(conn, "sires", refresh.Options(batch_size=1))
    assert (summary.tables[0].entities, summary.tables[0].batches) == (3, 3)
    assert sires(conn) == [
        ("sir_1", 1, 1, 100, "Class 4", 1),
        ("sir_2", 1, 0, 0, "Class 4", 1),
        ("sir_idle", 0, 0, None, None, None),
    ]
    assert {stamp for _, stamp in stamps(conn)} == {summary.refreshed_at}


def test_the_first_fill_of_the_facts_is_vacuumed_for_index_only_reads(
    conn: psycopg.Connection,
) -> None:
    given_three_sires(conn)
    refresh.run(conn, "sires")
    (all_visible,) = conn.execute(
        "select relallvisible from pg_class where oid = 'pgbackfill.run_facts'::regclass"
    ).fetchone()
    assert all_visible > 0


def test_a_second_refresh_changes_nothing_but_the_timestamps(conn: psycopg.Connection) -> None:
    given_three_sires(conn)
    refresh.run(conn, "sires")
    before, first = sires(conn), stamps(conn)
    refresh.run(conn, "sires")
    assert sires(conn) == before
    assert all(new > old for (_, old), (_, new) in zip(first, stamps(conn), strict=True))


def test_an_interrupted_refresh_rerun_equals_an_uninterrupted_one(
    conn: psycopg.Connection, database_url: str
) -> None:
    given_three_sires(conn)
    # first run dies after one batch: its session (and staging) is gone; the
    # second batch waits on a row lock held here, so the interruption the
    # first batch's progress raises finds it unfinished
    with psycopg.connect(database_url, autocommit=True) as doomed, conn.transaction():
        conn.execute("select from ra_mst_sires where id = 'sir_2' for update")
        progress = refresh.Silent()
        progress.advance = lambda entities: (_ for _ in ()).throw(KeyboardInterrupt)
        with pytest.raises(KeyboardInterrupt):
            refresh.run(doomed, "sires", refresh.Options(batch_size=1), progress)
    assert [stamp is not None for _, stamp in stamps(conn)] == [True, False, False]
    refresh.run(conn, "sires", refresh.Options(batch_size=2))
    resumed = sires(conn)
    conn.execute("update ra_mst_sires set total_runners = null, analysis_last_updated = null")
    refresh.run(conn, "sires")
    assert sires(conn) == resumed


def test_only_missing_writes_just_the_never_analysed(conn: psycopg.Connection) -> None:
    given_three_sires(conn)
    conn.execute("update ra_mst_sires set analysis_last_updated = '2020-01-01' where id = 'sir_1'")
    summary = refresh.run(conn, "sires", refresh.Options(scope="missing"))
    assert summary.tables[0].written == 2
    assert stamps(conn)[0] == ("sir_1", datetime(2020, 1, 1))


def test_stale_writes_entities_whose_runs_changed_since_their_analysis(
    conn: psycopg.Connection,
) -> None:
    given_three_sires(conn)
    refresh.run(conn, "sires")
    conn.execute(
        "update ra_runners set updated_at = localtimestamp + interval '1 minute' "
        "where horse_id = 'hrs_2'"
    )
    summary = refresh.run(conn, "sires", refresh.Options(scope="stale"))
    assert (summary.tables[0].entities, summary.tables[0].written) == (1, 1)


def test_check_counts_differing_figures_and_writes_nothing(conn: psycopg.Connection) -> None:
    given_three_sires(conn)
    refresh.run(conn, "sires")
    conn.execute("update ra_mst_sires set total_wins = 9 where id = 'sir_2'")
    before = stamps(conn)
    summary = refresh.run(conn, "sires", refresh.Options(check=True))
    assert summary.tables[0].differing == {"total_wins": 1}
    assert stamps(conn) == before


def test_pedigree_refreshes_the_three_tables(conn: psycopg.Connection) -> None:
    given_three_sires(conn)
    entities(conn, "ra_mst_dams", "dam_1")
    entities(conn, "ra_mst_damsires", "dsi_1")
    summary = refresh.run(conn, "pedigree")
    assert [table.table for table in summary.tables] == [
        "ra_mst_sires",
        "ra_mst_dams",
        "ra_mst_damsires",
    ]
    counts = conn.execute(
        "select (select count(analysis_last_updated) from ra_mst_dams),"
        " (select count(analysis_last_updated) from ra_mst_damsires)"
    ).fetchone()
    assert counts == (1, 1)


def test_a_second_writer_on_the_same_table_leaves_with_one_line(
    conn: psycopg.Connection, database_url: str
) -> None:
    given_three_sires(conn)
    conn.execute("select pg_advisory_lock(hashtext('pgbackfill:ra_mst_sires'))")
    with psycopg.connect(database_url, autocommit=True) as second:
        with pytest.raises(UserError) as refused:
            refresh.run(second, "sires")
    assert refused.value.exit_code == 75
    assert stamps(conn)[0][1] is None


def test_a_bad_table_is_one_line_and_exit_2(database_url: str, capsys) -> None:
    assert (
        cli("refresh", "--table", "ra_mst_sires; drop table x", "--database-url", database_url) == 2
    )
    assert capsys.readouterr().err.count("\n") == 1


def test_a_batch_size_below_1_is_one_line_exit_2_and_nothing_written(
    conn: psycopg.Connection, database_url: str, capsys
) -> None:
    given_three_sires(conn)
    assert (
        cli("refresh", "--table", "sires", "--batch-size", "0", "--database-url", database_url) == 2
    )
    assert "batch-size" in capsys.readouterr().err
    assert all(stamp is None for _, stamp in stamps(conn))


def test_json_summary_for_machines(conn: psycopg.Connection, database_url: str, capsys) -> None:
    given_three_sires(conn)
    assert cli("refresh", "--table", "sires", "--json", "--database-url", database_url) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["tables"][0]["written"] == 3
