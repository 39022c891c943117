"""The eighth session's SQL: the races' rules once per value, a first fill that empties its fingerprints at once (issue 15).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08

Upgrade runs this revision's frozen copy (the folder beside this file):
only the SQL files whose text changed after 0007 landed, in install order,
each idempotent. `make freeze` rewrites the copy until this revision lands.

Downgrade drops the objects that exist only since 0008, then runs the
newest earlier copy of every other changed file again, so each object is
as 0007 left it.
"""

from pathlib import Path

from alembic import op

from pgbackfill.sqlfiles import apply_file, apply_tree, manifest

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

FROZEN = Path(__file__).with_suffix("")
EARLIER = [
    FROZEN.with_name("0007_batches_in_sixths"),
    FROZEN.with_name("0006_lean_facts"),
    FROZEN.with_name("0005_smaller_footprint"),
    FROZEN.with_name("0004_lean_regions"),
    FROZEN.with_name("0003_hosted"),
    FROZEN.with_name("0002_faster_figures"),
    FROZEN.with_name("0001_initial"),
]

# Objects new in 0008 (no earlier copy to go back to), dropped first on
# downgrade: none, every file it runs had an earlier copy.
NEW_OBJECTS: list[str] = []


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
