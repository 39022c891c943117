-- pgbackfill.apply_racecards: take in one racecard date's response (the
-- `racecards` arrays of all its pages, concatenated): remember the date as
-- fetched, keep each trainer it mentions with the location it gives, and
-- fill every still-missing trainer it mentions (only those in
-- only_trainers when given). One call, one transaction. Returns the number
-- of trainers filled.
create or replace function pgbackfill.apply_racecards(
    racecard_date date,
    racecards jsonb,
    only_trainers varchar[] default null
)
returns integer
language plpgsql
volatile
security invoker
set search_path = pg_catalog, pgbackfill, public
as $$
begin
    -- the date is fetched: a rerun never asks for it again
    insert into pgbackfill.racecard_fetches as asked
           (racecard_date, outcome, detail, racecards, runners, trainers)
    select apply_racecards.racecard_date, 'ok', null,
           (select count(*) from jsonb_path_query(apply_racecards.racecards, 'lax $[*]')),
           (select count(*) from jsonb_path_query(apply_racecards.racecards, 'lax $[*].runners[*]')),
           (select count(distinct runner ->> 'trainer_id')
              from jsonb_path_query(apply_racecards.racecards, 'lax $[*].runners[*]') as runner)
    on conflict on constraint racecard_fetches_pkey do update
       set outcome = excluded.outcome, detail = null, racecards = excluded.racecards,
           runners = excluded.runners, trainers = excluded.trainers, fetched_at = now();

    -- every trainer the racecards mention, with the location they give
    -- (lax path: a racecard without runners, or an odd value, is skipped)
    insert into pgbackfill.racecard_trainers as seen (racecard_date, trainer_id, location)
    select apply_racecards.racecard_date,
           runner ->> 'trainer_id',
           max(pgbackfill.clean_location(runner ->> 'trainer_location'))
      from jsonb_path_query(apply_racecards.racecards, 'lax $[*].runners[*]') as runner
     where jsonb_typeof(runner) = 'object'
       and nullif(btrim(runner ->> 'trainer_id'), '') is not null
     group by runner ->> 'trainer_id'
    on conflict on constraint racecard_trainers_pkey do update
       set location = coalesce(excluded.location, seen.location);

    -- fill the missing trainers from what was just kept
    return pgbackfill.locations_from_racecards(only_trainers);
end;
$$;
