"""`--work-mem` / PGBACKFILL_WORK_MEM: the server memory one sort or hash may
use, set on every connection the tool opens, and never raised by
pgbackfill's own functions (issue 15, item 6).

Given the option, the variable or neither -> a command's connection ->
`show work_mem` is what was asked (16MB by default); a value PostgreSQL
would refuse is one line and exit 2 before any connection.
"""

from __future__ import annotations

import psycopg
import pytest

from pgbackfill import db

from .test_cli import run

UNREACHABLE = "postgresql://racing@127.0.0.1:1/racing"


@pytest.fixture
def command_work_mem(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What `show work_mem` says on each connection a command sets up (after
    its settings are applied); db.timeouts restored after the test."""
    monkeypatch.setattr(db, "timeouts", db.Timeouts())
    monkeypatch.delenv("PGBACKFILL_WORK_MEM", raising=False)
    seen: list[str] = []
    apply_settings = db.apply_settings

    def spy(conn: psycopg.Connection) -> None:
        apply_settings(conn)
        seen.append(conn.execute("show work_mem").fetchone()[0])

    monkeypatch.setattr(db, "apply_settings", spy)
    return seen


def test_a_connection_of_the_tool_has_16mb_by_default(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "timeouts", db.Timeouts())
    with db.connect(database_url) as conn:
        assert conn.execute("show work_mem").fetchone() == ("16MB",)


@pytest.mark.parametrize(
    ("option", "variable", "expected"),
    [
        ([], None, "16MB"),
        (["--work-mem", "12MB"], None, "12MB"),
        ([], "3MB", "3MB"),
        (["--work-mem", "1GB"], "3MB", "1GB"),  # the option wins over the variable
        (["--work-mem", "2048"], None, "2MB"),  # no unit: kB, as in PostgreSQL
    ],
)
def test_the_option_or_the_variable_reaches_a_commands_connection(
    database_url: str,
    command_work_mem: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    option: list[str],
    variable: str | None,
    expected: str,
) -> None:
    if variable:
        monkeypatch.setenv("PGBACKFILL_WORK_MEM", variable)
    code, _, err = run([*option, "status", "--database-url", database_url], capsys)
    assert code == 0, err
    assert command_work_mem == [expected]


@pytest.mark.parametrize(
    "value", ["lots", "", "64mb", "1kB", "63", "64 parsecs", "3TB", "-64MB", "64MB; reset all"]
)
def test_a_bad_value_is_one_line_and_exit_2_before_connecting(
    value: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "timeouts", db.Timeouts())
    code, out, err = run(["--work-mem", value, "status", "--database-url", UNREACHABLE], capsys)
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2
    assert "Traceback" not in out + err
    assert len(lines) == 1 and lines[0].startswith("error: bad work memory"), err


def test_a_bad_variable_is_refused_too(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "timeouts", db.Timeouts())
    monkeypatch.setenv("PGBACKFILL_WORK_MEM", "huge")
    code, _, err = run(["status", "--database-url", UNREACHABLE], capsys)
    assert code == 2 and err.strip().startswith("error: bad work memory 'huge'")


def test_the_smallest_and_largest_values_postgresql_takes_are_taken(
    database_url: str, command_work_mem: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    for value, shown in (("64kB", "64kB"), ("2047GB", "2047GB")):
        assert run(["--work-mem", value, "status", "--database-url", database_url], capsys)[0] == 0
        assert command_work_mem[-1] == shown


def test_no_function_of_pgbackfill_raises_work_mem_for_itself(conn: psycopg.Connection) -> None:
    """Neither a `set work_mem` clause nor a set_config in a body: the
    session's value (the option's) holds inside every function."""
    raising = conn.execute(
        """
        select p.oid::regprocedure::text
          from pg_proc as p
         where p.pronamespace = 'pgbackfill'::regnamespace
           and (exists (select from unnest(p.proconfig) as setting
                         where setting like 'work\\_mem=%')
                or p.prosrc ~* $re$set_config\\s*\\(\\s*'work_mem'|\\mset\\s+(local\\s+)?work_mem$re$)
         order by 1
        """
    ).fetchall()
    assert raising == []
