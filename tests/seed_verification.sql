-- The seed's verification queries (BACKFILL_QUICK_START.md, "Verification
-- Queries"), copied verbatim; tests/test_backfill.py runs each block.

-- after_pedigree_statistics --
-- Check all three tables
SELECT 'Sires' as type, COUNT(*) as total,
       COUNT(analysis_last_updated) as analyzed
FROM ra_mst_sires
UNION ALL
SELECT 'Dams', COUNT(*), COUNT(analysis_last_updated)
FROM ra_mst_dams
UNION ALL
SELECT 'Damsires', COUNT(*), COUNT(analysis_last_updated)
FROM ra_mst_damsires;

-- Expected: 100% analyzed for all

-- after_trainer_locations --
-- Check coverage
SELECT
    COUNT(*) as total,
    COUNT(location) as with_location,
    ROUND(COUNT(location)::numeric / COUNT(*)::numeric * 100, 1) as pct
FROM ra_mst_trainers;

-- Expected: >95% coverage

-- after_entity_statistics --
-- Check all entities
SELECT 'Jockeys' as type,
       COUNT(total_rides) FILTER (WHERE total_rides > 0) as with_stats
FROM ra_mst_jockeys
UNION ALL
SELECT 'Trainers',
       COUNT(total_runners) FILTER (WHERE total_runners > 0)
FROM ra_mst_trainers
UNION ALL
SELECT 'Owners',
       COUNT(total_runners) FILTER (WHERE total_runners > 0)
FROM ra_mst_owners;

-- Expected: All ~100%
