"""Issue 3's benchmark: the set-based pedigree refresh against the old way.

``run(url)`` on a database already seeded (scale 1.0 for the targets) returns
rows (name, seconds, note):
- the runner facts refresh, then the full pedigree refresh (three tables);
- dams alone (facts already fresh);
- the floor: a bare ``group by dam`` over the runs;
- the old way, one dam at a time (its horses, their runs, their races,
  aggregate in Python, one UPDATE), timed on a sample and extrapolated;
- the ratios the issue sets targets for.

Dams alone and both floors are medians of a few runs taken in turn, so the
ratios compare figures measured side by side under the same load.
"""

from __future__ import annotations

import statistics
import time

import psycopg

from pgbackfill import refresh
from pgbackfill.db import connect

OLD_WAY_SAMPLE = 200
REPEATS = 3
SEED_HOURS = 34
# The old way's queries, as the seed's script ran them (bench-only SQL).
OLD_HORSES = "select id from ra_mst_horses where dam_id = %s"
OLD_RUNS = (
    "select race_id, position, starting_price_decimal, is_scratched"
    " from ra_runners where horse_id = any(%s)"
)
OLD_RACES = (
    "select id, race_class, distance_f, has_result, is_abandoned from ra_races where id = any(%s)"
)
OLD_UPDATE = (
    "update ra_mst_dams set total_runners = %s, total_wins = %s, overall_win_percent = %s,"
    " analysis_last_updated = localtimestamp where id = %s"
)
FLOOR = "select dam_id, count(*) from pgbackfill.runner_facts group by dam_id"
# The same with the runs read from the table: since the facts carry covering
# indexes on dam_id, the plain floor reads one narrow index, not the runs.
FLOOR_SEQ_SETTINGS = (
    "set local enable_indexonlyscan = off",
    "set local enable_indexscan = off",
    "set local enable_bitmapscan = off",
)


def seconds(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def old_way(conn: psycopg.Connection, dam_ids: list[str]) -> None:
    """The seed's shape: per dam, three queries, Python aggregation, one UPDATE."""
    for dam_id in dam_ids:
        horses = [row[0] for row in conn.execute(OLD_HORSES, (dam_id,))]
        runs = conn.execute(OLD_RUNS, (horses,)).fetchall()
        races = {row[0]: row for row in conn.execute(OLD_RACES, ([r[0] for r in runs],))}
        counted = [run for run in runs if not run[3] and races[run[0]][3] and not races[run[0]][4]]
        wins = sum(1 for run in counted if run[1] == 1)
        percent = round(wins * 100 / len(counted), 2) if counted else None
        conn.execute(OLD_UPDATE, (len(counted), wins, percent, dam_id))


def run(url: str) -> list[tuple[str, float, str]]:
    rows: list[tuple[str, float, str]] = []
    with connect(url) as conn:
        (dams,) = conn.execute("select count(*) from ra_mst_dams").fetchone()
        summary = refresh.run(conn, "pedigree")
        rows.append(
            ("pedigree: runner facts refresh", summary.facts_seconds, "shared by all stats")
        )
        for table in summary.tables:
            rows.append((f"pedigree: {table.table}", table.seconds, f"{table.entities:,} entities"))
        tables = sum(table.seconds for table in summary.tables)
        rows.append(("pedigree: three tables", tables, "target <= 15 s (facts excluded)"))
        rows.append(
            (
                "pedigree: three tables + facts",
                summary.seconds,
                "all of `refresh --table pedigree`; <= 15 s too",
            )
        )

        def dams_set_based() -> None:
            refresh.run(conn, "dams", refresh.Options(refresh_facts=False))

        def floor() -> None:
            conn.execute(FLOOR).fetchall()

        def floor_over_the_table() -> None:
            with conn.transaction():
                for setting in FLOOR_SEQ_SETTINGS:
                    conn.execute(setting)
                conn.execute(FLOOR).fetchall()

        # in turn, so each median sees the same load as the others
        timed: dict[str, list[float]] = {"dams": [], "floor": [], "floor_seq": []}
        for _ in range(REPEATS):
            timed["dams"].append(seconds(dams_set_based))
            timed["floor"].append(seconds(floor))
            timed["floor_seq"].append(seconds(floor_over_the_table))
        dams_alone, floor_index, floor_seq = (
            statistics.median(timed[name]) for name in ("dams", "floor", "floor_seq")
        )
        rows.append(("dams alone (set-based)", dams_alone, f"{dams:,} dams, median of {REPEATS}"))
        rows.append(
            ("dams floor: bare group by dam", floor_index, "planner's choice: index-only scan")
        )
        rows.append(("dams floor: same, reading the runs' rows", floor_seq, "sequential scan"))

        sample = [
            row[0]
            for row in conn.execute(
                "select id from ra_mst_dams order by id limit %s", (OLD_WAY_SAMPLE,)
            )
        ]
        sample_seconds = seconds(lambda: old_way(conn, sample))
        extrapolated = sample_seconds / max(len(sample), 1) * dams
        rows.append(
            (
                "dams one at a time (extrapolated)",
                extrapolated,
                f"{len(sample)} timed: {sample_seconds:.2f} s",
            )
        )
        # the sample's partial figures are overwritten by a set-based pass again
        refresh.run(conn, "dams", refresh.Options(refresh_facts=False))

    rows.append(("ratio dams / floor", dams_alone / floor_index, "target <= 5"))
    rows.append(("ratio dams / floor reading the runs", dams_alone / floor_seq, "target <= 5"))
    rows.append(("ratio one-at-a-time / dams", extrapolated / dams_alone, "target >= 5"))
    rows.append(
        ("ratio seed 34 h / pedigree", SEED_HOURS * 3600 / summary.seconds, "target >= 5000")
    )
    return [(name, value, note) for name, value, note in rows]


if __name__ == "__main__":  # python -m bench.pedigree URL
    import sys

    for name, value, note in run(sys.argv[1]):
        print(f"{name:40} {value:12.3f}  {note}")
