"""`pgbackfill schedule`, the pg_cron jobs in `status`, and pgbackfill.audit_record.

pg_cron for real: a PostgreSQL 15 cluster of the tests' own with
shared_preload_libraries = 'pg_cron' (tests/components.py, CronCluster),
where the seeded database is the one pg_cron schedules from; skipped, with
the Debian package to install, where pg_cron is missing. The checks of
`--at` and of a server without pg_cron run everywhere.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest

from . import components, hardening
from .hardening import cli, figures, unique
from .test_cli import assert_one_line_error, run

cron_cluster = components.cron_cluster  # fixture
seeded_template, seeded_url = hardening.seeded_template, hardening.seeded_url  # fixtures

CRON_DATABASE = "pgbackfill_cron"
SEEDED = "pgbackfill_seeded"
# pg_cron 1.4 schedules by the minute: a job made to run every minute starts
# within 60 s, then needs the time of its call
JOB_WAIT = 100.0

PLAN = [
    (
        "pgbackfill-daily-refresh",
        "15 6 * * *",
        "call pgbackfill.refresh('all', stale => true)",
    ),
    ("pgbackfill-daily-breakdown", "45 6 * * *", "call pgbackfill.refresh('breakdown')"),
    ("pgbackfill-daily-regions", "55 6 * * *", "call pgbackfill.refresh('regions')"),
    ("pgbackfill-weekly-audit", "0 7 * * 1", "call pgbackfill.audit_record()"),
    (
        "pgbackfill-monthly-check",
        "15 7 1 * *",
        "call pgbackfill.refresh('all', check_only => true)",
    ),
]


@dataclass
class CronServer:
    cluster: components.CronCluster
    url: str  # the database pg_cron schedules from: migrated, seeded, pg_cron created

    def twin(self) -> str:
        """A new database holding the same seeded data, without pg_cron."""
        name = unique("pgbackfill_twin")
        with psycopg.connect(self.cluster.url(), autocommit=True) as admin:
            admin.execute(f"create database {name} template {SEEDED}")
        return self.cluster.url(name)


@pytest.fixture(scope="session")
def cron_server(cron_cluster: components.CronCluster) -> CronServer:
    """pg_cron enabled on an existing racing database, as on a real server:
    migrated and seeded (the CLI), copied into the database pg_cron is then
    preloaded for (a restart), `create extension pg_cron` there."""
    with psycopg.connect(cron_cluster.url(), autocommit=True) as admin:
        admin.execute(f"create database {SEEDED}")
    seeded = cron_cluster.url(SEEDED)
    for args in (["migrate"], ["seed", "--scale", str(hardening.SCALE)]):
        done = cli(*args, url=seeded, timeout=600)
        assert done.returncode == 0, done.stderr
    with psycopg.connect(cron_cluster.url(), autocommit=True) as admin:
        admin.execute(f"create database {CRON_DATABASE} template {SEEDED}")
    cron_cluster.enable_pg_cron(CRON_DATABASE)
    url = cron_cluster.url(CRON_DATABASE)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("create extension pg_cron")
    return CronServer(cron_cluster, url)


def drop_jobs(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:  # a superuser: every role's jobs
        conn.execute("select cron.unschedule(jobid) from cron.job")


@pytest.fixture
def cron_url(cron_server: CronServer) -> Iterator[str]:
    """The pg_cron database, with no job before and after the test."""
    drop_jobs(cron_server.url)
    yield cron_server.url
    drop_jobs(cron_server.url)


def jobs(url: str) -> list[tuple[Any, ...]]:
    """(name, schedule, command, role) of every job, by name and role."""
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(
            "select jobname, schedule, command, username from cron.job order by jobname, username"
        ).fetchall()


def as_role(url: str, role: str) -> str:
    params = psycopg.conninfo.conninfo_to_dict(url)
    params["user"] = role
    return psycopg.conninfo.make_conninfo(**params)


def login_role(url: str, prefix: str, *grants: str) -> str:
    """A new LOGIN role (no superuser) with the runtime grants of `pgbackfill grants`."""
    role = unique(prefix)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"create role {role} login nosuperuser")
        for grant in grants:
            conn.execute(grant.format(role=role))
    done = cli("grants", "--role", role, "--maintainer", f"{role}_m", "--apply", url=url)
    assert done.returncode == 0, done.stderr
    return role


# --- everywhere: no pg_cron needed ------------------------------------------


@pytest.mark.parametrize("value", ["25:00", "6", "06:60", "6.15", "noon", "24:00", ""])
def test_a_bad_daily_time_is_one_line_before_any_connection(
    value: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    code, out, err = run(["schedule", "--at", value], capsys)
    assert_one_line_error(code, out, err)
    assert code == 2
    assert "--at" in err and "HH:MM" in err


def test_apply_and_remove_together_are_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    code, out, err = run(["schedule", "--apply", "--remove"], capsys)
    assert_one_line_error(code, out, err)
    assert code == 2


@pytest.mark.parametrize("args", [[], ["--apply"], ["--remove"], ["--json"]])
def test_without_pg_cron_schedule_says_how_to_enable_it(
    args: list[str], database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["schedule", *args, "--database-url", database_url], capsys)
    assert_one_line_error(code, out, err)
    assert code == 2
    assert "pg_cron" in err
    assert "Dashboard → Database → Extensions → pg_cron" in err
    assert "create extension pg_cron" in err


def test_without_pg_cron_status_shows_no_job_and_no_error(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["status", "--json", "--database-url", database_url], capsys)
    assert code == 0, err
    found = json.loads(out)
    assert {"running", "progress", "recent_runs"} <= found.keys()
    assert found["jobs"] == []
    assert found["pg_cron"] == {"installed": False, "problem": None}
    code, out, err = run(["status", "--database-url", database_url], capsys)
    assert code == 0, err
    assert "pg_cron" not in out


def test_the_audit_record_logs_the_gaps_it_names(seeded_url: str) -> None:
    warnings: list[str] = []
    with psycopg.connect(seeded_url, autocommit=True) as conn:
        conn.add_notice_handler(lambda notice: warnings.append(notice.message_primary or ""))
        conn.execute("call pgbackfill.audit_record()")
        expected = ", ".join(
            f"{category} {missing}"
            for category, missing in conn.execute(
                "select category, missing from pgbackfill.audit_gaps(true)"
                " where fillable and missing > 0"
            )
        )
        logged = conn.execute(
            "select command, phase, outcome, error, finished_at is not null"
            " from pgbackfill.run_log where command = 'audit'"
        ).fetchall()
    assert expected.startswith("Sire statistics ")
    assert logged == [("audit", "gaps (strict)", "failed", f"gaps: {expected}", True)]
    assert warnings == [f"audit: gaps: {expected}"]


def test_the_audit_record_is_ok_without_a_gap(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("call pgbackfill.audit_record(strict => false)")
        logged = conn.execute(
            "select phase, outcome, error from pgbackfill.run_log where command = 'audit'"
        ).fetchall()
    assert logged == [("gaps", "ok", None)]


def test_the_runtime_role_records_the_audit(seeded_url: str, server_url: str) -> None:
    role = unique("pgb_auditor")
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"create role {role} login nosuperuser")
    try:
        done = cli("grants", "--role", role, "--maintainer", f"{role}_m", "--apply", url=seeded_url)
        assert done.returncode == 0, done.stderr
        with psycopg.connect(as_role(seeded_url, role), autocommit=True) as conn:
            conn.execute("call pgbackfill.audit_record()")
            (outcome,) = conn.execute("select outcome from pgbackfill.run_history").fetchone()
        assert outcome == "failed"  # the seeded database has gaps: named, not an error
    finally:
        hardening.drop_database(server_url, hardening.database_name(seeded_url))
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"drop role if exists {role}")
            admin.execute(f"drop role if exists {role}_m")


# --- pg_cron for real -------------------------------------------------------


def test_schedule_prints_the_calls_and_installs_nothing(cron_url: str) -> None:
    done = cli("schedule", url=cron_url)
    assert done.returncode == 0, done.stderr
    for name, schedule, command in PLAN:
        quoted = command.replace("'", "''")
        assert f"select cron.schedule('{name}', '{schedule}', '{quoted}');" in done.stdout
    assert jobs(cron_url) == []


def test_the_printed_script_installs_the_plan_in_psql(cron_url: str) -> None:
    script = cli("schedule", url=cron_url).stdout
    with psycopg.connect(cron_url, autocommit=True) as conn:
        conn.execute(script)  # what psql would run
        conn.execute(script)
    assert jobs(cron_url) == sorted((*job, "postgres") for job in PLAN)


def test_apply_twice_leaves_one_set_and_remove_drops_it(cron_url: str) -> None:
    first = cli("schedule", "--apply", url=cron_url)
    assert first.returncode == 0, first.stderr
    assert "scheduled 5 pgbackfill jobs, run as postgres" in first.stdout
    with psycopg.connect(cron_url, autocommit=True) as conn:
        ids = conn.execute("select jobname, jobid from cron.job order by 1").fetchall()
    second = cli("schedule", "--apply", url=cron_url)
    assert second.returncode == 0, second.stderr

    assert jobs(cron_url) == sorted((*job, "postgres") for job in PLAN)
    with psycopg.connect(cron_url, autocommit=True) as conn:
        assert conn.execute("select jobname, jobid from cron.job order by 1").fetchall() == ids
        logged = conn.execute(
            "select command, phase, outcome, rows_written from pgbackfill.run_log"
            " where command = 'schedule' order by id"
        ).fetchall()
    assert logged == [("schedule", "apply", "ok", 5)] * 2

    removed = cli("schedule", "--remove", "--json", url=cron_url)
    assert removed.returncode == 0, removed.stderr
    assert sorted(json.loads(removed.stdout)["removed"]) == sorted(job[0] for job in PLAN)
    assert jobs(cron_url) == []


def test_apply_replaces_renamed_jobs_and_keeps_others(cron_url: str) -> None:
    with psycopg.connect(cron_url, autocommit=True) as conn:
        conn.execute("select cron.schedule('pgbackfill-old-name', '0 1 * * *', 'select 1')")
        conn.execute("select cron.schedule('vacuum-nightly', '0 2 * * *', 'vacuum')")
    done = cli("schedule", "--apply", url=cron_url)
    assert done.returncode == 0, done.stderr
    assert "dropped pgbackfill-old-name" in done.stdout
    names = [name for name, *_ in jobs(cron_url)]
    assert names == sorted([job[0] for job in PLAN] + ["vacuum-nightly"])
    cli("schedule", "--remove", url=cron_url)
    assert [name for name, *_ in jobs(cron_url)] == ["vacuum-nightly"]


def test_at_moves_the_daily_time_and_the_jobs_after_it(cron_url: str) -> None:
    done = cli("schedule", "--at", "23:40", "--apply", url=cron_url)
    assert done.returncode == 0, done.stderr
    assert [(name, schedule) for name, schedule, *_ in jobs(cron_url)] == [
        ("pgbackfill-daily-breakdown", "10 0 * * *"),
        ("pgbackfill-daily-refresh", "40 23 * * *"),
        ("pgbackfill-daily-regions", "20 0 * * *"),
        ("pgbackfill-monthly-check", "40 0 1 * *"),
        ("pgbackfill-weekly-audit", "25 0 * * 1"),
    ]


def test_a_bad_daily_time_installs_nothing(cron_url: str) -> None:
    done = cli("schedule", "--at", "25:00", "--apply", url=cron_url)
    assert_one_line_error(done.returncode, done.stdout, done.stderr)
    assert done.returncode == 2
    assert jobs(cron_url) == []


def test_a_superuser_schedules_the_jobs_as_the_runtime_role(cron_url: str) -> None:
    role = login_role(cron_url, "pgb_cron_runtime")
    done = cli("schedule", "--role", role, "--apply", url=cron_url)
    assert done.returncode == 0, done.stderr
    assert "cron.schedule_in_database(" in done.stdout
    assert {username for *_, username in jobs(cron_url)} == {role}
    assert len(jobs(cron_url)) == 5

    # the role changes: the jobs are replaced, not doubled
    again = cli("schedule", "--apply", url=cron_url)
    assert again.returncode == 0, again.stderr
    assert jobs(cron_url) == sorted((*job, "postgres") for job in PLAN)


def test_scheduling_as_another_role_needs_a_superuser(cron_url: str) -> None:
    owner = login_role(cron_url, "pgb_cron_owner", "grant usage on schema cron to {role}")
    runtime = login_role(cron_url, "pgb_cron_runtime")
    owner_url = as_role(cron_url, owner)

    refused = cli("schedule", "--role", runtime, "--apply", url=owner_url)
    assert_one_line_error(refused.returncode, refused.stdout, refused.stderr)
    assert refused.returncode == 2
    assert "only a superuser" in refused.stderr and "--role" in refused.stderr
    assert jobs(cron_url) == []

    # without --role the jobs run as the role scheduling them
    done = cli("schedule", "--apply", url=owner_url)
    assert done.returncode == 0, done.stderr
    assert jobs(cron_url) == sorted((*job, owner) for job in PLAN)
    shown = cli("status", "--json", url=owner_url)
    assert shown.returncode == 0, shown.stderr
    assert [job["job_name"] for job in json.loads(shown.stdout)["jobs"]] == sorted(
        job[0] for job in PLAN
    )


def test_a_role_that_does_not_exist_or_cannot_log_in_is_one_line(cron_url: str) -> None:
    nologin = unique("pgb_nologin")
    with psycopg.connect(cron_url, autocommit=True) as conn:
        conn.execute(f"create role {nologin} nologin")
    for role, words in (("pgb_no_such_role", "does not exist"), (nologin, "cannot log in")):
        done = cli("schedule", "--role", role, "--apply", url=cron_url)
        assert_one_line_error(done.returncode, done.stdout, done.stderr)
        assert done.returncode == 2
        assert words in done.stderr
    assert jobs(cron_url) == []


def test_a_role_without_use_of_pg_cron_is_told_the_grant(cron_url: str) -> None:
    runtime = login_role(cron_url, "pgb_cron_runtime")
    url = as_role(cron_url, runtime)
    refused = cli("schedule", url=url)
    assert_one_line_error(refused.returncode, refused.stdout, refused.stderr)
    assert f"grant usage on schema cron to {runtime}" in refused.stderr
    shown = cli("status", "--json", url=url)
    assert shown.returncode == 0, shown.stderr
    found = json.loads(shown.stdout)
    assert found["jobs"] == []
    assert found["pg_cron"]["installed"] is True
    assert f"grant usage on schema cron to {runtime}" in found["pg_cron"]["problem"]


@dataclass
class JobRun:
    status: str
    message: str
    status_json: dict[str, Any]
    status_text: str


@pytest.fixture(scope="module")
def ran(cron_server: CronServer) -> Iterator[dict[str, JobRun]]:
    """`schedule --apply`, then the daily refresh and the weekly audit made to
    run every minute until each has run once (pg_cron 1.4: by the minute), then
    stopped; with `status` as it was then."""
    url = cron_server.url
    drop_jobs(url)
    done = cli("schedule", "--apply", url=url)
    assert done.returncode == 0, done.stderr
    names = ["pgbackfill-daily-refresh", "pgbackfill-weekly-audit"]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "select cron.alter_job(jobid, schedule => '* * * * *') from cron.job"
            " where jobname = any (%s)",
            (names,),
        )
        finished: dict[str, tuple[str, str]] = {}
        deadline = time.monotonic() + JOB_WAIT
        while len(finished) < len(names) and time.monotonic() < deadline:
            time.sleep(1)
            for name, status, message in conn.execute(
                "select job.jobname, detail.status, detail.return_message"
                "  from cron.job_run_details as detail join cron.job as job using (jobid)"
                " where detail.status in ('succeeded', 'failed') order by detail.runid"
            ):
                finished.setdefault(name, (status, message))
        conn.execute("update cron.job set active = false")  # no second run
    shown = cli("status", "--json", url=url)
    text = cli("status", url=url, COLUMNS="250")  # rich tables as wide as they need
    assert shown.returncode == 0 and text.returncode == 0, shown.stderr + text.stderr
    runs = {
        name: JobRun(*finished.get(name, ("not run", "")), json.loads(shown.stdout), text.stdout)
        for name in names
    }
    yield runs
    drop_jobs(url)


def job_status(run: JobRun, name: str) -> dict[str, Any]:
    return next(job for job in run.status_json["jobs"] if job["job_name"] == name)


def test_the_weekly_audit_job_runs_and_logs_its_verdict(ran: dict[str, JobRun]) -> None:
    run = ran["pgbackfill-weekly-audit"]
    assert run.status == "succeeded", f"{run.status}: {run.message}"
    shown = job_status(run, "pgbackfill-weekly-audit")
    assert shown["last_status"] == "succeeded"
    assert shown["last_started_at"] and shown["last_finished_at"]
    # the verdict is the run log's: the run its server process logged
    assert shown["logged_outcome"] in ("ok", "failed")
    if shown["logged_outcome"] == "failed":
        assert shown["logged_error"].startswith("gaps (strict): gaps: ")
    assert "pgbackfill-weekly-audit" in run.status_text


def test_the_daily_refresh_job_runs_with_the_figures_of_the_cli(
    ran: dict[str, JobRun], cron_server: CronServer
) -> None:
    run = ran["pgbackfill-daily-refresh"]
    # needs pgbackfill.refresh(...) (the procedure) in the migrations
    assert run.status == "succeeded", f"{run.status}: {run.message}"
    shown = job_status(run, "pgbackfill-daily-refresh")
    assert shown["command"] == "call pgbackfill.refresh('all', stale => true)"
    assert shown["last_status"] == "succeeded"
    assert shown["logged_outcome"] == "ok"
    assert shown["logged_rows"] > 0
    assert "pg_cron jobs" in run.status_text and "pgbackfill-daily-refresh" in run.status_text

    # the CLI's form of the job's command, on a copy of the same data (the
    # seed stamps its entity statistics as computed before: --stale leaves
    # those whose runs did not change, as the job does)
    twin = cron_server.twin()
    done = cli("refresh", "--table", "all", "--stale", url=twin)
    assert done.returncode == 0, done.stderr
    assert figures(cron_server.url) == figures(twin)
