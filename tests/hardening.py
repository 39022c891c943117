"""Shared by the hardening tests (issue 7): a seeded database per test, copies
of it, subprocess runs of the CLI, and what to compare afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator

import psycopg
import pytest

from pgbackfill import synthetic

from .conftest import create_database, drop_database, with_dbname

SCALE = 0.01

# The statistics tables and their analysis stamp (left out of comparisons:
# two runs never share a clock).
STATISTICS = {
    "ra_mst_sires": "analysis_last_updated",
    "ra_mst_dams": "analysis_last_updated",
    "ra_mst_damsires": "analysis_last_updated",
    "ra_mst_jockeys": "stats_updated_at",
    "ra_mst_trainers": "stats_updated_at",
    "ra_mst_owners": "stats_updated_at",
}


@pytest.fixture(scope="session")
def seeded_template(server_url: str, template_name: str) -> Iterator[str]:
    """A migrated database holding the synthetic data at scale 0.01 (copied per test)."""
    name = create_database(server_url, template=template_name)
    with psycopg.connect(with_dbname(server_url, name), autocommit=True) as conn:
        synthetic.generate(conn, scale=SCALE, seed=1)
        conn.execute("vacuum analyze")
    yield name
    drop_database(server_url, name)


@pytest.fixture
def seeded_url(server_url: str, seeded_template: str) -> Iterator[str]:
    """A test's own copy of the seeded database."""
    name = create_database(server_url, template=seeded_template)
    yield with_dbname(server_url, name)
    drop_database(server_url, name)


@pytest.fixture
def twin_url(server_url: str, seeded_template: str) -> Iterator[str]:
    """A second, identical copy: where the uninterrupted run happens."""
    name = create_database(server_url, template=seeded_template)
    yield with_dbname(server_url, name)
    drop_database(server_url, name)


def database_name(url: str) -> str:
    return psycopg.conninfo.conninfo_to_dict(url)["dbname"]


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def spawn(*args: str, url: str, **env: str) -> subprocess.Popen:
    """`pgbackfill ARGS` in a child process (so it can be SIGKILLed)."""
    return subprocess.Popen(
        [sys.executable, "-m", "pgbackfill.cli", *args],
        env={**os.environ, "DATABASE_URL": url, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def cli(*args: str, url: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    """`pgbackfill ARGS` in a child process, to its end."""
    return subprocess.run(
        [sys.executable, "-m", "pgbackfill.cli", *args],
        env={**os.environ, "DATABASE_URL": url, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def wait_until(condition: Callable[[], bool], timeout: float = 30, every: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def one(url: str, sql: str, params: tuple | None = None) -> object:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchone()[0]


def tool_backends(url: str) -> int:
    """pgbackfill's server processes still alive in the database (a killed
    client's backend lives on until its statement ends)."""
    return one(
        url,
        "select count(*) from pg_stat_activity"
        " where datname = current_database() and application_name = 'pgbackfill'"
        " and pid <> pg_backend_pid()",
    )


def wait_for_orphans(url: str) -> None:
    assert wait_until(lambda: tool_backends(url) == 0, timeout=60), (
        "a killed run's backend lives on"
    )


def figures(url: str) -> dict[str, list[tuple]]:
    """Every statistics table's rows, all columns but the analysis stamp and
    updated_at (the locations job touches it), by id."""
    found = {}
    with psycopg.connect(url, autocommit=True) as conn:
        for table, stamp in STATISTICS.items():
            columns = [
                name
                for (name,) in conn.execute(
                    "select attname from pg_attribute where attrelid = %s::regclass"
                    " and attnum > 0 and not attisdropped and attname <> all (%s) order by attnum",
                    (f"public.{table}", [stamp, "updated_at"]),
                )
            ]
            found[table] = conn.execute(
                f"select {', '.join(columns)} from public.{table} order by id"
            ).fetchall()
    return found


def stamped(url: str, table: str) -> int:
    """Entities of a statistics table analysed so far (committed batches)."""
    return one(url, f"select count({STATISTICS[table]}) from public.{table}")


def checksum(url: str) -> dict[str, str]:
    """md5 of every table's rows, per table (racing, pgbackfill's, synthetic)."""
    sums = {}
    with psycopg.connect(url, autocommit=True) as conn:
        tables = conn.execute(
            "select format('%I.%I', schemaname, tablename) from pg_tables"
            " where schemaname in ('public', 'pgbackfill', 'pgbackfill_synthetic')"
            " order by 1"
        ).fetchall()
        for (table,) in tables:
            (sums[table],) = conn.execute(
                f"select md5(coalesce(string_agg(row::text, ',' order by row::text), ''))"
                f" from {table} as row"
            ).fetchone()
        populated = conn.execute(
            "select ispopulated from pg_matviews"
            " where schemaname = 'pgbackfill' and matviewname = 'runner_facts'"
        ).fetchone()
        if populated and populated[0]:  # a materialized view (a table is summed above)
            (sums["pgbackfill.runner_facts"],) = conn.execute(
                "select md5(string_agg(fact::text, ',' order by fact.runner_id))"
                " from pgbackfill.runner_facts as fact"
            ).fetchone()
    return sums


def features_rows(url: str) -> list[tuple]:
    """pgbackfill.runner_features, every column but its build stamp."""
    with psycopg.connect(url, autocommit=True) as conn:
        columns = [
            name
            for (name,) in conn.execute(
                "select attname from pg_attribute"
                " where attrelid = 'pgbackfill.runner_features'::regclass"
                " and attnum > 0 and not attisdropped and attname <> 'built_at' order by attnum"
            )
        ]
        return conn.execute(
            f"select {', '.join(columns)} from pgbackfill.runner_features order by runner_id"
        ).fetchall()
