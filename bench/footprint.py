"""Issue 15, target 5: what pgbackfill keeps on disk beside the racing tables, after the plan.

``run(url)`` measures on a database of its own on the bench's server
(``pgbackfill_bench_plan``, made anew each run, so that nothing the other
sections do to theirs -- rolled-back first fills, repeated refreshes --
swells either side): migrated and seeded at scale 1.0, then the plan as a
user runs it, `pgbackfill backfill` (trainer locations from the local
stand-in of The Racing API, as `make demo` does) and a full `features
build`. There, by ``pgbackfill.disk_use()`` (what `pgbackfill status`
shows): everything in schema pgbackfill against the racing tables
(public.ra_*), target ≤ 1.5x. Then the nightly extras of the maintenance
plan, `refresh --table breakdown` and `refresh --table regions`, and the
figure again with them (no target: the issue's plan is the backfill and the
features). The five biggest objects, their rows and indexes apart.
"""

from __future__ import annotations

import psycopg
from rich.console import Console

from bench.report import Row, judged, megabytes, with_dbname
from pgbackfill import backfill, db, features, locations, migrate, refresh, synthetic
from pgbackfill.racing_api import Credentials
from pgbackfill.racing_api_standin import StandIn

TARGET_RATIO = 1.5
SCALE = 1.0
SEED = 1
DATABASE = "pgbackfill_bench_plan"
BIGGEST = 5
DISK_USE = "select object, kind, bytes from pgbackfill.disk_use()"
# an object's rows (with TOAST) and its indexes
PARTS = "select pg_table_size(%s::regclass), pg_indexes_size(%s::regclass)"


def fresh_database(url: str) -> str:
    """DATABASE on the same server, dropped and made again."""
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"drop database if exists {DATABASE} with (force)")
        admin.execute(f"create database {DATABASE}")
    return with_dbname(url, DATABASE)


def the_plan(url: str) -> None:
    """Migrate, seed, `backfill` (locations from the API stand-in), `features build`."""
    migrate.upgrade(url)
    with db.session(url) as conn:
        synthetic.generate(conn, scale=SCALE, seed=SEED)
    quiet = Console(quiet=True)
    with StandIn(url, port=0, username="bench", password="bench") as api:
        options = backfill.Options(
            locations=locations.Options(
                rate=50.0, base_url=api.base_url, credentials=Credentials("bench", "bench")
            )
        )
        backfill.run(url, console=quiet, options=options)
    with db.session(url) as conn:
        features.build(conn)


def measured(url: str) -> tuple[int, int, list[tuple[str, str, int, int, int]]]:
    """(schema pgbackfill's bytes, the racing tables', the biggest objects with their parts)."""
    with db.session(url) as conn:
        listed = conn.execute(DISK_USE).fetchall()
        biggest = [
            (name, kind, size, *conn.execute(PARTS, (name, name)).fetchone())
            for name, kind, size in listed
            if kind != "total"
        ][:BIGGEST]
    totals = {name: size for name, kind, size in listed if kind == "total"}
    return totals["schema pgbackfill"], totals["racing tables (public.ra_*)"], biggest


def biggest_note(biggest: list[tuple[str, str, int, int, int]]) -> str:
    return ", ".join(
        f"{name.removeprefix('pgbackfill.')} {megabytes(size)}" for name, _, size, _, _ in biggest
    )


def run(url: str) -> list[Row]:
    plan_url = fresh_database(url)
    the_plan(plan_url)
    tool, racing, biggest = measured(plan_url)
    ratio = tool / racing
    rows: list[Row] = [
        (
            "target 5: footprint, schema pgbackfill / racing tables",
            f"{ratio:.2f}x",
            f"{judged(ratio, TARGET_RATIO, 'x')}; {megabytes(tool)} against {megabytes(racing)} "
            f"after backfill and features build (fresh database {DATABASE}, scale {SCALE:g}); "
            f"biggest: {biggest_note(biggest)}",
        )
    ]
    rows += [
        (
            f"footprint: {name}",
            megabytes(size),
            f"{kind}, {size / racing:.2f}x racing; rows {megabytes(table)}, "
            f"indexes {megabytes(indexes)}",
        )
        for name, kind, size, table, indexes in biggest
    ]
    with db.session(plan_url) as conn:
        refresh.run(conn, "breakdown")
        refresh.run(conn, "regions")
    tool, racing, biggest = measured(plan_url)
    rows.append(
        (
            "footprint with the nightly views (breakdown, regions)",
            f"{tool / racing:.2f}x",
            f"no target; {megabytes(tool)} against {megabytes(racing)}; "
            f"biggest: {biggest_note(biggest)}",
        )
    )
    return rows


if __name__ == "__main__":  # python -m bench.footprint SERVER_URL
    import sys

    from bench.report import printed

    printed(run(sys.argv[1]))
