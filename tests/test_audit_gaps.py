"""pgbackfill.audit_gaps / data_gaps and `pgbackfill audit`: what counts as a gap."""

from __future__ import annotations

import psycopg
import pytest

from pgbackfill import audit

from .test_cli import run


def gaps(conn: psycopg.Connection, strict: bool = False) -> dict[str, tuple[int, int, int, bool]]:
    rows = conn.execute(
        "select category, total, done, missing, fillable from pgbackfill.audit_gaps(%s)", (strict,)
    ).fetchall()
    return {
        category: (total, done, missing, fillable)
        for category, total, done, missing, fillable in rows
    }


def add_race(conn: psycopg.Connection, race_id: str, day: str, *, result: bool = True) -> None:
    conn.execute(
        "insert into ra_races (id, date, has_result, is_abandoned, updated_at)"
        " values (%s, %s, %s, false, now() - interval '1 day')",
        (race_id, day, result),
    )


def add_runner(conn: psycopg.Connection, runner_id: int, race_id: str, **ids: str) -> None:
    conn.execute(
        "insert into ra_runners (id, race_id, horse_id, jockey_id, trainer_id, owner_id,"
        " trainer_location, is_scratched, position)"
        " values (%s, %s, %s, %s, %s, %s, %s, false, 1)",
        (
            runner_id,
            race_id,
            ids.get("horse", "hrs_1"),
            ids.get("jockey"),
            ids.get("trainer"),
            ids.get("owner"),
            ids.get("location"),
        ),
    )


def test_never_analysed_pedigree_entities_are_gaps(conn: psycopg.Connection) -> None:
    conn.execute(
        "insert into ra_mst_sires (id, analysis_last_updated) values ('sir_1', now()), ('sir_2', null)"
    )
    assert gaps(conn)["Sire statistics"] == (2, 1, 1, True)


def test_trainer_with_no_possible_source_is_not_a_fillable_gap(conn: psycopg.Connection) -> None:
    conn.execute(
        "insert into ra_mst_trainers (id, location) values"
        " ('trn_old', null), ('trn_recent', ''), ('trn_stored', null), ('trn_known', 'Lambourn')"
    )
    add_race(conn, "rac_old", "2022-06-01")
    add_race(conn, "rac_new", "2024-06-01")
    add_runner(conn, 1, "rac_old", trainer="trn_old")
    add_runner(conn, 2, "rac_new", trainer="trn_recent")
    add_runner(conn, 3, "rac_old", trainer="trn_stored", location="Newmarket, Suffolk")
    found = gaps(conn)
    assert found["Trainer locations"] == (4, 1, 2, True)
    assert found["Trainer locations (no source)"] == (1, 0, 1, False)


def test_connection_with_runs_but_no_statistics_is_a_gap(conn: psycopg.Connection) -> None:
    conn.execute(
        "insert into ra_mst_jockeys (id, total_rides, stats_updated_at) values"
        " ('jky_done', 1, now()), ('jky_gap', null, null), ('jky_idle', null, null)"
    )
    add_race(conn, "rac_1", "2024-06-01")
    add_runner(conn, 1, "rac_1", jockey="jky_done")
    add_runner(conn, 2, "rac_1", jockey="jky_gap")
    assert gaps(conn)["Jockey statistics"] == (2, 1, 1, True)


def test_racecard_rows_do_not_make_a_connection_a_gap(conn: psycopg.Connection) -> None:
    conn.execute("insert into ra_mst_owners (id) values ('own_1')")
    add_race(conn, "rac_card", "2025-10-25", result=False)
    add_runner(conn, 1, "rac_card", owner="own_1")
    assert gaps(conn)["Owner statistics"] == (0, 0, 0, True)


def test_strict_counts_statistics_older_than_the_latest_run_change(
    conn: psycopg.Connection,
) -> None:
    conn.execute(
        "insert into ra_mst_trainers (id, location, total_runners, stats_updated_at)"
        " values ('trn_1', 'Lambourn', 1, now() - interval '2 days')"
    )
    add_race(conn, "rac_1", "2024-06-01")
    add_runner(conn, 1, "rac_1", trainer="trn_1")
    assert gaps(conn)["Trainer statistics"] == (1, 1, 0, True)
    assert gaps(conn, strict=True)["Trainer statistics"] == (1, 0, 1, True)


def test_data_gaps_view_gives_the_audit_answer(conn: psycopg.Connection) -> None:
    conn.execute("insert into ra_mst_dams (id) values ('dam_1')")
    view = conn.execute("select * from pgbackfill.data_gaps").fetchall()
    function = conn.execute("select * from pgbackfill.audit_gaps(false)").fetchall()
    assert view == function


def test_audit_exits_1_naming_each_gap(
    database_url: str, conn: psycopg.Connection, capsys: pytest.CaptureFixture[str]
) -> None:
    conn.execute("insert into ra_mst_dams (id) values ('dam_1'), ('dam_2')")
    add_race(conn, "rac_1", "2024-06-01")  # runs exist (none at all is refused, below)
    add_runner(conn, 1, "rac_1")
    code, out, _ = run(["audit", "--database-url", database_url], capsys)
    assert code == 1
    assert "Dam statistics 2" in out
    assert audit.ALL_FILLED not in out


def test_audit_exits_0_with_the_seed_sentence_when_complete(
    database_url: str, conn: psycopg.Connection, capsys: pytest.CaptureFixture[str]
) -> None:
    conn.execute("insert into ra_mst_dams (id, analysis_last_updated) values ('dam_1', now())")
    add_race(conn, "rac_1", "2024-06-01")
    add_runner(conn, 1, "rac_1")
    code, out, _ = run(["audit", "--database-url", database_url], capsys)
    assert code == 0
    assert "All data gaps filled - 100% coverage" in out


def test_audit_refuses_when_the_masters_list_entities_but_no_run_is_there(
    database_url: str, conn: psycopg.Connection, capsys: pytest.CaptureFixture[str]
) -> None:
    # analysed once, the runs gone since (e.g. the upstream renamed ra_runners):
    # "100% coverage" would be a silent wrong answer
    conn.execute("insert into ra_mst_dams (id, analysis_last_updated) values ('dam_1', now())")
    code, out, err = run(["audit", "--database-url", database_url], capsys)
    assert code == 2
    assert "no runs to compute from: public.ra_runners is empty" in err
    assert audit.ALL_FILLED not in out


def test_strict_counts_pedigree_analysed_before_a_run_of_its_horses_changed(
    conn: psycopg.Connection,
) -> None:
    conn.execute(
        "insert into ra_mst_sires (id, analysis_last_updated) values"
        " ('sir_fresh', now() + interval '1 hour'), ('sir_stale', now() - interval '2 days')"
    )
    conn.execute(
        "insert into ra_mst_horses (id, sire_id) values ('hrs_a', 'sir_fresh'), ('hrs_b', 'sir_stale')"
    )
    add_race(conn, "rac_1", "2024-06-01")
    add_runner(conn, 1, "rac_1", horse="hrs_a")
    add_runner(conn, 2, "rac_1", horse="hrs_b")
    assert gaps(conn)["Sire statistics"] == (2, 2, 0, True)
    assert gaps(conn, strict=True)["Sire statistics"] == (2, 1, 1, True)


def test_strict_counts_an_entity_whose_run_disappeared_after_its_analysis(
    conn: psycopg.Connection,
) -> None:
    conn.execute(
        "insert into ra_mst_dams (id, analysis_last_updated) values ('dam_1', now() - interval '1 day')"
    )
    # the runner facts logged a run of dam_1 removed (e.g. scratched) since
    conn.execute(
        "insert into pgbackfill.runner_fact_changes (logged_at, role, entity_id)"
        " values (now(), 'dam', 'dam_1')"
    )
    assert gaps(conn)["Dam statistics"] == (1, 1, 0, True)
    assert gaps(conn, strict=True)["Dam statistics"] == (1, 0, 1, True)
