"""`make bench` section: point-in-time features (issue 8, item 4).

Targets on the 2-core machine at scale 1.0: every run's features built from
nothing in at most 60 s; one new race day (`features build --stale` after
the day's results arrive) in at most 1 s. The full build runs on two
connections (the default from TWO_CONNECTIONS_FROM_RUNS runs on); the same
build on one connection is timed beside it, for the ratio.
"""

from __future__ import annotations

import statistics
import time

from pgbackfill import db, features
from pgbackfill.sqlfiles import query

FULL_TARGET = 60.0
NEW_DAY_TARGET = 1.0
NEW_DAY_REPEATS = 3
# a threshold no build reaches: the whole build on the one connection
ONE_CONNECTION = 10**12


def run(url: str) -> list[tuple[str, float, str]]:
    rows: list[tuple[str, float, str]] = []
    with db.session(url) as conn:
        if not features.facts_populated(conn):
            conn.execute(query("refresh_runner_facts"), {"full": True})
        # from nothing: no features, no running totals; one connection first
        # (for the ratio), then the build as it runs by default
        conn.execute(query("features_forget"))
        started = time.perf_counter()
        one = features.build(conn, two_connections_from_runs=ONE_CONNECTION)
        one_seconds = time.perf_counter() - started
        conn.execute(query("features_forget"))
        started = time.perf_counter()
        full = features.build(conn)
        seconds = time.perf_counter() - started
        rows.append(
            (
                "features build (all runs)",
                seconds,
                f"{full.rows_written:,} runs, {full.batches} batches, two connections; "
                f"target ≤ {FULL_TARGET:.0f} s",
            )
        )
        rows.append(
            (
                "features build (all runs, one connection)",
                one_seconds,
                f"{one.rows_written:,} runs, {one.batches} batches; "
                f"{one_seconds / seconds:.2f}x the two-connection time",
            )
        )
        if full.last_day is None:
            return rows
        # the last race day arrives: totals up to the day before, the day not
        # built (set up untimed), then build what is stale; the median of a few
        timings = []
        for _ in range(NEW_DAY_REPEATS):
            conn.execute(query("features_state_reset"), {"before_date": full.last_day})
            conn.execute(query("features_forget_day"), {"race_date": full.last_day})
            started = time.perf_counter()
            new_day = features.build(conn, stale=True)
            timings.append(time.perf_counter() - started)
        rows.append(
            (
                "features build --stale (one new race day)",
                statistics.median(timings),
                f"{new_day.rows_written:,} runs on {full.last_day}, median of {NEW_DAY_REPEATS}; "
                f"target ≤ {NEW_DAY_TARGET:.0f} s",
            )
        )
    return rows
