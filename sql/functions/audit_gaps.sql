-- pgbackfill.audit_gaps: the seed's "Current State" table recomputed from the
-- database: per category total, done, missing, coverage %. `fillable` is
-- false for the line of trainers whose location no source can give (see
-- pgbackfill.trainer_location_gaps: e.g. no runner since 2023-01-23, when the
-- API's racecards begin): they are shown, not counted as a gap. Nor is
-- 'Course coordinates (races)': of all races (total), those whose course has
-- coordinates (done) and those whose course has none (missing: no
-- course_id, no ra_courses row for it, or its latitude or longitude NULL).
-- pgbackfill never guesses a course's place and no command of it fills
-- ra_courses, so they are shown for whoever keeps ra_courses, not a gap.
-- Nor are the 'Trainer bases' lines: of the trainers with a location
-- (total), those pgbackfill.trainer_base resolves to a place (done), then to
-- a place or their county's centre (done; missing: unresolved, listed with
-- the reason by `select * from pgbackfill.trainer_bases where resolved_by is
-- null`). No command fills them (a location abroad never resolves): shown,
-- not a gap.
-- strict: an entity analysed before its latest runs changed counts as missing.
create or replace function pgbackfill.audit_gaps(strict boolean default false)
returns table (
    category text,
    total bigint,
    done bigint,
    missing bigint,
    coverage_pct numeric,
    fillable boolean
)
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill, public
as $$
with
-- strict only: when each entity's runs last changed — the latest change of
-- a run it has now (the rule, read from the racing tables), or the latest
-- logged removal/change of one (runs that disappeared leave no run behind)
run_changes as (
    select connection.role, connection.id, fact.changed_at
      from pgbackfill.runner_facts_source as fact
     cross join lateral (values ('sire', fact.sire_id), ('dam', fact.dam_id),
                                ('damsire', fact.damsire_id), ('jockey', fact.jockey_id),
                                ('trainer', fact.trainer_id), ('owner', fact.owner_id))
           as connection(role, id)
     where strict and connection.id is not null
    union all
    select change.role, change.entity_id, change.logged_at
      from pgbackfill.runner_fact_changes as change
     where strict
),
latest_change as (
    select role, id, max(changed_at) as changed_at from run_changes group by role, id
),
with_runs as (
    select distinct 'jockey' as role, jockey_id as id from pgbackfill.runs where jockey_id is not null
    union all
    select distinct 'trainer', trainer_id from pgbackfill.runs where trainer_id is not null
    union all
    select distinct 'owner', owner_id from pgbackfill.runs where owner_id is not null
),
-- an entity with runs has statistics when they were computed (and, strict,
-- computed after its runs last changed)
connection_status as (
    select 'jockey' as role, j.id, j.stats_updated_at as analysed_at,
           coalesce(j.total_rides, 0) > 0 as has_figures
      from public.ra_mst_jockeys j
    union all
    select 'trainer', t.id, t.stats_updated_at, coalesce(t.total_runners, 0) > 0
      from public.ra_mst_trainers t
    union all
    select 'owner', o.id, o.stats_updated_at, coalesce(o.total_runners, 0) > 0
      from public.ra_mst_owners o
),
connection_gaps as (
    select status.role,
           count(*) as total,
           count(*) filter (
               where status.analysed_at is not null and status.has_figures
                 and (not strict or change.changed_at is null
                      or status.analysed_at >= change.changed_at)) as done
      from connection_status status
      join with_runs on with_runs.role = status.role and with_runs.id = status.id
      left join latest_change change on change.role = status.role and change.id = status.id
     group by status.role
),
pedigree_status as (
    select 'sire' as role, id, analysis_last_updated as analysed_at from public.ra_mst_sires
    union all
    select 'dam', id, analysis_last_updated from public.ra_mst_dams
    union all
    select 'damsire', id, analysis_last_updated from public.ra_mst_damsires
),
pedigree_gaps as (
    select status.role,
           count(*) as total,
           count(*) filter (
               where status.analysed_at is not null
                 and (not strict or change.changed_at is null
                      or status.analysed_at >= change.changed_at)) as done
      from pedigree_status status
      left join latest_change change on change.role = status.role and change.id = status.id
     group by status.role
),
-- trainers without a location, and whether any source can still give one
-- (pgbackfill.trainer_location_gaps holds that rule, with the reason)
location_gaps as (
    select (select count(*) from public.ra_mst_trainers) as total,
           count(*) filter (where gap.has_source) as fillable_missing,
           count(*) filter (where not gap.has_source) as no_source
      from pgbackfill.trainer_location_gaps as gap
),
-- races and whether their course has coordinates
course_gaps as (
    select count(*) as total,
           count(course.id) filter (where course.latitude is not null
                                      and course.longitude is not null) as done
      from public.ra_races as race
      left join public.ra_courses as course on course.id = race.course_id
),
-- trainers with a location and how their base resolved
base_coverage as (
    select count(*) as total,
           count(*) filter (where base.resolved_by = 'place') as by_place,
           count(*) filter (where base.resolved_by is not null) as resolved
      from pgbackfill.trainer_bases as base
),
lines as (
    select 1 as sort_key, 'Sire statistics' as category, coalesce(total, 0) as total,
           coalesce(done, 0) as done, coalesce(total - done, 0) as missing, true as fillable
      from (select 1) one left join pedigree_gaps on role = 'sire'
    union all
    select 2, 'Dam statistics', coalesce(total, 0), coalesce(done, 0), coalesce(total - done, 0), true
      from (select 1) one left join pedigree_gaps on role = 'dam'
    union all
    select 3, 'Damsire statistics', coalesce(total, 0), coalesce(done, 0),
           coalesce(total - done, 0), true
      from (select 1) one left join pedigree_gaps on role = 'damsire'
    union all
    select 4, 'Trainer locations', total, total - fillable_missing - no_source, fillable_missing, true
      from location_gaps
    union all
    select 5, 'Trainer locations (no source)', no_source, 0, no_source, false from location_gaps
    union all
    select 6, 'Jockey statistics', coalesce(total, 0), coalesce(done, 0),
           coalesce(total - done, 0), true
      from (select 1) one left join connection_gaps on role = 'jockey'
    union all
    select 7, 'Trainer statistics', coalesce(total, 0), coalesce(done, 0),
           coalesce(total - done, 0), true
      from (select 1) one left join connection_gaps on role = 'trainer'
    union all
    select 8, 'Owner statistics', coalesce(total, 0), coalesce(done, 0),
           coalesce(total - done, 0), true
      from (select 1) one left join connection_gaps on role = 'owner'
    union all
    select 9, 'Course coordinates (races)', total, done, total - done, false
      from course_gaps
    union all
    select 10, 'Trainer bases (to a place)', total, by_place, total - by_place, false
      from base_coverage
    union all
    select 11, 'Trainer bases (place or county)', total, resolved, total - resolved, false
      from base_coverage
)
select category, total, done, missing,
       case when total > 0 then round(done * 100.0 / total, 2) end as coverage_pct,
       fillable
  from lines
 order by sort_key;
$$;
