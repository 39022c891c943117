"""`pgbackfill schedule`: the seed's maintenance plan as pg_cron jobs, inside the database.

The jobs and the calls that install them are SQL's: pgbackfill.cron_plan
(daily refresh, breakdown and regions, weekly audit, monthly check; jobs named
pgbackfill-…) and pgbackfill.cron_statements (the cron.schedule calls, or
with `--remove` the cron.unschedule ones); pgbackfill.cron_problem says in
one line why pg_cron cannot take them. This module prints the calls as a
psql script or runs them in one transaction (all or nothing).

Who the jobs run as: the role that schedules them (pg_cron's rule), unless
`--role` names another one, the runtime role of `pgbackfill grants`; pg_cron
lets only a superuser schedule a job as another role (not Supabase's
`postgres`), and cron_problem refuses that first, with the way out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from typing import Any

import psycopg
from rich.console import Console

from pgbackfill import report
from pgbackfill.db import guarded
from pgbackfill.errors import UserError
from pgbackfill.runs import exclusive, recorded
from pgbackfill.sqlfiles import query

DEFAULT_AT = "06:15"
LOCK = "schedule"
_TIME_OF_DAY = re.compile(r"(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)")


def parse_at(value: str) -> time:
    """--at HH:MM as a time of day, or one line saying what is wrong."""
    found = _TIME_OF_DAY.fullmatch(value.strip())
    if not found:
        raise UserError(f"--at {value!r} is not a time of day: use HH:MM, 00:00 to 23:59 (GMT)")
    return time(int(found["hour"]), int(found["minute"]))


def check_role(role: str | None) -> None:
    if role is not None and (not role or len(role.encode()) > 63 or "\x00" in role):
        raise UserError(f"--role must be a role name of 1 to 63 bytes, got {role!r}")


@dataclass(frozen=True)
class Statement:
    step: int
    job_name: str | None
    statement: str
    reason: str


@dataclass
class Result:
    action: str  # print | apply | remove
    jobs: list[dict[str, Any]] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "jobs": self.jobs,
            "statements": [item.statement for item in self.statements],
            "removed": self.removed,
        }


def require_pg_cron(conn: psycopg.Connection, role: str | None = None) -> None:
    """Stop with one line (exit 2) unless pg_cron can take the jobs (as `role`)."""
    (problem,) = conn.execute(query("schedule_problem"), {"run_as": role}).fetchone()
    if problem:
        raise UserError(problem)


def plan(conn: psycopg.Connection, at: time, role: str | None) -> list[dict[str, Any]]:
    cursor = conn.execute(query("schedule_plan"), {"daily_at": at, "run_as": role})
    return report.rows_as_dicts([column.name for column in cursor.description], cursor.fetchall())


def statements(
    conn: psycopg.Connection, at: time, role: str | None, *, remove: bool = False
) -> list[Statement]:
    rows = conn.execute(
        query("schedule_statements"), {"daily_at": at, "run_as": role, "remove": remove}
    ).fetchall()
    return [Statement(*row) for row in rows]


def run(
    conn: psycopg.Connection,
    *,
    at: time,
    role: str | None = None,
    apply: bool = False,
    remove: bool = False,
) -> Result:
    """Print (the default), apply or remove the plan; conn must be autocommit."""
    if apply and remove:
        raise UserError("--apply and --remove are alternatives: pass one")
    check_role(role)
    require_pg_cron(conn, None if remove else role)
    action = "remove" if remove else "apply" if apply else "print"
    result = Result(action, statements=statements(conn, at, role, remove=remove))
    if not remove:
        result.jobs = plan(conn, at, role)
    if action == "print":
        return result
    with exclusive(conn, LOCK), recorded(conn, "schedule", action) as logged:
        with guarded(conn):
            for item in result.statements:
                cursor = conn.execute(item.statement)
                if item.job_name is None:  # an unschedule: one row per job dropped
                    result.removed += [name for name, _ in cursor.fetchall()]
        logged.rows_written = len(result.removed) if remove else len(result.jobs)
    return result


def script(result: Result) -> str:
    """The calls as a psql script, each under a comment saying why."""
    head = {
        "print": "-- the pgbackfill jobs for pg_cron (run in psql, or `pgbackfill schedule --apply`)",
        "apply": "-- applied: the pgbackfill jobs for pg_cron",
        "remove": "-- applied: no pgbackfill job left in pg_cron",
    }[result.action]
    lines = [head]
    for item in result.statements:
        lines.append(f"-- {item.reason}")
        lines.append(f"{item.statement};")
    return "\n".join(lines)


def show(console: Console, result: Result, as_json: bool) -> None:
    if as_json:
        report.print_json(console, result.as_json())
        return
    print(script(result))
    if result.action == "apply":
        who = result.jobs[0]["run_as"] if result.jobs else "?"
        console.print(
            f"scheduled {len(result.jobs)} pgbackfill jobs, run as {who}"
            + (f"; dropped {', '.join(result.removed)}" if result.removed else ""),
            highlight=False,
            soft_wrap=True,
        )
    elif result.action == "remove":
        console.print(
            f"removed {len(result.removed)} pgbackfill jobs"
            + (f": {', '.join(result.removed)}" if result.removed else ""),
            highlight=False,
            soft_wrap=True,
        )
