"""The racing tables: brought to the contract without blocking their writers.

The racing tables hold the users' data and another job writes them day and
night, so ``pgbackfill migrate`` never alters them inside the long
transaction of its revisions. Before the revisions run, on a connection of
its own in autocommit, it runs the files of ``sql/racing/`` (see their
manifest) each in a short transaction: adopt the upstream's renamed layout
(views under the contract names), create a missing table, add missing
columns in one quick ALTER (and none when nothing is missing: an ALTER
takes the table's strongest lock even then). Each waits at most
``LOCK_WAIT`` for its lock, so a writer queued behind it waits no longer,
and is retried. Then the indexes the statistics need are built with
CREATE INDEX CONCURRENTLY, which never blocks a writer, one statement at a
time. Every step is idempotent: a killed migrate is finished by the next.
"""

from __future__ import annotations

import time

import psycopg

from pgbackfill.db import refusal
from pgbackfill.errors import UserError
from pgbackfill.paths import sql_dir
from pgbackfill.sqlfiles import manifest, query

LOCK_WAIT = "200ms"  # the longest a racing table's writer may queue behind us
TRIES = 50  # ... and how often a busy table is asked again, a moment apart


def prepare(conn: psycopg.Connection) -> None:
    """Bring the racing tables to the contract (conn: autocommit, one session)."""
    conn.execute(query("racing_lock_wait"), {"lock_wait": LOCK_WAIT})
    tree = sql_dir() / "racing"
    try:
        for path in manifest(tree):
            patiently(conn, path.read_text(), path.stem)
        for (statement,) in conn.execute(query("racing_index_statements")).fetchall():
            patiently(conn, statement, statement.split(" on ")[0])
    except psycopg.Error as error:
        if refused := refusal(error):  # layout.sql's: the message says what to do
            raise refused from None
        raise


def patiently(conn: psycopg.Connection, statement: str, what: str) -> None:
    """Run a statement, again after a moment whenever a lock was not to be had."""
    for attempt in range(1, TRIES + 1):
        try:
            conn.execute(statement)
            return
        except psycopg.errors.LockNotAvailable:
            if attempt == TRIES:
                raise UserError(
                    f"migrate: the racing tables stayed busy ({what}: no lock within "
                    f"{LOCK_WAIT}, {TRIES} times); run pgbackfill migrate again"
                ) from None
            time.sleep(min(0.05 * attempt, 1.0))
