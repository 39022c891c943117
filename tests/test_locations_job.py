"""pgbackfill locations end to end, on small data, against the real local stand-in."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest

from pgbackfill.cli import main
from pgbackfill.racing_api_standin import StandIn

from .locations_data import day_with, gaps, ground_truth, locations, race, runners, trainers

USER, PASSWORD = "s3cret-user", "s3cret-pass"

# What a full run leaves: every reachable trainer filled, the rest reported.
FILLED = {
    "trn_a": "Ayr",
    "trn_b": "Newmarket, Suffolk",
    "trn_c": "Lambourn, Berks",
    "trn_d": "Malton, N Yorks",
    "trn_e": "Chantilly, France",
    "trn_f": "Epsom, Surrey",
    "trn_kept": "Middleham, N Yorks",
    "trn_none": None,
    "trn_old": None,
    "trn_silent": None,
}
NO_SOURCE = {
    "trn_none": ("no runner at all", False),
    "trn_old": ("no runner since 2023-01-23", False),
    "trn_silent": ("racecards give no location", False),
}


@pytest.fixture
def yards(conn) -> None:
    """trn_a's runner rows carry its yard; b-f and silent need racecards; old/none cannot."""
    trainers(conn, {trainer_id: None for trainer_id in FILLED} | {"trn_kept": "Middleham, N Yorks"})
    race(conn, "rac_a", "2022-03-01")
    runners(conn, "rac_a", [("trn_a", "Ayr")])
    day_with(conn, "2024-06-01", ["trn_b", "trn_c", "trn_d", "trn_silent"])
    day_with(conn, "2024-01-01", ["trn_d", "trn_e"])
    day_with(conn, "2023-05-05", ["trn_f"])
    day_with(conn, "2020-01-01", ["trn_old"])
    ground_truth(
        conn,
        {trainer_id: location for trainer_id, location in FILLED.items() if location}
        | {"trn_silent": ""},
    )


@pytest.fixture
def api_env(monkeypatch, database_url, yards):
    with StandIn(database_url, username=USER, password=PASSWORD) as server:
        monkeypatch.setenv("DATABASE_URL", database_url)
        monkeypatch.setenv("RACING_API_USERNAME", USER)
        monkeypatch.setenv("RACING_API_PASSWORD", PASSWORD)
        monkeypatch.setenv("RACING_API_BASE_URL", server.base_url)
        yield server


def run(*args: str) -> int:
    try:
        main(["locations", "--rate", "100", *args])
    except SystemExit as exit:
        return exit.code
    return 0


def assert_no_secret(text: str) -> None:
    assert USER not in text and PASSWORD not in text


def test_runner_rows_then_greedy_racecards_fill_every_reachable_trainer(
    conn, api_env, capsys
) -> None:
    assert run() == 0

    assert locations(conn) == FILLED
    assert api_env.racecard_dates() == ["2024-06-01", "2024-01-01", "2023-05-05"]
    assert gaps(conn) == NO_SOURCE
    assert conn.execute(
        "select source, count(*) from pgbackfill.trainer_location_provenance group by 1 order by 1"
    ).fetchall() == [("racecards", 5), ("runners", 1)]
    shown = capsys.readouterr().out
    assert "no source: no runner at all" in shown
    assert_no_secret(shown)


def test_a_rerun_asks_for_no_date_again(conn, api_env) -> None:
    assert run() == 0
    asked = len(api_env.requests)

    assert run() == 0

    assert len(api_env.requests) == asked
    assert locations(conn) == FILLED


def test_a_killed_run_resumes_without_asking_a_date_twice(conn, api_env, database_url) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "pgbackfill.cli", "locations", "--rate", "2"],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # once the first date is answered, hold the next request until the kill
        for _ in range(1000):
            if api_env.requests:
                break
            time.sleep(0.01)
        api_env.faults.slow, api_env.faults.delay = 1, 2.0
        for _ in range(1000):
            if conn.execute("select count(*) from pgbackfill.racecard_fetches").fetchone()[0]:
                break
            time.sleep(0.01)
        time.sleep(0.8)  # the second request is in flight
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert conn.execute("select count(*) from pgbackfill.racecard_fetches").fetchone()[0] == 1
    api_env.faults.slow = 0
    time.sleep(2.2)  # let the held request finish on the server side

    assert run() == 0

    asked = api_env.racecard_dates()
    # each date once, but the one in flight at the kill (asked again)
    assert asked[0] == "2024-06-01" and sorted(set(asked)) == [
        "2023-05-05",
        "2024-01-01",
        "2024-06-01",
    ]
    assert len(asked) <= 4 and asked.count("2024-06-01") == 1
    assert locations(conn) == FILLED


def test_dry_run_asks_nothing_and_writes_nothing(conn, api_env, capsys) -> None:
    before = locations(conn)

    assert run("--dry-run") == 0

    assert api_env.requests == []
    assert locations(conn) == before
    shown = capsys.readouterr().out
    assert "API calls planned" in shown and "3 (" in shown
    assert "2024-06-01 (4)" in shown


def test_dry_run_json_gives_the_plan(conn, api_env, capsys) -> None:
    assert run("--dry-run", "--json") == 0

    summary = json.loads(capsys.readouterr().out)
    assert summary["filled_from_runners"] == 1
    assert [row["date"] for row in summary["planned_dates"]] == [
        "2024-06-01",
        "2024-01-01",
        "2023-05-05",
    ]
    assert summary["api_calls"] == 3 and summary["filled_from_api"] == 6


def test_max_calls_sends_no_more_requests_than_asked(conn, api_env, capsys) -> None:
    assert run("--max-calls", "1", "--json") == 0

    assert len(api_env.requests) == 1
    summary = json.loads(capsys.readouterr().out)
    assert summary["stopped_by"] == "max calls" and summary["api_calls"] == 1

    assert run() == 0
    assert api_env.racecard_dates() == ["2024-06-01", "2024-01-01", "2023-05-05"]


def test_without_credentials_the_runner_pass_runs_then_exit_2(conn, api_env, monkeypatch, capsys):
    monkeypatch.delenv("RACING_API_PASSWORD")

    assert run() == 2

    assert locations(conn)["trn_a"] == "Ayr"
    assert api_env.requests == []
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert "RACING_API_USERNAME" in err and "RACING_API_PASSWORD" in err
    assert_no_secret(err)


def test_refused_credentials_stop_everything_with_exit_2(conn, api_env, monkeypatch, capsys):
    monkeypatch.setenv("RACING_API_PASSWORD", "wrong-" + PASSWORD)

    assert run() == 2

    assert [r.status for r in api_env.requests] == [401]
    assert locations(conn)["trn_a"] == "Ayr"  # the runner pass was done
    captured = capsys.readouterr()
    assert "refused the credentials" in captured.err and "\n" not in captured.err.strip()
    logged = conn.execute("select string_agg(coalesce(error, ''), ' ') from pgbackfill.run_log")
    assert_no_secret(captured.out + captured.err + (logged.fetchone()[0] or ""))


def test_unavailable_dates_are_recorded_skipped_and_never_asked_again(conn, api_env) -> None:
    api_env.faults.date_status = {"2024-06-01": 404}
    api_env.faults.malformed_dates = {"2024-01-01"}

    assert run() == 0
    assert run() == 0

    assert conn.execute(
        "select racecard_date::text, outcome from pgbackfill.racecard_fetches order by 1"
    ).fetchall() == [("2023-05-05", "ok"), ("2024-01-01", "undecodable"), ("2024-06-01", "404")]
    assert len(api_env.requests) == 3
    assert gaps(conn)["trn_b"] == ("racecards unavailable (404/422/undecodable)", False)


def test_test_mode_fills_ten_trainers_only(conn, api_env) -> None:
    race(conn, "rac_many", "2024-02-02")
    many = [f"trn_m{n:02}" for n in range(12)]
    trainers(conn, dict.fromkeys(many))
    runners(conn, "rac_many", [(trainer_id, "Ripon") for trainer_id in many])

    assert run("--test") == 0

    # the first ten a source can fill: trn_a…trn_f and trn_m00…trn_m03
    filled = [trainer_id for trainer_id, location in locations(conn).items() if location]
    assert sorted(filled) == sorted(["trn_kept", *list(FILLED)[:6], *many[:4]])


def test_a_second_writer_leaves_with_exit_75(conn, api_env, database_url, capsys) -> None:
    with psycopg.connect(database_url, autocommit=True) as holder:
        holder.execute("select pg_advisory_lock(hashtext('pgbackfill:trainer locations'))")
        assert run() == 75
    assert "already writing" in capsys.readouterr().err
    assert api_env.requests == []


def test_a_profile_endpoint_answering_404_is_not_offered(conn, api_env, capsys) -> None:
    assert run("--source", "profile") == 2

    assert "does not offer trainer profiles" in capsys.readouterr().err
    assert len(api_env.requests) == 1
    assert conn.execute("select count(*) from pgbackfill.trainer_profile_fetches").fetchone() == (
        0,
    )
