"""`pgbackfill status`: what runs now, per-table progress, how the last runs ended,
and what pgbackfill keeps on disk beside the racing tables.

Instead of tail -f: every batch of a refresh (and every racecard date of
`locations`) commits on its own, so the per-table done / total of
pgbackfill.audit_gaps grows while a command runs.

Where pg_cron runs pgbackfill's jobs (`pgbackfill schedule`), each
pgbackfill-… job with its last run: how it ended for pg_cron
(cron.job_run_details) and for the run log (pgbackfill.cron_jobs). Without
pg_cron there is no job and no error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from pgbackfill import audit
from pgbackfill.report import rows_as_dicts
from pgbackfill.sqlfiles import query


@dataclass
class Status:
    columns: list[str]
    runs: list[tuple[Any, ...]]
    progress: audit.Audit
    pg_cron: dict[str, Any]
    job_columns: list[str]
    jobs: list[tuple[Any, ...]]
    disk_columns: list[str]
    disk: list[tuple[Any, ...]]

    @property
    def running(self) -> list[tuple[Any, ...]]:
        outcome = self.columns.index("outcome")
        return [run for run in self.runs if run[outcome] == "running"]

    # what the jobs table shows of each job (--json: every column)
    JOB_TABLE = (
        "job_name",
        "schedule",
        "run_as",
        "active",
        "last_started_at",
        "last_status",
        "logged_outcome",
        "logged_rows",
        "logged_error",
    )

    def job_table(self) -> tuple[list[str], list[tuple[Any, ...]]]:
        return shown(self.JOB_TABLE, self.job_columns, self.jobs)

    def jobs_line(self) -> str | None:
        """One line about pg_cron when there is no job table to show (None: nothing to say)."""
        if not self.pg_cron["installed"]:
            return None
        if self.pg_cron["problem"]:
            return f"pg_cron: {self.pg_cron['problem']}"
        if not self.jobs:
            return "pg_cron: no pgbackfill job (pgbackfill schedule --apply)"
        return None

    def as_json(self) -> dict[str, Any]:
        return {
            "running": rows_as_dicts(self.columns, self.running),
            "progress": rows_as_dicts(self.progress.columns, self.progress.lines),
            "recent_runs": rows_as_dicts(self.columns, self.runs),
            "jobs": rows_as_dicts(self.job_columns, self.jobs),
            "pg_cron": self.pg_cron,
            "disk": rows_as_dicts(self.disk_columns, self.disk),
        }

    def disk_table(self) -> tuple[list[str], list[tuple[Any, ...]]]:
        """What the disk table shows (--json: the bytes too)."""
        return shown(("object", "kind", "size", "share_of_racing"), self.disk_columns, self.disk)


def shown(
    names: Sequence[str], columns: list[str], rows: list[tuple[Any, ...]]
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The named columns of the rows, for a table (--json keeps them all)."""
    positions = [columns.index(name) for name in names]
    return list(names), [tuple(row[i] for i in positions) for row in rows]


def read(conn: psycopg.Connection, limit: int) -> Status:
    cursor = conn.execute(query("status_recent_runs"), {"limit": limit})
    columns = [column.name for column in cursor.description]
    runs = cursor.fetchall()
    installed, problem = conn.execute(query("status_pg_cron")).fetchone()
    cursor = conn.execute(query("status_jobs"))  # no row without pg_cron
    job_columns = [column.name for column in cursor.description]
    jobs = cursor.fetchall()
    cursor = conn.execute(query("status_disk_use"))
    return Status(
        columns,
        runs,
        audit.read(conn),
        {"installed": installed, "problem": problem if installed else None},
        job_columns,
        jobs,
        [column.name for column in cursor.description],
        cursor.fetchall(),
    )
