"""Alembic environment: runs migrations on a psycopg connection.

The URL comes from `pgbackfill migrate` (config attribute) or from
DATABASE_URL when Alembic is run by hand. One transaction for the whole
upgrade, under an advisory lock so two migrators never race.
"""

import os

from alembic import context

from pgbackfill.migrate import engine_for

config = context.config
url = config.attributes.get("database_url") or os.environ.get("DATABASE_URL")
if not url:
    raise SystemExit("set DATABASE_URL to the database to migrate")

MIGRATION_LOCK = "select pg_advisory_xact_lock(hashtext('pgbackfill:migrate'))"

with engine_for(url).connect() as connection:
    context.configure(
        connection=connection,
        version_table=config.get_main_option("version_table") or "pgbackfill_alembic_version",
        transactional_ddl=True,
    )
    with context.begin_transaction():
        connection.exec_driver_sql(MIGRATION_LOCK)
        context.run_migrations()
