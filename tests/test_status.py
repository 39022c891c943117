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


def test_status_shows_pgbackfill_s_disk_use_beside_the_racing_tables(
    conn: psycopg.Connection, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    conn.execute(
        "insert into ra_races (id, date) select 'rac_' || n, '2024-05-01' from generate_series(1, 500) n"
    )
    sizes = dict(
        conn.execute(
            "select object, bytes from pgbackfill.disk_use() where kind = 'total'"
        ).fetchall()
    )
    (tool,) = conn.execute(
        "select sum(pg_total_relation_size(oid)) from pg_class"
        " where relnamespace = 'pgbackfill'::regnamespace and relkind in ('r', 'm')"
    ).fetchone()
    assert sizes["schema pgbackfill"] == tool
    (racing,) = conn.execute(
        "select sum(pg_total_relation_size(oid)) from pg_class"
        " where relnamespace = 'public'::regnamespace and relkind = 'r' and relname like 'ra\\_%'"
    ).fetchone()
    assert sizes["racing tables (public.ra_*)"] == racing
    code, out, _ = run(["status", "--json", "--database-url", database_url], capsys)
    assert code == 0
    disk = {line["object"]: line for line in json.loads(out)["disk"]}
    assert "pgbackfill.run_facts" in disk and "pgbackfill.race_facts" in disk
    total = disk["schema pgbackfill"]
    assert float(total["share_of_racing"]) == pytest.approx(float(tool) / float(racing), abs=0.01)
    code, out, _ = run(["status", "--database-url", database_url], capsys)
    assert "Disk use" in out and "schema pgbackfill" in out
