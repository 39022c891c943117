-- pgbackfill.synthetic_trainer_retirement: the day (counted from
-- 2015-01-01) after which synthetic trainer k saddles no more runners, or
-- NULL while still training. The last 8 % of the trainers (the smallest
-- yards) retire between 2017 and shortly before 2023-01-23, the first day of
-- the API's racecards: the trainers nothing can locate any more. No `set
-- search_path`, so that it inlines (see synthetic_random).
create or replace function pgbackfill.synthetic_trainer_retirement(seed int, trainers int, k bigint)
returns int
language sql
immutable
parallel safe
security invoker
as $$
    select case when k >= trainers - pg_catalog.round(trainers * 0.08)
                then 730 + pg_catalog.floor(2184 * pgbackfill.synthetic_random(seed, 71, k))::int
           end
$$;
