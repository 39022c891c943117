"""The fourth session's SQL: leaner runner facts (issue 15), courses,
trainer bases and regional figures (issue 14).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Upgrade runs this revision's frozen copy (the folder beside this file):
only the SQL files whose text changed after 0003 landed, in install order,
each idempotent. `make freeze` rewrites the copy until this revision lands.

Downgrade drops the objects that exist only since 0004, then runs the
newest earlier copy of every other changed file again, so each object is
as 0003 left it.
"""

from pathlib import Path

from alembic import op

from pgbackfill.sqlfiles import apply_file, apply_tree, manifest

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FROZEN = Path(__file__).with_suffix("")
EARLIER = [
    FROZEN.with_name("0003_hosted"),
    FROZEN.with_name("0002_faster_figures"),
    FROZEN.with_name("0001_initial"),
]

# Objects new in 0004 (no earlier copy to go back to).
NEW_OBJECTS: list[str] = [
    # the point-in-time travel features (issue 14); features_build's 0003
    # copy, applied again below, writes none of them
    "alter table pgbackfill.runner_features drop column if exists trainer_travel_km,"
    " drop column if exists trainer_region, drop column if exists trainer_location_source",
    # regions, training centres and travel bands (issue 14): the readers, the
    # regional figures, then what they read (before the bases and the
    # gazetteer below, which they depend on)
    "drop view if exists pgbackfill.trainer_travel",
    "drop view if exists pgbackfill.travel_band_performance",
    "drop view if exists pgbackfill.training_centres",
    "drop view if exists pgbackfill.centre_performance",
    "drop view if exists pgbackfill.region_performance",
    "drop materialized view if exists pgbackfill.regional_figures",
    "drop function if exists pgbackfill.refresh_regional_figures()",
    # (the breakdown's refresh function is made again from 0002's copy)
    "drop function if exists pgbackfill.rebuild_materialized(text)",
    "drop view if exists pgbackfill.training_centre_members",
    "drop view if exists pgbackfill.course_regions",
    "drop function if exists pgbackfill.travel_band(double precision)",
    # the runner facts' fingerprints (issue 15)
    "drop function if exists pgbackfill.refresh_runner_facts(boolean, boolean)",
    # the facts' row type without travel_km (0001's files make both again)
    "drop view if exists pgbackfill.runner_facts_source",
    "drop function if exists pgbackfill.runner_facts_of(varchar[])",
    "alter table pgbackfill.runner_facts drop column if exists travel_km",
    "drop function if exists pgbackfill.facts_rules_version()",
    "drop function if exists pgbackfill.race_fingerprints(varchar[])",
    "drop function if exists pgbackfill.master_fingerprints(boolean)",
    "drop function if exists pgbackfill.racing_table(text)",
    "drop table if exists pgbackfill.runner_facts_races",
    "drop table if exists pgbackfill.runner_facts_masters",
    "alter table pgbackfill.runner_facts_state drop column if exists rules_version",
    # the plain jockey/trainer/owner indexes (0001's covering ones come back)
    "drop index if exists pgbackfill.runner_facts_jockey_idx",
    "drop index if exists pgbackfill.runner_facts_trainer_idx",
    "drop index if exists pgbackfill.runner_facts_owner_idx",
    # courses (issue 14)
    "drop function if exists pgbackfill.synthetic_courses()",
    # the view the racing step made of the upstream's ra_mst_courses
    # (sql/racing/layout.sql), as 0001's downgrade drops the other layout views
    """
    do $$
    begin
        if starts_with(obj_description(to_regclass('public.ra_courses'), 'pg_class'), 'pgbackfill:') then
            drop view public.ra_courses;
        end if;
    end
    $$
    """,
    # trainer bases and regions (issue 14): the view, the functions, then
    # the gazetteer's tables (places and aliases before the counties and
    # regions they reference)
    "drop view if exists pgbackfill.trainer_bases",
    "drop function if exists pgbackfill.trainer_base(text)",
    "drop function if exists pgbackfill.great_circle_km(double precision, double precision,"
    " double precision, double precision)",
    "drop function if exists pgbackfill.fold_place_name(text)",
    "drop table if exists pgbackfill.places",
    "drop table if exists pgbackfill.county_aliases",
    "drop table if exists pgbackfill.counties",
    "drop table if exists pgbackfill.regions",
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
