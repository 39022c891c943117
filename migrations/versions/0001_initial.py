"""The racing schema (created where missing) and pgbackfill's own objects.

Revision ID: 0001
Revises:
Create Date: 2026-11-28

Upgrade runs this revision's frozen copy of sql/ (the folder beside this
file). Every file there is idempotent. The racing tables themselves are
brought to the contract by `pgbackfill migrate` before any revision runs
(sql/racing/, pgbackfill/racing.py: short steps beside the users' writers);
they left this revision's copy when that step took them over.

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


# On the upstream's renamed layout, migrate shows ra_mst_races (…) under the
# contract names with views of its own (sql/racing/layout.sql); they go too.
DROP_LAYOUT_VIEWS = """
do $$
declare
    contract text;
begin
    foreach contract in array array['ra_races', 'ra_runners', 'ra_race_results'] loop
        if starts_with(obj_description(to_regclass('public.' || contract), 'pg_class'), 'pgbackfill:') then
            execute format('drop view public.%I', contract);
        end if;
    end loop;
end
$$
"""


def downgrade() -> None:
    op.execute("drop schema if exists pgbackfill cascade")
    op.get_bind().connection.driver_connection.execute(DROP_LAYOUT_VIEWS)
    for index in ADDED_INDEXES:
        op.execute(f"drop index if exists public.{index}")
