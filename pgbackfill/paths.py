"""Where the SQL files and the Alembic migrations are.

In a wheel they are shipped inside the package (``pgbackfill/_sql`` and
``pgbackfill/_migrations``, see ``force-include`` in pyproject.toml); in a
source checkout or an editable install they are the top-level ``sql/`` and
``migrations/`` folders.
"""

from importlib import resources
from pathlib import Path

_PACKAGE = Path(str(resources.files("pgbackfill")))
_CHECKOUT = _PACKAGE.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"none of {', '.join(map(str, candidates))} exists")


def sql_dir() -> Path:
    return _first_existing(_PACKAGE / "_sql", _CHECKOUT / "sql")


def migrations_dir() -> Path:
    return _first_existing(_PACKAGE / "_migrations", _CHECKOUT / "migrations")


def queries_file() -> Path:
    return _PACKAGE / "queries.sql"
