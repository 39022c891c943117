"""Point-in-time features for every run: `pgbackfill features build|export`.

The work is in SQL (sql/functions/features_*.sql): for every run,
pgbackfill.runner_features holds its horse's, sire's, dam's, damsire's,
jockey's, trainer's and owner's records over the runs of EARLIER race days
only. This module plans the build, runs it batch by batch (each batch a
date range in its own transaction, in date order), shows progress, and
streams the table out with COPY.

Resumable and idempotent: a batch replaces its days whole, and
pgbackfill.feature_days remembers what each day was built from, so a rerun
(or ``--stale``) picks up where a killed build stopped and rebuilds only
what changed since.

A large build uses two connections (two cores: the work is CPU-bound). The
first half runs on the command's connection in ONE repeatable-read
transaction (its batches are statements of it) with its own copy of the
running totals (lane 1, pgbackfill.features_lane_open); the second
connection imports that transaction's snapshot, rolls the totals builds
continue from (lane 0) over exactly the runs the first half builds
(pgbackfill.features_state_advance), then builds the second half batch by
batch on them. Whatever is killed, what pgbackfill.feature_days
claims was built from the runs it names: the first half commits whole or
not at all, and a second-half day is only ever built on totals computed
from the snapshot the first half builds.
"""

from __future__ import annotations

import math
import os
import queue
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from psycopg import conninfo, sql
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress

from pgbackfill import db, runs
from pgbackfill.errors import UserError
from pgbackfill.sqlfiles import query

LOCK = "runner_features"
# Runs per batch (transaction) unless told: None, as many as the SQL rule
# pgbackfill.features_batch_runs gives for the build's days (a sixth of its
# runs, at least 200,000; the procedure pgbackfill.features_build uses it
# too). Every batch looks up and rolls forward the totals of every
# connection seen so far, so a build in a fixed number of batches grows
# with the data where one in batches of a fixed size grew faster.
DEFAULT_BATCH_RUNS = None
# From this many runs on, a build uses two connections (below, opening the
# second one and recomputing its totals costs more than it saves).
TWO_CONNECTIONS_FROM_RUNS = 100_000
# The first half's share of the runs: the second connection first rolls the
# totals over the first half's runs (about a ninth of building them).
FIRST_HALF_SHARE = 0.53


@dataclass
class BuildSummary:
    first_day: date | None = None
    last_day: date | None = None
    batches: int = 0
    runs: int = 0
    rows_written: int = 0
    state_recomputed: bool = False
    seconds: float = 0.0

    def line(self) -> str:
        if self.first_day is None:
            return "features are up to date: nothing to build"
        recomputed = "; totals recomputed from history" if self.state_recomputed else ""
        return (
            f"built features of {self.rows_written:,} runs, {self.first_day} .. {self.last_day}, "
            f"in {self.batches} batch(es), {self.seconds:.1f} s{recomputed}"
        )


class Progress:
    """What build reports while it works (the CLI shows a bar; tests ignore it)."""

    def start(self, total_runs: int, first_day: date, last_day: date) -> None: ...

    def advance(self, runs: int, to_date: date) -> None: ...


class ProgressBar(Progress):
    """A rich progress bar of runs built (done/total, rate, ETA) on the given console."""

    def __init__(self, console: Console) -> None:
        self._bar = RichProgress(
            TextColumn("[bold]features[/] {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("runs"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._bar.stop()

    def start(self, total_runs: int, first_day: date, last_day: date) -> None:
        # shown only once there is work (nothing to build prints one line only)
        self._bar.start()
        self._task = self._bar.add_task(f"{first_day} .. {last_day}", total=total_runs)

    def advance(self, runs: int, to_date: date) -> None:
        if self._task is not None:
            self._bar.update(self._task, advance=runs, description=f"up to {to_date}")


def _check_range(date_from: date | None, date_to: date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise UserError(f"--from {date_from} is after --to {date_to}")


def facts_populated(conn: psycopg.Connection) -> bool:
    (populated,) = conn.execute(query("features_facts_populated")).fetchone()
    return bool(populated)


def check_build_options(
    date_from: date | None, date_to: date | None, stale: bool, batch_runs: int | None
) -> None:
    """Refuse contradictory options with one line, before touching the database."""
    if stale and (date_from or date_to):
        raise UserError("--stale builds from the first changed day to the last; drop --from/--to")
    _check_range(date_from, date_to)
    if batch_runs is not None and batch_runs < 1:
        raise UserError("--batch-runs must be at least 1")


def build(
    conn: psycopg.Connection,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    stale: bool = False,
    batch_runs: int | None = DEFAULT_BATCH_RUNS,
    progress: Progress | None = None,
    two_connections_from_runs: int = TWO_CONNECTIONS_FROM_RUNS,
) -> BuildSummary:
    """Build the features of the runs from date_from to date_to (or the stale days).

    The start and the end (lock, run log, facts, plan) are the SQL functions
    the procedure ``pgbackfill.features_build`` uses too; in between, the
    same per-batch function, on one connection or, for a large range, two.
    """
    check_build_options(date_from, date_to, stale, batch_runs)
    progress = progress or Progress()
    summary = BuildSummary()
    started = time.monotonic()
    try:
        run_id, first_day, last_day, state_recomputed = conn.execute(
            query("features_build_begin"),
            {"stale": stale, "from_date": date_from, "to_date": date_to},
        ).fetchone()
    except psycopg.Error as error:
        if refused := db.refusal(error):
            raise refused from None
        raise
    what = "features build" + (" stale" if stale else "")
    runs.log.info("run %s started: %s", run_id, what)
    if first_day is None:
        runs.log.info("run %s ok: %s, 0 rows written", run_id, what)
        return summary
    summary.first_day, summary.last_day = first_day, last_day
    summary.state_recomputed = state_recomputed
    try:
        if batch_runs is None:
            (batch_runs,) = conn.execute(
                query("features_batch_runs"), {"first_day": first_day, "last_day": last_day}
            ).fetchone()
        batches = _batches(conn, first_day, last_day, batch_runs)
        total_runs = sum(batch[2] for batch in batches)
        progress.start(total_runs, first_day, last_day)

        def built(batch: tuple[date, date, int], written: int) -> None:
            summary.batches += 1
            summary.runs += batch[2]
            summary.rows_written += written
            progress.advance(batch[2], batch[1])

        halves = None
        if total_runs >= max(two_connections_from_runs, 2):
            halves = _halves(conn, first_day, last_day, total_runs, batch_runs)
        helper = _second_connection(conn) if halves else None
        if halves and helper:
            _build_on_two_connections(conn, helper, *halves, built)
        else:
            for batch in batches:
                with db.guarded(conn):
                    written = _build_batch(conn, batch)
                built(batch, written)
    except BaseException as error:
        outcome = runs.outcome_of(error)
        runs.log.info("run %s %s: %s (%s)", run_id, outcome, what, error)
        runs.abandon(conn, outcome, error, [LOCK])
        raise
    conn.execute(query("features_build_end"), {"run_id": run_id, "rows": summary.rows_written})
    runs.log.info("run %s ok: %s, %s rows written", run_id, what, summary.rows_written)
    summary.seconds = time.monotonic() - started
    return summary


Batches = list[tuple[date, date, int]]


def _batches(conn: psycopg.Connection, first_day: date, last_day: date, batch_runs: int) -> Batches:
    return conn.execute(
        query("features_batches"),
        {"first_day": first_day, "last_day": last_day, "batch_runs": batch_runs},
    ).fetchall()


def _build_batch(conn: psycopg.Connection, batch: tuple[date, date, int]) -> int:
    """One batch (date range): its statement, in the caller's transaction."""
    (written,) = conn.execute(
        query("features_build"), {"from_date": batch[0], "to_date": batch[1]}
    ).fetchone()
    return written


def _halves(
    conn: psycopg.Connection, first_day: date, last_day: date, total_runs: int, batch_runs: int
) -> tuple[Batches, Batches] | None:
    """The batches of the first and of the second half (None: no two halves).

    None as well when the role may not remove lane 1 of the running totals
    (a runtime role granted before the lanes): one connection then does it all.
    """
    (allowed,) = conn.execute(query("features_two_connections_allowed")).fetchone()
    if not allowed:
        return None
    cut = _batches(conn, first_day, last_day, math.ceil(total_runs * FIRST_HALF_SHARE))
    if len(cut) < 2:
        return None
    first_half_to = cut[0][1]
    first = _batches(conn, first_day, first_half_to, batch_runs)
    second = _batches(conn, cut[1][0], last_day, batch_runs)
    return first, second


def _second_connection(conn: psycopg.Connection) -> psycopg.Connection | None:
    """Another connection to the same database as the same role, opened as every
    connection of the tool is (db.connect: the same statement and lock
    timeouts); None when the server refuses one (e.g. no connection slot left)."""
    dsn = conninfo.make_conninfo(conn.info.dsn, password=conn.info.password or None)
    try:
        return db.connect(dsn)
    except UserError:
        return None


class _Stopped(Exception):
    """A half of a two-connection build stopped because the other failed."""


def _build_on_two_connections(
    conn: psycopg.Connection,
    helper: psycopg.Connection,
    first: Batches,
    second: Batches,
    built: Callable[[tuple[date, date, int], int], None],
) -> None:
    """The first half on conn, the second on helper, at the same time.

    Each half runs in its own thread (the server works while Python waits);
    this thread reports their batches as they finish. On any error or
    interruption both connections are cancelled: the first half's one
    transaction rolls back, the second half keeps its committed batches
    (a --stale build redoes the rest).
    """
    events: queue.Queue[tuple[str, Any]] = queue.Queue()
    handoff: queue.Queue[str | None] = queue.Queue()
    # the first half's transaction must outlive the second's import of its snapshot
    imported = threading.Event()
    # set when this thread gives up: each half stops before its next statement
    stop = threading.Event()

    def unless_stopped() -> None:
        if stop.is_set():
            raise _Stopped

    def first_half() -> None:
        isolation = conn.isolation_level
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        try:
            with db.guarded(conn):
                (snapshot,) = conn.execute(query("features_lane_open")).fetchone()
                handoff.put(snapshot)
                for batch in first:
                    unless_stopped()
                    events.put(("built", (batch, _build_batch(conn, batch))))
                conn.execute(query("features_lane_close"))
                imported.wait()
                unless_stopped()
        finally:
            handoff.put(None)  # the second half never waits for a snapshot that will not come
            conn.isolation_level = isolation

    def second_half() -> None:
        snapshot = handoff.get()
        if snapshot is None:
            return
        import_snapshot = sql.SQL(query("features_lane_import")).format(
            snapshot=sql.Literal(snapshot)
        )
        helper.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        try:
            with helper.transaction():
                helper.execute(import_snapshot)  # first: nothing may run before it
                db.check_backend(helper)
                imported.set()
                # the totals up to the second half, from the runs the first half builds
                helper.execute(
                    query("features_lane_advance"),
                    {"from_date": first[0][0], "to_date": first[-1][1]},
                )
        finally:
            imported.set()
            helper.isolation_level = None
        for batch in second:
            unless_stopped()
            with db.guarded(helper):
                written = _build_batch(helper, batch)
            events.put(("built", (batch, written)))

    def run(half: Callable[[], None]) -> None:
        try:
            half()
        except BaseException as error:  # reported to the coordinating thread
            events.put(("failed", error))
        else:
            events.put(("done", None))

    threads = [threading.Thread(target=run, args=(half,)) for half in (first_half, second_half)]
    try:
        for thread in threads:
            thread.start()
        finished = 0
        while finished < len(threads):
            kind, payload = events.get()
            if kind == "built":
                batch, written = payload
                built(batch, written)
            elif kind == "failed":
                raise payload
            else:
                finished += 1
    except BaseException:
        stop.set()
        for connection in (conn, helper):
            connection.cancel_safe()
        raise
    finally:
        handoff.put(None)
        imported.set()
        for thread in threads:
            thread.join()
        helper.close()


def export(
    conn: psycopg.Connection,
    path: Path,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    on_chunk: Callable[[int], None] | None = None,
) -> int:
    """Stream the features (and each run's result) to a CSV file; returns the rows.

    COPY sends the rows and they go straight to the file, chunk by chunk: no
    row is held in Python. The file appears only once complete (written
    beside it under a temporary name, then renamed).
    """
    _check_range(date_from, date_to)
    if not facts_populated(conn):
        raise UserError("no features yet: run `pgbackfill features build` first")
    target = path.expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UserError(f"{path} is a folder; give a file name such as features.csv")
    if target.exists() and not target.is_file():
        # the file is written beside and renamed over the target: never over a device
        raise UserError(f"{path} is not a regular file; give a file name such as features.csv")
    if not folder.is_dir():
        raise UserError(f"no folder {folder} to write {target.name} in")
    try:
        handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise UserError(f"cannot write in {folder}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as out, conn.cursor() as cursor:
            with cursor.copy(
                query("features_export"), {"from_date": date_from, "to_date": date_to}
            ) as copy:
                for chunk in copy:
                    out.write(chunk)
                    if on_chunk:
                        on_chunk(len(chunk))
            rows = cursor.rowcount
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return rows
