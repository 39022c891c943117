"""Issue 15, target 6: the private memory of the server processes serving each command.

``Watch(url)`` samples, every 50 ms while it is open, the ``RssAnon`` of
every client backend of the database (and of their parallel workers) from
``/proc/<pid>/status`` and keeps each process's peak: private memory, the
shared buffers left out. It can only read a local server's processes (the
embedded one, or one on the loopback run by this machine); elsewhere
``Watch.missing`` says why and nothing is sampled.

``run(url)`` (the ``memory`` section) runs each command of the plan once,
as the CLI runs it, on a connection of its own (a backend keeps memory it
freed: a command run after another on the same connection would carry its
predecessor's peak), at the tool's default settings (work_mem 16MB), and
gives each command's peak process beside the target (≤ 300 MB): refresh
pedigree, dams, entities, breakdown, features build (both its connections)
and the first fill of the facts (in a transaction rolled back).
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from psycopg import conninfo

from bench.facts import FIRST_FILL
from bench.report import MB, Row, judged, megabytes
from pgbackfill import db, features, refresh
from pgbackfill.sqlfiles import query

TARGET_MB = 300
INTERVAL = 0.05
MONITOR = "pgbackfill-bench-memory"
# the processes serving the database's clients, and their parallel workers
BACKENDS = """
select activity.pid, activity.backend_type
  from pg_stat_activity as activity
 where activity.pid <> pg_backend_pid()
   and activity.backend_type in ('client backend', 'parallel worker')
   and (activity.datname = current_database()
        or activity.leader_pid in (select leader.pid from pg_stat_activity as leader
                                    where leader.datname = current_database()))
"""


def rss_anon(pid: int) -> int | None:
    """Private resident memory of a process, in bytes (None: gone or unreadable)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) * 1024
    return None


def not_local(url: str, backend_pid: int) -> str | None:
    """Why this server's processes cannot be read here (None: they can)."""
    host = conninfo.conninfo_to_dict(url).get("host") or "localhost"
    if not (host.startswith("/") or host == "localhost"):
        try:
            if not ipaddress.ip_address(host).is_loopback:
                return f"server {host} is not local"
        except ValueError:
            return f"server {host} is not local"
    try:
        command = Path(f"/proc/{backend_pid}/cmdline").read_bytes()
    except OSError:
        return "the server's processes are not readable here (/proc)"
    if b"postgres" not in command or rss_anon(backend_pid) is None:
        return "the server's processes are not this machine's (another PID namespace)"
    return None


class Watch:
    """Peak RssAnon per server process of the database, while open."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.peaks: dict[int, int] = {}
        self.kinds: dict[int, str] = {}
        self.missing: str | None = None
        self.seconds = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._monitor: psycopg.Connection | None = None

    def __enter__(self) -> Watch:
        self._monitor = psycopg.connect(self.url, autocommit=True, application_name=MONITOR)
        self.missing = not_local(self.url, self._monitor.info.backend_pid)
        if self.missing is None:
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._started
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._monitor is not None:
            self._monitor.close()

    def _sample(self) -> None:
        while True:
            for pid, kind in self._monitor.execute(BACKENDS).fetchall():
                size = rss_anon(pid)
                if size is not None and size > self.peaks.get(pid, -1):
                    self.peaks[pid] = size
                    self.kinds[pid] = kind
            if self._stop.wait(INTERVAL):
                return

    @property
    def peak(self) -> int | None:
        return max(self.peaks.values(), default=None)

    def row(self, name: str) -> Row:
        """The command's peak process beside the target; each backend's peak, the workers' largest."""
        if self.missing is not None:
            return (name, None, f"not measured: {self.missing}")
        if self.peak is None:
            return (name, None, "no server process seen")
        backends = sorted(
            (size for pid, size in self.peaks.items() if self.kinds[pid] == "client backend"),
            reverse=True,
        )
        workers = [size for pid, size in self.peaks.items() if self.kinds[pid] != "client backend"]
        listed = " + ".join(f"{size / MB:,.0f}" for size in backends) + " MB"
        if workers:
            listed += f"; {len(workers)} parallel worker(s), the largest {megabytes(max(workers))}"
        return (
            name,
            megabytes(self.peak),
            f"{judged(self.peak / MB, TARGET_MB, ' MB')} per process; "
            f"{len(backends)} backend(s): {listed}; the command took {self.seconds:.1f} s",
        )


def _refresh(choice: str) -> Callable[[psycopg.Connection], object]:
    return lambda conn: refresh.run(conn, choice)


def _features_build(conn: psycopg.Connection) -> object:
    return features.build(conn)


def _first_fill(conn: psycopg.Connection) -> None:
    # undone: its indexes dropped and rebuilt, all rolled back
    with conn.transaction(force_rollback=True):
        for statement in FIRST_FILL:
            conn.execute(statement)


# the plan's commands, as the CLI runs them (seed left out)
COMMANDS: list[tuple[str, Callable[[psycopg.Connection], object]]] = [
    ("refresh --table pedigree", _refresh("pedigree")),
    ("refresh --table dams", _refresh("dams")),
    ("refresh --table entities", _refresh("entities")),
    ("refresh --table breakdown", _refresh("breakdown")),
    ("features build (from nothing)", _features_build),
    ("first fill of the facts (rolled back)", _first_fill),
]


def run(url: str) -> list[Row]:
    rows: list[Row] = []
    for name, command in COMMANDS:
        if command is _features_build:  # from nothing, as the features section builds
            with db.session(url) as conn:
                conn.execute(query("features_forget"))
        with Watch(url) as watch, db.session(url) as conn:
            command(conn)
        rows.append(watch.row(f"target 6: memory, {name}"))
    return rows


if __name__ == "__main__":  # python -m bench.memory URL
    import sys

    from bench.report import printed

    printed(run(sys.argv[1]))
