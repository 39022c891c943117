"""`pgbackfill status`: what runs now and how the last runs ended (instead of tail -f)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from pgbackfill.report import rows_as_dicts
from pgbackfill.sqlfiles import query


@dataclass
class Status:
    columns: list[str]
    runs: list[tuple[Any, ...]]

    @property
    def running(self) -> list[tuple[Any, ...]]:
        outcome = self.columns.index("outcome")
        return [run for run in self.runs if run[outcome] == "running"]

    def as_json(self) -> dict[str, Any]:
        return {
            "running": rows_as_dicts(self.columns, self.running),
            "recent_runs": rows_as_dicts(self.columns, self.runs),
        }


def read(conn: psycopg.Connection, limit: int) -> Status:
    cursor = conn.execute(query("status_recent_runs"), {"limit": limit})
    return Status([column.name for column in cursor.description], cursor.fetchall())
