"""`make soak`: the daily routine, abused for N minutes, then every figure checked.

    python -m bench.soak [--minutes 5] [--server-url URL] [--scale 0.01] [--seed 1]

On a scratch database of a LOCAL server (the embedded one by default; a
loopback --server-url otherwise; never DATABASE_URL), migrated and seeded,
whose figures are first computed in full, it repeats until the time is up:
append a race day (`pgbackfill.synthetic_append_race_day`), then one of
`refresh --table all --stale`, a refresh SIGKILLed at a random moment, or
`audit` — each the real command in a child process. At the end it runs
`refresh --table all --stale` once more and `refresh --table all --check`,
which recomputes every figure from scratch and counts the stored ones that
differ, and prints a report. Exit 0 only when no figure differs and no
command failed in a way it should not. Not in CI: it takes minutes.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import psycopg
from psycopg import conninfo
from rich.console import Console
from rich.table import Table

from pgbackfill import embedded, migrate, synthetic
from pgbackfill.sqlfiles import query

MAX_ROUNDS = 10_000  # a bound whatever the clock says
KILL_AFTER = (0.05, 2.5)  # seconds a doomed refresh lives, drawn uniformly


@dataclass
class Report:
    minutes: float
    database: str
    rounds: int = 0
    days_appended: int = 0
    races_appended: int = 0
    runners_appended: int = 0
    events: Counter = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)
    checked: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def differing(self) -> int:
        return sum(sum(table["differing"].values()) for table in self.checked)

    @property
    def ok(self) -> bool:
        return not self.unexpected and self.differing == 0 and bool(self.checked)


def _local(server_url: str) -> None:
    host = conninfo.conninfo_to_dict(server_url).get("host") or "localhost"
    if host.startswith("/") or host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    sys.exit(f"error: the soak runs on a local server only, not {host}")


def _with_dbname(url: str, name: str) -> str:
    params = conninfo.conninfo_to_dict(url)
    params["dbname"] = name
    return conninfo.make_conninfo(**params)


def _cli(url: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pgbackfill.cli", *args, "--database-url", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(child: subprocess.Popen, timeout: float = 1800) -> tuple[int, str, str]:
    out, err = child.communicate(timeout=timeout)
    return child.returncode, out, err


def _orphans(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        (count,) = conn.execute(
            "select count(*) from pg_stat_activity where datname = current_database()"
            " and application_name = 'pgbackfill'"
        ).fetchone()
    return count


def _wait_for_orphans(url: str, timeout: float = 600) -> None:
    """A killed client's backend finishes its statement before it notices."""
    deadline = time.monotonic() + timeout
    while _orphans(url) and time.monotonic() < deadline:
        time.sleep(0.05)


def _expect(report: Report, what: str, result: tuple[int, str, str], allowed: set[int]) -> None:
    code, _, err = result
    if code not in allowed:
        last = err.strip().splitlines()[-1] if err.strip() else ""
        report.unexpected.append(f"{what}: exit {code} {last}")


def _append_day(conn: psycopg.Connection, rng: random.Random, seed: int, report: Report) -> None:
    (day,) = conn.execute(query("soak_next_day")).fetchone()
    races = rng.randint(3, 30)
    rows = dict(
        conn.execute(
            query("synthetic_append_race_day"), {"day": day, "races": races, "seed": seed}
        ).fetchall()
    )
    report.days_appended += 1
    report.races_appended += rows.get("ra_races", 0)
    report.runners_appended += rows.get("ra_runners", 0)


def soak(server_url: str, minutes: float, scale: float, seed: int, console: Console) -> Report:
    _local(server_url)
    name = f"pgbackfill_soak_{uuid.uuid4().hex[:8]}"
    report = Report(minutes=minutes, database=name)
    rng = random.Random(seed)
    started = time.monotonic()
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"create database {name}")
    url = _with_dbname(server_url, name)
    try:
        migrate.upgrade(url)
        with psycopg.connect(url, autocommit=True) as conn:
            synthetic.generate(conn, scale=scale, seed=seed)
        # the seed leaves some figures as another day computed them: start from ours
        _expect(report, "first full refresh", _finish(_cli(url, "refresh", "--table", "all")), {0})
        console.print(f"soaking {name} for {minutes:g} min (scale {scale:g}, seed {seed})")
        deadline = started + minutes * 60
        with psycopg.connect(url, autocommit=True) as conn:
            while time.monotonic() < deadline and report.rounds < MAX_ROUNDS:
                report.rounds += 1
                _append_day(conn, rng, seed, report)
                event = rng.choice(["stale refresh", "killed refresh", "killed refresh", "audit"])
                report.events[event] += 1
                if event == "stale refresh":
                    result = _finish(_cli(url, "refresh", "--table", "all", "--stale"))
                    _expect(report, event, result, {0})
                elif event == "audit":
                    _expect(report, event, _finish(_cli(url, "audit")), {0, 1})
                else:
                    scope = rng.choice([["--stale"], [], ["--only-missing"]])
                    batch = str(rng.choice([1, 10, 100, 5000]))
                    child = _cli(url, "refresh", "--table", "all", "--batch-size", batch, *scope)
                    time.sleep(rng.uniform(*KILL_AFTER))
                    if child.poll() is None:
                        child.send_signal(signal.SIGKILL)
                    else:
                        report.events["finished before its kill"] += 1
                    result = _finish(child)
                    _expect(report, event, result, {0, -signal.SIGKILL})
                    _wait_for_orphans(url)
                if report.rounds % 10 == 0:
                    console.print(
                        f"  round {report.rounds}: {report.days_appended} days appended, "
                        f"{dict(report.events)}"
                    )
        _wait_for_orphans(url)
        result = _finish(_cli(url, "refresh", "--table", "all", "--stale"))
        _expect(report, "final stale refresh", result, {0})
        code, out, err = _finish(_cli(url, "refresh", "--table", "all", "--check", "--json"))
        _expect(report, "final check", (code, out, err), {0})
        if code == 0:
            report.checked = json.loads(out)["tables"]
    finally:
        _wait_for_orphans(url, timeout=60)
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"drop database if exists {name} with (force)")
    report.seconds = time.monotonic() - started
    return report


def show(console: Console, report: Report) -> None:
    table = Table(title=f"soak report: {report.minutes:g} min, {report.rounds} rounds")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("race days appended", f"{report.days_appended:,}")
    table.add_row("races appended", f"{report.races_appended:,}")
    table.add_row("runners appended", f"{report.runners_appended:,}")
    for event, count in sorted(report.events.items()):
        table.add_row(event, f"{count:,}")
    for checked in report.checked:
        differing = sum(checked["differing"].values())
        table.add_row(
            f"{checked['table']}: differing from a full recomputation",
            f"{differing:,} (of {checked['entities']:,} entities)",
        )
    table.add_row("unexpected command outcomes", f"{len(report.unexpected):,}")
    console.print(table)
    for line in report.unexpected:
        console.print(f"  {line}", markup=False)
    verdict = "no difference" if report.ok else "DIFFERENCES OR FAILURES (see above)"
    console.print(f"soak: {verdict}; {report.seconds / 60:.1f} min in all")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument(
        "--server-url", help="a LOCAL server to create the scratch database on (default embedded)"
    )
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not 0 < args.minutes <= 24 * 60:
        parser.error("--minutes must be above 0 and at most a day")
    synthetic.check_arguments(args.scale, args.seed)
    console = Console()
    report = soak(args.server_url or embedded.start(), args.minutes, args.scale, args.seed, console)
    show(console, report)
    sys.exit(0 if report.ok else 1)


if __name__ == "__main__":
    main()
