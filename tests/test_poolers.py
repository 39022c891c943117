"""pgbackfill behind a real PgBouncer (as Supabase's Supavisor is run).

Session mode: every command works as on a direct connection, with the same
results as the same commands on an identical copy reached directly; a run
killed with SIGKILL leaves no advisory lock once PgBouncer drops its server
connection. Transaction mode: every command that writes leaves with exit 2
and one line naming the transaction pooler, having written nothing, held no
lock and changed no setting of the pooled server connections; the same
command on a direct connection then succeeds. Other clients using the pool
meanwhile or not (a quiet pool hands the same server connection back every
time).

Every command runs as a user runs it: the CLI in a child process.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext

import psycopg
import pytest

from pgbackfill.migrate import head_revision
from pgbackfill.racing_api_standin import StandIn

from . import components, hardening
from .components import Bouncer
from .hardening import (
    checksum,
    cli,
    database_name,
    features_rows,
    figures,
    one,
    spawn,
    wait_until,
)

seeded_template, seeded_url, twin_url = (  # fixtures
    hardening.seeded_template,
    hardening.seeded_url,
    hardening.twin_url,
)
pgbouncer = components.pgbouncer  # fixture

API = {"RACING_API_USERNAME": "u", "RACING_API_PASSWORD": "p"}
RUNS = 12  # refused runs in a row where the pool's choices matter
DAY = "2025-10-21"  # the race day appended after the backfill (the data ends before it)

# Every command that writes to the racing database, as a user types it.
WRITERS = {
    "refresh all": ("refresh", "--table", "all"),
    "refresh dams stale": ("refresh", "--table", "dams", "--stale"),
    "refresh breakdown": ("refresh", "--table", "breakdown"),
    "backfill sires": ("backfill", "--phases", "sires"),
    "features build": ("features", "build"),
    "reset dams": ("reset", "--table", "dams", "--yes"),
    "locations": ("locations", "--rate", "50"),
}

# `features build` on two connections however few the runs (at scale 0.01 it
# uses one): the CLI with the library's threshold set to 0.
TWO_CONNECTIONS = (
    "import sys; from pgbackfill import cli, features;"
    " features.build.__kwdefaults__['two_connections_from_runs'] = 0;"
    " cli.main(sys.argv[1:])"
)


# --- helpers -------------------------------------------------------------------------------


def advisory_locks(url: str) -> list[tuple]:
    """Advisory locks held or awaited in the database of `url` (asked directly)."""
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(
            "select lock.pid, lock.classid, lock.objid, lock.granted from pg_locks as lock"
            " join pg_database as db on db.oid = lock.database"
            " where lock.locktype = 'advisory' and db.datname = current_database()"
        ).fetchall()


def assert_refused(done: subprocess.CompletedProcess) -> None:
    """Exit 2 and one line on stderr naming the transaction pooler, no traceback."""
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert len(lines) == 1, done.stderr
    assert "transaction pooler" in lines[0], done.stderr


def cli_two_connections(*args: str, url: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", TWO_CONNECTIONS, *args],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def logins(bouncer: Bouncer, dbname: str) -> int:
    """Client logins PgBouncer logged for the database so far (log_connections)."""
    if not bouncer.log.exists():
        return 0
    text = bouncer.log.read_text(encoding="utf-8", errors="replace")
    return len(re.findall(rf"login attempt: db={re.escape(dbname)} ", text))


def pool_settings(url: str, pool_size: int) -> list[tuple]:
    """The timeouts of every server connection of the pool behind `url`: as many
    clients as the pool has server connections, each holding a transaction (so
    each is given its own), read them (prepared statements off: a transaction
    pooler cannot keep them)."""
    clients = [psycopg.connect(url, prepare_threshold=None) for _ in range(pool_size)]
    try:
        return sorted(
            client.execute(
                "select current_setting('statement_timeout'), current_setting('lock_timeout'),"
                " current_setting('idle_in_transaction_session_timeout')"
            ).fetchone()
            for client in clients
        )
    finally:
        for client in clients:
            client.close()


def empty(url: str) -> bool:
    """Nothing of pgbackfill's in the database (never migrated)."""
    return one(
        url,
        "select not exists (select from pg_namespace where nspname = 'pgbackfill')"
        " and to_regclass('public.pgbackfill_alembic_version') is null"
        " and not exists (select from pg_tables where schemaname = 'public')",
    )


class Traffic:
    """Another client of the pool: `select pg_sleep(0.005)` in a loop, through
    the bouncer, until stopped (at most `limit` seconds)."""

    def __init__(self, url: str, limit: float = 120) -> None:
        self.url, self.limit = url, limit
        self.queries = 0
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Traffic:
        self._conn = psycopg.connect(self.url, autocommit=True, prepare_threshold=None)
        self._thread.start()
        assert wait_until(lambda: self.queries > 0 or self.error is not None, timeout=10)
        return self

    def _run(self) -> None:
        deadline = time.monotonic() + self.limit
        try:
            while not self._stop.is_set() and time.monotonic() < deadline:
                self._conn.execute("select pg_sleep(0.005)")
                self.queries += 1
        except BaseException as error:  # reported by __exit__
            self.error = error

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self._conn.close()
        assert not self._thread.is_alive(), "the other client did not stop"
        assert self.error is None, f"the other client failed: {self.error!r}"


@contextmanager
def racing_api(url: str) -> Iterator[dict[str, str]]:
    """A local stand-in of The Racing API serving the database of `url`: the
    environment a command needs to use it."""
    with StandIn(url, username="u", password="p") as api:
        yield {**API, "RACING_API_BASE_URL": api.base_url}


def append_race_day(url: str) -> None:
    with psycopg.connect(url, autocommit=True, prepare_threshold=None) as conn:
        conn.execute("select * from pgbackfill.synthetic_append_race_day(%s, 20, 1)", (DAY,))


def locations(url: str) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("select id, location from ra_mst_trainers order by id").fetchall()


def run_log(url: str) -> list[tuple]:
    """What the run log says was done (not when)."""
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(
            "select command, phase, outcome, rows_written from pgbackfill.run_log order by id"
        ).fetchall()


# --- session mode: as a direct connection ---------------------------------------------------


def test_migrate_through_a_session_pooler(
    empty_database_url: str, pgbouncer: Callable[..., Bouncer]
) -> None:
    pooled = pgbouncer("session").url(empty_database_url)

    first = cli("migrate", url=pooled)
    again = cli("migrate", url=pooled)

    assert first.returncode == 0, first.stderr
    assert again.returncode == 0, again.stderr
    revision = one(empty_database_url, "select version_num from public.pgbackfill_alembic_version")
    assert revision == head_revision()
    assert advisory_locks(empty_database_url) == []


def _the_plan(direct: str, via: str, features: Callable[..., subprocess.CompletedProcess]):
    """backfill, a new race day, refresh --stale, features build, audit, status,
    reset: every command through `via`; what a user sees of each."""
    seen = {}
    with racing_api(direct) as env:
        done = cli("backfill", "--rate", "500", url=via, **env)
    assert done.returncode == 0, done.stdout + done.stderr
    append_race_day(via)
    done = cli("refresh", "--table", "all", "--stale", url=via)
    assert done.returncode == 0, done.stderr
    done = features("features", "build", "--batch-runs", "2000", url=via)
    assert done.returncode == 0, done.stderr
    seen["features"] = done.stdout.split(" in ")[0]  # "built features of N runs, a .. b"
    done = cli("audit", url=via)
    seen["audit"] = (done.returncode, done.stdout)
    done = cli("status", url=via)
    assert done.returncode == 0, done.stderr
    assert "running now: nothing" in done.stdout
    done = cli("reset", "--table", "dams", "--yes", url=via)
    assert done.returncode == 0, done.stderr
    seen["reset"] = done.stdout
    return seen


def test_session_pooler_gives_what_a_direct_connection_gives(
    seeded_url: str, twin_url: str, pgbouncer: Callable[..., Bouncer]
) -> None:
    bouncer = pgbouncer("session", pool_size=4)
    pooled = bouncer.url(seeded_url)
    dbname = database_name(seeded_url)

    through_bouncer = _the_plan(seeded_url, pooled, cli_two_connections)
    directly = _the_plan(twin_url, twin_url, cli)

    assert through_bouncer == directly
    assert directly["audit"][0] == 0, directly["audit"][1]
    assert figures(seeded_url) == figures(twin_url)
    assert locations(seeded_url) == locations(twin_url)
    assert features_rows(seeded_url) == features_rows(twin_url)
    assert run_log(seeded_url) == run_log(twin_url)
    assert advisory_locks(seeded_url) == []

    # the forced build does open its second connection through the bouncer:
    # one login more than the same build on one connection
    opened = {}
    for name, build in (("one", cli), ("two", cli_two_connections)):
        before = logins(bouncer, dbname)
        done = build("features", "build", "--batch-runs", "2000", url=pooled)
        assert done.returncode == 0, done.stderr
        opened[name] = logins(bouncer, dbname) - before
    assert opened["two"] == opened["one"] + 1, opened


def test_a_run_killed_through_a_session_pooler_leaves_no_lock(
    seeded_url: str, pgbouncer: Callable[..., Bouncer]
) -> None:
    pooled = pgbouncer("session").url(seeded_url)
    # one entity per batch: the run lasts seconds
    child = spawn("refresh", "--table", "all", "--batch-size", "1", url=pooled)
    try:
        locked = wait_until(lambda: advisory_locks(seeded_url) or child.poll() is not None, 60)
        running = child.poll() is None
    finally:
        child.send_signal(signal.SIGKILL)
        _, stderr = child.communicate()
    assert locked and running, f"the run ended before it held its locks: {stderr}"

    # PgBouncer drops the server connection; its backend ends and lets go
    assert wait_until(lambda: not advisory_locks(seeded_url), timeout=10), advisory_locks(
        seeded_url
    )
    rerun = cli("refresh", "--table", "all", url=seeded_url)
    assert rerun.returncode == 0, rerun.stderr


def test_a_writer_through_a_session_pool_of_one_server_connection_works(
    seeded_url: str, pgbouncer: Callable[..., Bouncer]
) -> None:
    # one server connection is all a one-connection command needs (a direct
    # connection is one); a full pool must not leave it waiting for another
    pooled = pgbouncer("session", pool_size=1).url(seeded_url)

    try:
        done = cli("reset", "--table", "dams", "--yes", url=pooled, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("`reset` through a session pool of one server connection hung for 30 s")

    assert done.returncode == 0, done.stderr
    assert advisory_locks(seeded_url) == []


# --- transaction mode: refused, nothing written ---------------------------------------------


@pytest.mark.parametrize("others", ["busy", "quiet"])
@pytest.mark.parametrize("command", list(WRITERS.values()), ids=list(WRITERS))
def test_every_writing_command_is_refused_through_a_transaction_pooler(
    seeded_url: str, pgbouncer: Callable[..., Bouncer], command: tuple[str, ...], others: str
) -> None:
    # busy: two server connections shared with another client, so the
    # command's statements may land on either; quiet: the one server
    # connection is handed back every time
    busy = others == "busy"
    pooled = pgbouncer("transaction", pool_size=2 if busy else 1).url(seeded_url)
    before = checksum(seeded_url)

    with StandIn(seeded_url, username="u", password="p") as api:
        env = {**API, "RACING_API_BASE_URL": api.base_url}
        with Traffic(pooled) if busy else nullcontext() as other:
            meanwhile = other.queries if other else 0
            refused = cli(*command, url=pooled, timeout=60, **env)
            if other:
                assert other.queries > meanwhile, "the other client made no query meanwhile"

        assert_refused(refused)
        assert len(api.requests) == 0, "the refused command asked The Racing API"
        assert checksum(seeded_url) == before
        assert advisory_locks(seeded_url) == []

        direct = cli(*command, url=seeded_url, **env)
        assert direct.returncode == 0, direct.stdout + direct.stderr


@pytest.mark.parametrize("others", ["busy", "quiet"])
def test_a_refused_command_leaves_the_pools_server_connections_as_they_were(
    seeded_url: str, pgbouncer: Callable[..., Bouncer], others: str
) -> None:
    # whatever a refused command SETs on a server connection of the pool, the
    # pool's next clients (the user's other applications) get. Which server
    # connection each statement lands on is up to the pool: a few refused runs.
    pool_size = 2 if others == "busy" else 1
    pooled = pgbouncer("transaction", pool_size=pool_size).url(seeded_url)
    before = pool_settings(pooled, pool_size)
    timeouts = ("--statement-timeout", "7min", "--lock-timeout", "3s")

    with Traffic(pooled) if others == "busy" else nullcontext():
        for _ in range(RUNS):
            refused = cli(*timeouts, "refresh", "--table", "all", url=pooled, timeout=60)
            assert_refused(refused)

    assert pool_settings(pooled, pool_size) == before
    assert advisory_locks(seeded_url) == []


def test_seed_is_refused_through_a_transaction_pooler(
    database_url: str, pgbouncer: Callable[..., Bouncer]
) -> None:
    pooled = pgbouncer("transaction", pool_size=2).url(database_url)
    before = checksum(database_url)

    with Traffic(pooled):
        refused = cli("seed", "--scale", "0.01", url=pooled, timeout=60)

    assert_refused(refused)
    assert checksum(database_url) == before
    assert advisory_locks(database_url) == []
    direct = cli("seed", "--scale", "0.01", url=database_url)
    assert direct.returncode == 0, direct.stderr


def test_migrate_is_refused_through_a_transaction_pooler(
    empty_database_url: str, pgbouncer: Callable[..., Bouncer]
) -> None:
    pooled = pgbouncer("transaction", pool_size=2).url(empty_database_url)

    with Traffic(pooled):
        refused = cli("migrate", url=pooled, timeout=60)

    assert_refused(refused)
    assert empty(empty_database_url), "the refused migrate created something"
    assert advisory_locks(empty_database_url) == []
    direct = cli("migrate", url=empty_database_url)
    assert direct.returncode == 0, direct.stderr


def test_the_bouncer_reaches_the_test_server_and_goes_away(
    server_url: str, pgbouncer: Callable[..., Bouncer]
) -> None:
    identity = "select system_identifier from pg_control_system()"
    bouncer = pgbouncer("transaction", pool_size=1)
    with psycopg.connect(bouncer.url(server_url), autocommit=True, prepare_threshold=None) as conn:
        assert conn.execute(identity).fetchone()[0] == one(server_url, identity)

    bouncer.cleanup()

    assert bouncer.process is not None and bouncer.process.poll() is not None
    assert not bouncer.folder.exists()
