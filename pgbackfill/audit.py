"""`pgbackfill audit`: the seed's "Current State" table, recomputed in SQL.

The work is `pgbackfill.audit_gaps(strict)` (also `select * from
pgbackfill.data_gaps` in psql); this module only reads and words it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from pgbackfill.report import rows_as_dicts
from pgbackfill.sqlfiles import query

ALL_FILLED = "All data gaps filled - 100% coverage"


@dataclass
class Audit:
    columns: list[str]
    lines: list[tuple[Any, ...]]

    def _field(self, line: tuple[Any, ...], name: str) -> Any:
        return line[self.columns.index(name)]

    @property
    def gaps(self) -> list[tuple[str, int]]:
        """(category, missing) for every fillable category with something missing."""
        return [
            (self._field(line, "category"), self._field(line, "missing"))
            for line in self.lines
            if self._field(line, "fillable") and self._field(line, "missing") > 0
        ]

    @property
    def complete(self) -> bool:
        return not self.gaps

    def verdict(self) -> str:
        if self.complete:
            return ALL_FILLED
        return "gaps left: " + ", ".join(
            f"{category} {missing:,}" for category, missing in self.gaps
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "complete": self.complete,
            "verdict": self.verdict(),
            "categories": rows_as_dicts(self.columns, self.lines),
        }


def read(conn: psycopg.Connection, *, strict: bool = False) -> Audit:
    cursor = conn.execute(query("audit_gaps"), {"strict": strict})
    return Audit([column.name for column in cursor.description], cursor.fetchall())
