"""Why the features build grows faster than the data: one batch, like for like, at scales 1 and 5.

    python -m bench --only batches       (make bench SECTIONS=batches)

Opt-in (about 20 minutes on the 2-core machine; it seeds the growth
section's databases ``pgbackfill_bench_1`` and ``pgbackfill_bench_5`` when
they are absent, and leaves their features emptied). At each scale:

- the last whole batch of a full build (BATCH_RUNS runs), built on compact
  running totals (pgbackfill.features_state_reset) on one connection, in a
  transaction rolled back, REPEATS times: its seconds, the connections it
  meets (rows of pgbackfill.feature_contributions for its days) and the
  seconds spent rolling the totals forward (pgbackfill.features_state_advance);
- the PINNED_BATCHES batches before it, built and committed one after
  the other from compact totals, once as they are and once with another
  connection holding a repeatable-read snapshot open beside them (as the
  first half of a build on two connections does): the seconds, and the
  live and dead rows of pgbackfill.feature_state after.

No target of its own: the figures explain issue 15's target 4 (README,
"Disk, memory and growth").
"""

from __future__ import annotations

import statistics
import time

import psycopg

from bench import growth
from bench.report import Row, megabytes, repeated
from pgbackfill import features
from pgbackfill.sqlfiles import query

SCALES = (1.0, 5.0)
BATCH_RUNS = 200_000
REPEATS = 2
PINNED_BATCHES = 3

RACE_DAYS = "select min(race_date), max(race_date) from pgbackfill.run_facts"
STATE = """
select pg_total_relation_size('pgbackfill.feature_state'), n_live_tup, n_dead_tup
  from pg_stat_user_tables
 where relid = 'pgbackfill.feature_state'::regclass
"""


def compact_totals(conn: psycopg.Connection, before: object) -> None:
    conn.execute(query("features_state_reset"), {"before_date": before})
    conn.execute("vacuum analyze pgbackfill.feature_state")


def build(conn: psycopg.Connection, batch: tuple) -> None:
    conn.execute(query("features_build"), {"from_date": batch[0], "to_date": batch[1]})


def flushed_statistics(conn: psycopg.Connection) -> None:
    """This session's pending statistics written out now (else up to a second later)."""
    conn.execute("select pg_stat_force_next_flush()")


def one_batch(conn: psycopg.Connection, batch: tuple) -> tuple[float, float]:
    """The batch built and rolled back: (seconds, of which rolling the totals forward)."""
    conn.execute(
        "select pg_stat_reset_single_function_counters("
        "'pgbackfill.features_state_advance'::regproc)"
    )
    with conn.transaction(force_rollback=True):
        started = time.perf_counter()
        build(conn, batch)
        seconds = time.perf_counter() - started
    flushed_statistics(conn)
    (advance,) = conn.execute(
        "select coalesce(sum(total_time), 0) / 1000 from pg_stat_user_functions"
        " where funcname = 'features_state_advance'"
    ).fetchone()
    return seconds, float(advance)


def committed(url: str, batches: list[tuple], pinned: bool) -> tuple[float, str]:
    """The batches built and committed from compact totals: (seconds, the totals after)."""
    with psycopg.connect(url, autocommit=True) as conn, psycopg.connect(url) as holder:
        compact_totals(conn, batches[0][0])
        if pinned:
            holder.execute("set transaction isolation level repeatable read")
            holder.execute("select 1")  # the snapshot is taken, and held until the rollback
        started = time.perf_counter()
        for batch in batches:
            build(conn, batch)
        seconds = time.perf_counter() - started
        holder.rollback()
        flushed_statistics(conn)
        size, live, dead = conn.execute(STATE).fetchone()
    return seconds, f"feature_state after: {megabytes(size)}, {live:,} live rows, {dead:,} dead"


def at_scale(url: str, scale: float) -> tuple[list[Row], float]:
    with psycopg.connect(url, autocommit=True) as conn:
        if not features.facts_populated(conn):
            conn.execute(query("refresh_runner_facts"), {"full": True})
        conn.execute(query("features_forget"))
        first_day, last_day = conn.execute(RACE_DAYS).fetchone()
        batches = conn.execute(
            query("features_batches"),
            {"first_day": first_day, "last_day": last_day, "batch_runs": BATCH_RUNS},
        ).fetchall()
        batch = batches[-2]  # the last is a remainder
        compact_totals(conn, batch[0])
        conn.execute("set track_functions = 'all'")
        timed = [one_batch(conn, batch) for _ in range(REPEATS)]
        (met,) = conn.execute(
            "select count(*) from pgbackfill.feature_contributions(%s, %s)", batch[:2]
        ).fetchone()
        conn.execute(query("features_forget"))
    seconds = statistics.median(figure for figure, _ in timed)
    rows: list[Row] = [
        (
            f"batches: a late batch @ {scale:g}",
            seconds,
            f"{batch[2]:,} runs ({batch[0]} .. {batch[1]}), {met:,} connections met; rolling"
            f" the totals forward {statistics.median(advance for _, advance in timed):.1f} s;"
            f" {repeated([figure for figure, _ in timed], digits=1)}, compact totals, one"
            " connection, rolled back",
        )
    ]
    pinned_batches = batches[-2 - PINNED_BATCHES : -2]
    for pinned in (False, True):
        figure, state = committed(url, pinned_batches, pinned)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(query("features_forget"))
        held = "with a snapshot held open beside them" if pinned else "nothing else open"
        rows.append(
            (f"batches: {PINNED_BATCHES} batches before it, {held} @ {scale:g}", figure, state)
        )
    return rows, seconds


def run(url: str) -> list[Row]:
    rows: list[Row] = []
    per_batch: dict[float, float] = {}
    for scale in SCALES:
        scale_url, _, _ = growth.prepared(url, scale)
        scale_rows, per_batch[scale] = at_scale(scale_url, scale)
        rows += scale_rows
    rows.append(
        (
            f"batches: a late batch @ {SCALES[-1]:g} / @ {SCALES[0]:g}",
            f"{per_batch[SCALES[-1]] / per_batch[SCALES[0]]:.2f}x",
            "no target; at most 1.1x would let the build grow with the data",
        )
    )
    return rows


if __name__ == "__main__":  # python -m bench.batches SERVER_URL
    import sys

    from bench.report import printed

    printed(run(sys.argv[1]))
