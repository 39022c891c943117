"""The third session's SQL: hosted PostgreSQL (poolers, renamed tables), the
procedures psql and pg_cron call, the session's work_mem.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

Upgrade runs this revision's frozen copy (the folder beside this file):
only the SQL files whose text changed after 0002 landed, in install order,
each idempotent. `make freeze` rewrites the copy until this revision lands.

Downgrade drops the objects that exist only since 0003, then runs the
newest earlier copy of every other changed file again, so each object is
as 0002 left it.
"""

from pathlib import Path

from alembic import op

from pgbackfill.sqlfiles import apply_file, apply_tree, manifest

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FROZEN = Path(__file__).with_suffix("")
EARLIER = [FROZEN.with_name("0002_faster_figures"), FROZEN.with_name("0001_initial")]

# Objects new in 0003 (no earlier copy to go back to).
NEW_OBJECTS = [
    "drop function if exists pgbackfill.racing_facts_problem()",
    "drop procedure if exists pgbackfill.refresh(text, boolean, boolean, boolean, boolean,"
    " integer, date, integer, boolean, boolean)",
    "drop function if exists pgbackfill.refresh_targets(text)",
    "drop function if exists pgbackfill.refresh_release(text[])",
    "drop function if exists pgbackfill.run_abandon(text, text)",
    "drop procedure if exists pgbackfill.features_build(boolean, date, date, integer)",
    "drop function if exists pgbackfill.features_build_begin(boolean, date, date)",
    "drop function if exists pgbackfill.features_build_end(bigint, bigint)",
    "drop procedure if exists pgbackfill.audit_record(boolean)",
    "drop function if exists pgbackfill.cron_jobs()",
    "drop function if exists pgbackfill.cron_plan(time, name)",
    "drop function if exists pgbackfill.cron_problem(name)",
    "drop function if exists pgbackfill.cron_statements(time, name, boolean)",
    "drop function if exists pgbackfill.disk_use()",
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
