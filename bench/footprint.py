"""Issue 15, target 5: what pgbackfill keeps on disk beside the racing tables.

``run(url)`` reads ``pgbackfill.disk_use()`` (what `pgbackfill status`
shows): everything in schema pgbackfill in all, against the racing tables
(public.ra_*), target ≤ 1.5x; and the five biggest objects of the schema.
Measured as the database stands: `python -m bench` runs it last, after the
whole plan (pedigree and entity statistics, the breakdown) and a full
features build.
"""

from __future__ import annotations

from bench.report import Row, judged, megabytes
from pgbackfill import db

TARGET_RATIO = 1.5
BIGGEST = 5
DISK_USE = "select object, kind, bytes from pgbackfill.disk_use()"
# an object's rows (with TOAST) and its indexes
PARTS = "select pg_table_size(%s::regclass), pg_indexes_size(%s::regclass)"


def run(url: str) -> list[Row]:
    with db.session(url) as conn:
        listed = conn.execute(DISK_USE).fetchall()
        (features_built,) = conn.execute(
            "select count(*) from pgbackfill.runner_features"
        ).fetchone()
        parts = {
            name: conn.execute(PARTS, (name, name)).fetchone()
            for name, kind, _ in listed[:BIGGEST]
            if kind != "total"
        }
    objects = [(name, kind, size) for name, kind, size in listed if kind != "total"]
    totals = {name: size for name, kind, size in listed if kind == "total"}
    tool = totals["schema pgbackfill"]
    racing = totals["racing tables (public.ra_*)"]
    ratio = tool / racing
    biggest = objects[:BIGGEST]
    rows: list[Row] = [
        (
            "target 5: footprint, schema pgbackfill / racing tables",
            f"{ratio:.2f}x",
            f"{judged(ratio, TARGET_RATIO, 'x')}; {megabytes(tool)} against {megabytes(racing)} "
            f"({features_built:,} runs' features built); biggest: "
            + ", ".join(
                f"{name.removeprefix('pgbackfill.')} {megabytes(size)}" for name, _, size in biggest
            ),
        )
    ]
    for name, kind, size in biggest:
        table, indexes = parts[name]
        rows.append(
            (
                f"footprint: {name}",
                megabytes(size),
                f"{kind}, {size / racing:.2f}x racing; rows {megabytes(table)}, "
                f"indexes {megabytes(indexes)}",
            )
        )
    return rows


if __name__ == "__main__":  # python -m bench.footprint URL
    import sys

    from bench.report import printed

    printed(run(sys.argv[1]))
