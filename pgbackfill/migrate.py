"""Running the Alembic migrations from the installed package."""

from __future__ import annotations

from functools import cache

import psycopg
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from pgbackfill.db import VERSION_TABLE, connect
from pgbackfill.paths import migrations_dir


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
    connect(url).close()  # an unreachable database becomes one line here
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    connect(url).close()
    command.downgrade(alembic_config(url), revision)


def engine_for(url: str):
    """A SQLAlchemy engine (Alembic's only use of SQLAlchemy) over psycopg."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    return create_engine(
        "postgresql+psycopg://",
        creator=lambda: psycopg.connect(url, application_name="pgbackfill-migrate"),
        poolclass=NullPool,
    )
