"""`pgbackfill grants`: the least privilege a runtime role needs, printed or applied.

Migrations need the owner's rights; nothing else should. The statements come
from `pgbackfill.runtime_grants(role, maintainer)` (sql/functions/
runtime_grants.sql), built from the catalog: use of the schemas, SELECT on
the racing facts, UPDATE on the statistic and location columns only, what
pgbackfill's own tables need, and the right to refresh its materialized
views (MAINTAIN from PostgreSQL 17, before that membership of a NOLOGIN role
owning those views only). Run it as the owner, after each `migrate`.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from pgbackfill.db import guarded
from pgbackfill.errors import UserError
from pgbackfill.runs import exclusive, recorded
from pgbackfill.sqlfiles import query

DEFAULT_MAINTAINER = "pgbackfill_maintainer"
LOCK = "grants"


@dataclass(frozen=True)
class Grant:
    step: int
    statement: str
    reason: str


def _check_names(role: str, maintainer: str) -> None:
    for option, name in (("--role", role), ("--maintainer", maintainer)):
        if not name or len(name.encode()) > 63 or "\x00" in name:
            raise UserError(f"{option} must be a role name of 1 to 63 bytes, got {name!r}")
    if role == maintainer:
        raise UserError(f"--role and --maintainer must differ (both {role!r})")


def statements(conn: psycopg.Connection, role: str, maintainer: str) -> list[Grant]:
    """The grants `role` needs, in the order to run them."""
    _check_names(role, maintainer)
    (exists,) = conn.execute(query("grants_role_exists"), {"role": role}).fetchone()
    if not exists:
        raise UserError(
            f"role {role!r} does not exist: create it first "
            f"(create role {role} login password '…'), then rerun"
        )
    rows = conn.execute(query("grants_runtime"), {"role": role, "maintainer": maintainer})
    return [Grant(*row) for row in rows.fetchall()]


def apply(conn: psycopg.Connection, role: str, maintainer: str) -> list[Grant]:
    """Run the grants in one transaction (all or nothing); conn must be autocommit."""
    grants = statements(conn, role, maintainer)
    with exclusive(conn, LOCK), recorded(conn, "grants", role) as logged:
        with guarded(conn):
            for grant in grants:
                conn.execute(grant.statement)
        logged.rows_written = len(grants)
    return grants


def script(grants: list[Grant], role: str, applied: bool) -> str:
    """The grants as a psql script, each under a comment saying why."""
    head = (
        f"-- applied: the grants of runtime role {role}"
        if applied
        else f"-- the grants of runtime role {role}; run as the owner, e.g. pgbackfill grants "
        f"--role {role} --apply, or pipe into psql"
    )
    lines = [head]
    for grant in grants:
        lines.append(f"-- {grant.reason}")
        lines.append(f"{grant.statement};")
    return "\n".join(lines)
