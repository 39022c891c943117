"""Issues 3 and 15 (target 3): the set-based pedigree refresh against the floor and the old way.

``run(url)`` on a database already seeded (scale 1.0 for the targets) returns
rows (name, figure, note):
- the runner facts refresh, then the full pedigree refresh (three tables);
- `refresh --table dams` as the CLI runs it (the procedure, the full facts
  pass included), and dams alone (facts already fresh, pass skipped);
- the floor: a bare group-by of runs per dam over the racing tables (what a
  user's question costs without pgbackfill); beside it the same over the
  runner facts (an index-only scan of a covering index) and over the facts'
  rows (a sequential scan);
- the old way, one dam at a time (its horses, their runs, their races,
  aggregate in Python, one UPDATE), timed on a sample and extrapolated;
- the ratios issue 15 sets targets for: dams ≤ 5x the racing floor, ≥ 5x
  faster than one at a time.

The dams refreshes and the floors are medians of a few runs taken in turn,
so the ratios compare figures measured side by side under the same load.
"""

from __future__ import annotations

import statistics
import time

import psycopg

from bench.report import Row, judged, repeated
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
# Issue 15's floor: runs per dam, from the racing tables themselves (a run:
# pgbackfill.runs' rule; the dam: the horse's, else the runner row's).
FLOOR_RACING = """
select coalesce(nullif(horse.dam_id, ''), nullif(runner.dam_id, '')) as dam_id, count(*)
  from public.ra_runners as runner
  join public.ra_races as race on race.id = runner.race_id
  left join public.ra_mst_horses as horse on horse.id = runner.horse_id
 where race.has_result
   and not coalesce(race.is_abandoned, false)
   and not coalesce(runner.is_scratched, false)
 group by 1
"""
# The same over the runner facts: since they carry covering indexes on
# dam_id, the planner reads one narrow index, not the runs.
FLOOR = "select dam_id, count(*) from pgbackfill.runner_facts group by dam_id"
# ... and with the facts' rows read from the table.
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


RATIO_TARGET = 5.0


def run(url: str) -> list[Row]:
    rows: list[Row] = []
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

        def dams_cli() -> None:  # `refresh --table dams`: the full facts pass first
            refresh.run(conn, "dams")

        def dams_set_based() -> None:
            refresh.run(conn, "dams", refresh.Options(refresh_facts=False))

        def floor_racing() -> None:
            conn.execute(FLOOR_RACING).fetchall()

        def floor() -> None:
            conn.execute(FLOOR).fetchall()

        def floor_over_the_table() -> None:
            with conn.transaction():
                for setting in FLOOR_SEQ_SETTINGS:
                    conn.execute(setting)
                conn.execute(FLOOR).fetchall()

        # in turn, so each median sees the same load as the others
        measures = {
            "dams_cli": dams_cli,
            "dams": dams_set_based,
            "floor_racing": floor_racing,
            "floor": floor,
            "floor_seq": floor_over_the_table,
        }
        timed: dict[str, list[float]] = {name: [] for name in measures}
        for _ in range(REPEATS):
            for name, action in measures.items():
                timed[name].append(seconds(action))
        dams_command, dams_alone, floor_racing_s, floor_index, floor_seq = (
            statistics.median(timed[name]) for name in measures
        )

        rows.append(
            (
                "refresh --table dams",
                dams_command,
                f"{dams:,} dams, full facts pass included; {repeated(timed['dams_cli'])}",
            )
        )
        rows.append(
            (
                "dams alone (facts pass skipped)",
                dams_alone,
                f"{repeated(timed['dams'])}",
            )
        )
        rows.append(
            (
                "dams floor: group by dam over the racing tables",
                floor_racing_s,
                f"issue 15's floor; {repeated(timed['floor_racing'])}",
            )
        )
        rows.append(
            ("dams floor: group by dam over the runner facts", floor_index,
             "planner's choice: index-only scan")
        )  # fmt: skip
        rows.append(("dams floor: same, reading the facts' rows", floor_seq, "sequential scan"))

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

    to_floor = dams_command / floor_racing_s
    rows.append(
        (
            "target 3: refresh --table dams / racing floor",
            f"{to_floor:.2f}x",
            f"{judged(to_floor, RATIO_TARGET, 'x')}; "
            f"{dams_command:.2f} s / {floor_racing_s:.2f} s, measured in turn",
        )
    )
    speed_up = extrapolated / dams_command
    rows.append(
        (
            "target 3: one-at-a-time / refresh --table dams",
            f"{speed_up:.1f}x",
            f"{judged(speed_up, RATIO_TARGET, 'x', at_least=True)}; "
            f"{extrapolated:.1f} s / {dams_command:.2f} s",
        )
    )
    rows.append(
        (
            "ratio dams alone / facts floor (index-only)",
            f"{dams_alone / floor_index:.2f}x",
            "issue 3's ratio (facts pass skipped), for reference",
        )
    )
    rows.append(
        (
            "ratio seed 34 h / pedigree",
            f"{SEED_HOURS * 3600 / summary.seconds:,.0f}x",
            f"{judged(SEED_HOURS * 3600 / summary.seconds, 5000, 'x', at_least=True)} (issue 3)",
        )
    )
    return rows


if __name__ == "__main__":  # python -m bench.pedigree URL
    import sys

    from bench.report import printed

    printed(run(sys.argv[1]))
