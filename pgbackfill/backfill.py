"""`pgbackfill backfill`: the seed's whole plan, one command.

The phases run in the seed's "quick wins" order — trainer locations, sires,
jockey/trainer/owner statistics, damsires, dams — each one the library call
its own command makes (``locations.run``, ``refresh.run``), so a phase here
behaves exactly as that command does: resumable, idempotent, locked, logged.
A phase whose gap is already closed (per ``pgbackfill.audit_gaps``) is
skipped. A phase that cannot run (no API credentials, another writer holds
its lock) is reported and the others still run; the summary says what is
left.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import psycopg
from rich.console import Console

from pgbackfill import audit, db, locations, refresh
from pgbackfill.errors import UserError
from pgbackfill.report import print_table
from pgbackfill.runs import log

# phase -> the audit categories that must be complete for it to be skipped
PHASE_GAPS: dict[str, tuple[str, ...]] = {
    "locations": ("Trainer locations",),
    "sires": ("Sire statistics",),
    "entities": ("Jockey statistics", "Trainer statistics", "Owner statistics"),
    "damsires": ("Damsire statistics",),
    "dams": ("Dam statistics",),
}
PHASES: tuple[str, ...] = tuple(PHASE_GAPS)


@dataclass
class Options:
    phases: tuple[str, ...] = PHASES
    batch_size: int = 5000
    locations: locations.Options = field(default_factory=locations.Options)

    def validated(self) -> Options:
        unknown = [phase for phase in self.phases if phase not in PHASE_GAPS]
        if unknown or not self.phases:
            raise UserError(
                f"unknown phase {', '.join(unknown) or '(none)'}: use any of {', '.join(PHASES)}"
            )
        if self.batch_size < 1:
            raise UserError(f"--batch-size must be at least 1 (got {self.batch_size})")
        return self


@dataclass
class PhaseResult:
    phase: str
    rows_written: int = 0
    seconds: float = 0.0
    outcome: str = "done"


def parse_phases(text: str) -> tuple[str, ...]:
    """'sires,dams' -> ('sires', 'dams'), in the seed's order, checked."""
    chosen = {part.strip() for part in text.split(",") if part.strip()}
    unknown = sorted(chosen - set(PHASES))
    if unknown or not chosen:
        raise UserError(
            f"unknown phase {', '.join(unknown) or '(none)'}: use any of {', '.join(PHASES)}"
        )
    return tuple(phase for phase in PHASES if phase in chosen)


def _complete(conn: psycopg.Connection, phase: str) -> bool:
    missing = dict(audit.read(conn).gaps)
    return not any(category in missing for category in PHASE_GAPS[phase])


def _locations(conn: psycopg.Connection, options: Options, console: Console) -> int:
    summary = locations.run(conn, options.locations, console)
    return summary.with_location_after - summary.with_location_before


def _statistics(
    conn: psycopg.Connection, phase: str, options: Options, console: Console, build_facts: bool
) -> int:
    # scope 'missing': a rerun after an interruption writes only what is left
    settings = refresh.Options(
        batch_size=options.batch_size, scope="missing", refresh_facts=build_facts
    )
    with refresh.BarProgress(console) as progress:
        summary = refresh.run(conn, phase, settings, progress)
    return sum(result.written for result in summary.tables)


def run(url: str, *, console: Console, options: Options) -> list[PhaseResult]:
    """Run the chosen phases in order; returns one result per phase."""
    options = options.validated()
    results = []
    facts_built = False
    with db.session(url) as conn:
        db.require_racing_facts(conn)  # before any phase writes
        for phase in options.phases:
            result = PhaseResult(phase)
            started = time.perf_counter()
            if _complete(conn, phase):
                result.outcome = "skipped: already complete"
            else:
                console.print(f"[bold]{phase}[/bold]")
                try:
                    if phase == "locations":
                        result.rows_written = _locations(conn, options, console)
                    else:
                        # the runner facts are rebuilt once, by the first statistics phase
                        result.rows_written = _statistics(
                            conn, phase, options, console, build_facts=not facts_built
                        )
                        facts_built = True
                except UserError as error:
                    # e.g. no API credentials, or another writer holds the lock
                    result.outcome = f"not finished: {error}"
            result.seconds = time.perf_counter() - started
            log.info(
                "backfill %s: %s, %s rows written in %.1f s",
                phase,
                result.outcome,
                result.rows_written,
                result.seconds,
            )
            results.append(result)
    return results


def left(results: list[PhaseResult]) -> list[str]:
    """The phases that did not finish."""
    return [result.phase for result in results if result.outcome.startswith("not finished")]


def show(console: Console, results: list[PhaseResult]) -> None:
    print_table(
        console,
        "Backfill",
        ["phase", "rows written", "seconds", "outcome"],
        [(r.phase, r.rows_written, f"{r.seconds:.1f}", r.outcome) for r in results],
    )
    unfinished = left(results)
    if unfinished:
        console.print(f"left to do: {', '.join(unfinished)} (see the outcome column)")
    else:
        console.print("every phase finished")
