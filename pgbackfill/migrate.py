"""Running the Alembic migrations from the installed package."""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cache

import psycopg
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from pgbackfill import racing
from pgbackfill.db import VERSION_TABLE, connect, session
from pgbackfill.paths import migrations_dir

MIGRATE_APPLICATION = "pgbackfill-migrate"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("version_table", VERSION_TABLE)
    if url:
        # Kept out of the ini options: ConfigParser would read '%' in a
        # password as interpolation.
        config.attributes["database_url"] = url
    return config


@cache
def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return heads[0]


def upgrade(url: str, revision: str = "head") -> None:
    """The racing tables first (short steps beside their writers), then the
    revisions in one transaction."""
    with checked(url) as conn:
        racing.prepare(conn)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    with checked(url):
        pass
    command.downgrade(alembic_config(url), revision)


def checked(url: str) -> AbstractContextManager[psycopg.Connection]:
    """A command's session before any DDL: the database reached (else one
    line), one server session kept (else the transaction pooler's line)."""
    return session(url, migrated=False, application_name=MIGRATE_APPLICATION)


def engine_for(url: str):
    """A SQLAlchemy engine (Alembic's only use of SQLAlchemy) over psycopg."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    return create_engine(
        "postgresql+psycopg://",
        creator=lambda: connect(url, autocommit=False, application_name=MIGRATE_APPLICATION),
        poolclass=NullPool,
    )
