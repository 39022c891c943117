"""Two writers at once, writers beside readers, a backend terminated mid-batch.

Each test runs the real command in child processes on a copy of the seeded
database and compares with one uninterrupted run on an identical copy
(`twin_url`).
"""

from __future__ import annotations

import psycopg

from pgbackfill.racing_api_standin import StandIn

from . import hardening
from .hardening import cli, figures, one, spawn, stamped, wait_for_orphans, wait_until

seeded_template, seeded_url, twin_url = (  # fixtures
    hardening.seeded_template,
    hardening.seeded_url,
    hardening.twin_url,
)

# one entity per batch: a run lasts seconds, long enough to meet another
SLOW = ("--batch-size", "1")
API = {"RACING_API_USERNAME": "u", "RACING_API_PASSWORD": "p"}


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def test_two_refreshes_at_once_one_leaves_with_one_line_and_the_result_equals_one_run(
    seeded_url: str, twin_url: str
) -> None:
    first = spawn("refresh", "--table", "all", *SLOW, url=seeded_url)
    assert wait_until(lambda: hardening.tool_backends(seeded_url) > 0)
    second = spawn("refresh", "--table", "all", *SLOW, url=seeded_url)
    outcomes = [(child.wait(120), child.communicate()) for child in (first, second)]

    codes = sorted(code for code, _ in outcomes)
    assert codes == [0, 75]
    (left,) = [err for code, (_, err) in outcomes if code == 75]
    assert error_lines(left) == [error_lines(left)[0]] and "already writing" in left
    assert "Traceback" not in left
    assert cli("refresh", "--table", "all", url=twin_url).returncode == 0
    assert figures(seeded_url) == figures(twin_url)


def test_refresh_while_locations_runs_both_finish_as_alone(seeded_url: str, twin_url: str) -> None:
    with (
        StandIn(seeded_url, username="u", password="p") as api,
        StandIn(twin_url, username="u", password="p") as twin_api,
    ):
        # every racecard answer takes a while: the refresh runs meanwhile
        api.faults.slow, api.faults.delay = 100, 0.3
        locating = spawn(
            "locations", "--rate", "50", url=seeded_url, RACING_API_BASE_URL=api.base_url, **API
        )
        assert wait_until(lambda: len(api.requests) > 0 or locating.poll() is not None)
        refreshing = spawn("refresh", "--table", "all", url=seeded_url)
        assert refreshing.wait(120) == 0, refreshing.communicate()[1]
        assert locating.wait(120) == 0, locating.communicate()[1]
        assert len(api.requests) >= 1

        alone = [
            cli(
                "locations",
                "--rate",
                "50",
                url=twin_url,
                RACING_API_BASE_URL=twin_api.base_url,
                **API,
            ),
            cli("refresh", "--table", "all", url=twin_url),
        ]
        assert [done.returncode for done in alone] == [0, 0]
    assert figures(seeded_url) == figures(twin_url)
    locations = "select id, location from ra_mst_trainers order by id"
    with psycopg.connect(seeded_url) as conn, psycopg.connect(twin_url) as twin:
        assert conn.execute(locations).fetchall() == twin.execute(locations).fetchall()


def test_readers_during_a_refresh_see_whole_entities_and_are_never_locked_out(
    seeded_url: str,
) -> None:
    # the first fill of the runner facts cannot be concurrent: done beforehand
    assert cli("refresh", "--table", "pedigree", url=seeded_url).returncode == 0
    refreshing = spawn("refresh", "--table", "all", *SLOW, url=seeded_url)
    seen: list[tuple] = []
    strong_locks: list[tuple] = []
    audits = 0
    with psycopg.connect(seeded_url, autocommit=True) as reader:
        # a reader that waits for a lock longer than a batch fails loudly
        reader.execute("set lock_timeout = '2s'")
        while refreshing.poll() is None:
            seen += reader.execute(
                "select id, total_runners, total_wins, overall_win_percent, best_class,"
                " data_quality_score, analysis_last_updated from ra_mst_dams"
            ).fetchall()
            reader.execute("select * from pgbackfill.data_gaps").fetchall()
            reader.execute(
                "select count(*), count(*) filter (where is_win) from pgbackfill.runner_facts"
            )
            audits += 1
            # no lock that stops readers, on the racing tables or the facts
            strong_locks += reader.execute(
                "select lock.relation::regclass::text, lock.mode from pg_locks as lock"
                " join pg_stat_activity as activity using (pid)"
                " join pg_class as relation on relation.oid = lock.relation"
                " where activity.application_name = 'pgbackfill'"
                "   and activity.datname = current_database()"
                "   and lock.mode = 'AccessExclusiveLock' and lock.locktype = 'relation'"
                "   and relation.relnamespace in ('public'::regnamespace,"
                "                                 'pgbackfill'::regnamespace)"
            ).fetchall()
    assert refreshing.wait() == 0, refreshing.communicate()[1]
    assert audits > 1
    assert strong_locks == []
    with psycopg.connect(seeded_url) as conn:
        final = {
            row[0]: row
            for row in conn.execute(
                "select id, total_runners, total_wins, overall_win_percent, best_class,"
                " data_quality_score, analysis_last_updated from ra_mst_dams"
            )
        }
    stamp = max(row[-1] for row in final.values())
    # every dam a reader saw stamped by this run already held its final figures
    written = [row for row in seen if row[-1] == stamp]
    assert written and all(row == final[row[0]] for row in written)


def test_a_terminated_backend_is_one_line_and_the_rerun_completes(
    seeded_url: str, twin_url: str
) -> None:
    refreshing = spawn("refresh", "--table", "all", *SLOW, url=seeded_url)
    assert wait_until(lambda: stamped(seeded_url, "ra_mst_dams") >= 50, timeout=60)
    one(
        seeded_url,
        "select pg_terminate_backend(pid) from pg_stat_activity"
        " where application_name = 'pgbackfill' and datname = current_database()",
    )
    code = refreshing.wait(60)
    _, err = refreshing.communicate()

    assert code not in (0, None)
    assert len(error_lines(err)) == 1 and "Traceback" not in err, err
    assert "connection" in error_lines(err)[0]
    wait_for_orphans(seeded_url)
    assert cli("refresh", "--table", "all", url=seeded_url).returncode == 0
    assert cli("refresh", "--table", "all", url=twin_url).returncode == 0
    assert figures(seeded_url) == figures(twin_url)
