"""Benchmark of issue 4: the jockey, trainer and owner statistics at scale.

``run(url)`` (wired into ``make bench``) refreshes ra_mst_jockeys,
ra_mst_trainers and ra_mst_owners through the one refresh path (stage every
entity's figures set-based, write them in batches), the median of a few
runs each, and sets the three together beside the seed's ~44 minutes
(BACKFILL_QUICK_START.md, "Entity Statistics"). The runner facts are used
as they are (the pedigree section refreshes them); when empty they are
filled first and timed on their own row, outside the total. It also times one call of each extra (A/E and IV per trainer, course
records, trainer x jockey pairings).
"""

from __future__ import annotations

import statistics
import time
from datetime import date

from pgbackfill import db, refresh
from pgbackfill.sqlfiles import query

SEED_MINUTES = 44  # the old per-entity scripts, for the three tables
TARGET_SECONDS = 5.0
REPEATS = 3
TABLES = ("jockeys", "trainers", "owners")
EXTRAS = {
    "entity_extras_market": "connection_market_stats('trainer')",
    "entity_extras_courses": "course_records('jockey')",
    "entity_extras_pairs": "trainer_jockey_stats()",
}


def run(url: str, as_of: date | None = None) -> list[tuple[str, float, str]]:
    as_of = as_of or date.today()
    rows: list[tuple[str, float, str]] = []
    with db.session(url) as conn:
        (populated,) = conn.execute(query("features_facts_populated")).fetchone()
        if not populated:  # the pedigree section usually filled them already
            started = time.perf_counter()
            conn.execute(query("refresh_runner_facts"), {"full": True})
            rows.append(("entities: runner facts refresh", time.perf_counter() - started,
                         "shared with the pedigree tables; not in the total below"))  # fmt: skip

        options = refresh.Options(as_of=as_of, refresh_facts=False)
        medians = {}
        for name in TABLES:
            seconds, written = [], 0
            for _ in range(REPEATS):
                summary = refresh.run(conn, name, options)
                seconds.append(summary.seconds)
                written = summary.tables[0].written
            medians[name] = statistics.median(seconds)
            rows.append((f"entities: refresh {name}", medians[name],
                         f"{written:,} entities, median of {REPEATS}"))  # fmt: skip

        total = sum(medians.values())
        verdict = "meets" if total <= TARGET_SECONDS else "MISSES"
        rows.append(("entities: the three tables", total,
                     f"{verdict} the ≤ {TARGET_SECONDS:g} s target; the seed's scripts took "
                     f"~{SEED_MINUTES} min: {SEED_MINUTES * 60 / total:,.0f}x faster"))  # fmt: skip

        for query_name, call in EXTRAS.items():
            started = time.perf_counter()
            (count,) = conn.execute(query(query_name), {"as_of": as_of}).fetchone()
            rows.append((f"entities: {call}", time.perf_counter() - started, f"{count:,} rows"))
    return rows


if __name__ == "__main__":  # python -m bench.entities URL
    import sys

    for name, seconds, note in run(sys.argv[1]):
        print(f"{name:45} {seconds:8.3f}  {note}")
