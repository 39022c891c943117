"""`pgbackfill status`: what runs now, per-table progress, and how the last runs ended.

Instead of tail -f: every batch of a refresh (and every racecard date of
`locations`) commits on its own, so the per-table done / total of
pgbackfill.audit_gaps grows while a command runs.
"""

from __future__ import annotations

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

    @property
    def running(self) -> list[tuple[Any, ...]]:
        outcome = self.columns.index("outcome")
        return [run for run in self.runs if run[outcome] == "running"]

    def as_json(self) -> dict[str, Any]:
        return {
            "running": rows_as_dicts(self.columns, self.running),
            "progress": rows_as_dicts(self.progress.columns, self.progress.lines),
            "recent_runs": rows_as_dicts(self.columns, self.runs),
        }


def read(conn: psycopg.Connection, limit: int) -> Status:
    cursor = conn.execute(query("status_recent_runs"), {"limit": limit})
    columns = [column.name for column in cursor.description]
    return Status(columns, cursor.fetchall(), audit.read(conn))
