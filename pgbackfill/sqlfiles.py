"""Reading and running the SQL files: the one route every SQL file takes.

SQL files are run on a raw psycopg connection with no parameters, so
neither SQLAlchemy (which reads ``:word`` as a bind parameter) nor psycopg
(which reads ``%s``) rewrites a byte of them. Alembic migrations call
:func:`apply_tree` with their connection; tests call it on every file.
"""

from __future__ import annotations

import re
import shutil
import sys
from functools import cache
from pathlib import Path

import psycopg

from pgbackfill.paths import queries_file, sql_dir

MANIFEST = "manifest.txt"


def manifest(tree: Path) -> list[Path]:
    """The files of a SQL tree in install order, as its manifest lists them."""
    lines = (tree / MANIFEST).read_text().splitlines()
    return [tree / line.strip() for line in lines if line.strip() and not line.startswith("#")]


def apply_file(conn: psycopg.Connection, path: Path) -> None:
    """Run one SQL file as it is written (no parameter substitution)."""
    conn.execute(path.read_text())


def apply_tree(conn: psycopg.Connection, tree: Path | None = None) -> None:
    """Run every file of a SQL tree in manifest order (default: the current sql/)."""
    for path in manifest(tree or sql_dir()):
        apply_file(conn, path)


def frozen_copy(revision_dir: Path, relative: Path) -> Path | None:
    """A revision's frozen copy of one SQL file, if the revision holds one."""
    path = revision_dir / relative
    return path if path.exists() else None


def freeze(revision_dir: Path, earlier: list[Path], tree: Path | None = None) -> list[Path]:
    """Copy into a migration revision's folder the SQL files it must run.

    Migrations are history: each revision runs its own frozen copy, so later
    edits of sql/ never change what a landed revision did. A revision holds
    the files of the current tree whose text differs from their newest copy
    in the earlier revisions (all of them for the first), and a manifest
    listing them in the tree's install order. The drift test checks that
    the revisions, applied in turn, build what the current sql/ builds.
    Returns the files frozen, relative to the tree.
    """
    source = tree or sql_dir()
    changed = []
    for path in manifest(source):
        relative = path.relative_to(source)
        copies = [copy for copy in (frozen_copy(d, relative) for d in earlier) if copy]
        if not copies or copies[-1].read_text() != path.read_text():
            changed.append(relative)
    if revision_dir.exists():
        shutil.rmtree(revision_dir)
    revision_dir.mkdir(parents=True)
    for relative in changed:
        (revision_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, revision_dir / relative)
    lines = [str(relative) for relative in changed]
    (revision_dir / MANIFEST).write_text(
        "# the files this revision runs, in install order (written by `make freeze`)\n"
        + "".join(f"{line}\n" for line in lines)
    )
    return changed


_QUERY_HEADER = re.compile(r"^-- (?P<name>[a-z_0-9]+) --$", re.MULTILINE)


@cache
def queries() -> dict[str, str]:
    """The application's queries from queries.sql, by the name in their header."""
    text = queries_file().read_text()
    found: dict[str, str] = {}
    headers = list(_QUERY_HEADER.finditer(text))
    for header, following in zip(headers, headers[1:] + [None], strict=False):
        end = following.start() if following else len(text)
        body = text[header.end() : end].strip().splitlines()
        # the description lines under the header are for readers, not the server
        while body and body[0].startswith("--"):
            body.pop(0)
        # nor are comments after it: they head the next group of queries
        while body and (body[-1].startswith("--") or not body[-1].strip()):
            body.pop()
        found[header["name"]] = "\n".join(body).strip()
    return found


def query(name: str) -> str:
    return queries()[name]


if __name__ == "__main__":  # python -m pgbackfill.sqlfiles freeze REVISION_DIR [EARLIER_DIR ...]
    if len(sys.argv) < 3 or sys.argv[1] != "freeze":
        sys.exit(
            "usage: python -m pgbackfill.sqlfiles freeze REVISION_DIR [EARLIER_REVISION_DIR ...]"
        )
    frozen = freeze(Path(sys.argv[2]), [Path(arg) for arg in sys.argv[3:]])
    print(f"{sys.argv[2]}: {len(frozen)} file(s) differ from the earlier revisions")
