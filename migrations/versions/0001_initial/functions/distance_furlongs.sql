-- pgbackfill.distance_furlongs: a race distance string in furlongs, from every
-- stored format: '7.0', '8.5f', '23f', '6f210y', '2m4f', '2m4f110y', '1m',
-- '1m7f' (8 furlongs a mile, 220 yards a furlong). NULL when the text does
-- not parse or gives no positive distance.
create or replace function pgbackfill.distance_furlongs(distance text)
returns numeric
language sql
immutable
parallel safe
security invoker
set search_path = pg_catalog
as $$
    select case
               -- a bare number is already furlongs: '7.0', '12'
               when cleaned.text ~ '^[0-9]+(\.[0-9]+)?$' then nullif(cleaned.text::numeric, 0)
               -- miles, furlongs and yards, each optional but at least one present
               when parts.match is not null and cleaned.text <> '' then
                   -- to 3 decimals: 6f210y = 6.955 (yards make long fractions)
                   nullif(round(coalesce(parts.match[1]::numeric, 0) * 8
                                + coalesce(parts.match[2]::numeric, 0)
                                + coalesce(parts.match[3]::numeric, 0) / 220, 3), 0)
           end
      from (select lower(regexp_replace(distance, '\s+', '', 'g')) as text) as cleaned,
           lateral (select regexp_match(cleaned.text,
                                        '^(?:([0-9]+)m)?(?:([0-9]+(?:\.[0-9]+)?)f)?(?:([0-9]+)y)?$')
                           as match) as parts;
$$;
