"""What every command shares: the run log and the advisory locks.

``recorded(conn, command, phase)`` writes a run-log row when work starts and
closes it with the outcome however the work ends (``pgbackfill status``
reads them, and with ``--log-file`` each start and end is also a timestamped
line in that file). ``exclusive(conn, name)`` holds a session advisory lock so two
writers never work on the same thing at once; a second one leaves with one
line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg

from pgbackfill.errors import UserError
from pgbackfill.sqlfiles import query

log = logging.getLogger("pgbackfill")


def log_to(path: str) -> None:
    """Append plain-text, timestamped lines about every run to `path` (--log-file)."""
    try:
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as error:
        raise UserError(f"cannot write the log file {path}: {error.strerror}") from None
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    for previous in list(log.handlers):  # one log file per process
        log.removeHandler(previous)
        previous.close()
    log.addHandler(handler)
    log.setLevel(logging.INFO)


@dataclass
class Run:
    id: int
    rows_written: int = 0


@contextmanager
def recorded(conn: psycopg.Connection, command: str, phase: str | None = None) -> Iterator[Run]:
    """Log a run's start and end in pgbackfill.run_log (conn must be autocommit)."""
    (run_id,) = conn.execute(query("run_start"), {"command": command, "phase": phase}).fetchone()
    run = Run(run_id)
    what = f"{command} {phase}" if phase else command
    log.info("run %s started: %s", run_id, what)
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
        log.info(
            "run %s %s: %s, %s rows written%s",
            run_id,
            outcome,
            what,
            run.rows_written,
            f" ({error})" if error else "",
        )
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


def outcome_of(error: BaseException) -> str:
    """How the run log names a run that ended in `error`."""
    return "interrupted" if isinstance(error, KeyboardInterrupt) else "failed"


def abandon(conn: psycopg.Connection, outcome: str, error: BaseException, locks: list[str]) -> None:
    """After a call that failed inside the database (a procedure that commits
    cannot clean up after itself), when the session still answers: close the
    runs it left open and release every hold it has on the named locks, so
    that a rerun need not wait for this session to end. A lock another
    writer holds is not this session's and stays."""
    if conn.closed or conn.broken:
        return
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    try:
        conn.execute(query("run_abandon"), {"outcome": outcome, "error": text})
        conn.execute(query("refresh_release"), {"locks": locks})
    except psycopg.Error:
        pass  # the session is going: status shows the run as killed
