-- The racing rows changed since a moment, found by index: the runner
-- facts' incremental pass reads these three, nothing else of the racing
-- tables. (The join indexes are declared beside their tables.)
select pg_temp.racing_index('ra_races_changed_at_idx', 'ra_races',
                            'btree (GREATEST(created_at, updated_at))');
select pg_temp.racing_index('ra_runners_changed_at_idx', 'ra_runners',
                            'btree (GREATEST(created_at, updated_at, result_updated_at))');
select pg_temp.racing_index('ra_mst_horses_changed_at_idx', 'ra_mst_horses',
                            'btree (GREATEST(created_at, updated_at))');
