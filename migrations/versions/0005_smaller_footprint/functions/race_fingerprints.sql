-- pgbackfill.race_fingerprints: per race (NULL: every race), a fingerprint
-- of the row versions of the race's row and its runner rows, two of the
-- three tables pgbackfill.runner_facts_of reads (the third, the horses'
-- master rows, has pgbackfill.master_fingerprints). A row's version is its
-- xmin, the transaction that wrote it, with its ctid, where the tuple lies
-- (a transaction that changes a row twice writes a new tuple each time):
-- any insert, update or delete, whatever it does to the timestamps, changes
-- the fingerprint of every race the row belongs to (a runner moved between
-- races changes both). A table rewritten (VACUUM FULL, CLUSTER) moves every
-- row: the next full pass recomputes every race once. Each row's version is
-- hashed with its id and the hashes xor-ed per race, so the order the rows
-- are read in does not matter. A scan of the racing rows, no rule applied:
-- a fraction of what recomputing the facts costs.
--
-- The runner rows are folded race by race as the race index hands them over
-- (ra_runners_race_id_idx, which the racing step makes): a streaming
-- aggregate whose memory does not grow with the data. A hash aggregate of
-- every race needs about 100 bytes per race; past the session's work_mem
-- (16MB by default, about 300,000 races) it spilled to disk and made the
-- full pass grow faster than the data (6.5 s at 685,000 races against
-- 0.8 s at 137,000, 8x for 5x).
--
-- No rows at all when a racing relation is not a table whose row versions
-- pgbackfill can read (pgbackfill.racing_table): the caller then recomputes
-- every run.
create or replace function pgbackfill.race_fingerprints(race_ids varchar[] default null)
returns table (race_id varchar, fingerprint bigint)
language plpgsql
stable
security invoker
set search_path = pg_catalog, pgbackfill
-- stream the runners in race order rather than hash or sort them all
set enable_hashagg = off
set enable_sort = off
as $$
declare
    races constant regclass := pgbackfill.racing_table('ra_races');
    runners constant regclass := pgbackfill.racing_table('ra_runners');
begin
    if races is null or runners is null or pgbackfill.racing_table('ra_mst_horses') is null then
        return;
    end if;
    return query execute format($sql$
        select race.id::varchar,
               pg_catalog.hash_record_extended(row(race.xmin, race.ctid), 0)
               # coalesce(entered.fingerprint, 0)
          from %1$s as race
          left join (select runner.race_id,
                            pg_catalog.bit_xor(pg_catalog.hash_record_extended(
                                row(runner.xmin, runner.ctid), runner.id)) as fingerprint
                       from %2$s as runner
                      where $1 is null or runner.race_id = any ($1)
                      group by runner.race_id) as entered on entered.race_id = race.id
         where $1 is null or race.id = any ($1)
    $sql$, races, runners)
    using race_fingerprints.race_ids;
end;
$$;
