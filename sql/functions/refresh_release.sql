-- pgbackfill.refresh_release(lock_names): release the advisory locks of the
-- named tables as often as this session holds them (a call that ended in an
-- error left one taken; the next call takes it again). Returns how many
-- holds it released.
create or replace function pgbackfill.refresh_release(lock_names text[])
returns integer
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
as $$
declare
    lock_name text;
    lock_key bigint;
    released integer := 0;
begin
    foreach lock_name in array coalesce(lock_names, '{}') loop
        lock_key := pg_catalog.hashtext('pgbackfill:' || lock_name);
        -- asked of pg_locks first: unlocking a lock not held is a WARNING
        while exists (select
                        from pg_catalog.pg_locks as held
                       where held.locktype = 'advisory'
                         and held.pid = pg_catalog.pg_backend_pid()
                         and held.granted
                         and held.objsubid = 1
                         and ((held.classid::bigint << 32) | held.objid::bigint) = lock_key) loop
            perform pg_catalog.pg_advisory_unlock(lock_key);
            released := released + 1;
        end loop;
    end loop;
    return released;
end
$$;
