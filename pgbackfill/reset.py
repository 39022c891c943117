"""`pgbackfill reset`: the seed's rollback plan, one table at a time.

Statistics tables: every figure the tool writes goes back to NULL with its
analysis stamp (the entities read as never analysed; rerun the refresh).
Locations: only those the tool wrote, found by their provenance; locations
that were there before, or that someone changed since, stay. The choice
picks a fixed query (`reset_<table>` in queries.sql); it never reaches SQL
as text.
"""

from __future__ import annotations

import psycopg

from pgbackfill import locations, refresh
from pgbackfill.db import guarded
from pgbackfill.errors import UserError
from pgbackfill.runs import exclusive, recorded
from pgbackfill.sqlfiles import query

CHOICES: tuple[str, ...] = (*refresh.TARGETS, "locations")
LOCKS = {name: target.table for name, target in refresh.TARGETS.items()}
LOCKS["locations"] = locations.LOCK_NAME


def run(conn: psycopg.Connection, table: str, *, confirmed: bool) -> int:
    """Reset one table; returns the rows changed (conn must be autocommit)."""
    if table not in CHOICES:
        raise UserError(f"unknown table {table!r}: use one of {', '.join(CHOICES)}")
    if not confirmed:
        raise UserError(f"reset clears {table}: add --yes to confirm (nothing was changed)")
    with exclusive(conn, LOCKS[table]), recorded(conn, "reset", table) as logged:
        with guarded(conn):
            (logged.rows_written,) = conn.execute(query(f"reset_{table}")).fetchone()
    return logged.rows_written
