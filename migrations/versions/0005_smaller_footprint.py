"""The fifth session's SQL: a smaller footprint (issue 15).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

Upgrade runs this revision's frozen copy (the folder beside this file):
only the SQL files whose text changed after 0004 landed, in install order,
each idempotent. `make freeze` rewrites the copy until this revision lands.

Downgrade drops the objects that exist only since 0005, then runs the
newest earlier copy of every other changed file again, so each object is
as 0004 left it.
"""

from pathlib import Path

from alembic import op

from pgbackfill.sqlfiles import apply_file, apply_tree, manifest

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

FROZEN = Path(__file__).with_suffix("")
EARLIER = [
    FROZEN.with_name("0004_lean_regions"),
    FROZEN.with_name("0003_hosted"),
    FROZEN.with_name("0002_faster_figures"),
    FROZEN.with_name("0001_initial"),
]

# Objects new in 0005 (no earlier copy to go back to).
NEW_OBJECTS: list[str] = [
    # one covering index per pedigree role (0004's copy of runner_facts.sql
    # makes its two per role again)
    "drop index if exists pgbackfill.runner_facts_sire_idx",
    "drop index if exists pgbackfill.runner_facts_dam_idx",
    "drop index if exists pgbackfill.runner_facts_damsire_idx",
    # the running totals' compaction (0003's features_build_end, applied
    # again below, does not call it)
    "drop function if exists pgbackfill.features_state_compact()",
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
