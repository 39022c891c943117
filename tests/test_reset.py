"""`pgbackfill reset`: the seed's rollback, and nothing more."""

from __future__ import annotations

import psycopg
import pytest

from .test_cli import assert_one_line_error, run


def test_reset_statistics_clears_every_figure_and_the_stamp(
    conn: psycopg.Connection, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    conn.execute(
        "insert into ra_mst_dams (id, name, total_runners, total_wins, class_1_name,"
        " best_distance, analysis_last_updated) values"
        " ('dam_1', 'Urban Sea', 12, 3, 'Class 1', '10f', now())"
    )
    code, out, _ = run(
        ["reset", "--table", "dams", "--yes", "--database-url", database_url], capsys
    )
    assert code == 0
    row = conn.execute(
        "select name, total_runners, total_wins, class_1_name, best_distance,"
        " analysis_last_updated from ra_mst_dams"
    ).fetchone()
    assert row == ("Urban Sea", None, None, None, None, None)


def test_reset_trainers_keeps_the_location(
    conn: psycopg.Connection, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    conn.execute(
        "insert into ra_mst_trainers (id, location, total_runners, win_rate, stats_updated_at)"
        " values ('trn_1', 'Lambourn', 40, 12.5, now())"
    )
    run(["reset", "--table", "trainers", "--yes", "--database-url", database_url], capsys)
    assert conn.execute(
        "select location, total_runners, win_rate, stats_updated_at from ra_mst_trainers"
    ).fetchone() == ("Lambourn", None, None, None)


def test_reset_locations_removes_only_what_the_tool_wrote(
    conn: psycopg.Connection, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    conn.execute(
        "insert into ra_mst_trainers (id, location) values"
        " ('trn_before', 'Malton, N Yorks'), ('trn_written', 'Newmarket, Suffolk')"
    )
    conn.execute(
        "insert into pgbackfill.trainer_location_provenance (trainer_id, location, source)"
        " values ('trn_written', 'Newmarket, Suffolk', 'runners')"
    )
    code, _, _ = run(
        ["reset", "--table", "locations", "--yes", "--database-url", database_url], capsys
    )
    assert code == 0
    assert dict(conn.execute("select id, location from ra_mst_trainers").fetchall()) == {
        "trn_before": "Malton, N Yorks",
        "trn_written": None,
    }


def test_reset_without_yes_changes_nothing(
    conn: psycopg.Connection, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    conn.execute(
        "insert into ra_mst_sires (id, total_runners, analysis_last_updated) values ('sir_1', 5, now())"
    )
    code, out, err = run(["reset", "--table", "sires", "--database-url", database_url], capsys)
    assert_one_line_error(code, out, err)
    assert code == 2 and "--yes" in err
    assert conn.execute("select total_runners from ra_mst_sires").fetchone() == (5,)


def test_reset_unknown_table_is_refused(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        ["reset", "--table", "ra_mst_sires; drop table x", "--yes", "--database-url", database_url],
        capsys,
    )
    assert_one_line_error(code, out, err)
    assert code == 2
