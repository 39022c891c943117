-- pgbackfill.run_facts: the run half of the runner facts, one row per run
-- (pgbackfill.runs), what pgbackfill.runner_facts_of computes per run: the
-- ids of the run's horse, jockey, trainer, owner and of the horse's sire,
-- dam and damsire, its position, age, usable decimal SP and travel, when it
-- last changed, and -- repeated from its race, for the statistics that read
-- nothing else -- its race day, class and distance group. The race's other
-- columns are in pgbackfill.race_facts, once per race; the view
-- pgbackfill.runner_facts joins the two into the rule's columns, and derives
-- what is cheaper to compute than to store (the position flags, 1 / SP).
--
-- Lean, because a small hosted instance pays for every byte (issue 15):
-- fixed-width columns first, widest first, so no byte is lost to alignment;
-- ids compared bytewise (collate "C": equality is the same, sorting and
-- index builds several times cheaper than under the database's C.UTF-8),
-- class in two bytes. 206 MB of rows at 1.24M runs, against 301 MB when the
-- facts were one table with every race column on every run.
create table if not exists pgbackfill.run_facts (
    runner_id bigint not null,
    changed_at timestamp,
    race_date date not null,
    travel_km real,
    distance_group_f int,
    "position" int,
    age int,
    class_number smallint,
    race_id varchar collate "C" not null,
    horse_id varchar collate "C",
    jockey_id varchar collate "C",
    trainer_id varchar collate "C",
    owner_id varchar collate "C",
    sire_id text collate "C",
    dam_id text collate "C",
    damsire_id text collate "C",
    sp_decimal numeric
);

-- Until 0006 the facts were one table, pgbackfill.runner_facts, with every
-- column on every run; its rows move here and to pgbackfill.race_facts (so
-- the next pass compares instead of filling again), and the view of that
-- name (views/runner_facts.sql) takes its place. Its dependants go with it
-- and are made again after (feature_facts, the breakdown, the regional
-- figures and their readers); the regional figures refill if they held
-- rows.
do $upgrade$
begin
    if exists (select from pg_catalog.pg_class
                where oid = pg_catalog.to_regclass('pgbackfill.runner_facts') and relkind = 'r') then
        perform pg_catalog.set_config(
            'pgbackfill.regional_figures_was_populated',
            coalesce((select view.ispopulated::text from pg_catalog.pg_matviews as view
                       where view.schemaname = 'pgbackfill' and view.matviewname = 'regional_figures'),
                     'false'),
            true);
        perform pg_catalog.set_config(
            'pgbackfill.breakdown_was_populated',
            coalesce((select view.ispopulated::text from pg_catalog.pg_matviews as view
                       where view.schemaname = 'pgbackfill' and view.matviewname = 'pedigree_breakdown'),
                     'false'),
            true);
        insert into pgbackfill.race_facts
        select distinct on (fact.race_id)
               fact.race_id, fact.race_date, fact.course_id, fact.course_name, fact.region,
               fact.race_type, fact.surface, fact.going, fact.class_number, fact.furlongs,
               fact.distance_group, fact.distance_group_f, fact.runs_in_race, fact.is_handicap
          from pgbackfill.runner_facts as fact
         order by fact.race_id
            on conflict (race_id) do nothing;
        insert into pgbackfill.run_facts
        select fact.runner_id, fact.changed_at, fact.race_date, fact.travel_km, fact.distance_group_f,
               fact.position, fact.age, fact.class_number, fact.race_id, fact.horse_id, fact.jockey_id,
               fact.trainer_id, fact.owner_id, fact.sire_id, fact.dam_id, fact.damsire_id,
               fact.sp_decimal
          from pgbackfill.runner_facts as fact;
        drop table pgbackfill.runner_facts cascade;
    end if;
end
$upgrade$;

-- The facts' indexes. The first fill drops and builds them again around
-- its load (refresh_runner_facts): each one costs it about a second at
-- 1.24M runs, so there are only those a reader needs.
create unique index if not exists run_facts_runner_id_idx on pgbackfill.run_facts (runner_id);
-- a race's facts are replaced together (runs_in_race is per race)
create index if not exists run_facts_race_id_idx on pgbackfill.run_facts (race_id);
-- The features read the runs race day by race day, and `features build
-- --stale` compares each day's runs and latest change with
-- pgbackfill.feature_days: an index-only scan of this index.
create index if not exists run_facts_race_date_changed_at_idx
    on pgbackfill.run_facts (race_date, changed_at);
-- The statistics of a few entities (`refresh --stale`: the few hundred of
-- each role a race day touches) find the runs of the selective roles
-- through these: a dam or an owner has about 25-30 runs. Plain,
-- deduplicated indexes (about 9 MB each at 1.24M runs). A day's sires,
-- damsires, jockeys and trainers have runs on nearly every page of the
-- table, so the stale refresh reads it whole for them: indexes on those
-- columns saved it nothing (1.68 s with them, 1.73 s without, for a day of
-- 50 races at scale 1.0) and cost the first fill 2.4 s. The statistics of
-- every entity read the whole table and sort it: the covering indexes that
-- once served them in entity order (59 MB each, three of them, and 1.5 s
-- each of the first fill) saved about a second a role.
create index if not exists run_facts_dam_id_idx on pgbackfill.run_facts (dam_id);
create index if not exists run_facts_owner_id_idx on pgbackfill.run_facts (owner_id);
