-- pgbackfill.plan_racecard_dates: the whole greedy plan, without a call:
-- repeatedly take the date covering the most still-uncovered trainers (as
-- next_racecard_date does), assuming each racecard gives the location of
-- every trainer with a runner that day. One row per date, in fetch order.
create or replace function pgbackfill.plan_racecard_dates(only_trainers varchar[] default null)
returns table (step integer, racecard_date date, trainers_covered integer, trainers_left integer)
language plpgsql
volatile
security invoker
set search_path = pg_catalog, pgbackfill, public
as $$
declare
    chosen date;
    covered integer;
begin
    -- the candidate pairs, shrunk as dates are chosen
    drop table if exists pg_temp.racecard_plan_pairs;
    create temporary table racecard_plan_pairs on commit drop as
        select candidate.trainer_id, candidate.racecard_date
          from pgbackfill.racecard_candidates(only_trainers) candidate;
    create index on pg_temp.racecard_plan_pairs (racecard_date);
    create index on pg_temp.racecard_plan_pairs (trainer_id);
    analyze pg_temp.racecard_plan_pairs;

    step := 0;
    select count(distinct pair.trainer_id) into trainers_left from pg_temp.racecard_plan_pairs pair;
    loop
        -- the date with most uncovered trainers; the latest on a tie
        select pair.racecard_date, count(*) into chosen, covered
          from pg_temp.racecard_plan_pairs pair
         group by pair.racecard_date
         order by count(*) desc, pair.racecard_date desc
         limit 1;
        exit when chosen is null;

        -- its trainers are covered: none of their other dates is needed
        delete from pg_temp.racecard_plan_pairs pair
         where pair.trainer_id in (select day.trainer_id from pg_temp.racecard_plan_pairs day
                                    where day.racecard_date = chosen);

        step := step + 1;
        racecard_date := chosen;
        trainers_covered := covered;
        trainers_left := trainers_left - covered;
        return next;
        chosen := null;
    end loop;
    drop table pg_temp.racecard_plan_pairs;
end;
$$;
