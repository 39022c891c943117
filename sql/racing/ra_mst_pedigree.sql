-- ra_mst_sires, ra_mst_dams, ra_mst_damsires: the pedigree entities, with the
-- statistic columns pgbackfill writes. The three tables have the same
-- columns, so one block declares them all; analysis_last_updated is null
-- until an entity has been analysed.
do $pedigree$
declare
    pedigree_table text;
begin
    foreach pedigree_table in array array['ra_mst_sires', 'ra_mst_dams', 'ra_mst_damsires'] loop
        execute format('create table if not exists public.%I (id varchar primary key)', pedigree_table);
        perform pg_temp.racing_columns(pedigree_table, array[
            'name varchar',
            'horse_id varchar',
            'created_at timestamp',
            'updated_at timestamp',
            'total_runners int',
            'total_wins int',
            'total_places_2nd int',
            'total_places_3rd int',
            'overall_win_percent numeric',
            'overall_ae_index numeric',
            'best_class varchar',
            'best_class_ae numeric',
            'best_distance varchar',
            'best_distance_ae numeric',
            'analysis_last_updated timestamp',
            'data_quality_score numeric'
        ] || array(
            -- class_1..3_* and distance_1..3_*: five columns per ranked slot
            select slot || column_suffix
              from unnest(array['class_1', 'class_2', 'class_3',
                                'distance_1', 'distance_2', 'distance_3']) with ordinality as slots (slot, slot_order),
                   unnest(array['_name varchar', '_runners int', '_wins int',
                                '_win_percent numeric', '_ae numeric']) with ordinality as columns (column_suffix, column_order)
             order by slot_order, column_order
        ));
    end loop;
end
$pedigree$;
