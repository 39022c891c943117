"""The racing schema (created where missing) and pgbackfill's own objects.

Revision ID: 0001
Revises:
Create Date: 2026-11-28

Upgrade runs this revision's frozen copy of sql/ (the folder beside this
file). Every file there is idempotent, so on a database that already holds
the racing tables only the missing columns, indexes and objects are created
and no row is touched.

Downgrade removes what pgbackfill owns: schema `pgbackfill` and the indexes
it added. The racing tables and their columns stay: they hold the users'
data and other jobs write them.
"""

from pathlib import Path

from alembic import op

from pgbackfill.sqlfiles import apply_tree

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

FROZEN = Path(__file__).with_suffix("")

ADDED_INDEXES = [
    "ra_races_date_idx",
    "ra_runners_race_id_idx",
    "ra_runners_horse_id_idx",
    "ra_runners_jockey_id_idx",
    "ra_runners_trainer_id_idx",
    "ra_runners_owner_id_idx",
    "ra_mst_horses_sire_id_idx",
    "ra_mst_horses_dam_id_idx",
    "ra_mst_horses_damsire_id_idx",
    # the runner facts' incremental pass finds changed racing rows by these
    "ra_races_changed_at_idx",
    "ra_runners_changed_at_idx",
    "ra_mst_horses_changed_at_idx",
]


def upgrade() -> None:
    apply_tree(op.get_bind().connection.driver_connection, FROZEN)


def downgrade() -> None:
    op.execute("drop schema if exists pgbackfill cascade")
    for index in ADDED_INDEXES:
        op.execute(f"drop index if exists public.{index}")
