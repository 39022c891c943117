"""Real server components in front of the test database: PgBouncer; and a
PostgreSQL 15 of the tests' own with pg_cron preloaded (``CronCluster``,
at the end).

Modelled on PgBouncer's own test/conftest.py: a ``Bouncer`` writes its ini
and auth file into a temporary folder, starts ``pgbouncer`` in the
foreground, waits (with a deadline) until its port accepts connections, and
is stopped and removed by ``cleanup()``. The ``pgbouncer`` fixture is a
factory; every bouncer it started is cleaned up after the test, and a
failed test prints each one's log.

Make the fixture visible where it is used::

    from . import components

    pgbouncer = components.pgbouncer  # fixture

PgBouncer refuses to run as root. Run by root, it runs as the owner of the
server's unix-socket folder when the server is reached through a socket
(the embedded server's socket is in its 0700 data folder, which only its
owner may enter), otherwise as ``postgres``; run by anyone else, as that
user. Its default ``ignore_startup_parameters`` is kept: a client sending
the ``options`` startup parameter is refused, as by a default PgBouncer.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from psycopg import conninfo

PGBOUNCER = shutil.which("pgbouncer") or next(
    (path for path in ("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer") if os.access(path, os.X_OK)),
    None,
)
MODES = ("session", "transaction", "statement")
START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _server_address(server_url: str) -> tuple[str, str]:
    """(host, port) of the server as PgBouncer should reach it; host may be a socket folder."""
    params = conninfo.conninfo_to_dict(server_url)
    host = (params.get("host") or params.get("hostaddr") or "/var/run/postgresql").split(",")[0]
    port = str(params.get("port") or "5432").split(",")[0]
    return host, port


def _run_as(server_host: str) -> pwd.struct_passwd | None:
    """The unprivileged user PgBouncer runs as (None: the current user, not root)."""
    if os.geteuid() != 0:
        return None
    if server_host.startswith("/"):
        owner = Path(server_host).stat().st_uid
        if owner != 0:
            return pwd.getpwuid(owner)
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("no unprivileged user to run pgbouncer as (tried postgres, nobody)")


class Bouncer:
    """One PgBouncer in front of the server of `server_url` (every database, `*`)."""

    def __init__(
        self,
        server_url: str,
        *,
        mode: str = "session",
        users: Sequence[str] = ("postgres",),
        pool_size: int = 4,
        settings: dict[str, str | int] | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"pool mode {mode!r}: use one of {', '.join(MODES)}")
        self.mode = mode
        self.users = tuple(dict.fromkeys(users))
        self.pool_size = pool_size
        self.settings = dict(settings or {})
        self.server_host, self.server_port = _server_address(server_url)
        self.host = "127.0.0.1"
        self.port = 0
        self.folder = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
        self.ini = self.folder / "pgbouncer.ini"
        self.log = self.folder / "pgbouncer.log"
        self.output = self.folder / "pgbouncer.out"  # stderr: what comes before the log opens
        self.process: subprocess.Popen | None = None

    def _write_files(self) -> None:
        (self.folder / "users.txt").write_text(
            "".join(f'"{user}" ""\n' for user in self.users), encoding="utf-8"
        )
        settings: dict[str, str | int] = {
            "listen_addr": self.host,
            "listen_port": self.port,
            "unix_socket_dir": "",
            "auth_type": "trust",
            "auth_file": self.folder / "users.txt",
            "pool_mode": self.mode,
            "default_pool_size": self.pool_size,
            "max_client_conn": 200,
            "logfile": self.log,
            "pidfile": self.folder / "pgbouncer.pid",
            "log_connections": 1,
            "log_disconnections": 1,
            **self.settings,
        }
        self.ini.write_text(
            "[databases]\n"
            f"* = host={self.server_host} port={self.server_port}\n"
            "[pgbouncer]\n" + "".join(f"{key} = {value}\n" for key, value in settings.items()),
            encoding="utf-8",
        )

    def start(self) -> Bouncer:
        """Start PgBouncer and wait until it accepts connections (or raise, with its log)."""
        if PGBOUNCER is None:
            raise RuntimeError("pgbouncer is not installed")
        user = _run_as(self.server_host)
        self.port = free_port(self.host)
        self._write_files()
        if user is not None:
            for path in (self.folder, *self.folder.iterdir()):
                os.chown(path, user.pw_uid, user.pw_gid)
        as_user = (
            {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
            if user is not None
            else {}
        )
        with self.output.open("wb") as output:
            self.process = subprocess.Popen(
                [PGBOUNCER, str(self.ini)],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=self.folder,
                **as_user,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"pgbouncer exited with {self.process.returncode}:\n{self.log_text()}"
                )
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.02)
        self.cleanup()
        raise RuntimeError(
            f"pgbouncer did not accept connections within {START_TIMEOUT:g} s:\n{self.log_text()}"
        )

    def url(self, database_url: str) -> str:
        """`database_url` rewritten to go through this bouncer (same user, database, password)."""
        params = conninfo.conninfo_to_dict(database_url)
        user = params.pop("user", None) or "postgres"
        password = params.pop("password", None)
        dbname = params.pop("dbname", None) or user
        for key in ("host", "hostaddr", "port"):
            params.pop(key, None)
        secret = f":{quote(password, safe='')}" if password else ""
        query = f"?{urlencode(params)}" if params else ""
        return (
            f"postgresql://{quote(user, safe='')}{secret}@{self.host}:{self.port}"
            f"/{quote(dbname, safe='')}{query}"
        )

    def log_text(self) -> str:
        """Its log file; what it wrote on stderr when there is none (e.g. a bad ini)."""
        for path in (self.log, self.output):
            if path.exists() and (text := path.read_text(encoding="utf-8", errors="replace")):
                return f"--- {path} ---\n{text}"
        return "(pgbouncer wrote nothing)"

    def stop(self) -> None:
        """Immediate shutdown (SIGTERM), SIGKILL past a deadline."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(STOP_TIMEOUT)

    def cleanup(self) -> None:
        """Stop PgBouncer and remove its folder."""
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def pgbouncer_installed() -> bool:
    return PGBOUNCER is not None


@pytest.fixture
def pgbouncer(request: pytest.FixtureRequest, server_url: str) -> Iterator[Callable[..., Bouncer]]:
    """Factory: pgbouncer(mode="session"|"transaction", users=("postgres",), pool_size=4)
    -> a started Bouncer in front of the test server; all stopped after the test."""
    if PGBOUNCER is None:
        pytest.skip("pgbouncer is not installed (Debian package pgbouncer): no pooler tests")
    started: list[Bouncer] = []
    failed_before = request.session.testsfailed

    def start(
        mode: str = "session",
        users: Sequence[str] = ("postgres",),
        pool_size: int = 4,
        **settings: str | int,
    ) -> Bouncer:
        bouncer = Bouncer(
            server_url, mode=mode, users=users, pool_size=pool_size, settings=settings
        )
        started.append(bouncer)
        return bouncer.start()

    yield start
    failed = request.session.testsfailed > failed_before
    for bouncer in started:
        bouncer.stop()
        if failed:
            print(f"\n=== pgbouncer ({bouncer.mode} mode, port {bouncer.port}) ===")
            print(bouncer.log_text())
        bouncer.cleanup()


# ---------------------------------------------------------------------------
# A throwaway PostgreSQL 15 cluster with pg_cron (Debian's postgresql-15-cron)
# ---------------------------------------------------------------------------

PG15_BIN = Path("/usr/lib/postgresql/15/bin")
PG_CRON_LIBRARY = Path("/usr/lib/postgresql/15/lib/pg_cron.so")


def pg_cron_missing() -> str | None:
    """Why the pg_cron tests cannot run here, or None."""
    if not (PG15_BIN / "initdb").exists():
        return "PostgreSQL 15 is not installed (Debian package postgresql-15): no pg_cron tests"
    if not PG_CRON_LIBRARY.exists():
        return f"pg_cron is not installed ({PG_CRON_LIBRARY} missing; Debian package postgresql-15-cron): no pg_cron tests"
    return None


class CronCluster:
    """A PostgreSQL 15 cluster in a temporary folder, reached on 127.0.0.1:port
    as ``postgres`` (trust), run by an unprivileged user when root runs the
    tests. ``enable_pg_cron(database)`` preloads pg_cron scheduling from that
    database (a restart, as on a real server) — its jobs log in over TCP as
    their role, like any client."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="pgcron-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.host = "127.0.0.1"
        self.port = 0
        self.user = _run_as("") if os.geteuid() == 0 else None

    def _run(self, *args: str | Path) -> None:
        as_user = (
            {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
            if self.user is not None
            else {}
        )
        done = subprocess.run(
            [str(arg) for arg in args],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=120,
            **as_user,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{Path(str(args[0])).name} exited with {done.returncode}:\n"
                f"{done.stdout}{done.stderr}\n{self.log_text()}"
            )

    def _configure(self, settings: dict[str, str | int]) -> None:
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            for key, value in settings.items():
                quoted = value if isinstance(value, int) else "'" + value.replace("'", "''") + "'"
                conf.write(f"{key} = {quoted}\n")

    def start(self) -> CronCluster:
        if self.user is not None:
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        self._run(PG15_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres")
        self.port = free_port(self.host)
        self._configure(
            {
                "port": self.port,
                "listen_addresses": self.host,
                "unix_socket_directories": str(self.data),
                "fsync": "off",  # throwaway: nothing to keep after a crash
                "synchronous_commit": "off",
                "full_page_writes": "off",
            }
        )
        self._run(PG15_BIN / "pg_ctl", "-D", self.data, "-l", self.log, "-w", "start")
        return self

    def enable_pg_cron(self, database: str) -> None:
        """Preload pg_cron, scheduling from `database`, and restart."""
        self._configure(
            {
                "shared_preload_libraries": "pg_cron",
                "cron.database_name": database,
                "cron.host": self.host,  # jobs connect over TCP (trust), as their role
            }
        )
        self._run(
            PG15_BIN / "pg_ctl", "-D", self.data, "-l", self.log, "-w", "-m", "fast", "restart"
        )

    def url(self, database: str = "postgres", user: str = "postgres") -> str:
        return f"postgresql://{quote(user, safe='')}@{self.host}:{self.port}/{quote(database, safe='')}"

    def log_text(self) -> str:
        if self.log.exists():
            return f"--- {self.log} ---\n" + self.log.read_text(encoding="utf-8", errors="replace")
        return "(no server log)"

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(PG15_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def cleanup(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def cron_cluster(request: pytest.FixtureRequest) -> Iterator[CronCluster]:
    """A started PostgreSQL 15 cluster of the session's own (pg_cron not yet
    enabled: ``enable_pg_cron``); stopped and removed at the end, its log
    printed when a test failed. Skips, with the package to install, where
    PostgreSQL 15 or pg_cron is missing."""
    if reason := pg_cron_missing():
        print(f"\nskipping the pg_cron tests: {reason}")
        pytest.skip(reason)
    cluster = CronCluster().start()
    failed_before = request.session.testsfailed
    try:
        yield cluster
    finally:
        if request.session.testsfailed > failed_before:
            print(f"\n=== pg_cron cluster (port {cluster.port}) ===")
            print(cluster.log_text()[-20000:])
        cluster.cleanup()
