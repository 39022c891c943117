"""The sixth session's SQL: lean facts, features and breakdown (issue 15).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

Upgrade runs this revision's frozen copy (the folder beside this file):
only the SQL files whose text changed after 0005 landed, in install order,
each idempotent. `make freeze` rewrites the copy until this revision lands.

Downgrade drops the objects that exist only since 0006, then runs the
newest earlier copy of every other changed file again, and of the files
0006 removed, so each object is as 0005 left it.
"""

from pathlib import Path

from alembic import op

from pgbackfill.sqlfiles import apply_file, apply_tree, manifest

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

FROZEN = Path(__file__).with_suffix("")
EARLIER = [
    FROZEN.with_name("0005_smaller_footprint"),
    FROZEN.with_name("0004_lean_regions"),
    FROZEN.with_name("0003_hosted"),
    FROZEN.with_name("0002_faster_figures"),
    FROZEN.with_name("0001_initial"),
]

# Objects new in 0006 (no earlier copy to go back to), dropped first on
# downgrade.
NEW_OBJECTS: list[str] = [
    # the features' stored half behind a view (tables/run_features.sql):
    # REMOVED below makes 0005's table again (empty: the next build fills it)
    "drop view if exists pgbackfill.runner_features",
    "drop table if exists pgbackfill.run_features",
    # the facts in two halves behind a view: 0005's tables/runner_facts.sql
    # makes the one table again (empty: the next refresh fills it); the view's
    # dependants go with it and are made again from their earlier copies
    "drop view if exists pgbackfill.runner_facts cascade",
    "drop table if exists pgbackfill.run_facts",
    "drop table if exists pgbackfill.race_facts",
    "drop function if exists pgbackfill.race_facts_of(varchar[])",
    "drop function if exists pgbackfill.run_facts_of(varchar[])",
]

# Files of 0005's tree that 0006 no longer has (its objects were replaced by
# NEW_OBJECTS): their newest earlier copy runs again on downgrade.
REMOVED = ["tables/runner_features.sql"]


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
    for relative in REMOVED:
        apply_file(conn, next(d / relative for d in EARLIER if (d / relative).exists()))
