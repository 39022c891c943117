-- ra_mst_sires, ra_mst_dams, ra_mst_damsires: the pedigree entities, with the
-- statistic columns pgbackfill writes. The three tables have the same
-- columns, so one block declares them all; analysis_last_updated is null
-- until an entity has been analysed.
do $pedigree$
declare
    pedigree_table text;
    slot text;
begin
    foreach pedigree_table in array array['ra_mst_sires', 'ra_mst_dams', 'ra_mst_damsires'] loop
        execute format('create table if not exists public.%I (id varchar primary key)', pedigree_table);
        execute format($ddl$
            alter table public.%I
                add column if not exists name varchar,
                add column if not exists horse_id varchar,
                add column if not exists created_at timestamp,
                add column if not exists updated_at timestamp,
                add column if not exists total_runners int,
                add column if not exists total_wins int,
                add column if not exists total_places_2nd int,
                add column if not exists total_places_3rd int,
                add column if not exists overall_win_percent numeric,
                add column if not exists overall_ae_index numeric,
                add column if not exists best_class varchar,
                add column if not exists best_class_ae numeric,
                add column if not exists best_distance varchar,
                add column if not exists best_distance_ae numeric,
                add column if not exists analysis_last_updated timestamp,
                add column if not exists data_quality_score numeric
            $ddl$, pedigree_table);
        -- class_1..3_* and distance_1..3_*: five columns per ranked slot.
        foreach slot in array array['class_1', 'class_2', 'class_3',
                                    'distance_1', 'distance_2', 'distance_3'] loop
            execute format($ddl$
                alter table public.%1$I
                    add column if not exists %2$I varchar,
                    add column if not exists %3$I int,
                    add column if not exists %4$I int,
                    add column if not exists %5$I numeric,
                    add column if not exists %6$I numeric
                $ddl$, pedigree_table, slot || '_name', slot || '_runners', slot || '_wins',
                   slot || '_win_percent', slot || '_ae');
        end loop;
    end loop;
end
$pedigree$;
