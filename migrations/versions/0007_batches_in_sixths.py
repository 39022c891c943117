"""The seventh session's SQL: features batches that grow with the data (issue 15).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

Upgrade runs this revision's frozen copy (the folder beside this file):
only the SQL files whose text changed after 0006 landed, in install order,
each idempotent. `make freeze` rewrites the copy until this revision lands.

Downgrade drops the objects that exist only since 0007, then runs the
newest earlier copy of every other changed file again, so each object is
as 0006 left it.
"""

from pathlib import Path

from alembic import op

from pgbackfill.sqlfiles import apply_file, apply_tree, manifest

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FROZEN = Path(__file__).with_suffix("")
EARLIER = [
    FROZEN.with_name("0006_lean_facts"),
    FROZEN.with_name("0005_smaller_footprint"),
    FROZEN.with_name("0004_lean_regions"),
    FROZEN.with_name("0003_hosted"),
    FROZEN.with_name("0002_faster_figures"),
    FROZEN.with_name("0001_initial"),
]

# Objects new in 0007 (no earlier copy to go back to), dropped first on
# downgrade.
NEW_OBJECTS: list[str] = [
    "drop function if exists pgbackfill.features_batch_runs(date, date)",
]


def upgrade() -> None:
    apply_tree(op.get_bind().connection.driver_connection, FROZEN)


def downgrade() -> None:
    conn = op.get_bind().connection.driver_connection
    for statement in NEW_OBJECTS:
        conn.execute(statement)
    for path in manifest(FROZEN):
        relative = path.relative_to(FROZEN)
        earlier = next((d / relative for d in EARLIER if (d / relative).exists()), None)
        if earlier is not None:
            apply_file(conn, earlier)
