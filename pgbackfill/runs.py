"""What every command shares: the run log and the advisory locks.

``recorded(conn, command, phase)`` writes a run-log row when work starts and
closes it with the outcome however the work ends (``pgbackfill status``
reads them). ``exclusive(conn, name)`` holds a session advisory lock so two
writers never work on the same thing at once; a second one leaves with one
line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg

from pgbackfill.errors import UserError
from pgbackfill.sqlfiles import query


@dataclass
class Run:
    id: int
    rows_written: int = 0


@contextmanager
def recorded(conn: psycopg.Connection, command: str, phase: str | None = None) -> Iterator[Run]:
    """Log a run's start and end in pgbackfill.run_log (conn must be autocommit)."""
    (run_id,) = conn.execute(query("run_start"), {"command": command, "phase": phase}).fetchone()
    run = Run(run_id)
    outcome, error = "ok", None
    try:
        yield run
    except KeyboardInterrupt:
        outcome, error = "interrupted", "interrupted"
        raise
    except BaseException as failure:
        outcome, error = "failed", str(failure).splitlines()[0] if str(failure) else repr(failure)
        raise
    finally:
        if not conn.closed and not conn.broken:
            conn.execute(
                query("run_finish"),
                {
                    "run_id": run.id,
                    "outcome": outcome,
                    "rows_written": run.rows_written,
                    "error": error,
                },
            )


@contextmanager
def exclusive(conn: psycopg.Connection, name: str) -> Iterator[None]:
    """Hold the advisory lock `name` for the block, or stop with one line."""
    (locked,) = conn.execute(query("lock_try"), {"name": name}).fetchone()
    if not locked:
        raise UserError(f"another pgbackfill is already writing {name}; wait for it to finish", 75)
    try:
        yield
    finally:
        if not conn.closed and not conn.broken:
            conn.execute(query("lock_release"), {"name": name})
