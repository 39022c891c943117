"""Finding and opening the database: the one place that does it.

Every command takes ``--database-url`` / ``DATABASE_URL`` or ``--embedded``;
this module turns that into an open, checked psycopg connection, or into one
line for the user (never a traceback, never a password).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import conninfo

from pgbackfill import embedded
from pgbackfill.errors import UserError

VERSION_TABLE = "pgbackfill_alembic_version"
APPLICATION_NAME = "pgbackfill"


@dataclass
class Timeouts:
    """Server-side limits for every connection the tool opens (PostgreSQL
    interval syntax: '30s', '10min', '0' for none). A statement past its
    limit, or a lock wait past its limit, fails with one line, and the
    command can be rerun."""

    statement: str = "30min"
    lock: str = "1min"

    def options(self) -> str:
        return f"-c statement_timeout={self.statement} -c lock_timeout={self.lock}"


timeouts = Timeouts()


def resolve_url(database_url: str | None, use_embedded: bool) -> str:
    """The URL to use: the given one, else the embedded server, else an error."""
    if database_url:
        return database_url
    if use_embedded:
        return embedded.start()
    raise UserError("no database: set DATABASE_URL, pass --database-url URL, or pass --embedded")


def describe(url: str) -> str:
    """host:port/dbname of a URL, for messages (never the password)."""
    try:
        params = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the given URL"
    host = params.get("host") or "localhost"
    port = params.get("port") or "5432"
    return f"{host}:{port}/{params.get('dbname') or params.get('user') or ''}"


def reason(error: Exception) -> str:
    """Why a database call failed, in one line (libpq's text can span lines)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    for line in lines:
        if " failed: " in line:  # 'connection to server at "h", port p failed: <why>'
            line = line.rsplit(" failed: ", 1)[1]
        if line.startswith(("FATAL:", "ERROR:")):
            line = line.split(":", 1)[1].strip()
        return line
    return type(error).__name__


def connect(url: str, *, autocommit: bool = True, connect_timeout: int = 10) -> psycopg.Connection:
    """Open a connection, or raise one clear UserError (exit 2)."""
    try:
        conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        raise UserError(
            "malformed database URL (expected postgresql://user@host:port/dbname)"
        ) from None
    try:
        return psycopg.connect(
            url,
            autocommit=autocommit,
            connect_timeout=connect_timeout,
            application_name=APPLICATION_NAME,
            options=timeouts.options(),
        )
    except psycopg.OperationalError as error:
        raise UserError(f"cannot connect to {describe(url)}: {reason(error)}") from None


def current_revision(conn: psycopg.Connection) -> str | None:
    """The Alembic revision the database is at, or None when never migrated."""
    found = conn.execute(
        "select to_regclass(%s) is not null", (f"public.{VERSION_TABLE}",)
    ).fetchone()
    if not found or not found[0]:
        return None
    row = conn.execute(f"select version_num from public.{VERSION_TABLE}").fetchone()
    return row[0] if row else None


def require_migrated(conn: psycopg.Connection) -> None:
    """Stop with one line unless the database is at the newest migration."""
    from pgbackfill.migrate import head_revision

    revision = current_revision(conn)
    if revision != head_revision():
        state = "is not migrated" if revision is None else f"is behind (at {revision})"
        raise UserError(f"the database {state}: run `pgbackfill migrate` first")


@contextmanager
def session(url: str, *, migrated: bool = True) -> Iterator[psycopg.Connection]:
    """An open connection for one command, checked to be migrated."""
    conn = connect(url)
    try:
        if migrated:
            require_migrated(conn)
        yield conn
    finally:
        conn.close()


def missing_privilege(error: psycopg.Error) -> str:
    """One line for a refused privilege: what was refused, where, and the cure.

    PostgreSQL names the object ("permission denied for table ra_races",
    "must be owner of materialized view runner_facts"); the error's context
    names the pgbackfill function and, for a static statement, its verb.
    """
    import re

    diag = getattr(error, "diag", None)
    what = (getattr(diag, "message_primary", None) or reason(error)).strip()
    context = getattr(diag, "context", None) or ""
    verb = re.search(r'SQL statement "\s*(\w+)', context)
    function = re.search(r"function (?:\")?(?:pgbackfill\.)?([a-z_0-9]+)", context)
    where = []
    if verb and verb.group(1).lower() in (
        "select",
        "insert",
        "update",
        "delete",
        "truncate",
        "refresh",
        "analyze",
    ):
        where.append(verb.group(1).upper())
    if function:
        where.append(f"in pgbackfill.{function.group(1)}")
    detail = f" ({' '.join(where)})" if where else ""
    return (
        f"missing privilege: {what}{detail}; as the owner, run "
        "`pgbackfill grants --role <this role> --apply`"
    )
