-- pgbackfill.owner_figures: one owner's statistics, named exactly as the
-- statistic columns of ra_mst_owners (all but stats_updated_at, which the refresh
-- sets). What both overloads of pgbackfill.owner_stats return.
do $type$
begin
    if to_regtype('pgbackfill.owner_figures') is null then
        create type pgbackfill.owner_figures as (
            id varchar,
            total_runners int,
            total_wins int,
            total_places int,
            total_seconds int,
            total_thirds int,
            win_rate numeric,
            place_rate numeric,
            last_runner_date date,
            last_win_date date,
            days_since_last_runner int,
            days_since_last_win int,
            recent_14d_runs int,
            recent_14d_wins int,
            recent_14d_win_rate numeric,
            recent_30d_runs int,
            recent_30d_wins int,
            recent_30d_win_rate numeric,
            total_horses int
        );
    end if;
end
$type$;
