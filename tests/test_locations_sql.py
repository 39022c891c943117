"""The trainer-location SQL, behaviour by behaviour: given rows → call → expect rows."""

from __future__ import annotations

import psycopg
from psycopg.types.json import Jsonb

from .locations_data import day_with, gaps, locations, provenance, race, runners, trainers


def plan(conn: psycopg.Connection, only: list[str] | None = None) -> list[tuple]:
    return conn.execute(
        "select step, racecard_date::text, trainers_covered, trainers_left"
        " from pgbackfill.plan_racecard_dates(%s::varchar[])",
        (only,),
    ).fetchall()


def next_date(conn: psycopg.Connection) -> tuple | None:
    return conn.execute(
        "select racecard_date::text, trainers from pgbackfill.next_racecard_date()"
    ).fetchone()


def apply(
    conn: psycopg.Connection, day: str, racecards: list, only: list[str] | None = None
) -> int:
    return conn.execute(
        "select pgbackfill.apply_racecards(%s, %s, %s::varchar[])", (day, Jsonb(racecards), only)
    ).fetchone()[0]


def card(*entries: tuple[str, str]) -> dict:
    """A racecard in the API's shape with runners (trainer_id, trainer_location)."""
    return {
        "race_id": "rac_x",
        "field_size": str(len(entries)),
        "runners": [
            {"horse_id": f"hrs_{n}", "trainer_id": trainer_id, "trainer_location": location}
            for n, (trainer_id, location) in enumerate(entries)
        ],
    }


def test_runner_rows_fill_each_missing_trainer_with_its_most_recent_location(conn) -> None:
    trainers(conn, {"trn_1": None, "trn_2": ""})
    race(conn, "rac_old", "2020-05-01")
    race(conn, "rac_new", "2024-05-01")
    runners(conn, "rac_old", [("trn_1", "Malton, N Yorks"), ("trn_2", "Lambourn, Berks")])
    runners(conn, "rac_new", [("trn_1", "Newmarket, Suffolk"), ("trn_2", "")])

    filled = conn.execute("select pgbackfill.locations_from_runners()").fetchone()[0]

    assert filled == 2
    assert locations(conn) == {"trn_1": "Newmarket, Suffolk", "trn_2": "Lambourn, Berks"}
    assert provenance(conn) == [
        ("trn_1", "Newmarket, Suffolk", "runners", "2024-05-01"),
        ("trn_2", "Lambourn, Berks", "runners", "2020-05-01"),
    ]


def test_blank_and_dash_locations_count_as_missing(conn) -> None:
    trainers(conn, {"trn_1": "  ", "trn_2": "-"})
    race(conn, "rac_1", "2024-05-01")
    runners(conn, "rac_1", [("trn_1", " – "), ("trn_1", " Epsom, Surrey "), ("trn_2", "")])

    conn.execute("select pgbackfill.locations_from_runners()")

    assert locations(conn) == {"trn_1": "Epsom, Surrey", "trn_2": "-"}


def test_existing_locations_are_never_overwritten(conn) -> None:
    trainers(conn, {"trn_1": "Middleham, N Yorks"})
    race(conn, "rac_1", "2024-05-01")
    runners(conn, "rac_1", [("trn_1", "Newmarket, Suffolk")])

    assert conn.execute("select pgbackfill.locations_from_runners()").fetchone()[0] == 0
    assert apply(conn, "2024-05-01", [card(("trn_1", "Lambourn, Berks"))]) == 0

    assert locations(conn) == {"trn_1": "Middleham, N Yorks"}
    assert provenance(conn) == []


def test_only_trainers_limits_the_runner_pass(conn) -> None:
    trainers(conn, {"trn_1": None, "trn_2": None})
    race(conn, "rac_1", "2024-05-01")
    runners(conn, "rac_1", [("trn_1", "Epsom, Surrey"), ("trn_2", "Ascot, Berks")])

    conn.execute("select pgbackfill.locations_from_runners(array['trn_2'])")

    assert locations(conn) == {"trn_1": None, "trn_2": "Ascot, Berks"}


def test_next_date_is_the_one_with_most_missing_trainers_latest_on_a_tie(conn) -> None:
    trainers(conn, {"trn_1": None, "trn_2": None, "trn_3": None, "trn_4": "Epsom"})
    day_with(conn, "2024-01-01", ["trn_1", "trn_4"])
    day_with(conn, "2024-02-01", ["trn_1", "trn_2"])
    day_with(conn, "2024-03-01", ["trn_2", "trn_3"])

    assert next_date(conn) == ("2024-03-01", 2)


def test_dates_before_the_first_racecard_day_are_never_asked(conn) -> None:
    trainers(conn, {"trn_1": None, "trn_2": None})
    day_with(conn, "2023-01-22", ["trn_1", "trn_2"])
    day_with(conn, "2023-01-23", ["trn_2"])

    assert plan(conn) == [(1, "2023-01-23", 1, 0)]


def test_trainers_with_a_runner_row_location_need_no_racecard(conn) -> None:
    trainers(conn, {"trn_1": None, "trn_2": None})
    race(conn, "rac_1", "2024-05-01")
    runners(conn, "rac_1", [("trn_1", "Epsom, Surrey"), ("trn_2", None)])

    assert plan(conn) == [(1, "2024-05-01", 1, 0)]


def test_greedy_plan_takes_the_date_covering_most_trainers_first(conn) -> None:
    # 2024-06-01 covers four trainers; the other three days cover what is left
    trainers(conn, {f"trn_{n}": None for n in range(1, 7)})
    day_with(conn, "2024-06-01", ["trn_1", "trn_2", "trn_3", "trn_4"])
    day_with(conn, "2024-01-01", ["trn_1", "trn_5"])
    day_with(conn, "2024-02-01", ["trn_2", "trn_6"])
    day_with(conn, "2024-03-01", ["trn_5", "trn_6", "trn_3"])

    assert plan(conn) == [(1, "2024-06-01", 4, 2), (2, "2024-03-01", 2, 0)]


def test_fetched_dates_are_never_candidates_again(conn) -> None:
    trainers(conn, {"trn_1": None, "trn_2": None})
    day_with(conn, "2024-05-01", ["trn_1", "trn_2"])
    day_with(conn, "2024-04-01", ["trn_1"])
    conn.execute("select pgbackfill.skip_racecard_date('2024-05-01', '404', 'HTTP 404')")

    assert next_date(conn) == ("2024-04-01", 1)
    assert plan(conn) == [(1, "2024-04-01", 1, 0)]


def test_apply_racecards_fills_every_missing_trainer_it_mentions(conn) -> None:
    # trn_3 had no runner stored that day, the racecard still names it
    trainers(conn, {"trn_1": None, "trn_2": None, "trn_3": None, "trn_4": None})
    day_with(conn, "2024-05-01", ["trn_1", "trn_2"])

    filled = apply(
        conn,
        "2024-05-01",
        [
            card(("trn_1", "Newmarket, Suffolk"), ("trn_2", "")),
            card(("trn_3", "Chantilly, France")),
        ],
    )

    assert filled == 2
    assert locations(conn) == {
        "trn_1": "Newmarket, Suffolk",
        "trn_2": None,
        "trn_3": "Chantilly, France",
        "trn_4": None,
    }
    assert provenance(conn)[0] == ("trn_1", "Newmarket, Suffolk", "racecards", "2024-05-01")
    assert conn.execute(
        "select racecard_date::text, outcome, racecards, runners, trainers"
        " from pgbackfill.racecard_fetches"
    ).fetchall() == [("2024-05-01", "ok", 2, 3, 3)]


def test_apply_racecards_twice_changes_nothing_more(conn) -> None:
    trainers(conn, {"trn_1": None})
    racecards = [card(("trn_1", "Epsom, Surrey"))]

    assert apply(conn, "2024-05-01", racecards) == 1
    assert apply(conn, "2024-05-01", racecards) == 0
    assert provenance(conn) == [("trn_1", "Epsom, Surrey", "racecards", "2024-05-01")]


def test_apply_racecards_skips_odd_shapes(conn) -> None:
    trainers(conn, {"trn_1": None})
    odd = [
        {"race_id": "rac_1"},  # no runners
        {"runners": "none"},  # not a list
        {
            "runners": [
                {"horse_id": "hrs_1"},
                "x",
                {"trainer_id": "trn_1", "trainer_location": "Ayr"},
            ]
        },
    ]

    assert apply(conn, "2024-05-01", odd) == 1
    assert locations(conn) == {"trn_1": "Ayr"}


def test_only_trainers_limits_what_a_racecard_fills_but_all_are_kept(conn) -> None:
    trainers(conn, {"trn_1": None, "trn_2": None})
    racecards = [card(("trn_1", "Epsom, Surrey"), ("trn_2", "Ayr"))]

    assert apply(conn, "2024-05-01", racecards, only=["trn_1"]) == 1
    assert locations(conn) == {"trn_1": "Epsom, Surrey", "trn_2": None}
    # later, the full run fills trn_2 from what was kept: no call needed
    assert conn.execute("select pgbackfill.locations_from_racecards()").fetchone()[0] == 1
    assert locations(conn)["trn_2"] == "Ayr"


def test_gaps_give_each_missing_trainer_a_reason(conn) -> None:
    trainers(
        conn,
        {
            "trn_has": "Epsom",
            "trn_none": None,
            "trn_old": None,
            "trn_rows": None,
            "trn_fetch": None,
            "trn_silent": None,
            "trn_gone": None,
        },
    )
    race(conn, "rac_old", "2019-03-01")
    runners(conn, "rac_old", [("trn_old", None), ("trn_rows", "Ayr")])
    day_with(conn, "2024-01-01", ["trn_fetch"])
    day_with(conn, "2024-02-01", ["trn_silent"])
    day_with(conn, "2024-03-01", ["trn_gone"])
    apply(conn, "2024-02-01", [card(("trn_silent", ""))])
    conn.execute("select pgbackfill.skip_racecard_date('2024-03-01', '422', 'HTTP 422')")

    assert gaps(conn) == {
        "trn_none": ("no runner at all", False),
        "trn_old": ("no runner since 2023-01-23", False),
        "trn_rows": ("runner rows carry it", True),
        "trn_fetch": ("racecards to fetch", True),
        "trn_silent": ("racecards give no location", False),
        "trn_gone": ("racecards unavailable (404/422/undecodable)", False),
    }


def test_reset_removes_only_what_the_tool_wrote(conn) -> None:
    trainers(conn, {"trn_mine": None, "trn_theirs": "Epsom", "trn_changed": None})
    race(conn, "rac_1", "2024-05-01")
    runners(conn, "rac_1", [("trn_mine", "Ayr"), ("trn_changed", "Ripon")])
    conn.execute("select pgbackfill.locations_from_runners()")
    # someone else edits a location the tool wrote: theirs now
    conn.execute("update ra_mst_trainers set location = 'Thirsk' where id = 'trn_changed'")

    reset = conn.execute("select pgbackfill.reset_trainer_locations()").fetchone()[0]

    assert reset == 1
    assert locations(conn) == {"trn_changed": "Thirsk", "trn_mine": None, "trn_theirs": "Epsom"}
    assert provenance(conn) == []


def test_fetched_racecards_refill_after_a_reset_without_asking_again(conn) -> None:
    trainers(conn, {"trn_1": None})
    day_with(conn, "2024-05-01", ["trn_1"])
    apply(conn, "2024-05-01", [card(("trn_1", "Ayr"))])
    conn.execute("select pgbackfill.reset_trainer_locations()")

    assert next_date(conn) is None  # the date stays fetched
    assert conn.execute("select pgbackfill.locations_from_racecards()").fetchone()[0] == 1
    assert locations(conn) == {"trn_1": "Ayr"}


def test_reset_with_forget_fetches_asks_the_dates_again(conn) -> None:
    trainers(conn, {"trn_1": None})
    day_with(conn, "2024-05-01", ["trn_1"])
    apply(conn, "2024-05-01", [card(("trn_1", "Ayr"))])

    conn.execute("select pgbackfill.reset_trainer_locations(forget_fetches => true)")

    assert next_date(conn) == ("2024-05-01", 1)


def test_profile_answer_fills_a_missing_trainer_and_is_remembered(conn) -> None:
    trainers(conn, {"trn_1": None, "trn_2": None})

    assert conn.execute(
        "select pgbackfill.apply_trainer_profile('trn_1', 'ok', 'Ayr')"
    ).fetchone() == (1,)
    assert conn.execute(
        "select pgbackfill.apply_trainer_profile('trn_2', 'ok', '')"
    ).fetchone() == (0,)

    assert locations(conn) == {"trn_1": "Ayr", "trn_2": None}
    assert provenance(conn) == [("trn_1", "Ayr", "profile", None)]
    assert conn.execute(
        "select trainer_id, outcome from pgbackfill.trainer_profile_fetches order by 1"
    ).fetchall() == [("trn_1", "ok"), ("trn_2", "no location")]


def test_a_trainer_named_without_a_yard_on_three_racecards_is_asked_no_more(conn) -> None:
    trainers(conn, {"trn_1": None})
    for day in ("2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"):
        day_with(conn, day, ["trn_1"])
    for day in ("2024-04-01", "2024-03-01", "2024-02-01"):
        apply(conn, day, [card(("trn_1", ""))])

    assert next_date(conn) is None
    assert gaps(conn) == {"trn_1": ("racecards give no location", False)}
