"""`pgbackfill status` and pgbackfill.run_history: live, finished and killed runs, progress."""

from __future__ import annotations

import json

import psycopg
import pytest

from .test_cli import run


def test_a_running_run_whose_backend_is_gone_shows_as_killed(conn: psycopg.Connection) -> None:
    conn.execute(
        "insert into pgbackfill.run_log (command, phase, backend_pid) values"
        " ('refresh', 'dams (all)', 0), ('refresh', 'sires (all)', pg_backend_pid())"
    )
    outcomes = dict(conn.execute("select phase, outcome from pgbackfill.run_history").fetchall())
    assert outcomes == {"dams (all)": "killed", "sires (all)": "running"}


def test_status_shows_per_table_progress_and_the_last_runs(
    conn: psycopg.Connection, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    conn.execute(
        "insert into ra_mst_dams (id, analysis_last_updated) values ('dam_1', now()), ('dam_2', null)"
    )
    run(["reset", "--table", "owners", "--yes", "--database-url", database_url], capsys)
    code, out, _ = run(["status", "--json", "--database-url", database_url], capsys)
    assert code == 0
    found = json.loads(out)
    dams = next(line for line in found["progress"] if line["category"] == "Dam statistics")
    assert (dams["total"], dams["done"]) == (2, 1)
    assert [(r["command"], r["phase"], r["outcome"]) for r in found["recent_runs"]] == [
        ("reset", "owners", "ok")
    ]
    assert found["running"] == []
