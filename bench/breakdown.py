"""The per-condition pedigree breakdown, rebuilt at scale (no target set).

``run(url)`` rebuilds pgbackfill.pedigree_breakdown through `refresh --table
breakdown` (the runner facts as they are): the first time whole, then again
concurrently, which is what the nightly job does once the view holds rows.
"""

from __future__ import annotations

from pgbackfill import refresh
from pgbackfill.db import connect


def run(url: str) -> list[tuple[str, float, str]]:
    rows: list[tuple[str, float, str]] = []
    options = refresh.Options(refresh_facts=False)
    with connect(url) as conn:
        (populated,) = conn.execute(
            "select ispopulated from pg_matviews"
            " where schemaname = 'pgbackfill' and matviewname = 'pedigree_breakdown'"
        ).fetchone()
        if not populated:
            (first,) = refresh.run(conn, "breakdown", options).tables
            rows.append(("breakdown: first fill", first.seconds, f"{first.written:,} rows"))
        (again,) = refresh.run(conn, "breakdown", options).tables
        rows.append(("breakdown: rebuild (concurrently)", again.seconds, f"{again.written:,} rows"))
    return rows
