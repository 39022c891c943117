"""`make bench`: every performance target of the project, measured in one run.

    python -m bench [--database-url URL] [--scale 1.0] [--only pedigree,entities]

Uses (and on first use creates, migrates and seeds) a database at the given
scale: by default database `pgbackfill_bench` on the embedded server under
.pgdata/. Each section is the `run(url)` function of a module of this
package (bench/<section>.py) returning rows (name, seconds, note); this
module times the set-up and prints one table. Figures are medians of repeated runs where a section
repeats; ratios are computed from figures measured side by side in the same
run. This machine is shared: compare ratios, not absolute seconds, across
runs.
"""

from __future__ import annotations

import argparse
import importlib
import time

import psycopg
from rich.console import Console
from rich.table import Table

from pgbackfill import db, embedded, migrate, synthetic

SECTIONS = ["synthetic", "pedigree", "entities", "maintenance", "features", "breakdown"]
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


def prepare(url: str, scale: float, seed: int) -> list[tuple[str, float, str]]:
    """Migrate and seed (skipped by the generator when already at this scale/seed)."""
    rows = []
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


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="server to bench on (default: embedded)")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", help=f"comma-separated sections of {','.join(SECTIONS)}")
    args = parser.parse_args()
    sections = args.only.split(",") if args.only else SECTIONS
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")

    console = Console()
    server = args.database_url or embedded.start()
    url = bench_url(server)
    rows = prepare(url, args.scale, args.seed)
    for section in sections:
        module = importlib.import_module(f"bench.{section}")
        with console.status(f"bench: {section}"):
            rows.extend(module.run(url))

    table = Table(title=f"pgbackfill bench (scale {args.scale}, {db.describe(url)})")
    table.add_column("measure")
    table.add_column("seconds", justify="right")
    table.add_column("note")
    for name, seconds, note in rows:
        table.add_row(name, f"{seconds:.3f}" if seconds is not None else "—", note)
    console.print(table)


if __name__ == "__main__":
    main()
