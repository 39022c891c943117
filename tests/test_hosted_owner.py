"""A hosted database's owner, not a superuser, runs the whole tool (Supabase).

Supabase's `postgres` role is no superuser: it has CREATEROLE and CREATEDB,
owns the database and its `public` schema. Every command a user runs there
is run here as such a role, through the CLI as a user would: migrate, seed,
backfill (the local Racing API stand-in), the seed's verification queries,
grants --apply for a runtime role the owner creates itself, features build,
the breakdown view (filled, then rebuilt concurrently), and the runtime
role's daily refresh; then a migration down and up again, and grants
--apply once more, as after every migration.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from psycopg import conninfo

from pgbackfill import migrate
from pgbackfill.racing_api_standin import StandIn

from .conftest import with_dbname
from .hardening import cli, unique
from .test_backfill import verification_query


@dataclass(frozen=True)
class Hosted:
    owner_url: str  # the database owner's URL: NOSUPERUSER CREATEROLE CREATEDB
    runtime: str  # a login role for the daily runs (created by the owner in the test)
    runtime_password: str
    maintainer: str  # the NOLOGIN owner of derived objects `grants --apply` creates

    def runtime_url(self) -> str:
        return as_role(self.owner_url, self.runtime, self.runtime_password)


def as_role(url: str, role: str, password: str, dbname: str | None = None) -> str:
    params = conninfo.conninfo_to_dict(url)
    params["user"], params["password"] = role, password
    if dbname:
        params["dbname"] = dbname
    return conninfo.make_conninfo(**params)


@pytest.fixture
def hosted(server_url: str) -> Iterator[Hosted]:
    """A fresh database owned by a non-superuser role, as Supabase's `postgres`.

    Both test servers trust 127.0.0.1 (the embedded one is initdb'ed with
    --auth=trust), so the passwords are not checked here; they are set and
    passed all the same, as on a hosted server.
    """
    owner, password = unique("pgb_owner"), secrets.token_hex(12)
    runtime, maintainer = unique("pgb_app"), unique("pgb_maint")
    dbname = unique("pgbackfill_hosted")
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(
            f"create role {owner} login nosuperuser createrole createdb inherit"
            f" password '{password}'"
        )
        admin.execute(f"create database {dbname} owner {owner}")
    # On Supabase the `postgres` role owns schema public. From PostgreSQL 15
    # on a new database's public schema belongs to pg_database_owner (so the
    # database owner has it anyway, CREATE included, though PUBLIC lost it);
    # make the role its explicit owner, as on Supabase, whatever the template.
    with psycopg.connect(with_dbname(server_url, dbname), autocommit=True) as admin:
        admin.execute(f"alter schema public owner to {owner}")
    try:
        yield Hosted(
            owner_url=as_role(server_url, owner, password, dbname),
            runtime=runtime,
            runtime_password=secrets.token_hex(12),
            maintainer=maintainer,
        )
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"drop database if exists {dbname} with (force)")
            # what the roles own or were granted lived in that database; what
            # is left (memberships, anything outside it) goes with drop owned
            for role in (runtime, maintainer, owner):
                if admin.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone():
                    admin.execute(f"drop owned by {role}")
                    admin.execute(f"drop role {role}")


def ok(words: list[str], url: str, timeout: float = 300, **env: str) -> str:
    done = cli(*words, url=url, timeout=timeout, **env)
    assert done.returncode == 0, (
        f"pgbackfill {' '.join(words)} exited {done.returncode}\n"
        f"stderr:\n{done.stderr}\nstdout:\n{done.stdout}"
    )
    return done.stdout


def test_a_non_superuser_database_owner_runs_every_command(hosted: Hosted) -> None:
    owner = hosted.owner_url
    with psycopg.connect(owner, autocommit=True) as conn:
        assert conn.execute(
            "select not rolsuper and rolcreaterole and rolcreatedb from pg_roles"
            " where rolname = current_user"
        ).fetchone() == (True,)

    ok(["migrate"], owner)
    ok(["seed", "--scale", "0.01"], owner)

    # the seed's whole plan, trainer locations from the local API stand-in
    with StandIn(owner, port=0, username="u", password="p") as api:
        out = ok(
            ["backfill", "--rate", "500"],
            owner,
            RACING_API_BASE_URL=api.base_url,
            RACING_API_USERNAME="u",
            RACING_API_PASSWORD="p",
        )
    assert "left to do" not in out, out
    with psycopg.connect(owner) as conn:
        for kind, total, analysed in conn.execute(verification_query("after_pedigree_statistics")):
            assert total > 0 and analysed == total, kind
        _, _, pct = conn.execute(verification_query("after_trainer_locations")).fetchone()
        assert pct > 95
        with_stats = dict(conn.execute(verification_query("after_entity_statistics")).fetchall())
        with_runs = dict(
            conn.execute(
                "select 'Jockeys', count(distinct jockey_id) from pgbackfill.runs"
                " union all select 'Trainers', count(distinct trainer_id) from pgbackfill.runs"
                " union all select 'Owners', count(distinct owner_id) from pgbackfill.runs"
            ).fetchall()
        )
    assert with_stats == with_runs

    # the owner creates the runtime role itself (CREATEROLE), then grants it
    with psycopg.connect(owner, autocommit=True) as conn:
        conn.execute(f"create role {hosted.runtime} login password '{hosted.runtime_password}'")
    grants = ["grants", "--role", hosted.runtime, "--maintainer", hosted.maintainer]
    ok([*grants, "--apply"], owner)
    with psycopg.connect(owner, autocommit=True) as conn:
        # the owner handed derived objects to the maintainer (alter ... owner
        # to, as a member of it: no superuser)
        (handed,) = conn.execute(
            "select count(*) from pg_class where relnamespace = 'pgbackfill'::regnamespace"
            " and relowner = to_regrole(%s)",
            (hosted.maintainer,),
        ).fetchone()
    assert handed > 0

    ok(["features", "build"], owner)
    ok(["refresh", "--table", "breakdown"], owner)  # fills the view
    ok(["refresh", "--table", "breakdown"], owner)  # rebuilds it concurrently

    runtime = hosted.runtime_url()
    ok(["refresh", "--table", "all", "--stale"], runtime)
    ok(["refresh", "--table", "breakdown"], runtime)
    ok(["audit"], runtime)

    # a later migration replaces objects the maintainer now owns (the owner is
    # a member of it, no superuser needed), then grants --apply again
    migrate.downgrade(owner, "0001")
    ok(["migrate"], owner)
    ok([*grants, "--apply"], owner)
    ok(["refresh", "--table", "all", "--stale"], runtime)
    ok(["refresh", "--table", "breakdown"], runtime)
    ok(["features", "build", "--stale"], runtime)
