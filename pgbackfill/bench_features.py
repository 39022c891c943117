"""`make bench` section: point-in-time features (issue 8, item 4).

Targets on the 2-core machine at scale 1.0: every run's features built from
nothing in at most 60 s; one new race day (`features build --stale` after
the day's results arrive) in at most 1 s.
"""

from __future__ import annotations

import statistics
import time

from pgbackfill import db, features
from pgbackfill.sqlfiles import query

FULL_TARGET = 60.0
NEW_DAY_TARGET = 1.0
NEW_DAY_REPEATS = 3


def run(url: str) -> list[tuple[str, float, str]]:
    rows: list[tuple[str, float, str]] = []
    with db.session(url) as conn:
        features.ensure_facts(conn)
        # from nothing: no features, no running totals
        conn.execute(query("features_forget"))
        started = time.perf_counter()
        full = features.build(conn)
        seconds = time.perf_counter() - started
        rows.append(
            (
                "features build (all runs)",
                seconds,
                f"{full.rows_written:,} runs, {full.batches} batches; target ≤ {FULL_TARGET:.0f} s",
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
