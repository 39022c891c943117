-- pgbackfill.jockey_figures: one jockey's statistics, named exactly as the
-- statistic columns of ra_mst_jockeys (all but stats_updated_at, which the refresh
-- sets). What both overloads of pgbackfill.jockey_stats return.
do $type$
begin
    if to_regtype('pgbackfill.jockey_figures') is null then
        create type pgbackfill.jockey_figures as (
            id varchar,
            total_rides int,
            total_wins int,
            total_places int,
            total_seconds int,
            total_thirds int,
            win_rate numeric,
            place_rate numeric,
            last_ride_date date,
            last_win_date date,
            days_since_last_ride int,
            days_since_last_win int,
            recent_14d_rides int,
            recent_14d_wins int,
            recent_14d_win_rate numeric,
            recent_30d_rides int,
            recent_30d_wins int,
            recent_30d_win_rate numeric
        );
    end if;
end
$type$;
