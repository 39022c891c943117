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
    select connection.kind,
           connection.key,
           count(*)::int,
           sum(facts.win)::int,
           sum(facts.place)::int,
           sum(facts.sp_win)::int,
           coalesce(sum(facts.expected_win), 0),
           max(facts.race_date)
      from pgbackfill.feature_facts as facts
     -- one row per run and connection it has
     cross join lateral (values
               ('horse', facts.horse_id),
               ('sire', facts.sire_id),
               ('sire_class', facts.sire_class_key),
               ('sire_distance', facts.sire_distance_key),
               ('dam', facts.dam_id),
               ('damsire', facts.damsire_id),
               ('jockey', facts.jockey_id),
               ('trainer', facts.trainer_id),
               ('owner', facts.owner_id)
           ) as connection (kind, key)
     where facts.race_date between from_date and to_date
       and connection.key is not null
     group by connection.kind, connection.key;
$$;
