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
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import psycopg
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

from pgbackfill import runs
from pgbackfill.errors import UserError
from pgbackfill.sqlfiles import query

LOCK = "runner_features"
# About this many runs per batch (transaction): 5 batches at scale 1.0.
DEFAULT_BATCH_RUNS = 250_000


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
    date_from: date | None, date_to: date | None, stale: bool, batch_runs: int
) -> None:
    """Refuse contradictory options with one line, before touching the database."""
    if stale and (date_from or date_to):
        raise UserError("--stale builds from the first changed day to the last; drop --from/--to")
    _check_range(date_from, date_to)
    if batch_runs < 1:
        raise UserError("--batch-runs must be at least 1")


def ensure_facts(conn: psycopg.Connection) -> None:
    """Fill pgbackfill.runner_facts if it was never filled (the features read it)."""
    if not facts_populated(conn):
        conn.execute(query("features_facts_refresh"))


def build(
    conn: psycopg.Connection,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    stale: bool = False,
    batch_runs: int = DEFAULT_BATCH_RUNS,
    progress: Progress | None = None,
) -> BuildSummary:
    """Build the features of the runs from date_from to date_to (or the stale days)."""
    check_build_options(date_from, date_to, stale, batch_runs)
    progress = progress or Progress()
    summary = BuildSummary()
    started = time.monotonic()
    with (
        runs.exclusive(conn, LOCK),
        runs.recorded(conn, "features build", "stale" if stale else None) as run,
    ):
        ensure_facts(conn)
        plan = conn.execute(
            query("features_plan"), {"from_date": date_from, "to_date": date_to, "stale": stale}
        ).fetchone()
        if plan is None:
            return summary
        summary.first_day, summary.last_day, stale_from = plan
        with conn.transaction():
            (summary.state_recomputed,) = conn.execute(
                query("features_begin"),
                {"from_date": plan[0], "to_date": plan[1], "stale_from": stale_from},
            ).fetchone()
        batches = conn.execute(
            query("features_batches"),
            {"first_day": plan[0], "last_day": plan[1], "batch_runs": batch_runs},
        ).fetchall()
        progress.start(sum(batch_runs for _, _, batch_runs in batches), plan[0], plan[1])
        for batch_from, batch_to, batch_run_count in batches:
            with conn.transaction():
                (written,) = conn.execute(
                    query("features_build"), {"from_date": batch_from, "to_date": batch_to}
                ).fetchone()
            summary.batches += 1
            summary.runs += batch_run_count
            summary.rows_written += written
            run.rows_written = summary.rows_written
            progress.advance(batch_run_count, batch_to)
    summary.seconds = time.monotonic() - started
    return summary


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
