"""Bad input everywhere: every command and option given wrong values.

One table, walked in one test: each line is the words typed, and each must
give a short one-line message on stderr, a non-zero exit, no traceback, and
leave every table as it was (a checksum of all tables before and after; the
run log, where a refused run may note its attempt, is left out).
"""

from __future__ import annotations

import psycopg
import pytest

from . import hardening
from .hardening import checksum
from .test_cli import run

seeded_template, seeded_url = hardening.seeded_template, hardening.seeded_url  # fixtures

UNREACHABLE = "postgresql://racing:s3cret-pw@127.0.0.1:1/racing"
MALFORMED = "postgresql://x:s3cret-pw@z:notaport/"

# (what is wrong, the words typed); {empty} is an unmigrated database, {tmp} a folder
BAD_INPUT: list[tuple[str, list[str]]] = [
    ("unknown command", ["no-such-command"]),
    ("unknown sub-command", ["features", "rebuild"]),
    ("unknown option", ["audit", "--verbose-please"]),
    ("extra argument", ["status", "now"]),
    ("bad statement timeout", ["--statement-timeout", "1s; drop table ra_races", "status"]),
    ("empty lock timeout", ["--lock-timeout", " ", "status"]),
    ("bad work memory", ["--work-mem", "64MB; reset all", "status"]),
    ("work memory below 64kB", ["--work-mem", "1kB", "status"]),
    # the database
    ("malformed URL", ["status", "--database-url", MALFORMED]),
    ("unreachable server", ["audit", "--database-url", UNREACHABLE]),
    ("unmigrated database", ["refresh", "--table", "all", "--database-url", "{empty}"]),
    (
        "unmigrated database (reset)",
        ["reset", "--table", "dams", "--yes", "--database-url", "{empty}"],
    ),
    ("malformed URL (migrate)", ["migrate", "--database-url", MALFORMED]),
    # refresh
    ("refresh: no table", ["refresh"]),
    ("refresh: unknown table", ["refresh", "--table", "horses"]),
    ("refresh: empty table", ["refresh", "--table", ""]),
    ("refresh: batch size 0", ["refresh", "--table", "sires", "--batch-size", "0"]),
    ("refresh: negative batch size", ["refresh", "--table", "all", "--batch-size", "-5"]),
    ("refresh: batch size not a number", ["refresh", "--table", "all", "--batch-size", "many"]),
    ("refresh: impossible date", ["refresh", "--table", "jockeys", "--as-of", "2024-02-30"]),
    ("refresh: not a date", ["refresh", "--table", "jockeys", "--as-of", "yesterday"]),
    ("refresh: min runs 0", ["refresh", "--table", "sires", "--min-runs", "0"]),
    ("refresh: two scopes", ["refresh", "--table", "all", "--only-missing", "--stale"]),
    # reset
    ("reset: without --yes", ["reset", "--table", "dams"]),
    ("reset: unknown table", ["reset", "--table", "horses", "--yes"]),
    ("reset: no table", ["reset", "--yes"]),
    ("reset: a group is not a table", ["reset", "--table", "all", "--yes"]),
    # locations
    ("locations: unknown source", ["locations", "--source", "rumour"]),
    ("locations: rate 0", ["locations", "--rate", "0"]),
    ("locations: negative max calls", ["locations", "--max-calls", "-1"]),
    ("locations: missing credentials", ["locations", "--source", "racecards"]),
    # backfill
    ("backfill: unknown phase", ["backfill", "--phases", "sires,horses"]),
    ("backfill: no phase", ["backfill", "--phases", ","]),
    ("backfill: batch size 0", ["backfill", "--batch-size", "0"]),
    ("backfill: rate 0", ["backfill", "--rate", "0"]),
    # features
    ("features build: impossible date", ["features", "build", "--from", "2024-02-30"]),
    (
        "features build: range backwards",
        ["features", "build", "--from", "2025-01-01", "--to", "2024-01-01"],
    ),
    ("features build: batch runs 0", ["features", "build", "--batch-runs", "0"]),
    (
        "features build: --stale with --from",
        ["features", "build", "--stale", "--from", "2024-01-01"],
    ),
    ("features export: no file", ["features", "export"]),
    ("features export: two files", ["features", "export", "--to", "a.csv", "--to", "b.csv"]),
    ("features export: a folder", ["features", "export", "--to", "{tmp}"]),
    ("features export: no such folder", ["features", "export", "--to", "{tmp}/no/such/x.csv"]),
    ("features export: a device", ["features", "export", "--to", "/dev/null"]),
    (
        "features export: bad --from",
        ["features", "export", "--to", "{tmp}/f.csv", "--from", "soon"],
    ),
    # seed, status, grants, fake-api, demo
    ("seed: scale 0", ["seed", "--scale", "0"]),
    ("seed: negative scale", ["seed", "--scale", "-1"]),
    ("seed: scale not finite", ["seed", "--scale", "nan"]),
    ("seed: scale too big", ["seed", "--scale", "99"]),
    ("seed: seed beyond 32 bits", ["seed", "--seed", "99999999999"]),
    ("status: limit 0", ["status", "--limit", "0"]),
    ("grants: no role", ["grants"]),
    ("grants: unknown role", ["grants", "--role", "no_such_role_xyz"]),
    ("grants: empty role", ["grants", "--role", ""]),
    ("grants: role = maintainer", ["grants", "--role", "postgres", "--maintainer", "postgres"]),
    ("fake-api: port out of range", ["fake-api", "--port", "70000"]),
    ("demo: scale 0", ["demo", "--scale", "0"]),
    ("demo: scale 0, unmigrated", ["demo", "--scale", "0", "--database-url", "{empty}"]),
]


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RACING_API_USERNAME", "RACING_API_PASSWORD", "RACING_API_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


def test_every_bad_input_is_one_line_non_zero_no_traceback_and_changes_nothing(
    seeded_url: str,
    empty_database_url: str,
    tmp_path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    no_credentials: None,
) -> None:
    monkeypatch.setenv("DATABASE_URL", seeded_url)
    # the free runner-row pass runs before credentials are needed: done beforehand
    assert run(["locations", "--source", "runners"], capsys)[0] == 0
    before = checksum(seeded_url)
    wrong = []
    for what, words in BAD_INPUT:
        argv = [w.format(empty=empty_database_url, tmp=tmp_path) for w in words]
        code, out, err = run(argv, capsys)
        lines = [line for line in err.splitlines() if line.strip()]
        if (
            code in (0, None)
            or "Traceback" in out + err
            or len(lines) != 1
            or not lines[0].startswith("error: ")
            or len(lines[0]) > 240
            or "s3cret-pw" in out + err
        ):
            wrong.append(f"{what}: exit {code}, stderr {err!r}")
    after = checksum(seeded_url)
    with psycopg.connect(empty_database_url) as empty:
        assert empty.execute(
            "select count(*) from pg_tables where schemaname <> 'pg_catalog'"
            " and schemaname <> 'information_schema'"
        ).fetchone() == (0,)

    assert wrong == []
    changed = [table for table in before if before[table] != after[table]]
    assert changed in ([], ["pgbackfill.run_log"])
    assert list((tmp_path).iterdir()) == []  # no file written
