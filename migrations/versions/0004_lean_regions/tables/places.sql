-- pgbackfill.regions, counties, county_aliases, places: the gazetteer of GB
-- and Irish places that pgbackfill.trainer_base reads (issue 14). The rows
-- come from sql/data/places.sql (GeoNames, CC BY 4.0, geonames.org),
-- written by tools/gazetteer.py.

-- England's nine regions, Wales, Scotland, Northern Ireland, and Ireland's
-- four provinces
create table if not exists pgbackfill.regions (
    region text primary key,
    country text not null
);

-- A county as the racing press names it ("N Yorks" → North Yorkshire), the
-- GeoNames admin2 areas it covers (a GB admin2 is often a unitary
-- authority: Berkshire is West Berkshire, Wokingham, …), its region, and its
-- centre (the mean position of its gazetteer places). A group county
-- ("Yorks", "Glamorgan", "Gwent", "Cleveland", "Avon") only widens a
-- lookup: a place's own county is never one.
create table if not exists pgbackfill.counties (
    county text primary key,
    country text not null,
    region text not null references pgbackfill.regions (region),
    admin2 text[] not null,
    is_group boolean not null default false,
    latitude double precision,
    longitude double precision
);

-- The press's spellings of each county, folded by pgbackfill.fold_place_name
-- ("co kildare", "kildare", "county kildare" → Kildare)
create table if not exists pgbackfill.county_aliases (
    alias_folded text primary key,
    county text not null references pgbackfill.counties (county)
);

-- GeoNames' GB and Irish places of 1,000 people or more, the racecourses
-- no such place is named after (source 'racecourse'), and a handful of
-- training villages GeoNames lacks, Middleham first (source 'manual'). place_id orders them
-- by country, county, name: name-only lookups break ties with it.
create table if not exists pgbackfill.places (
    place_id integer primary key,
    name text not null,
    name_folded text not null,
    admin2 text not null,
    county text not null references pgbackfill.counties (county),
    country text not null,
    region text not null references pgbackfill.regions (region),
    latitude double precision not null,
    longitude double precision not null,
    source text not null check (source in ('geonames', 'racecourse', 'manual'))
);

create index if not exists places_name_folded_idx on pgbackfill.places (name_folded);
