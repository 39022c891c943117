"""`pgbackfill refresh`: the statistics tables, computed set-based, written in batches.

One code path serves every statistics table. For each target the database
does the work in two SQL functions (sql/functions/refresh_stage.sql and
refresh_apply.sql):

1. stage: one set-based call of the table's figures function
   (``pgbackfill.sire_stats(min_runs)``, ``pgbackfill.jockey_stats(as_of)`` …)
   into a temporary table of this session, narrowed to the entities the
   scope asks for;
2. apply: batches of ``batch_size`` ids, each one statement and so one
   transaction, ``update … set (<every figure column>) = …`` with the SET list
   read from the catalog, stamping each entity with the run's time.

Interrupt it anywhere (Ctrl-C, kill -9, a dropped connection): the staging
table dies with the session, finished batches stay committed, and a rerun
computes the same figures from the same runs and writes them again, so the
result equals an uninterrupted run (`--only-missing` finishes just the
rest). The user's ``--table`` choice only picks a registry entry, whose
fixed query in queries.sql names the table: the choice never reaches SQL.

One target is a materialized view, not a table: ``breakdown``
(pgbackfill.pedigree_breakdown, a row per entity and condition). It is
rebuilt whole by one statement, concurrently once it holds rows, so readers
keep the previous rows until it commits and a killed rebuild leaves them as
they were. It belongs to no group: it takes a minute at 1.3M runs, which
the daily ``--table all --stale`` should not wait for.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Protocol

import psycopg

from pgbackfill.db import guarded, require_racing_facts
from pgbackfill.errors import UserError
from pgbackfill.runs import exclusive, recorded
from pgbackfill.sqlfiles import query


@dataclass(frozen=True)
class Target:
    """One statistics table: its --table name, the table, its fixed stage query.

    A view target (``is_view``) is rebuilt whole by its query instead: no
    scope, no batches, no --check.
    """

    name: str
    table: str
    stage_query: str
    is_view: bool = False


# The registry: adding a statistics table is adding an entry here and its
# `refresh_stage_<name>` query in queries.sql.
TARGETS: dict[str, Target] = {
    target.name: target
    for target in (
        Target("sires", "ra_mst_sires", "refresh_stage_sires"),
        Target("dams", "ra_mst_dams", "refresh_stage_dams"),
        Target("damsires", "ra_mst_damsires", "refresh_stage_damsires"),
        Target("jockeys", "ra_mst_jockeys", "refresh_stage_jockeys"),
        Target("trainers", "ra_mst_trainers", "refresh_stage_trainers"),
        Target("owners", "ra_mst_owners", "refresh_stage_owners"),
        Target(
            "breakdown",
            "pgbackfill.pedigree_breakdown",
            "refresh_pedigree_breakdown",
            is_view=True,
        ),
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
    """Refresh the statistics of the chosen table(s); conn must be autocommit."""
    options = options.validated()
    targets = targets_for(choice, options)
    progress = progress or Silent()
    require_racing_facts(conn)
    with ExitStack() as locks:
        # every lock first: a second writer leaves at once, before any work
        if not options.check:
            for target in targets:
                locks.enter_context(exclusive(conn, target.table))
        facts_seconds = 0.0
        if options.refresh_facts:
            progress.phase("runner facts")
            with timed() as clock:
                (filled_before,) = conn.execute(query("features_facts_populated")).fetchone()
                with guarded(conn):
                    conn.execute(
                        query("refresh_runner_facts"),
                        {"full": options.full_facts or options.check or options.scope != "stale"},
                    )
                if not filled_before:
                    # after the first fill, do autovacuum's work now: the
                    # statistics read the facts' covering indexes, and an
                    # index-only scan needs the visibility map a vacuum sets
                    # (without it the first pedigree pass takes twice as long)
                    conn.execute(query("runner_facts_vacuum"))
            facts_seconds = clock.seconds
        # the stamp follows the facts: every change the facts pass logged is
        # in these figures; one logged by a later pass makes the entity stale
        (refreshed_at,) = conn.execute(query("refresh_clock")).fetchone()
        results = [
            refresh_table(conn, target, options, refreshed_at, progress) for target in targets
        ]
    return Summary(refreshed_at, facts_seconds, results, checked=options.check)


def refresh_table(
    conn: psycopg.Connection,
    target: Target,
    options: Options,
    refreshed_at: datetime,
    progress: Progress,
) -> TableResult:
    result = TableResult(target.name, target.table)
    if target.is_view:
        return rebuild_view(conn, target, result, progress)
    phase = "check" if options.check else options.scope
    with recorded(conn, "refresh", f"{target.name} ({phase})") as logged:
        progress.phase(f"{target.name}: computing")
        with timed() as clock, guarded(conn):
            (result.entities,) = conn.execute(
                query(target.stage_query),
                {
                    "scope": options.scope,
                    "min_runs": options.min_runs,
                    "as_of": options.as_of or date.today(),
                },
            ).fetchone()
        result.stage_seconds = clock.seconds
        if options.check:
            with guarded(conn):
                rows = conn.execute(query("refresh_check")).fetchall()
            result.differing = {figure: count for figure, count in rows if count}
        else:
            progress.start(target, result.entities)
            with timed() as clock:
                for entities, written in batches(conn, refreshed_at, options.batch_size):
                    result.batches += 1
                    result.written += written
                    logged.rows_written = result.written
                    progress.advance(entities)
            result.write_seconds = clock.seconds
        conn.execute(query("refresh_discard"))
    return result


def rebuild_view(
    conn: psycopg.Connection, target: Target, result: TableResult, progress: Progress
) -> TableResult:
    """A view target: one statement rebuilds it (concurrently once populated)."""
    with recorded(conn, "refresh", f"{target.name} (all)") as logged:
        progress.phase(f"{target.name}: computing")
        with timed() as clock, guarded(conn):
            (result.entities,) = conn.execute(query(target.stage_query)).fetchone()
        result.stage_seconds = clock.seconds
        result.written = result.entities
        result.batches = 1
        logged.rows_written = result.written
    return result


def batches(
    conn: psycopg.Connection, refreshed_at: datetime, batch_size: int
) -> Iterator[tuple[int, int]]:
    """Apply the staged figures batch by batch; yields (entities, rows written)."""
    after_id = ""
    while True:
        with guarded(conn):
            last_id, entities, written = conn.execute(
                query("refresh_apply"),
                {"refreshed_at": refreshed_at, "after_id": after_id, "batch_size": batch_size},
            ).fetchone()
        if not entities:
            return
        yield entities, written
        after_id = last_id


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
