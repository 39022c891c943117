-- pgbackfill.each_way_places: how many places an each-way bet is settled on,
-- from the runners that actually ran: 1-4 runners the winner only, 5-7 the
-- first 2, 8+ the first 3, handicaps of 16+ runners the first 4.
-- Inlinable: no SET clause (see distance_furlongs).
create or replace function pgbackfill.each_way_places(runs_in_race int, is_handicap boolean)
returns int
language sql
immutable
parallel safe
security invoker
as $$
    select case
               when runs_in_race >= 16 and is_handicap then 4
               when runs_in_race >= 8 then 3
               when runs_in_race >= 5 then 2
               else 1
           end;
$$;
