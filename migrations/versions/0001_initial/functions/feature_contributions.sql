-- pgbackfill.feature_contributions: what the runs of race days from_date ..
-- to_date add to each connection's record, one row per (kind, key). Used to
-- rebuild pgbackfill.feature_state from history and to roll it forward
-- after each built batch.
create or replace function pgbackfill.feature_contributions(from_date date, to_date date)
returns table (
    kind text, key text, runs int, wins int, places int, sp_wins int,
    expected_wins numeric, last_run_date date
)
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    -- the days' runs read once, then one grouping per kind of connection
    with facts as materialized (
        select *
          from pgbackfill.feature_facts as facts
         where facts.race_date between from_date and to_date
    )
    select 'horse', facts.horse_id, count(*)::int, sum(facts.win)::int, sum(facts.place)::int,
           sum(facts.sp_win)::int, coalesce(sum(facts.expected_win), 0), max(facts.race_date)
      from facts
     where facts.horse_id is not null
     group by facts.horse_id
    union all
    select 'sire', facts.sire_id, count(*)::int, sum(facts.win)::int, sum(facts.place)::int,
           sum(facts.sp_win)::int, coalesce(sum(facts.expected_win), 0), max(facts.race_date)
      from facts
     where facts.sire_id is not null
     group by facts.sire_id
    union all
    select 'sire_class', facts.sire_class_key, count(*)::int, sum(facts.win)::int, sum(facts.place)::int,
           sum(facts.sp_win)::int, coalesce(sum(facts.expected_win), 0), max(facts.race_date)
      from facts
     where facts.sire_class_key is not null
     group by facts.sire_class_key
    union all
    select 'sire_distance', facts.sire_distance_key, count(*)::int, sum(facts.win)::int, sum(facts.place)::int,
           sum(facts.sp_win)::int, coalesce(sum(facts.expected_win), 0), max(facts.race_date)
      from facts
     where facts.sire_distance_key is not null
     group by facts.sire_distance_key
    union all
    select 'dam', facts.dam_id, count(*)::int, sum(facts.win)::int, sum(facts.place)::int,
           sum(facts.sp_win)::int, coalesce(sum(facts.expected_win), 0), max(facts.race_date)
      from facts
     where facts.dam_id is not null
     group by facts.dam_id
    union all
    select 'damsire', facts.damsire_id, count(*)::int, sum(facts.win)::int, sum(facts.place)::int,
           sum(facts.sp_win)::int, coalesce(sum(facts.expected_win), 0), max(facts.race_date)
      from facts
     where facts.damsire_id is not null
     group by facts.damsire_id
    union all
    select 'jockey', facts.jockey_id, count(*)::int, sum(facts.win)::int, sum(facts.place)::int,
           sum(facts.sp_win)::int, coalesce(sum(facts.expected_win), 0), max(facts.race_date)
      from facts
     where facts.jockey_id is not null
     group by facts.jockey_id
    union all
    select 'trainer', facts.trainer_id, count(*)::int, sum(facts.win)::int, sum(facts.place)::int,
           sum(facts.sp_win)::int, coalesce(sum(facts.expected_win), 0), max(facts.race_date)
      from facts
     where facts.trainer_id is not null
     group by facts.trainer_id
    union all
    select 'owner', facts.owner_id, count(*)::int, sum(facts.win)::int, sum(facts.place)::int,
           sum(facts.sp_win)::int, coalesce(sum(facts.expected_win), 0), max(facts.race_date)
      from facts
     where facts.owner_id is not null
     group by facts.owner_id;
$$;
