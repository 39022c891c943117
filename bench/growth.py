"""Issue 15, target 4: every figure of the plan at scales 1, 2.5 and 5, against the data's growth.

    python -m bench --only growth        (make bench SECTIONS=growth)

Opt-in (it takes a while: about 40 minutes on the 2-core machine, most of it
at scale 5). For each scale, a database of its own on the bench's server
(``pgbackfill_bench_1``, ``pgbackfill_bench_2_5``, ``pgbackfill_bench_5``),
created, migrated and seeded when absent and kept for reruns. The seed is
timed when it runs; on a rerun its time is the one measured then (kept in
the database's comment, said in the note). Then, from the state a fresh
seed leaves (facts forgotten, the six statistics tables reset, no
features), the commands of the plan as the CLI runs them, each on a
connection of its own:

    first refresh --table pedigree   (of which the first fill of the facts)
    second refresh --table pedigree  (of which the full facts pass)
    refresh --table dams             (of which the full facts pass)
    refresh --table entities         (of which the full facts pass)
    features build                   (from nothing, two connections)

Each figure at 2.5 and 5 is set beside scale 1's: its ratio, against the
data's (runs at that scale / runs at scale 1); the target is growth ≤ 1.1x
the data's. Each figure is the median of REPEATS rounds, taken in turn (a
round at every scale, then the next), so that the scales' medians share
the machine's load; a round at scale 5 takes about five minutes.
"""

from __future__ import annotations

import re
import statistics
import time

import psycopg
from psycopg import sql

from bench.report import Row, judged, load_average, with_dbname
from pgbackfill import db, features, migrate, refresh, reset, synthetic
from pgbackfill.sqlfiles import query

SCALES = (1.0, 2.5, 5.0)
SEED = 1
REPEATS = 3
TARGET = 1.1  # growth at most 1.1x the data's
STATISTICS_TABLES = ("sires", "dams", "damsires", "jockeys", "trainers", "owners")
# every table of the runner facts (facts, their state, fingerprints, change log):
# emptied, the next refresh fills the facts from nothing
FACTS_TABLES = """
select format('pgbackfill.%I', relname)
  from pg_class
 where relnamespace = 'pgbackfill'::regnamespace and relkind = 'r'
   and (relname like 'runner\\_fact%' or relname in ('run_facts', 'race_facts'))
"""
SEED_COMMENT = "pgbackfill bench: seed --scale {scale:g} took {seconds:.1f} s ({when}, {load})"
SEED_TIME = re.compile(r"took ([0-9.]+) s \(([^)]*)\)")
STEPS = (
    ("seed", "seed"),
    ("pedigree_first", "first refresh --table pedigree"),
    ("pedigree_first_facts", "first refresh pedigree: its first fill of the facts"),
    ("pedigree_second", "second refresh --table pedigree"),
    ("pedigree_second_facts", "second refresh pedigree: its full facts pass"),
    ("dams", "refresh --table dams"),
    ("dams_facts", "refresh dams: its full facts pass"),
    ("entities", "refresh --table entities"),
    ("entities_facts", "refresh entities: its full facts pass"),
    ("features", "features build (two connections)"),
)


def database_name(scale: float) -> str:
    return "pgbackfill_bench_" + f"{scale:g}".replace(".", "_")


def prepared(server_url: str, scale: float) -> tuple[str, float, str]:
    """The scale's database, seeded: (url, seed seconds, how they were measured)."""
    name = database_name(scale)
    with psycopg.connect(server_url, autocommit=True) as admin:
        if not admin.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            admin.execute(f"create database {name}")
    url = with_dbname(server_url, name)
    migrate.upgrade(url)
    with db.session(url) as conn:
        load = load_average()
        started = time.perf_counter()
        counts = synthetic.generate(conn, scale=scale, seed=SEED)
        seconds = time.perf_counter() - started
        if not counts.reused:
            comment = SEED_COMMENT.format(
                scale=scale, seconds=seconds, when=time.strftime("%Y-%m-%d %H:%M"), load=load
            )
            conn.execute(
                sql.SQL("comment on database {} is {}").format(
                    sql.Identifier(name), sql.Literal(comment)
                )
            )
            return url, seconds, f"measured now ({load})"
        (comment,) = conn.execute(
            "select shobj_description(oid, 'pg_database') from pg_database"
            " where datname = current_database()"
        ).fetchone()
    measured = SEED_TIME.search(comment or "")
    if measured is None:
        return url, float("nan"), "seeded before the bench kept its time"
    return (
        url,
        float(measured.group(1)),
        f"measured when the database was made ({measured.group(2)})",
    )


def fresh(url: str) -> None:
    """The state a fresh seed leaves: no facts, no pedigree or entity figures, no features."""
    with db.session(url) as conn:
        tables = [name for (name,) in conn.execute(FACTS_TABLES)]
        conn.execute(f"truncate {', '.join(tables)}")
        for table in STATISTICS_TABLES:
            reset.run(conn, table, confirmed=True)
        conn.execute(query("features_forget"))


def refreshed(url: str, choice: str) -> tuple[float, float]:
    """`refresh --table choice` on its own connection: (seconds, of which facts)."""
    with db.session(url) as conn:
        started = time.perf_counter()
        summary = refresh.run(conn, choice)
        return time.perf_counter() - started, summary.facts_seconds


def one_round(url: str) -> tuple[dict[str, float], int]:
    """The plan's commands once, from a fresh seed's state: seconds per step, and the runs."""
    fresh(url)
    timed: dict[str, float] = {}
    timed["pedigree_first"], timed["pedigree_first_facts"] = refreshed(url, "pedigree")
    timed["pedigree_second"], timed["pedigree_second_facts"] = refreshed(url, "pedigree")
    timed["dams"], timed["dams_facts"] = refreshed(url, "dams")
    timed["entities"], timed["entities_facts"] = refreshed(url, "entities")
    with db.session(url) as conn:
        started = time.perf_counter()
        features.build(conn)
        timed["features"] = time.perf_counter() - started
        (runs,) = conn.execute("select count(*) from pgbackfill.runner_facts").fetchone()
    return timed, runs


def run(url: str) -> list[Row]:
    figures: dict[float, dict[str, float]] = {}
    notes: dict[float, str] = {}
    runs: dict[float, int] = {}
    rows: list[Row] = []
    urls: dict[float, str] = {}
    for scale in SCALES:
        urls[scale], seed_seconds, notes[scale] = prepared(url, scale)
        figures[scale] = {"seed": seed_seconds}
    # the rounds in turn, every scale in each, so that each scale's median
    # sees the same stretch of this shared machine's load
    rounds: dict[float, list[dict[str, float]]] = {scale: [] for scale in SCALES}
    loads = []
    for _ in range(REPEATS):
        loads.append(load_average().split(" ", 2)[2])
        for scale in SCALES:
            timed, runs[scale] = one_round(urls[scale])
            rounds[scale].append(timed)
    for scale in SCALES:
        figures[scale].update(
            {
                step: statistics.median(timed[step] for timed in rounds[scale])
                for step, _ in STEPS[1:]
            }
        )
        rows.append(
            (
                f"growth: scale {scale:g}",
                f"{runs[scale]:,} runs",
                f"{database_name(scale)}; medians of {REPEATS} rounds taken in turn "
                f"(load average {' / '.join(loads)} at their starts)",
            )
        )

    base = SCALES[0]
    for step, label in STEPS:
        for scale in SCALES:
            seconds = figures[scale][step]
            note = notes[scale] if step == "seed" else ""
            if scale == base:
                rows.append((f"growth: {label} @ {scale:g}", seconds, note))
                continue
            data = runs[scale] / runs[base]
            growth = seconds / figures[base][step]
            rows.append(
                (
                    f"target 4: {label} @ {scale:g}",
                    seconds,
                    f"{judged(growth, TARGET * data, 'x')} ({TARGET:g} x data {data:.2f}x): "
                    f"{growth:.2f}x scale {base:g}" + (f"; {note}" if note else ""),
                )
            )
    return rows


if __name__ == "__main__":  # python -m bench.growth SERVER_URL
    import sys

    from bench.report import printed

    printed(run(sys.argv[1]))
