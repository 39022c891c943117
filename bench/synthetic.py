"""Benchmark of issue 2, item 6: `pgbackfill migrate` + `pgbackfill seed --scale 1.0`.

``run(url)`` builds a scratch database beside the given one (same server),
times the migration and a fresh generation at scale 1.0 (target: both
together within 60 s on the 2-core machine), reports the database size and
drops the scratch database. The generation's own data (the bench database)
is left alone.
"""

from __future__ import annotations

import time
import uuid

import psycopg
from psycopg import conninfo

from pgbackfill import migrate, synthetic

SCALE = 1.0
SEED = 1
TARGET_SECONDS = 60.0


def run(url: str) -> list[tuple[str, float, str]]:
    params = conninfo.conninfo_to_dict(url)
    scratch = f"pgbackfill_seedbench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"create database {scratch}")
    params["dbname"] = scratch
    scratch_url = conninfo.make_conninfo(**params)
    try:
        started = time.perf_counter()
        migrate.upgrade(scratch_url)
        migrated = time.perf_counter() - started
        with psycopg.connect(scratch_url, autocommit=True) as conn:
            started = time.perf_counter()
            counts = synthetic.generate(conn, scale=SCALE, seed=SEED)
            seeded = time.perf_counter() - started
            (size,) = conn.execute("select pg_database_size(current_database())").fetchone()
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"drop database if exists {scratch} with (force)")
    total = migrated + seeded
    verdict = "within" if total <= TARGET_SECONDS else "over"
    return [
        ("seed: migrate (fresh database)", migrated, ""),
        (
            f"seed: generate scale {SCALE:g}",
            seeded,
            f"{counts['ra_runners']:,} runners, {counts['ra_races']:,} races, "
            f"database {size / 2**20:,.0f} MB",
        ),
        ("seed: migrate + generate", total, f"{verdict} the {TARGET_SECONDS:.0f} s target"),
    ]
