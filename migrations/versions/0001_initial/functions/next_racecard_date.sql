-- pgbackfill.next_racecard_date: one greedy step: the unfetched racecard
-- date on which the most still-missing trainers had runners (the latest
-- such date on a tie: its locations are the most current). No row when no
-- date can help.
create or replace function pgbackfill.next_racecard_date(only_trainers varchar[] default null)
returns table (racecard_date date, trainers integer)
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill, public
as $$
    select candidate.racecard_date, count(*)::integer
      from pgbackfill.racecard_candidates(only_trainers) candidate
     group by candidate.racecard_date
     order by count(*) desc, candidate.racecard_date desc
     limit 1;
$$;
