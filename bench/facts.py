"""Issue 15, targets 1 and 2: the runner facts pass, on its own.

``run(url)`` on a seeded database whose facts were filled (the pedigree
section fills them; filled here otherwise), medians of REPEATS taken in turn:

- target 1: the full pass with nothing changed since the last one
  (``refresh_runner_facts(full => true)``: compares the races' fingerprints,
  recomputes none), ≤ 1.5 s; beside it the thorough pass (``thorough =>
  true``: every run recomputed and compared, what `refresh --check` runs),
  for reference;
- target 2: the first fill (``refresh_runner_facts()`` on an empty
  pgbackfill.runner_facts: insert every run, build the indexes), ≤ 8 s, in
  a transaction rolled back, so the bench database keeps its facts. Each
  fill starts after a checkpoint (where the role may ask for one): the fill
  before it left a few hundred MB of WAL and dirty pages behind, and a
  checkpoint falling inside the next fill's seconds timed the previous one's
  writes too (the same code: 10.0-14.9 s in five rounds, 10.3-13.0 s in four
  with the checkpoint).
"""

from __future__ import annotations

import statistics
import time

import psycopg

from bench.report import Row, judged, repeated
from pgbackfill import db

FULL_TARGET = 1.5
FIRST_FILL_TARGET = 8.0
REPEATS = 3
PASS = "select pgbackfill.refresh_runner_facts(full => true, thorough => %s)"
FIRST_FILL = (
    "truncate pgbackfill.run_facts, pgbackfill.race_facts",
    "select pgbackfill.refresh_runner_facts()",
)


def run(url: str) -> list[Row]:
    with db.session(url) as conn:
        # a pass first, untimed: what follows changes nothing
        conn.execute(PASS, (False,))
        (runs,) = conn.execute("select count(*) from pgbackfill.runner_facts").fetchone()

        def facts_pass(thorough: bool) -> float:
            started = time.perf_counter()
            (changed,) = conn.execute(PASS, (thorough,)).fetchone()
            seconds = time.perf_counter() - started
            if changed:
                raise RuntimeError(f"a pass with nothing changed changed {changed:,} fact rows")
            return seconds

        def first_fill() -> float:
            settled(conn)
            with conn.transaction(force_rollback=True):
                conn.execute(FIRST_FILL[0])
                started = time.perf_counter()
                conn.execute(FIRST_FILL[1])
                return time.perf_counter() - started

        timed: dict[str, list[float]] = {"full": [], "thorough": [], "first": []}
        for _ in range(REPEATS):  # in turn: each median sees the same load
            timed["full"].append(facts_pass(False))
            timed["thorough"].append(facts_pass(True))
            timed["first"].append(first_fill())
    full, thorough, first = (statistics.median(timed[name]) for name in timed)

    return [
        (
            "target 1: full facts pass, nothing changed",
            full,
            f"{judged(full, FULL_TARGET)}; {repeated(timed['full'])}; "
            f"{runs:,} runs; races' fingerprints compared",
        ),
        (
            "facts pass, thorough (every run compared)",
            thorough,
            f"no target (refresh --check); {repeated(timed['thorough'])}; "
            f"{thorough / full:.1f}x the full pass",
        ),
        (
            "target 2: first fill of the facts",
            first,
            f"{judged(first, FIRST_FILL_TARGET)}; {repeated(timed['first'])}; "
            "inserts and index builds, rolled back",
        ),
    ]


def settled(conn: psycopg.Connection) -> None:
    """The earlier fills' writes done before the next one is timed (a role
    that may not checkpoint times them as they fall)."""
    try:
        conn.execute("checkpoint")
    except psycopg.errors.InsufficientPrivilege:
        pass


if __name__ == "__main__":  # python -m bench.facts URL
    import sys

    from bench.report import printed

    printed(run(sys.argv[1]))
