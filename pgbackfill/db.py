"""Finding and opening the database: the one place that does it.

Every command takes ``--database-url`` / ``DATABASE_URL`` or ``--embedded``;
this module turns that into an open, checked psycopg connection, or into one
line for the user (never a traceback, never a password).
"""

from __future__ import annotations

import select
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import conninfo

from pgbackfill import embedded
from pgbackfill.errors import UserError
from pgbackfill.sqlfiles import query

VERSION_TABLE = "pgbackfill_alembic_version"
APPLICATION_NAME = "pgbackfill"


@dataclass
class Timeouts:
    """Server-side limits for every connection the tool opens (PostgreSQL
    interval syntax: '30s', '10min', '0' for none). A statement past its
    limit, or a lock wait past its limit, fails with one line, and the
    command can be rerun.

    ``work_mem`` is the server memory one sort or hash of a statement may
    use before it spills to disk (PostgreSQL memory units: '16MB', '1GB');
    pgbackfill's functions use the session's value, never raising it. 16MB
    fits a 1 GB instance: a plan holds many such nodes at once (a features
    build batch a dozen sorts and hashes, and PostgreSQL 15 lets a hash take
    twice work_mem), so at scale 1.0 a features build's server processes
    peak at ~290 MB each with 16MB against ~650 MB with 64MB, and no other
    command goes past ~250 MB; the facts pass, the pedigree and entity
    figures and the breakdown take as long as with 64MB. Raise it where
    memory is plentiful (the full facts pass takes ~25 % less time at 512MB).
    """

    statement: str = "30min"
    lock: str = "1min"
    work_mem: str = "16MB"


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


# The server session each open connection started on (see `guarded`).
_backend_pids: weakref.WeakKeyDictionary[psycopg.Connection, int] = weakref.WeakKeyDictionary()


def connect(
    url: str,
    *,
    autocommit: bool = True,
    connect_timeout: int = 10,
    application_name: str = APPLICATION_NAME,
    settings: bool = True,
) -> psycopg.Connection:
    """Open a connection, or raise one clear UserError (exit 2).

    The tool's session settings are applied with SET once connected
    (:func:`apply_settings`; ``settings=False`` leaves that to the caller,
    after :func:`keeps_one_session`), never as a startup ``options``
    parameter: PgBouncer, Supavisor and Neon's pooler refuse that
    parameter, and a plain connection passes them all. The server session's
    backend pid is kept (``backend_pid``) for the write guard, :func:`guarded`.
    """
    try:
        conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        raise UserError(
            "malformed database URL (expected postgresql://user@host:port/dbname)"
        ) from None
    try:
        conn = psycopg.connect(
            url,
            autocommit=autocommit,
            connect_timeout=connect_timeout,
            application_name=application_name,
        )
    except psycopg.OperationalError as error:
        raise UserError(f"cannot connect to {describe(url)}: {reason(error)}") from None
    try:
        (_backend_pids[conn],) = conn.execute(query("session_backend")).fetchone()
        if not autocommit:
            conn.commit()
        if settings:
            apply_settings(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def apply_settings(conn: psycopg.Connection) -> None:
    """The tool's settings for this server session (the timeouts and
    work_mem), by SET."""
    try:
        conn.execute(
            query("session_settings"),
            {
                "statement_timeout": timeouts.statement,
                "lock_timeout": timeouts.lock,
                "work_mem": timeouts.work_mem,
            },
        )
        if not conn.autocommit:
            conn.commit()  # a rolled-back SET would be undone
    except psycopg.DataError as error:
        raise UserError(f"bad setting: {reason(error)}") from None


def pooler_message(url: str) -> str:
    """The refusal line; the host and port of the URL only sharpen its hint."""
    try:
        params = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        params = {}
    host, port = str(params.get("host") or ""), str(params.get("port") or "5432")
    if host.endswith(".pooler.supabase.com") and port != "5432":
        hint = f"Supabase's session pooler is {host}:5432; or use the direct connection"
    else:
        hint = "on Supabase: the session pooler, port 5432, or the direct connection"
    return (
        f"{describe(url)} is a transaction pooler: each transaction may run on another "
        "server session, where pgbackfill's locks and batches cannot hold; connect "
        f"directly or through a session pooler ({hint})"
    )


def keeps_one_session(
    conn: psycopg.Connection, url: str, *, others: int = 3, wait: float = 1.0
) -> bool:
    """False when `conn` goes through a transaction pooler.

    Behind a transaction pooler every transaction may land on another
    server connection: session advisory locks, temporary tables and SET
    stay behind on the one that ran them. Host names and ports prove
    nothing (PgBouncer runs anywhere), and a quiet pool hands the same
    server connection back, so the test makes the pool choose. Right after
    this connection's statement ended, another connection opens a
    transaction and holds it, and so the server connection it was given;
    then this one asks for its backend again; up to `others` times, each
    other connection holding one more server connection. On a direct
    connection or a session pooler this one keeps its backend and each
    other connection has its own. Through a transaction pooler an other
    connection is soon handed the server connection this one left (pools
    hand back the most recently used one, and each holder leaves one fewer
    to choose from), or this one is handed another: either shows, in a quiet
    pool or a busy one, within milliseconds.

    A session pool with no server connection to spare keeps an other
    connection waiting (a transaction pool would hand it the one this one
    just left): after `wait` seconds the test stops there and the command
    goes on, on its one connection, under the write guard (`guarded`).
    Call it before any SET: through a transaction pooler a setting would
    stay behind on a pooled server connection, for its other clients.
    """
    first = backend_pid(conn)
    holders: list[psycopg.Connection] = []
    try:
        for _ in range(others):
            (again,) = conn.execute(query("session_backend")).fetchone()
            if again != first:
                return False
            try:
                holder = psycopg.connect(
                    url,
                    autocommit=True,
                    connect_timeout=10,
                    application_name=f"{APPLICATION_NAME}-probe",
                )
            except psycopg.OperationalError as error:
                raise UserError(f"cannot connect to {describe(url)}: {reason(error)}") from None
            holders.append(holder)
            held = _answer_within(holder.pgconn, b"begin; select pg_backend_pid()", wait)
            if held == first:
                return False
            if held is None:
                return True  # no server connection to spare: a session pool, full
        (again,) = conn.execute(query("session_backend")).fetchone()
        return again == first
    finally:
        for holder in holders:
            holder.close()


def _answer_within(pgconn: psycopg.pq.abc.PGconn, statements: bytes, wait: float) -> int | None:
    """The integer the statements' last row holds, or None when the server
    has not answered within `wait` seconds (the statements are sent over
    libpq directly, so that no blocking call can outlast the wait)."""
    pgconn.send_query(statements)
    deadline = time.monotonic() + wait
    while pgconn.is_busy():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        select.select([pgconn.socket], [], [], remaining)
        pgconn.consume_input()
    answer = None
    while (result := pgconn.get_result()) is not None:
        if result.status == psycopg.pq.ExecStatus.FATAL_ERROR:
            message = (result.error_message or b"").decode(errors="replace").strip()
            raise psycopg.OperationalError(message)
        if result.status == psycopg.pq.ExecStatus.TUPLES_OK and result.ntuples:
            answer = int(result.get_value(0, 0))
    return answer


def backend_pid(conn: psycopg.Connection) -> int:
    """The backend pid the connection started on (what the server said then)."""
    return _backend_pids[conn]


@contextmanager
def guarded(conn: psycopg.Connection) -> Iterator[None]:
    """One write transaction that first confirms it runs on the connection's
    own server session (the one holding the command's locks and temporary
    tables); if not, it stops with the pooler line and writes nothing."""
    with conn.transaction():
        check_backend(conn)
        yield


def check_backend(conn: psycopg.Connection) -> None:
    """Stop with the pooler line unless this statement runs on the server
    session the connection started on."""
    (backend,) = conn.execute(query("session_backend")).fetchone()
    if backend != _backend_pids.get(conn, backend):
        raise UserError(pooler_message(conn.info.dsn))


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
def session(
    url: str,
    *,
    migrated: bool = True,
    writes: bool = True,
    application_name: str = APPLICATION_NAME,
) -> Iterator[psycopg.Connection]:
    """An open connection for one command, checked to be migrated and, when
    the command writes, checked to keep one server session (no transaction
    pooler) before anything is written or set."""
    conn = connect(url, settings=False, application_name=application_name)
    try:
        if keeps_one_session(conn, url):
            apply_settings(conn)
        elif writes:
            raise UserError(pooler_message(url))
        # else a read-only command through a transaction pooler: it runs
        # without the timeouts, which would stay behind on a pooled server
        # connection for its other clients
        if migrated:
            require_migrated(conn)
        yield conn
    finally:
        conn.close()


# SQLSTATEs pgbackfill's own SQL raises for a condition the user can fix
# (class PB): a second writer (PB075: exit 75, as runs.exclusive), no runs to
# compute from (PB002), empty contract tables beside renamed ones (PB001).
REFUSALS = {"PB001": 2, "PB002": 2, "PB075": 75}


def refusal(error: psycopg.Error) -> UserError | None:
    """The one line (and exit code) of a refusal raised by pgbackfill's SQL, or None."""
    if error.sqlstate not in REFUSALS:
        return None
    return UserError(error.diag.message_primary or reason(error), REFUSALS[error.sqlstate])


def require_racing_facts(conn: psycopg.Connection) -> None:
    """Stop with one line (exit 2) when there are no runs to compute from while
    the master tables list entities: zeros stamped from no runs would pass for
    a finished job."""
    (problem,) = conn.execute(query("racing_facts_problem")).fetchone()
    if problem:
        raise UserError(problem)


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
