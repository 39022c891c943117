"""The second session's SQL: the files of sql/ changed since revision 0001.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

Upgrade runs this revision's frozen copy (the folder beside this file):
only the SQL files whose text changed after 0001 landed, in install order,
each idempotent. `make freeze` rewrites the copy until this revision lands.

Downgrade drops what 0002 changed the shape of (a function's result type
cannot be replaced in place; the features' running totals gained a lane),
then runs 0001's copies of the changed
files again, in 0001's order, so every object they define is as 0001 left
it. Objects that exist only since 0002 stay until a downgrade to base drops
schema pgbackfill.
"""

from pathlib import Path

from alembic import op

from pgbackfill.sqlfiles import apply_file, apply_tree, manifest

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FROZEN = Path(__file__).with_suffix("")
PREVIOUS = FROZEN.with_name("0001_initial")

# Objects whose 0001 form cannot replace the 0002 one in place.
CHANGED_SIGNATURES = [
    # returns its rows since 0002 (void before)
    "drop function if exists pgbackfill.refresh_pedigree_breakdown()",
    # the running totals gained a lane; derived and unlogged, recomputed by
    # the next build: 0001's file creates them again in 0001's shape
    "drop table if exists pgbackfill.feature_state",
    "drop table if exists pgbackfill.feature_state_through",
]


def upgrade() -> None:
    apply_tree(op.get_bind().connection.driver_connection, FROZEN)


def downgrade() -> None:
    changed = {path.relative_to(FROZEN) for path in manifest(FROZEN)}
    conn = op.get_bind().connection.driver_connection
    for statement in CHANGED_SIGNATURES:
        conn.execute(statement)
    for path in manifest(PREVIOUS):
        if path.relative_to(PREVIOUS) in changed:
            apply_file(conn, path)
