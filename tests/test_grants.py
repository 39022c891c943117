"""pgbackfill grants: a non-superuser runtime role runs every command but migrate."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from psycopg import conninfo

from pgbackfill.racing_api_standin import StandIn

from . import hardening
from .conftest import drop_database
from .hardening import cli, database_name, unique

seeded_template, seeded_url = hardening.seeded_template, hardening.seeded_url  # fixtures


def as_role(url: str, role: str) -> str:
    params = conninfo.conninfo_to_dict(url)
    params["user"] = role
    params.pop("password", None)
    return conninfo.make_conninfo(**params)


@pytest.fixture
def roles(server_url: str) -> Iterator[tuple[str, str]]:
    """A login role (not a superuser) and the name of its maintainer role."""
    runtime, maintainer = unique("pgb_runtime"), unique("pgb_maint")
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"create role {runtime} login nosuperuser nocreatedb nocreaterole")
    yield runtime, maintainer
    with psycopg.connect(server_url, autocommit=True) as admin:
        for role in (runtime, maintainer):
            admin.execute(f"drop role if exists {role}")


@pytest.fixture
def granted(seeded_url: str, roles: tuple[str, str], server_url: str) -> Iterator[str]:
    """The runtime role's URL, its grants applied by the owner."""
    runtime, maintainer = roles
    done = cli("grants", "--role", runtime, "--maintainer", maintainer, "--apply", url=seeded_url)
    assert done.returncode == 0, done.stderr
    yield as_role(seeded_url, runtime)
    # the maintainer owns objects in the database: drop it before the roles
    drop_database(server_url, database_name(seeded_url))


def test_grants_print_column_level_updates_and_change_nothing(
    seeded_url: str, roles: tuple[str, str]
) -> None:
    runtime, maintainer = roles
    shown = cli("grants", "--role", runtime, "--maintainer", maintainer, url=seeded_url)

    assert shown.returncode == 0, shown.stderr
    assert "grant update (total_runners, total_wins" in shown.stdout
    assert "grant update on" not in shown.stdout  # never a whole table
    assert f"grant select on public.ra_races to {runtime};" in shown.stdout
    with psycopg.connect(seeded_url) as conn:
        assert not conn.execute(
            "select has_table_privilege(%s, 'public.ra_races', 'select')", (runtime,)
        ).fetchone()[0]


def test_the_runtime_role_runs_every_command_but_migrate_and_seed(
    granted: str, seeded_url: str, roles: tuple[str, str], tmp_path
) -> None:
    runtime, maintainer = roles
    commands = [
        ["status"],
        ["refresh", "--table", "all", "--batch-size", "100"],
        ["refresh", "--table", "all", "--stale"],
        ["refresh", "--table", "pedigree", "--only-missing"],
        ["refresh", "--table", "all", "--check"],
        # the view: filled, then rebuilt concurrently
        ["refresh", "--table", "breakdown"],
        ["refresh", "--table", "breakdown"],
        ["locations", "--source", "runners"],
        ["features", "build"],
        ["features", "build", "--stale"],
        ["reset", "--table", "dams", "--yes"],
        ["reset", "--table", "locations", "--yes"],
        ["grants", "--role", runtime, "--maintainer", maintainer],
    ]
    for words in commands:
        done = cli(*words, url=granted)
        assert done.returncode == 0, (words, done.stderr)
    # the API side: racecards from the local stand-in (a dev tool, run as the owner)
    with StandIn(seeded_url, username="u", password="p") as api:
        env = {"RACING_API_USERNAME": "u", "RACING_API_PASSWORD": "p"}
        done = cli(
            "locations", "--rate", "200", url=granted, RACING_API_BASE_URL=api.base_url, **env
        )
        assert done.returncode == 0, done.stderr
        done = cli(
            "backfill", "--rate", "200", url=granted, RACING_API_BASE_URL=api.base_url, **env
        )
        assert done.returncode == 0, done.stderr
    done = cli("audit", url=granted)
    assert done.returncode == 0, done.stdout + done.stderr
    export = cli("features", "export", "--to", str(tmp_path / "features.csv"), url=granted)
    assert export.returncode == 0, export.stderr


BEYOND_THE_GRANTS = [
    "update public.ra_races set race_name = 'x'",
    "update public.ra_mst_sires set name = 'x'",
    "delete from public.ra_mst_trainers",
    "insert into public.ra_mst_jockeys (id) values ('jky_new')",
    "delete from pgbackfill.run_log",
    "create table pgbackfill.intruder (id int)",
    "create table public.intruder (id int)",
    "truncate pgbackfill.run_features",
]


def test_the_runtime_role_can_do_nothing_more(granted: str) -> None:
    refused = []
    with psycopg.connect(granted, autocommit=True) as conn:
        for statement in BEYOND_THE_GRANTS:
            try:
                conn.execute(statement)
            except psycopg.errors.InsufficientPrivilege:
                refused.append(statement)
    assert refused == BEYOND_THE_GRANTS


def test_the_runtime_role_may_build_features_on_two_connections(granted: str) -> None:
    from pgbackfill.sqlfiles import query

    with psycopg.connect(granted, autocommit=True) as conn:
        assert conn.execute(query("features_two_connections_allowed")).fetchone() == (True,)


def test_a_missing_grant_is_one_line_naming_it_exit_2(granted: str, seeded_url: str) -> None:
    runtime = conninfo.conninfo_to_dict(granted)["user"]
    with psycopg.connect(seeded_url, autocommit=True) as owner:
        owner.execute(f"revoke update on public.ra_mst_sires from {runtime}")

    done = cli("refresh", "--table", "sires", url=granted)

    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in done.stderr
    assert "missing privilege" in errors[0] and "ra_mst_sires" in errors[0]
    assert "pgbackfill grants" in errors[0]


def test_grants_for_a_role_that_does_not_exist_is_one_line(seeded_url: str) -> None:
    done = cli("grants", "--role", "no_such_role_here", url=seeded_url)

    assert done.returncode == 2
    assert done.stderr.strip().startswith("error: role 'no_such_role_here' does not exist")
    assert "\n" not in done.stderr.strip()
