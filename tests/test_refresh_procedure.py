"""pgbackfill.refresh(…), the procedure psql and pg_cron call and the CLI
calls too: the same figures, resumable after a kill, one lock shared with
the CLI, runs in the run log, bad arguments refused in one error."""

from __future__ import annotations

import re
import threading

import psycopg
import pytest

from pgbackfill import refresh

from . import hardening
from .hardening import (
    cli,
    features_rows,
    figures,
    one,
    spawn,
    stamped,
    unique,
    wait_for_orphans,
    wait_until,
)

seeded_template, seeded_url, twin_url = (  # fixtures
    hardening.seeded_template,
    hardening.seeded_url,
    hardening.twin_url,
)


def call(url: str, statement: str) -> list[str]:
    """Run a `call …` as psql does (autocommit); returns the NOTICE messages."""
    notices: list[str] = []
    with psycopg.connect(url, autocommit=True) as conn:
        conn.add_notice_handler(lambda notice: notices.append(notice.message_primary))
        conn.execute(statement)
    return notices


def advisory_locks(url: str) -> int:
    return one(
        url,
        "select count(*) from pg_locks as held join pg_database as db on db.oid = held.database"
        " where held.locktype = 'advisory' and db.datname = current_database()",
    )


def test_the_procedure_writes_what_the_cli_writes(seeded_url: str, twin_url: str) -> None:
    notices = call(seeded_url, "call pgbackfill.refresh('all')")
    done = cli("refresh", "--table", "all", url=twin_url)
    assert done.returncode == 0, done.stderr
    assert figures(seeded_url) == figures(twin_url)
    # a psql user sees the progress
    assert "dams: computing" in notices
    assert any(message.startswith("dams: ") and " written in " in message for message in notices)
    # and `pgbackfill status` the runs
    status = cli("status", "--json", url=seeded_url)
    assert '"phase": "dams (all)"' in status.stdout and '"outcome": "ok"' in status.stdout
    assert advisory_locks(seeded_url) == 0


def test_the_daily_maintenance_by_call(seeded_url: str, twin_url: str) -> None:
    for url in (seeded_url, twin_url):
        call(url, "call pgbackfill.refresh('all')")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("select * from pgbackfill.synthetic_append_race_day('2025-10-21', 20, 1)")
    call(seeded_url, "call pgbackfill.refresh('all', stale => true)")
    done = cli("refresh", "--table", "all", "--stale", url=twin_url)
    assert done.returncode == 0, done.stderr
    assert figures(seeded_url) == figures(twin_url)
    notices = call(seeded_url, "call pgbackfill.refresh('all', check_only => true)")
    assert not any("differing" in message for message in notices)
    assert one(seeded_url, "select count(*) from pgbackfill.run_log where outcome <> 'ok'") == 0


def test_killed_mid_batch_then_called_again_equals_an_uninterrupted_run(
    seeded_url: str, twin_url: str
) -> None:
    for url in (seeded_url, twin_url):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                "update ra_mst_dams set analysis_last_updated = null, total_runners = null"
            )
    failure: list[BaseException] = []

    def doomed() -> None:
        try:
            call(seeded_url, "call pgbackfill.refresh('dams', batch_size => 1)")
        except psycopg.OperationalError as error:  # terminated
            failure.append(error)

    thread = threading.Thread(target=doomed)
    thread.start()
    try:
        assert wait_until(lambda: stamped(seeded_url, "ra_mst_dams") >= 50, timeout=60)
        one(
            seeded_url,
            "select count(pg_terminate_backend(pid)) from pg_stat_activity"
            " where datname = current_database() and query like 'call pgbackfill.refresh%'"
            " and pid <> pg_backend_pid()",
        )
    finally:
        thread.join()
    assert failure, "the call was not terminated mid-way"
    total = one(seeded_url, "select count(*) from ra_mst_dams")
    assert 50 <= stamped(seeded_url, "ra_mst_dams") < total
    assert advisory_locks(seeded_url) == 0  # the session died, and its lock with it
    call(seeded_url, "call pgbackfill.refresh('dams')")
    call(twin_url, "call pgbackfill.refresh('dams')")
    assert figures(seeded_url) == figures(twin_url)
    outcomes = cli("status", "--json", url=seeded_url).stdout
    assert '"outcome": "killed"' in outcomes


def test_a_procedure_and_a_cli_refresh_of_one_table_never_both_write(seeded_url: str) -> None:
    # the CLI holds the lock: the procedure stops at once, with the CLI's words
    child = spawn("refresh", "--table", "dams", "--batch-size", "1", url=seeded_url)
    try:
        assert wait_until(lambda: stamped(seeded_url, "ra_mst_dams") >= 1, timeout=60)
        with pytest.raises(psycopg.Error) as refused:
            call(seeded_url, "call pgbackfill.refresh('dams')")
        assert refused.value.sqlstate == "PB075"
        assert "another pgbackfill is already writing ra_mst_dams" in str(refused.value)
    finally:
        child.kill()
        child.wait()
    wait_for_orphans(seeded_url)

    # the procedure holds it (its last batch waits on a row locked here): the
    # CLI leaves with 75
    def holder() -> None:
        call(seeded_url, "call pgbackfill.refresh('dams', batch_size => 1)")

    with psycopg.connect(seeded_url, autocommit=True) as blocker:
        with blocker.transaction():
            blocker.execute(
                "select from ra_mst_dams where id = (select max(id) from ra_mst_dams) for update"
            )
            thread = threading.Thread(target=holder)
            thread.start()
            assert wait_until(lambda: advisory_locks(seeded_url) > 0, timeout=60)
            done = cli("refresh", "--table", "dams", url=seeded_url)
        thread.join()  # the row lock went with the transaction: the call finishes
    assert done.returncode == 75, done.stderr
    assert "another pgbackfill is already writing ra_mst_dams" in done.stderr
    assert advisory_locks(seeded_url) == 0


def test_the_runtime_role_calls_the_procedures(seeded_url: str) -> None:
    role = unique("pgbackfill_app")
    with psycopg.connect(seeded_url, autocommit=True) as conn:
        conn.execute(f"create role {role} login")
    try:
        done = cli("grants", "--role", role, "--apply", url=seeded_url)
        assert done.returncode == 0, done.stderr
        with psycopg.connect(seeded_url, autocommit=True) as conn:
            conn.execute(f"set role {role}")
            conn.execute("call pgbackfill.refresh('all')")
            conn.execute("call pgbackfill.refresh('all', stale => true)")
            conn.execute("call pgbackfill.refresh('breakdown')")
            conn.execute("reset role")
    finally:
        with psycopg.connect(seeded_url, autocommit=True) as conn:
            conn.execute(f"drop owned by {role}")
            conn.execute(f"drop role {role}")


@pytest.mark.parametrize(
    "arguments, words",
    [
        ("'horses'", "unknown table 'horses': use one of sires, dams, damsires, pedigree"),
        ("'dams', batch_size => 0", "batch_size must be at least 1 (got 0)"),
        ("'dams', min_runs => 0", "min_runs must be at least 1 (got 0)"),
        ("'dams', stale => true, only_missing => true", "only_missing and stale are alternatives"),
        ("'breakdown', check_only => true", "breakdown is rebuilt whole"),
    ],
)
def test_bad_arguments_are_one_error_naming_what_is_allowed(
    database_url: str, arguments: str, words: str
) -> None:
    with pytest.raises(psycopg.errors.InvalidParameterValue, match=re.escape(words)):
        call(database_url, f"call pgbackfill.refresh({arguments})")
    assert one(database_url, "select count(*) from pgbackfill.run_log") == 0


def test_a_failed_call_in_a_session_is_closed_by_the_next_one(seeded_url: str) -> None:
    with (
        psycopg.connect(seeded_url, autocommit=True) as blocker,
        psycopg.connect(seeded_url, autocommit=True) as conn,
    ):
        # a dam row locked elsewhere: the call's batch waits for it, past its lock timeout
        with blocker.transaction():
            blocker.execute("select from ra_mst_dams order by id limit 1 for update")
            conn.execute("set lock_timeout = '200ms'")
            with pytest.raises(psycopg.errors.LockNotAvailable):
                conn.execute("call pgbackfill.refresh('dams')")
        # the failed call's lock stays with this session (others keep out)
        assert advisory_locks(seeded_url) == 1
        conn.execute("reset lock_timeout")
        conn.execute("call pgbackfill.refresh('dams')")
        assert advisory_locks(seeded_url) == 0
        outcomes = conn.execute(
            "select outcome from pgbackfill.run_log where phase = 'dams (all)' order by id"
        ).fetchall()
    assert outcomes == [("failed",), ("ok",)]


def test_the_cli_registry_is_the_procedures(database_url: str) -> None:
    with psycopg.connect(database_url) as conn:
        for choice in refresh.CHOICES:
            rows = conn.execute(
                "select name, target::text, lock_name, is_view from pgbackfill.refresh_targets(%s)",
                (choice,),
            ).fetchall()
            expected = [
                (target.name, target.table, target.table, target.is_view)
                for target in refresh.targets_for(choice)
            ]
            assert rows == expected


def test_the_features_procedure_builds_what_the_cli_builds(seeded_url: str, twin_url: str) -> None:
    notices = call(seeded_url, "call pgbackfill.features_build(batch_runs => 500)")
    done = cli("features", "build", "--batch-runs", "500", url=twin_url)
    assert done.returncode == 0, done.stderr
    assert features_rows(seeded_url) == features_rows(twin_url) != []
    assert any(
        message.startswith("features: ") and " runs, up to " in message for message in notices
    )
    # nothing changed since: the stale build has nothing to do
    assert call(seeded_url, "call pgbackfill.features_build(stale => true)") == [
        "features: nothing to build"
    ]
    assert (
        one(
            seeded_url,
            "select count(*) from pgbackfill.run_log where command = 'features build' and outcome = 'ok'",
        )
        == 2
    )
    assert advisory_locks(seeded_url) == 0


@pytest.mark.parametrize(
    "arguments, words",
    [
        ("batch_runs => 0", "batch_runs must be at least 1 (got 0)"),
        ("stale => true, from_day => '2024-01-01'", "stale builds from the first changed day"),
        (
            "from_day => '2024-02-01', to_day => '2024-01-01'",
            "from 2024-02-01 is after to 2024-01-01",
        ),
    ],
)
def test_bad_features_arguments_are_one_error(
    database_url: str, arguments: str, words: str
) -> None:
    with pytest.raises(psycopg.errors.InvalidParameterValue, match=re.escape(words)):
        call(database_url, f"call pgbackfill.features_build({arguments})")
    assert one(database_url, "select count(*) from pgbackfill.run_log") == 0


def test_the_features_procedure_batches_as_the_cli_does(database_url: str) -> None:
    from pgbackfill import features

    arguments = one(
        database_url,
        "select pg_get_function_arguments('pgbackfill.features_build(boolean, date, date, integer)'"
        "::regprocedure)",
    )
    # neither says a size: both ask pgbackfill.features_batch_runs for the days
    assert features.DEFAULT_BATCH_RUNS is None
    assert "batch_runs integer DEFAULT NULL" in arguments
