"""`make bench`: every performance target of the project, measured in one run.

    python -m bench [--database-url URL] [--scale 1.0] [--only pedigree,entities]
    python -m bench --only growth        # issue 15's growth to scale 5 (opt-in: ~40 min)
    python -m bench --only batches       # one features batch at scales 1 and 5 (opt-in: ~20 min)
    make bench                           # every section but growth and batches
    make bench SECTIONS=growth           # one or more sections (comma-separated)

Uses (and on first use creates, migrates and seeds) a database at the given
scale: by default database `pgbackfill_bench` on the embedded server under
.pgdata/ (`growth` and `batches` make their own, one per scale, on the same
server). Each section is the `run(url)` function of a module of this package
(bench/<section>.py) returning rows (measure, figure, note; bench/report.py);
this module times the set-up and prints one table, then the rows of issue
15's targets again, each beside its verdict. Figures are medians of
repeated runs where a section repeats; ratios are computed from figures
measured side by side in the same run. This machine is shared: compare
ratios, not absolute seconds, across runs; the table's title carries the
load average.

The sections run in this order: `footprint` after `features`, `breakdown`
and `memory`, so that it measures the whole plan's disk use and a full
features build.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time

import psycopg
from rich.console import Console
from rich.table import Table

from bench.report import Row, load_average, server_speed, shown
from pgbackfill import db, embedded, migrate, synthetic

SECTIONS = [
    "synthetic",
    "pedigree",
    "facts",
    "entities",
    "maintenance",
    "features",
    "breakdown",
    "memory",
    "footprint",
]
OPT_IN = ["growth", "batches"]  # run only when named in --only
BENCH_DATABASE = "pgbackfill_bench"


def bench_url(server_url: str) -> str:
    from psycopg import conninfo

    params = conninfo.conninfo_to_dict(server_url)
    with psycopg.connect(server_url, autocommit=True) as admin:
        exists = admin.execute(
            "select 1 from pg_database where datname = %s", (BENCH_DATABASE,)
        ).fetchone()
        if not exists:
            admin.execute(f"create database {BENCH_DATABASE}")
    params["dbname"] = BENCH_DATABASE
    return conninfo.make_conninfo(**params)


def prepare(url: str, scale: float, seed: int) -> list[Row]:
    """Migrate and seed (skipped by the generator when already at this scale/seed)."""
    rows: list[Row] = []
    started = time.perf_counter()
    migrate.upgrade(url)
    rows.append(("migrate", time.perf_counter() - started, ""))
    started = time.perf_counter()
    with db.session(url) as conn:
        counts = synthetic.generate(conn, scale=scale, seed=seed)
    elapsed = time.perf_counter() - started
    runners = counts.get("ra_runners", 0)
    rows.append((f"seed --scale {scale}", elapsed, f"{runners:,} runners (skipped when present)"))
    return rows


def table(title: str, rows: list[Row]) -> Table:
    shown_rows = Table(title=title)
    shown_rows.add_column("measure")
    shown_rows.add_column("figure", justify="right")
    shown_rows.add_column("note")
    for name, figure, note in rows:
        shown_rows.add_row(name, shown(figure), note)
    return shown_rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="server to bench on (default: embedded)")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", help=f"comma-separated sections of {','.join(SECTIONS + OPT_IN)}")
    args = parser.parse_args()
    sections = (
        [name.strip() for name in args.only.split(",") if name.strip()] if args.only else SECTIONS
    )
    unknown = set(sections) - set(SECTIONS + OPT_IN)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")

    # a table written to a file or a pipe keeps its notes on fewer lines
    console = Console(width=None if sys.stdout.isatty() else 160)
    server = args.database_url or embedded.start()
    url = bench_url(server)
    started = time.perf_counter()
    rows: list[Row] = [
        ("load average at the start", load_average().split(" ", 2)[2], ""),
        server_speed(server),
    ]
    if set(sections) - set(OPT_IN):  # growth and batches make their own databases
        rows += prepare(url, args.scale, args.seed)
    for section in sections:
        module = importlib.import_module(f"bench.{section}")
        with console.status(f"bench: {section}"):
            rows.extend(module.run(url))
    rows.append(("bench, all sections", time.perf_counter() - started, load_average()))

    title = (
        f"pgbackfill bench (scale {args.scale:g}, {db.describe(url)}, "
        f"{', '.join(sections)}; {load_average()} at the end)"
    )
    console.print(table(title, rows))
    targets = [row for row in rows if row[0].startswith("target ")]
    if targets:
        console.print(table("issue 15's targets, as measured above", targets))


if __name__ == "__main__":
    main()
