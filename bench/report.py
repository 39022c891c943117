"""What every section shares: how a figure is shown, how a target is judged.

A section's row is (measure, figure, note). The figure is seconds (a float),
or already a text with its unit ("291 MB", "2.8x"), or None (nothing
measured: shown as "—", the note says why). A row of an issue-15 target is
named "target N: ..." and its note starts with the verdict, "meets" or
"MISSES", and the target itself; `python -m bench` lists those rows again
under the table.
"""

from __future__ import annotations

import os
import statistics
import time

import psycopg
from psycopg import conninfo

Row = tuple[str, float | str | None, str]

MB = 2**20


def shown(figure: float | str | None) -> str:
    if figure is None:
        return "—"
    if isinstance(figure, str):
        return figure
    return f"{figure:.3f} s"


def verdict(figure: float, limit: float, *, at_least: bool = False) -> str:
    """'meets' or 'MISSES' the target: figure ≤ limit (or ≥ limit, at_least)."""
    met = figure >= limit if at_least else figure <= limit
    return "meets" if met else "MISSES"


def judged(figure: float, limit: float, unit: str = " s", *, at_least: bool = False) -> str:
    """The verdict with its target, e.g. 'meets ≤ 1.5 s', 'MISSES ≥ 5x'."""
    sign = "≥" if at_least else "≤"
    shown_limit = f"{limit:g}" if limit == round(limit, 2) else f"{limit:.2f}"
    return f"{verdict(figure, limit, at_least=at_least)} {sign} {shown_limit}{unit}"


def repeated(figures: list[float], digits: int = 2) -> str:
    """How a median was taken, for a note: 'median of 3 (0.91, 0.90, 0.90)'."""
    each = ", ".join(f"{figure:.{digits}f}" for figure in figures)
    return f"median of {len(figures)} ({each})"


def megabytes(size: float) -> str:
    return f"{size / MB:,.0f} MB"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


# The yardstick: the targets are seconds on whatever machine runs the bench,
# and the shared machines differ (the first fill of the facts took 8.2 s on
# one and 23 s on the next, same code); a sum over ten million generated
# rows, timed on the same server, says how fast this one is (about 2 s on the
# second).
YARDSTICK = "select sum(i) from generate_series(1, 10000000) as i"


def server_speed(url: str) -> Row:
    """How fast the bench's server computes, to read its seconds beside another machine's."""
    seconds = []
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("set jit = off")
        for _ in range(3):
            started = time.perf_counter()
            conn.execute(YARDSTICK)
            seconds.append(time.perf_counter() - started)
    return (
        "yardstick: the server sums 10M generated rows",
        statistics.median(seconds),
        f"no target: how fast this machine is; {repeated(seconds)}",
    )


def with_dbname(url: str, name: str) -> str:
    """The same server and role, another database."""
    params = conninfo.conninfo_to_dict(url)
    params["dbname"] = name
    return conninfo.make_conninfo(**params)


def printed(rows: list[Row]) -> None:
    """A section's rows as plain lines (python -m bench.<section> URL)."""
    for name, figure, note in rows:
        print(f"{name:55} {shown(figure):>12}  {note}")
