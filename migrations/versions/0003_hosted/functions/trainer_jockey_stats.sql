-- pgbackfill.trainer_jockey_stats: every trainer x jockey combination that
-- has run, as of a date: runs, wins, places, win and place %, the trainer's
-- own win % beside it (does the pairing beat the yard's norm?), A/E over the
-- runs with an SP, level-stake P/L, IV against every run, and the last 30
-- days (as_of - 30 < race date <= as_of).
--   select * from pgbackfill.trainer_jockey_stats('2024-06-01')
--    where runs >= 20 order by ae desc;
create or replace function pgbackfill.trainer_jockey_stats(as_of date default current_date)
returns table (
    trainer_id varchar,
    trainer_name varchar,
    jockey_id varchar,
    jockey_name varchar,
    runs int,
    wins int,
    places int,
    win_rate numeric,
    place_rate numeric,
    trainer_win_rate numeric,
    sp_runs int,
    ae numeric,
    level_stake_pl numeric,
    iv numeric,
    last_run_date date,
    recent_30d_runs int,
    recent_30d_wins int
)
language plpgsql
stable
security invoker
set search_path = pg_catalog, pgbackfill, public
set jit = off
as $$
#variable_conflict use_column
begin
    if as_of is null then
        raise exception 'the as-of date must not be NULL' using errcode = 'invalid_parameter_value';
    end if;

    return query
    with tally as (
        -- per trainer and jockey, per trainer (jockey grouped away), and
        -- every run (both grouped away)
        select run.entity_id as trainer_id,
               run.jockey_id,
               grouping(run.entity_id, run.jockey_id) as level,
               count(*) as runs,
               count(*) filter (where run.is_win) as wins,
               count(*) filter (where run.is_place) as places,
               count(run.sp_decimal) as sp_runs,
               count(*) filter (where run.is_win and run.sp_decimal is not null) as sp_wins,
               sum(1 / run.sp_decimal) as expected_wins,
               coalesce(sum(run.sp_decimal) filter (where run.is_win), 0) as sp_returns,
               max(run.race_date) as last_run_date,
               count(*) filter (where run.race_date > trainer_jockey_stats.as_of - 30) as runs_30d,
               count(*) filter (where run.race_date > trainer_jockey_stats.as_of - 30
                                  and run.is_win) as wins_30d
          from pgbackfill.connection_runs('trainer', trainer_jockey_stats.as_of) as run
         group by grouping sets ((run.entity_id, run.jockey_id), (run.entity_id), ())
    )
    select pair.trainer_id,
           trainer.name,
           pair.jockey_id,
           jockey.name,
           pair.runs::int,
           pair.wins::int,
           pair.places::int,
           pgbackfill.percent(pair.wins, pair.runs),
           pgbackfill.percent(pair.places, pair.runs),
           pgbackfill.percent(yard.wins, yard.runs),
           pair.sp_runs::int,
           pgbackfill.actual_to_expected(pair.sp_wins, pair.expected_wins),
           case when pair.sp_runs > 0 then round(pair.sp_returns - pair.sp_runs, 2) end,
           pgbackfill.impact_value(pair.wins, pair.runs, population.wins, population.runs),
           pair.last_run_date,
           pair.runs_30d::int,
           pair.wins_30d::int
      from tally as pair
      join tally as yard on yard.level = 1 and yard.trainer_id = pair.trainer_id
      join tally as population on population.level = 3
      left join pgbackfill.connection_entities('trainer') as trainer on trainer.id = pair.trainer_id
      left join pgbackfill.connection_entities('jockey') as jockey on jockey.id = pair.jockey_id
     where pair.level = 0 and pair.trainer_id is not null and pair.jockey_id is not null
     order by pair.trainer_id, pair.jockey_id;
end
$$;
