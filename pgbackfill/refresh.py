"""`pgbackfill refresh`: the statistics tables, computed set-based, written in batches.

The work is one procedure, ``pgbackfill.refresh`` (sql/functions/
refresh.sql), the same that psql and pg_cron call; this module validates
the options, calls it and turns its NOTICEs into the progress bar and the
summary. For each table the procedure uses two SQL functions
(refresh_stage.sql and refresh_apply.sql):

1. stage: one set-based call of the table's figures function
   (``pgbackfill.sire_stats(min_runs)``, ``pgbackfill.jockey_stats(as_of)`` …)
   into a temporary table of this session, narrowed to the entities the
   scope asks for;
2. apply: batches of ``batch_size`` ids, each committed on its own,
   ``update … set (<every figure column>) = …`` with the SET list read from
   the catalog, stamping each entity with the run's time.

Interrupt it anywhere (Ctrl-C, kill -9, a dropped connection): the staging
table dies with the session, finished batches stay committed, and a rerun
computes the same figures from the same runs and writes them again, so the
result equals an uninterrupted run (`--only-missing` finishes just the
rest). The user's ``--table`` choice is checked against the registry
before it reaches SQL, and the procedure checks it again against its own.

Two targets are materialized views, not tables: ``breakdown``
(pgbackfill.pedigree_breakdown, a row per entity and condition) and
``regions`` (pgbackfill.regional_figures: regions, training centres,
travel bands). Each is rebuilt whole by one statement, concurrently once it
holds rows, so readers keep the previous rows until it commits and a killed
rebuild leaves them as they were. Neither belongs to a group: the
breakdown takes a minute at 1.3M runs and the regional figures half a
minute, which the daily ``--table all --stale`` (seconds) should not wait
for; each has its own daily job.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Protocol

import psycopg

from pgbackfill import runs
from pgbackfill.db import refusal
from pgbackfill.errors import UserError
from pgbackfill.runs import log
from pgbackfill.sqlfiles import query


@dataclass(frozen=True)
class Target:
    """One statistics table: its --table name and its table (the name of its
    writers' advisory lock).

    A view target (``is_view``) is rebuilt whole: no scope, no batches, no
    --check.
    """

    name: str
    table: str
    is_view: bool = False


# The CLI's copy of the registry, to refuse a bad --table before connecting
# and to name the tables in the summary; the registry the work follows is
# pgbackfill.refresh_targets() (sql/functions/refresh_targets.sql), and a
# test keeps the two equal.
TARGETS: dict[str, Target] = {
    target.name: target
    for target in (
        Target("sires", "ra_mst_sires"),
        Target("dams", "ra_mst_dams"),
        Target("damsires", "ra_mst_damsires"),
        Target("jockeys", "ra_mst_jockeys"),
        Target("trainers", "ra_mst_trainers"),
        Target("owners", "ra_mst_owners"),
        Target("breakdown", "pgbackfill.pedigree_breakdown", is_view=True),
        Target("regions", "pgbackfill.regional_figures", is_view=True),
    )
}
GROUPS: dict[str, tuple[str, ...]] = {
    "pedigree": ("sires", "dams", "damsires"),
    "entities": ("jockeys", "trainers", "owners"),
    "all": ("sires", "dams", "damsires", "jockeys", "trainers", "owners"),
}
CHOICES: tuple[str, ...] = (*TARGETS, *GROUPS)

SCOPES = ("all", "missing", "stale")


@dataclass(frozen=True)
class Options:
    batch_size: int = 5000
    scope: str = "all"  # all | missing (--only-missing) | stale (--stale)
    as_of: date | None = None  # entity tables' day; None = today
    min_runs: int = 5  # smallest sample for a pedigree best class/distance
    check: bool = False  # compute and compare, write nothing
    refresh_facts: bool = True  # bring pgbackfill.runner_facts up to date first
    # --stale brings the facts up to date from the races whose rows changed
    # since the last pass (their timestamps say so); every other scope, and
    # --stale --full-facts, recomputes every run's facts (only differences
    # are written), so an edit that moved no timestamp is seen too
    full_facts: bool = False

    def validated(self) -> Options:
        if self.batch_size < 1:
            raise UserError(f"--batch-size must be at least 1 (got {self.batch_size})")
        if self.min_runs < 1:
            raise UserError(f"--min-runs must be at least 1 (got {self.min_runs})")
        if self.scope not in SCOPES:
            raise UserError(f"unknown scope {self.scope!r}: use one of {', '.join(SCOPES)}")
        return self


@dataclass
class TableResult:
    target: str
    table: str
    entities: int = 0  # staged: the entities this run had to write (or check)
    written: int = 0  # rows updated
    batches: int = 0
    stage_seconds: float = 0.0
    write_seconds: float = 0.0
    differing: dict[str, int] = field(default_factory=dict)  # --check: figure -> entities

    @property
    def seconds(self) -> float:
        return self.stage_seconds + self.write_seconds


@dataclass
class Summary:
    refreshed_at: datetime
    facts_seconds: float
    tables: list[TableResult]
    checked: bool = False

    @property
    def seconds(self) -> float:
        return self.facts_seconds + sum(table.seconds for table in self.tables)

    def as_dict(self) -> dict:
        return {
            "refreshed_at": self.refreshed_at.isoformat(),
            "checked": self.checked,
            "facts_seconds": round(self.facts_seconds, 3),
            "seconds": round(self.seconds, 3),
            "tables": [
                {**asdict(table), "seconds": round(table.seconds, 3)} for table in self.tables
            ],
        }


class Progress(Protocol):
    """What the driver reports to (the CLI's rich bar, or nothing)."""

    def phase(self, description: str) -> None: ...
    def start(self, target: Target, total: int) -> None: ...
    def advance(self, entities: int) -> None: ...


class Silent:
    def phase(self, description: str) -> None:
        pass

    def start(self, target: Target, total: int) -> None:
        pass

    def advance(self, entities: int) -> None:
        pass


def targets_for(choice: str, options: Options = Options()) -> list[Target]:
    """The tables a --table choice names (a table, or a group of tables).

    Options a view cannot honour stop here with one line, before any work.
    """
    if choice in TARGETS:
        targets = [TARGETS[choice]]
    elif choice in GROUPS:
        targets = [TARGETS[name] for name in GROUPS[choice]]
    else:
        raise UserError(f"unknown table {choice!r}: use one of {', '.join(CHOICES)}")
    for target in targets:
        if target.is_view and (options.scope != "all" or options.check):
            raise UserError(
                f"--table {target.name} is rebuilt whole: "
                "--only-missing, --stale and --check do not apply to it"
            )
    return targets


def run(
    conn: psycopg.Connection,
    choice: str,
    options: Options = Options(),
    progress: Progress | None = None,
) -> Summary:
    """Refresh the statistics of the chosen table(s); conn must be autocommit.

    The work is the procedure ``pgbackfill.refresh`` (sql/functions/
    refresh.sql), the same one psql and pg_cron call: it takes the locks,
    brings the facts up to date, logs the runs and commits batch by batch.
    Its NOTICEs drive the progress and make the summary. Only the first fill
    of the facts is split off, so that it can be vacuumed before the
    statistics read it (a procedure may not VACUUM).
    """
    options = options.validated()
    targets_for(choice, options)
    progress = progress or Silent()
    listener = Listener(conn, progress)
    conn.add_notice_handler(listener)
    try:
        refresh_facts = options.refresh_facts
        if refresh_facts and not conn.execute(query("features_facts_populated")).fetchone()[0]:
            call(conn, listener, choice, options, facts_only=True)
            # do autovacuum's work now: the statistics read the facts'
            # covering indexes, and an index-only scan needs the visibility
            # map a vacuum sets (without it the first pedigree pass takes
            # twice as long)
            with timed() as clock:
                conn.execute(query("runner_facts_vacuum"))
            listener.facts_seconds += clock.seconds
            refresh_facts = False
        call(conn, listener, choice, options, refresh_facts=refresh_facts)
    finally:
        conn.remove_notice_handler(listener)
    return Summary(
        listener.refreshed_at, listener.facts_seconds, listener.tables, checked=options.check
    )


def call(
    conn: psycopg.Connection,
    listener: Listener,
    choice: str,
    options: Options,
    *,
    refresh_facts: bool = True,
    facts_only: bool = False,
) -> None:
    """One call of the procedure; its errors become one line (or are re-raised)."""
    try:
        conn.execute(
            query("refresh_call"),
            {
                "target": choice,
                "stale": options.scope == "stale",
                "check_only": options.check,
                "only_missing": options.scope == "missing",
                "full_facts": options.full_facts,
                "batch_size": options.batch_size,
                "as_of": options.as_of or date.today(),
                "min_runs": options.min_runs,
                "refresh_facts": refresh_facts,
                "facts_only": facts_only,
            },
        )
    except psycopg.Error as error:
        if listener.stopped is not None:  # the progress side stopped the call
            abandon(conn, choice, "interrupted", listener.stopped)
            raise listener.stopped from None
        abandon(conn, choice, "failed", error)
        if refused := refusal(error):
            raise refused from None
        if error.sqlstate == "22023":  # a bad argument, named by the procedure
            raise UserError(error.diag.message_primary) from None
        raise
    except KeyboardInterrupt as error:
        abandon(conn, choice, "interrupted", error)
        raise


def abandon(conn: psycopg.Connection, choice: str, outcome: str, error: BaseException) -> None:
    """After a failed call: its runs closed, the locks of its tables released."""
    log.info("refresh %s %s: %s", choice, outcome, error)
    runs.abandon(conn, outcome, error, [target.table for target in targets_for(choice)])


class Listener:
    """The procedure's NOTICEs (DETAIL: one JSON event each), turned into the
    progress calls and the summary's figures. When the progress side raises
    (Ctrl-C in the bar, say), the call is cancelled and that error is raised
    from it: psycopg swallows what a notice handler raises."""

    def __init__(self, conn: psycopg.Connection, progress: Progress) -> None:
        self.conn = conn
        self.progress = progress
        self.facts_seconds = 0.0
        self.refreshed_at: datetime | None = None
        self.tables: list[TableResult] = []
        self.stopped: BaseException | None = None

    def __call__(self, notice: psycopg.errors.Diagnostic) -> None:
        if self.stopped is not None:
            return
        try:
            self.take(notice)
        except BaseException as error:
            self.stopped = error
            self.conn.cancel_safe()

    def take(self, notice: psycopg.errors.Diagnostic) -> None:
        if not notice.message_detail or not notice.message_detail.startswith("{"):
            return
        event = json.loads(notice.message_detail)
        kind = event.get("event")
        if kind == "phase":
            if "run_id" in event:  # a table's run began (--log-file)
                log.info("run %s started: %s", event["run_id"], event["run"])
            self.progress.phase(event["description"])
        elif kind == "facts":
            self.facts_seconds += float(event["seconds"])
        elif kind == "clock":
            self.refreshed_at = datetime.fromisoformat(event["refreshed_at"])
        elif kind == "start":
            self.progress.start(TARGETS[event["name"]], int(event["total"]))
        elif kind == "batch":
            self.progress.advance(int(event["entities"]))
        elif kind == "table":
            log.info(
                "run %s ok: %s, %s rows written", event["run_id"], event["run"], event["written"]
            )
            self.tables.append(
                TableResult(
                    target=event["target"],
                    table=event["table"],
                    entities=int(event["entities"]),
                    written=int(event["written"]),
                    batches=int(event["batches"]),
                    stage_seconds=float(event["stage_seconds"]),
                    write_seconds=float(event["write_seconds"]),
                    differing={name: int(count) for name, count in event["differing"].items()},
                )
            )


@dataclass
class Clock:
    seconds: float = 0.0


@contextmanager
def timed() -> Iterator[Clock]:
    clock = Clock()
    started = time.perf_counter()
    try:
        yield clock
    finally:
        clock.seconds = time.perf_counter() - started


# Showing it: a rich progress bar while it runs, a summary line (or JSON) after.


class BarProgress:
    """done / total, entities a second and ETA per table, on the given console."""

    def __init__(self, console) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._task = None
        self._started = 0.0

    def __enter__(self) -> BarProgress:
        self._bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._bar.__exit__(*exc)

    def phase(self, description: str) -> None:
        if self._task is not None and self._bar.tasks[self._task].total is None:
            self._bar.update(self._task, description=description)
            return
        self._task = self._bar.add_task(description, total=None, rate="")

    def start(self, target: Target, total: int) -> None:
        self._started = time.perf_counter()
        self._bar.update(
            self._task, description=f"{target.name}: writing", total=total, completed=0
        )

    def advance(self, entities: int) -> None:
        self._bar.advance(self._task, entities)
        task = self._bar.tasks[self._task]
        elapsed = max(time.perf_counter() - self._started, 1e-6)
        self._bar.update(self._task, rate=f"{task.completed / elapsed:,.0f}/s")


def show(console, summary: Summary, as_json: bool) -> None:
    """The closing summary: one line per table and a total, or JSON."""
    if as_json:
        from pgbackfill.report import print_json

        print_json(console, summary.as_dict())
        return
    for table in summary.tables:
        if summary.checked:
            differing = ", ".join(f"{name} {count:,}" for name, count in table.differing.items())
            console.print(
                f"{table.table}: {table.entities:,} entities checked, "
                + (
                    f"differing figures: {differing}"
                    if differing
                    else "every stored figure matches"
                )
            )
        elif TARGETS[table.target].is_view:
            console.print(f"{table.table}: rebuilt, {table.written:,} rows, {table.seconds:.1f} s")
        else:
            console.print(
                f"{table.table}: {table.written:,} of {table.entities:,} entities written "
                f"in {table.batches:,} batches, {table.seconds:.1f} s "
                f"(compute {table.stage_seconds:.1f} s, write {table.write_seconds:.1f} s)"
            )
    console.print(
        f"refresh done in {summary.seconds:.1f} s (runner facts {summary.facts_seconds:.1f} s), "
        f"stamped {summary.refreshed_at:%Y-%m-%d %H:%M:%S}"
    )
