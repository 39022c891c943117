-- The upstream collector's later layouts: its migration 022 renamed
-- ra_courses ra_mst_courses (with the masters' ra_mst_ prefix), its
-- migration 029 renamed ra_races, ra_runners and ra_race_results
-- ra_mst_races, ra_mst_runners and ra_mst_race_results, same columns. On
-- such a database a view under each contract name shows the renamed table
-- (a simple view: read and written like the table), so every statistic, the
-- seed's verification queries and the users' own SQL read the real rows,
-- and no empty racing table is created beside them. A contract table that
-- is empty while its renamed twin holds rows (an earlier migrate created
-- it) stops the migration with one line: every statistic would come out as
-- zero runs (or every race without its course's coordinates).
do $layout$
declare
    pair record;
    stranded bool;
begin
    for pair in
        select contract, renamed
          from (values ('ra_races', 'ra_mst_races'),
                       ('ra_runners', 'ra_mst_runners'),
                       ('ra_race_results', 'ra_mst_race_results'),
                       ('ra_courses', 'ra_mst_courses')) as layout (contract, renamed)
         where to_regclass('public.' || renamed) is not null
    loop
        if to_regclass('public.' || pair.contract) is null then
            execute format('create view public.%I as select * from public.%I',
                           pair.contract, pair.renamed);
            execute format('comment on view public.%I is %L', pair.contract,
                           'pgbackfill: the contract name of public.' || pair.renamed
                           || ' (the upstream renamed the table)');
        elsif (select relkind from pg_class
                where oid = to_regclass('public.' || pair.contract)) <> 'v' then
            execute format('select not exists (select from public.%I) and exists (select from public.%I)',
                           pair.contract, pair.renamed)
               into stranded;
            if stranded then
                raise exception 'public.% is empty while public.% holds the rows (the upstream renamed its tables): drop the empty public.% (an earlier pgbackfill migrate created it) and run pgbackfill migrate again',
                    pair.contract, pair.renamed, pair.contract
                    using errcode = 'PB001';
            end if;
        end if;
    end loop;
end
$layout$;
