"""The command line as a user meets it: help with examples, one-line errors."""

from __future__ import annotations

import re

import pytest
import typer

from pgbackfill import cli


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        cli.main(argv)
    out, err = capsys.readouterr()
    return exited.value.code, out, err


def command_paths() -> list[list[str]]:
    """Every command and sub-command, as the words that call it."""
    found: list[list[str]] = []

    def walk(command, words: list[str]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, [*words, name])
        else:
            found.append(words)

    walk(typer.main.get_command(cli.app), [])
    return found


@pytest.mark.parametrize("words", command_paths(), ids=" ".join)
def test_every_command_has_help_with_an_example(
    words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run([*words, "--help"], capsys)
    assert code == 0
    assert "Example:" in out


def test_features_build_batches_as_the_library_does() -> None:
    from pgbackfill import features

    build = typer.main.get_command(cli.app).commands["features"].commands["build"]
    (batch_runs,) = [param for param in build.params if param.name == "batch_runs"]
    assert batch_runs.default == features.DEFAULT_BATCH_RUNS


def assert_one_line_error(code: int, out: str, err: str) -> None:
    assert code != 0
    assert "Traceback" not in out + err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")


def test_unknown_command_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_error(*run(["no-such-command"], capsys))


def test_no_database_names_both_ways_to_give_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    code, out, err = run(["status"], capsys)
    assert_one_line_error(code, out, err)
    assert "DATABASE_URL" in err and "--embedded" in err
    assert code == 2


def test_unreachable_database_names_host_port_and_reason(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["status", "--database-url", "postgresql://u@127.0.0.1:1/racing"], capsys)
    assert_one_line_error(code, out, err)
    assert "127.0.0.1:1" in err and "refused" in err.lower()
    assert code == 2


def test_password_in_url_is_never_printed(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql://racing:s3cret-pw@127.0.0.1:1/racing"
    code, out, err = run(["status", "--database-url", url], capsys)
    assert "s3cret-pw" not in out + err


def test_malformed_database_url_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["status", "--database-url", "postgresql://x:y@z:notaport/"], capsys)
    assert_one_line_error(code, out, err)


def test_unmigrated_database_says_run_migrate(
    empty_database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["status", "--database-url", empty_database_url], capsys)
    assert_one_line_error(code, out, err)
    assert "pgbackfill migrate" in err
    assert code == 2


def test_log_file_gets_a_timestamped_line_when_each_run_starts_and_ends(
    database_url: str, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file = tmp_path / "backfill.log"
    argv = ["--log-file", str(log_file), "reset", "--table", "owners", "--yes"]
    code, _, _ = run([*argv, "--database-url", database_url], capsys)
    assert code == 0
    lines = log_file.read_text().splitlines()
    assert len(lines) == 2
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ run \d+ started: reset owners$", lines[0])
    assert re.match(r".* run \d+ ok: reset owners, 0 rows written$", lines[1])


def test_log_file_gets_the_lines_of_a_refresh_and_a_features_build(
    database_url: str, conn, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the refresh runs as the procedure pgbackfill.refresh: its runs are logged all the same
    conn.execute("insert into ra_races (id, date, has_result) values ('rac_1', '2024-05-01', true)")
    conn.execute(
        "insert into ra_runners (id, race_id, horse_id, position) values (1, 'rac_1', 'h', 1)"
    )
    log_file = tmp_path / "refresh.log"
    for argv in (["refresh", "--table", "dams"], ["features", "build"]):
        code, _, err = run(
            ["--log-file", str(log_file), *argv, "--database-url", database_url], capsys
        )
        assert code == 0, err
    lines = [line.split(" ", 2)[2] for line in log_file.read_text().splitlines()]
    assert [re.sub(r"run \d+", "run N", line) for line in lines] == [
        "run N started: refresh dams (all)",
        "run N ok: refresh dams (all), 0 rows written",
        "run N started: features build",
        "run N ok: features build, 1 rows written",
    ]


def test_unwritable_log_file_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["--log-file", "/nonexistent-dir/x.log", "status"], capsys)
    assert_one_line_error(code, out, err)
