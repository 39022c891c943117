"""kill -9 at several moments, rerun: the same figures and locations as one
uninterrupted run on an identical database, no racecard date asked twice."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable

import psycopg

from pgbackfill.racing_api_standin import StandIn
from pgbackfill.sqlfiles import query

from . import hardening
from .hardening import cli, figures, one, spawn, stamped, wait_for_orphans, wait_until

seeded_template, seeded_url, twin_url = (  # fixtures
    hardening.seeded_template,
    hardening.seeded_url,
    hardening.twin_url,
)

API = {"RACING_API_USERNAME": "u", "RACING_API_PASSWORD": "p"}


def facts_refreshing(url: str) -> bool:
    # the facts pass holds its advisory lock while it runs (inside the
    # refresh procedure, whose call is the statement pg_stat_activity shows)
    return bool(
        one(
            url,
            "select count(*) from pg_locks as held"
            " join pg_database as db on db.oid = held.database"
            " where held.locktype = 'advisory' and held.granted and db.datname = current_database()"
            " and ((held.classid::bigint << 32) | held.objid::bigint)"
            "     = hashtext('pgbackfill:runner facts')",
        )
    )


def killed_when(args: tuple[str, ...], url: str, moment: Callable[[], bool], **env: str) -> None:
    """Start `pgbackfill ARGS`, SIGKILL it at the moment, wait for its backend to go."""
    child = spawn(*args, url=url, **env)
    try:
        assert wait_until(lambda: moment() or child.poll() is not None, timeout=60)
        assert child.poll() is None, "the run ended before the moment to kill it"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    wait_for_orphans(url)


def test_refresh_killed_at_several_moments_then_rerun_equals_an_uninterrupted_run(
    seeded_url: str, twin_url: str
) -> None:
    command = ("refresh", "--table", "all", "--batch-size", "1")
    moments = {
        "runner facts": lambda: facts_refreshing(seeded_url),
        "dams, mid-way": lambda: stamped(seeded_url, "ra_mst_dams") >= 100,
        "owners, mid-way": lambda: stamped(seeded_url, "ra_mst_owners") >= 100,
    }
    # the seed analysed some entities already: start from none analysed
    for url in (seeded_url, twin_url):
        with psycopg.connect(url, autocommit=True) as conn:
            for table in hardening.STATISTICS:
                conn.execute(query(f"reset_{table.removeprefix('ra_mst_')}"))
    for moment in moments.values():
        killed_when(command, seeded_url, moment)
    assert stamped(seeded_url, "ra_mst_dams") >= 100

    # finish only what is left: the killed runs' committed batches stay
    rerun = cli("refresh", "--table", "all", "--only-missing", url=seeded_url)

    assert rerun.returncode == 0, rerun.stderr
    assert cli("refresh", "--table", "all", url=twin_url).returncode == 0
    assert figures(seeded_url) == figures(twin_url)


def fetched_dates(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {
            day.isoformat()
            for (day,) in conn.execute("select racecard_date from pgbackfill.racecard_fetches")
        }


def test_locations_killed_at_several_moments_asks_no_fetched_date_again(
    seeded_url: str, twin_url: str
) -> None:
    with StandIn(seeded_url, username="u", password="p") as api:
        env = {**API, "RACING_API_BASE_URL": api.base_url}
        command = ("locations", "--rate", "50")
        # every answer is slow: the kill lands while a request is in flight
        api.faults.slow, api.faults.delay = 1000, 0.5
        # 1. the runner pass committed, the first racecard request in flight
        killed_when(command, seeded_url, lambda: _racecards_started(seeded_url) >= 1, **env)
        assert fetched_dates(seeded_url) == set()
        # 2. one date kept, the next one in flight
        killed_when(command, seeded_url, lambda: len(fetched_dates(seeded_url)) >= 1, **env)
        kept = fetched_dates(seeded_url)
        rerun_started = time.monotonic()  # the stand-in stamps arrivals on this clock
        api.faults.slow = 0

        assert cli(*command, url=seeded_url, **env).returncode == 0

        asked_after = [
            request.racecard_date for request in api.requests if request.at >= rerun_started
        ]
        assert not set(asked_after) & kept, "a date already kept was asked again"
        assert len(asked_after) == len(set(asked_after))
    with StandIn(twin_url, username="u", password="p") as twin_api:
        done = cli(*command, url=twin_url, **API, RACING_API_BASE_URL=twin_api.base_url)
        assert done.returncode == 0
    locations = "select id, location from ra_mst_trainers order by id"
    with psycopg.connect(seeded_url) as conn, psycopg.connect(twin_url) as twin:
        assert conn.execute(locations).fetchall() == twin.execute(locations).fetchall()


def _racecards_started(url: str) -> int:
    """Runs of the racecard pass started so far (each after its runner pass)."""
    return one(
        url,
        "select count(*) from pgbackfill.run_log where command = 'locations' and phase = 'racecards'",
    )
