"""Property: random small racing databases -> a plain-Python reading of the
definitions (racing-metrics.md, issue 3) equals what `refresh` stored,
column by column, for sires, dams and damsires."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pgbackfill import refresh
from pgbackfill.errors import UserError

from .pedigree_data import insert, module_connection

MIN_RUNS = 2
CLASSES = ["Class 1", "Class 3", "Class 4", "", None]
DISTANCES = ["5f", "6f210y", "7.0", "1m", "2m4f", "8.5f", None]
# prices whose 1/SP is a short decimal, so exact arithmetic is the reference
PRICES = [
    None,
    Decimal("2"),
    Decimal("2.5"),
    Decimal("4"),
    Decimal("5"),
    Decimal("8"),
    Decimal("1.25"),
    Decimal("10"),
]
ROLES = {"sire": "ra_mst_sires", "dam": "ra_mst_dams", "damsire": "ra_mst_damsires"}
PREFIX = {"sire": "sir", "dam": "dam", "damsire": "dsi"}


@pytest.fixture(scope="module")
def conn(server_url: str, template_name: str):
    yield from module_connection(server_url, template_name)


races = st.lists(
    st.tuples(st.sampled_from(CLASSES), st.sampled_from(DISTANCES), st.booleans()),
    min_size=1,
    max_size=6,
)
runners = st.lists(
    st.tuples(
        st.integers(0, 5),  # race index (mod races)
        st.integers(0, 5),  # horse
        st.sampled_from([1, 1, 2, 3, 4, None]),  # position
        st.sampled_from(PRICES),
        st.booleans(),  # non-runner
    ),
    max_size=30,
)
horses = st.lists(  # per horse: sire, dam, damsire indexes (None: unknown)
    st.tuples(
        st.sampled_from([0, 1, 2, None]), st.sampled_from([0, 1, None]), st.sampled_from([0, 1])
    ),
    min_size=6,
    max_size=6,
)


def two(value: Fraction) -> Decimal:
    """round(x, 2), half away from zero (all figures here are >= 0)."""
    return (
        (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        if value.denominator != 1
        else Decimal(value.numerator).quantize(Decimal("0.01"))
    )


def furlong_group(distance: str | None) -> int | None:
    table = {"5f": 5, "6f210y": 7, "7.0": 7, "1m": 8, "2m4f": 20, "8.5f": 9}
    return table.get(distance) if distance else None


def class_number(race_class: str | None) -> int | None:
    return int(race_class.split()[1]) if race_class else None


def figures(runs: list[dict]) -> dict:
    """One group's runs -> runs, wins, win %, A/E (None when no priced run)."""
    wins = sum(run["win"] for run in runs)
    priced = [run for run in runs if run["sp"] is not None]
    expected = sum((1 / Fraction(run["sp"]) for run in priced), Fraction(0))
    return {
        "runs": len(runs),
        "wins": wins,
        "win_percent": two(Fraction(wins * 100, len(runs))) if runs else None,
        "ae": two(sum(run["win"] for run in priced) / expected) if priced else None,
    }


def expected_stats(runs: list[dict], entity_ids: list[str]) -> dict[str, dict]:
    by_entity = defaultdict(list)
    for run in runs:
        by_entity[run["entity"]].append(run)
    result = {}
    for entity_id in entity_ids:
        mine = by_entity.get(entity_id, [])
        row: dict = {
            "total_runners": len(mine),
            "total_wins": sum(run["win"] for run in mine),
            "total_places_2nd": sum(run["position"] == 2 for run in mine),
            "total_places_3rd": sum(run["position"] == 3 for run in mine),
        }
        overall = figures(mine)
        row["overall_win_percent"] = overall["win_percent"]
        row["overall_ae_index"] = overall["ae"] if mine else None
        complete = sum(
            run["sp"] is not None and run["class"] is not None and run["group"] is not None
            for run in mine
        )
        row["data_quality_score"] = two(Fraction(complete, len(mine))) if mine else None
        for kind, key, name in (
            ("class", "class", lambda value: f"Class {value}"),
            ("distance", "group", lambda value: f"{value}f"),
        ):
            groups = defaultdict(list)
            for run in mine:
                if run[key] is not None:
                    groups[run[key]].append(run)
            rated = {value: figures(group) for value, group in groups.items()}
            ranked = sorted(rated, key=lambda v: (-rated[v]["runs"], -rated[v]["wins"], v))
            for slot in (1, 2, 3):
                value = ranked[slot - 1] if slot <= len(ranked) else None
                found = rated.get(value, {})
                row[f"{kind}_{slot}_name"] = name(value) if value is not None else None
                row[f"{kind}_{slot}_runners"] = found.get("runs")
                row[f"{kind}_{slot}_wins"] = found.get("wins")
                row[f"{kind}_{slot}_win_percent"] = found.get("win_percent")
                row[f"{kind}_{slot}_ae"] = found.get("ae")
            qualifying = [
                v
                for v in rated
                if rated[v]["runs"] >= MIN_RUNS
                and rated[v]["wins"] > 0
                and rated[v]["ae"] is not None
            ]
            best = min(
                qualifying, key=lambda v: (-rated[v]["ae"], -rated[v]["wins"], v), default=None
            )
            row[f"best_{kind}"] = name(best) if best is not None else None
            row[f"best_{kind}_ae"] = rated[best]["ae"] if best is not None else None
        result[entity_id] = row
    return result


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(races=races, runners=runners, horses=horses)
def test_stored_pedigree_figures_equal_the_definitions(
    conn: psycopg.Connection, races, runners, horses
) -> None:
    conn.execute(
        "truncate ra_races, ra_runners, ra_mst_horses, ra_mst_sires, ra_mst_dams, ra_mst_damsires"
    )
    ids = {role: [f"{PREFIX[role]}_{n}" for n in range(3)] for role in ROLES}
    for role, table in ROLES.items():
        for entity_id in ids[role]:
            insert(conn, table, id=entity_id)
    for number, (sire, dam, damsire) in enumerate(horses):
        insert(
            conn,
            "ra_mst_horses",
            id=f"hrs_{number}",
            sire_id=None if sire is None else f"sir_{sire}",
            dam_id=None if dam is None else f"dam_{dam}",
            damsire_id=f"dsi_{damsire}",
        )
    for number, (race_class, distance, resulted) in enumerate(races):
        insert(
            conn,
            "ra_races",
            id=f"rac_{number}",
            date=date(2024, 5, 1),
            race_class=race_class,
            distance_f=distance,
            has_result=resulted,
            is_abandoned=False,
        )
    runs = []
    for number, (race_index, horse, position, sp, scratched) in enumerate(runners):
        race_number = race_index % len(races)
        insert(
            conn,
            "ra_runners",
            id=number + 1,
            race_id=f"rac_{race_number}",
            horse_id=f"hrs_{horse}",
            position=position,
            starting_price_decimal=sp,
            is_scratched=scratched,
        )
        race_class, distance, resulted = races[race_number]
        if scratched or not resulted:
            continue
        sire, dam, damsire = horses[horse]
        for role, index in (("sire", sire), ("dam", dam), ("damsire", damsire)):
            if index is not None:
                runs.append(
                    {
                        "role": role,
                        "entity": f"{PREFIX[role]}_{index}",
                        "position": position,
                        "win": position == 1,
                        "sp": sp,
                        "class": class_number(race_class),
                        "group": furlong_group(distance),
                    }
                )

    if not runners:  # entities listed, no run at all: refused, not zeros
        with pytest.raises(UserError, match="no runs to compute from"):
            refresh.run(conn, "pedigree", refresh.Options(min_runs=MIN_RUNS))
        return
    refresh.run(conn, "pedigree", refresh.Options(min_runs=MIN_RUNS))

    for role, table in ROLES.items():
        expected = expected_stats([run for run in runs if run["role"] == role], ids[role])
        columns = list(next(iter(expected.values())))
        cursor = conn.execute(
            psycopg.sql.SQL("select id, {} from public.{} order by id").format(
                psycopg.sql.SQL(", ").join(map(psycopg.sql.Identifier, columns)),
                psycopg.sql.Identifier(table),
            )
        )
        stored = {row[0]: dict(zip(columns, row[1:], strict=True)) for row in cursor.fetchall()}
        for entity_id, row in expected.items():
            for column, value in row.items():
                assert stored[entity_id][column] == value, (table, entity_id, column)
