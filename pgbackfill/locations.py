"""pgbackfill locations: fill ra_mst_trainers.location, free sources first.

1. runner pass: each missing trainer's most recent non-empty
   ``ra_runners.trainer_location`` (set-based SQL, no call);
2. racecards pass: what racecards already fetched carry, then
   ``GET /v1/racecards/pro?date=…`` for the date with most still-missing
   trainers (``pgbackfill.next_racecard_date``), one date at a time, each
   answer committed with the record that the date was asked;
3. what is left is reported by reason (``pgbackfill.trainer_location_gaps``):
   trainers no source can fill are counted apart, never retried.

``--source profile`` replaces step 2 by a per-trainer endpoint, for API
plans that offer one. The SQL does the work; this module asks the API,
shows progress and reports.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pgbackfill import runs
from pgbackfill.db import guarded
from pgbackfill.errors import UserError
from pgbackfill.racing_api import (
    Answer,
    CallBudgetSpent,
    Credentials,
    MissingCredentials,
    RacingApi,
    RetryPolicy,
)
from pgbackfill.sqlfiles import query

SOURCES = ("runners", "racecards", "all", "profile")
LOCK_NAME = "trainer locations"
TEST_TRAINERS = 10
DEFAULT_PROFILE_PATH = "/v1/trainers/{trainer_id}"


@dataclass
class Options:
    source: str = "all"
    test: bool = False
    dry_run: bool = False
    max_calls: int | None = None
    rate: float = 2.0
    profile_path: str = DEFAULT_PROFILE_PATH
    base_url: str | None = None
    credentials: Credentials | None = None
    policy: RetryPolicy = field(default_factory=RetryPolicy)


@dataclass
class Summary:
    """What a run did (or, for a dry run, would do)."""

    dry_run: bool = False
    trainers: int = 0
    with_location_before: int = 0
    with_location_after: int = 0
    coverage_before_pct: float = 0.0
    coverage_after_pct: float = 0.0
    filled_from_runners: int = 0
    filled_from_fetched: int = 0
    filled_from_api: int = 0
    api_calls: int = 0
    retries: int = 0
    dates_fetched: int = 0
    dates_skipped: dict[str, int] = field(default_factory=dict)
    profiles_asked: int = 0
    planned_dates: list[dict[str, Any]] = field(default_factory=list)
    stopped_by: str | None = None
    still_missing: list[dict[str, Any]] = field(default_factory=list)

    @property
    def trainers_per_call(self) -> float | None:
        return round(self.filled_from_api / self.api_calls, 2) if self.api_calls else None

    @property
    def no_source(self) -> int:
        return sum(row["trainers"] for row in self.still_missing if not row["has_source"])

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["trainers_per_call"] = self.trainers_per_call
        data["no_source"] = self.no_source
        return data


def _one(conn: psycopg.Connection, name: str, **params: Any) -> Any:
    row = conn.execute(query(name), params).fetchone()
    return row[0] if row else None


def _coverage(conn: psycopg.Connection) -> tuple[int, int, float]:
    total, with_location, pct = conn.execute(query("locations_coverage")).fetchone()
    return total, with_location, float(pct or 0)


def _gaps(conn: psycopg.Connection, only: list[str] | None) -> list[dict[str, Any]]:
    rows = conn.execute(query("locations_gaps"), {"only": only}).fetchall()
    return [{"reason": reason, "has_source": has, "trainers": n} for reason, has, n in rows]


def run(conn: psycopg.Connection, options: Options, console: Console | None = None) -> Summary:
    """The whole job (conn must be autocommit: each date commits as it arrives)."""
    if options.source not in SOURCES:
        raise UserError(f"--source must be one of {', '.join(SOURCES)}")
    if options.max_calls is not None and options.max_calls < 0:
        raise UserError("--max-calls must be 0 or more")
    if options.rate <= 0:
        raise UserError("--rate must be above 0 requests per second")
    console = console or Console(stderr=True)
    summary = Summary(dry_run=options.dry_run)
    summary.trainers, summary.with_location_before, summary.coverage_before_pct = _coverage(conn)
    only = (
        list(_one(conn, "locations_test_trainers", limit=TEST_TRAINERS)) if options.test else None
    )
    if options.dry_run:
        _plan(conn, options, only, summary)
    else:
        with runs.exclusive(conn, LOCK_NAME):
            _fill(conn, options, only, summary, console)
    summary.trainers, summary.with_location_after, summary.coverage_after_pct = _coverage(conn)
    summary.still_missing = _gaps(conn, only)
    return summary


def _plan(
    conn: psycopg.Connection, options: Options, only: list[str] | None, summary: Summary
) -> None:
    """Dry run: what each pass would fill, and the greedy date plan. No call, no write."""
    summary.filled_from_runners = _one(conn, "locations_runner_candidates", only=only)
    if options.source in ("racecards", "all"):
        summary.filled_from_fetched = _one(conn, "locations_fetched_candidates", only=only)
        with conn.transaction():  # the plan's scratch table goes with it
            rows = conn.execute(query("locations_plan"), {"only": only}).fetchall()
        summary.planned_dates = [
            {
                "step": step,
                "date": day.isoformat(),
                "trainers_covered": covered,
                "trainers_left": left,
            }
            for step, day, covered, left in rows
        ]
        if options.max_calls is not None:
            summary.planned_dates = summary.planned_dates[: options.max_calls]
        summary.filled_from_api = sum(row["trainers_covered"] for row in summary.planned_dates)
        summary.api_calls = len(summary.planned_dates)


def _fill(
    conn: psycopg.Connection,
    options: Options,
    only: list[str] | None,
    summary: Summary,
    console: Console,
) -> None:
    with runs.recorded(conn, "locations", "runners") as logged, guarded(conn):
        summary.filled_from_runners = _one(conn, "locations_from_runners", only=only)
        logged.rows_written = summary.filled_from_runners
    if options.source == "runners":
        return
    if options.credentials is None:
        raise MissingCredentials(
            f"the runner-row pass filled {summary.filled_from_runners} trainers"
        )
    api = RacingApi(
        options.credentials,
        options.base_url,
        rate=options.rate,
        policy=options.policy,
        max_calls=options.max_calls,
    )
    phase = "profile" if options.source == "profile" else "racecards"
    try:
        with api, runs.recorded(conn, "locations", phase) as logged:
            if phase == "racecards":
                _racecards(conn, api, only, summary, console)
            else:
                _profiles(conn, api, options.profile_path, only, summary, console)
            logged.rows_written = summary.filled_from_fetched + summary.filled_from_api
    finally:
        summary.api_calls, summary.retries = api.calls, api.retries


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def _racecards(
    conn: psycopg.Connection,
    api: RacingApi,
    only: list[str] | None,
    summary: Summary,
    console: Console,
) -> None:
    """Greedy racecard pass: one date per step, each committed as it arrives."""
    with guarded(conn):
        summary.filled_from_fetched = _one(conn, "locations_from_racecards", only=only)
    with conn.transaction():
        planned = len(conn.execute(query("locations_plan"), {"only": only}).fetchall())
    with _progress(console) as progress:
        task = progress.add_task("racecard dates", total=planned or None, status="")
        while True:
            step = conn.execute(query("locations_next_date"), {"only": only}).fetchone()
            if step is None:
                break
            racecard_date, expected = step
            progress.update(task, status=f"{racecard_date} ({expected} trainers)")
            try:
                answer = api.racecards(racecard_date)
            except CallBudgetSpent:
                summary.stopped_by = "max calls"
                break
            _take_racecards(conn, racecard_date, answer, only, summary)
            progress.update(
                task,
                advance=1,
                total=max(planned, summary.dates_fetched + sum(summary.dates_skipped.values())),
                status=f"{summary.filled_from_api} trainers filled",
            )


def _take_racecards(
    conn: psycopg.Connection,
    racecard_date: date,
    answer: Answer,
    only: list[str] | None,
    summary: Summary,
) -> None:
    if answer.outcome == "ok":
        with guarded(conn):
            summary.filled_from_api += _one(
                conn,
                "locations_apply_racecards",
                racecard_date=racecard_date,
                racecards=Jsonb(answer.body),
                only=only,
            )
        summary.dates_fetched += 1
    else:
        with guarded(conn):
            conn.execute(
                query("locations_skip_date"),
                {
                    "racecard_date": racecard_date,
                    "outcome": answer.outcome,
                    "detail": answer.detail,
                },
            )
        summary.dates_skipped[answer.outcome] = summary.dates_skipped.get(answer.outcome, 0) + 1


def _profiles(
    conn: psycopg.Connection,
    api: RacingApi,
    path_template: str,
    only: list[str] | None,
    summary: Summary,
    console: Console,
) -> None:
    """Per-trainer profile pass; a 404 before any success means 'not offered'."""
    if "{trainer_id}" not in path_template:
        raise UserError("--profile-path must contain {trainer_id}, e.g. /v1/trainers/{trainer_id}")
    # one request per trainer is what a per-trainer endpoint costs
    targets = [row[0] for row in conn.execute(query("locations_profile_targets"), {"only": only})]
    answered = 0
    with _progress(console) as progress:
        task = progress.add_task("trainer profiles", total=len(targets), status="")
        for trainer_id in targets:
            try:
                answer = api.get(path_template.format(trainer_id=trainer_id))
            except CallBudgetSpent:
                summary.stopped_by = "max calls"
                break
            if answer.outcome == "404" and answered == 0:
                raise UserError(
                    f"the API does not offer trainer profiles at {path_template} (HTTP 404); "
                    "use --source racecards",
                    exit_code=2,
                )
            body = answer.body if isinstance(answer.body, dict) else {}
            location = body.get("location") or body.get("trainer_location")
            outcome = answer.outcome
            if outcome == "ok" and not isinstance(answer.body, dict):
                outcome = "undecodable"
            answered += outcome == "ok"
            summary.filled_from_api += _one(
                conn,
                "locations_apply_profile",
                trainer_id=trainer_id,
                outcome=outcome,
                location=location if isinstance(location, str) else None,
            )
            summary.profiles_asked += 1
            progress.update(task, advance=1, status=f"{summary.filled_from_api} filled")


def print_summary(console: Console, summary: Summary, rate: float) -> None:
    """The closing table (and, for a dry run, the head of the plan)."""
    title = (
        "trainer locations (dry run: nothing asked, nothing written)"
        if summary.dry_run
        else "trainer locations"
    )
    table = Table(title=title, show_header=False)
    table.add_column("what")
    table.add_column("trainers", justify="right")
    verb = "would fill" if summary.dry_run else "filled"
    table.add_row("trainers", str(summary.trainers))
    table.add_row(
        "with a location before",
        f"{summary.with_location_before} ({summary.coverage_before_pct:.2f} %)",
    )
    table.add_row(f"runner rows {verb}", str(summary.filled_from_runners))
    table.add_row(f"racecards already fetched {verb}", str(summary.filled_from_fetched))
    table.add_row(f"API racecards {verb}", str(summary.filled_from_api))
    calls = f"{summary.api_calls}"
    if summary.dry_run:
        calls += f" (~{summary.api_calls / rate:.0f} s at {rate:g}/s)"
    elif summary.retries:
        calls += f" ({summary.retries} retries)"
    table.add_row("API calls" + (" planned" if summary.dry_run else ""), calls)
    if summary.trainers_per_call is not None:
        table.add_row("trainers per call", f"{summary.trainers_per_call:.2f}")
    if summary.profiles_asked:
        table.add_row("profiles asked", str(summary.profiles_asked))
    if summary.dates_fetched or summary.dates_skipped:
        skipped = ", ".join(
            f"{n} {outcome}" for outcome, n in sorted(summary.dates_skipped.items())
        )
        table.add_row(
            "racecard dates fetched",
            f"{summary.dates_fetched}" + (f" (skipped: {skipped})" if skipped else ""),
        )
    if not summary.dry_run:
        table.add_row(
            "with a location after",
            f"{summary.with_location_after} ({summary.coverage_after_pct:.2f} %)",
        )
    for row in summary.still_missing:
        label = "still missing" if row["has_source"] else "no source"
        table.add_row(f"{label}: {row['reason']}", str(row["trainers"]))
    if summary.stopped_by:
        table.add_row("stopped by", summary.stopped_by)
    console.print(table)
    if summary.dry_run and summary.planned_dates:
        head = summary.planned_dates[:10]
        dates = ", ".join(f"{row['date']} ({row['trainers_covered']})" for row in head)
        more = len(summary.planned_dates) - len(head)
        console.print(f"first dates: {dates}" + (f" … and {more} more" if more > 0 else ""))
