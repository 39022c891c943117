-- pgbackfill.class_number: the class of a race from race_class ('Class 4' -> 4).
-- Empty, NULL or unreadable (Irish races carry no class) -> NULL: the
-- unclassified group, never Class 0. Inlinable: no SET clause (see
-- distance_furlongs).
create or replace function pgbackfill.class_number(race_class text)
returns int
language sql
immutable
parallel safe
security invoker
as $$
    select (pg_catalog.regexp_match(race_class, '^\s*(?:class\s*)?([1-9][0-9]?)\s*$', 'i'))[1]::int;
$$;
