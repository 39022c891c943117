"""`pgbackfill seed`: seed-shaped synthetic racing data, generated inside PostgreSQL.

All the work is set-based SQL (``pgbackfill.synthetic_generate`` and the
``synthetic_*`` stages it calls); this module validates the arguments, takes
the advisory lock, decides between "already there", "refuse" and
"(re)generate", runs the generation in one transaction and reports the rows
per table. Scale 1.0 is the seed's database: 137,000 races, about 1.3M
runners, 112,000 horses, with the gaps of its "Current State" table.
"""

from __future__ import annotations

import math
from decimal import Decimal

import psycopg
from rich.console import Console
from rich.table import Table

from pgbackfill import runs
from pgbackfill.db import guarded
from pgbackfill.errors import UserError
from pgbackfill.sqlfiles import query

MIN_SCALE = 0.001
MAX_SCALE = 5.0
LOCK = "synthetic data"

# What the seed's "Current State" table says at scale 1.0, beside our counts.
SEED_TABLE = {
    "ra_races": "137K",
    "ra_runners": "1.3M",
    "ra_mst_horses": "112K",
    "ra_horse_pedigree": "112K",
    "ra_mst_jockeys": "3.5K",
    "ra_mst_trainers": "2.8K",
    "ra_mst_sires": "2,143",
    "ra_mst_dams": "48,372",
    "ra_mst_damsires": "3,041",
}


class Counts(dict[str, int]):
    """Rows per table; `reused` when the data was already there at this scale and seed."""

    def __init__(self, rows: dict[str, int], *, scale: float, seed: int, reused: bool) -> None:
        super().__init__(rows)
        self.scale = scale
        self.seed = seed
        self.reused = reused


def check_arguments(scale: float, seed: int) -> Decimal:
    """The scale as an exact decimal, or one line saying what is wrong."""
    if not isinstance(scale, int | float) or not math.isfinite(scale):
        raise UserError(
            f"--scale must be a number between {MIN_SCALE} and {MAX_SCALE:g}, got {scale!r}"
        )
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise UserError(
            f"--scale must be between {MIN_SCALE} and {MAX_SCALE:g} (1.0 = the seed's database), "
            f"got {scale:g}"
        )
    if not -(2**31) <= seed < 2**31:
        raise UserError(f"--seed must fit in 32 bits, got {seed}")
    return Decimal(repr(float(scale)))


def counts(conn: psycopg.Connection) -> dict[str, int]:
    """Rows per table of everything the generator fills."""
    return dict(conn.execute(query("synthetic_counts")).fetchall())


def generate(conn: psycopg.Connection, *, scale: float, seed: int) -> Counts:
    """Make the racing tables hold the synthetic data of (scale, seed).

    Already there: nothing is done. Racing tables holding rows the generator
    did not make: refused with one line, nothing changed. Otherwise the
    synthetic tables are emptied and regenerated in one transaction.
    ``conn`` must be in autocommit mode (as ``db.session`` gives it).
    """
    exact_scale = check_arguments(scale, seed)
    with runs.exclusive(conn, LOCK):
        generated_scale, generated_seed, racing_rows = conn.execute(
            query("synthetic_state")
        ).fetchone()
        if generated_scale is None and racing_rows:
            raise UserError(
                "the racing tables hold data that `pgbackfill seed` did not generate; "
                "refusing to replace it (seed only an empty database or its own data)"
            )
        if generated_scale == exact_scale and generated_seed == seed:
            return Counts(counts(conn), scale=scale, seed=seed, reused=True)
        with runs.recorded(conn, "seed", f"scale {scale:g} seed {seed}") as run:
            with guarded(conn):
                rows = dict(
                    conn.execute(
                        query("synthetic_generate"), {"scale": exact_scale, "seed": seed}
                    ).fetchall()
                )
            run.rows_written = sum(rows.values())
    return Counts(rows, scale=scale, seed=seed, reused=False)


def print_counts(console: Console, counts: dict[str, int]) -> None:
    """The rows per table, beside the seed's figures when the scale is 1.0."""
    reused = getattr(counts, "reused", False)
    scale = getattr(counts, "scale", None)
    seed = getattr(counts, "seed", None)
    if scale is not None:
        what = f"synthetic data, scale {scale:g}, seed {seed}"
        title = f"{what}: already generated, nothing to do" if reused else f"{what}: generated"
    else:
        title = "synthetic data"
    table = Table(title=title)
    table.add_column("table")
    table.add_column("rows", justify="right")
    table.add_column("seed's table (scale 1.0)", justify="right")
    for name, rows in counts.items():
        table.add_row(name, f"{rows:,}", SEED_TABLE.get(name, ""))
    console.print(table)
