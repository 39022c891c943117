-- pgbackfill.pedigree_figures: one entity's statistics, named exactly as the
-- statistic columns of ra_mst_sires / ra_mst_dams / ra_mst_damsires (all but
-- analysis_last_updated, which the refresh sets). What pedigree_stats and
-- its sire/dam/damsire wrappers return.
do $type$
begin
    if to_regtype('pgbackfill.pedigree_figures') is null then
        create type pgbackfill.pedigree_figures as (
            id varchar,
            total_runners int,
            total_wins int,
            total_places_2nd int,
            total_places_3rd int,
            overall_win_percent numeric,
            overall_ae_index numeric,
            best_class varchar,
            best_class_ae numeric,
            best_distance varchar,
            best_distance_ae numeric,
            data_quality_score numeric,
            class_1_name varchar, class_1_runners int, class_1_wins int,
            class_1_win_percent numeric, class_1_ae numeric,
            class_2_name varchar, class_2_runners int, class_2_wins int,
            class_2_win_percent numeric, class_2_ae numeric,
            class_3_name varchar, class_3_runners int, class_3_wins int,
            class_3_win_percent numeric, class_3_ae numeric,
            distance_1_name varchar, distance_1_runners int, distance_1_wins int,
            distance_1_win_percent numeric, distance_1_ae numeric,
            distance_2_name varchar, distance_2_runners int, distance_2_wins int,
            distance_2_win_percent numeric, distance_2_ae numeric,
            distance_3_name varchar, distance_3_runners int, distance_3_wins int,
            distance_3_win_percent numeric, distance_3_ae numeric
        );
    end if;
end
$type$;
