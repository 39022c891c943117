"""The pgbackfill command line: each command is a few lines calling the library."""

from __future__ import annotations

import re
import sys
from datetime import date
from typing import Annotated

import psycopg
import typer
from rich.console import Console

from pgbackfill import db, embedded
from pgbackfill.errors import UserError

app = typer.Typer(
    name="pgbackfill",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar="DATABASE_URL",
        show_envvar=True,
        show_default=False,
        help="PostgreSQL URL, e.g. postgresql://user@host:5432/racing.",
    ),
]
Embedded = Annotated[
    bool,
    typer.Option("--embedded", help="Use the embedded PostgreSQL whose data is under .pgdata/."),
]

ApiUsername = Annotated[
    str | None,
    typer.Option(
        "--api-username",
        envvar="RACING_API_USERNAME",
        show_envvar=True,
        show_default=False,
        help="The Racing API username.",
    ),
]
ApiPassword = Annotated[
    str | None,
    typer.Option(
        "--api-password",
        envvar="RACING_API_PASSWORD",
        show_envvar=True,
        show_default=False,
        help="The Racing API password (never printed).",
    ),
]
ApiBaseUrl = Annotated[
    str | None,
    typer.Option(
        "--api-base-url",
        envvar="RACING_API_BASE_URL",
        show_envvar=True,
        show_default=False,
        help="Default https://api.theracingapi.com (paths under /v1).",
    ),
]


# PostgreSQL's memory units, in bytes; work_mem is 64kB .. 2147483647kB.
MEMORY_UNITS = {"": 1024, "B": 1, "kB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}
WORK_MEM_BYTES = (64 * 1024, 2147483647 * 1024)


def check_work_mem(value: str) -> None:
    """A work_mem PostgreSQL takes, or one line (exit 2) before any connection."""
    match = re.fullmatch(r"\s*(\d{1,16})\s*([A-Za-z]*)\s*", value)
    unit = MEMORY_UNITS.get(match.group(2)) if match else None
    if unit is None or not WORK_MEM_BYTES[0] <= int(match.group(1)) * unit <= WORK_MEM_BYTES[1]:
        raise UserError(f"bad work memory {value!r}: from 64kB to 2TB in kB, MB or GB, e.g. 16MB")


@app.callback()
def settings(
    statement_timeout: Annotated[
        str,
        typer.Option(
            envvar="PGBACKFILL_STATEMENT_TIMEOUT", help="Longest one SQL statement may run."
        ),
    ] = db.timeouts.statement,
    lock_timeout: Annotated[
        str,
        typer.Option(
            envvar="PGBACKFILL_LOCK_TIMEOUT", help="Longest to wait for a row or table lock."
        ),
    ] = db.timeouts.lock,
    work_mem: Annotated[
        str,
        typer.Option(
            envvar="PGBACKFILL_WORK_MEM",
            help="Server memory one sort or hash may use before spilling to disk"
            " (lower it on a small instance).",
        ),
    ] = db.timeouts.work_mem,
    log_file: Annotated[
        str | None,
        typer.Option(help="Also append timestamped plain-text lines about each run to this file."),
    ] = None,
) -> None:
    """Fill the historical gaps of a Racing API PostgreSQL database with set-based SQL.

    Example: pgbackfill --lock-timeout 10s --work-mem 32MB audit --embedded
    """
    for value in (statement_timeout, lock_timeout):
        if not value.strip() or not all(ch.isalnum() or ch in ". " for ch in value):
            raise UserError(f"bad timeout {value!r}: use PostgreSQL units, e.g. 30s, 10min, 0")
    check_work_mem(work_mem)
    db.timeouts.statement = statement_timeout
    db.timeouts.lock = lock_timeout
    db.timeouts.work_mem = work_mem.strip()
    if log_file:
        from pgbackfill.runs import log_to

        log_to(log_file)


@app.command()
def migrate(database_url: DatabaseUrl = None, use_embedded: Embedded = False) -> None:
    """Create or update the schema (racing tables where missing, pgbackfill's objects).

    Example: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/racing pgbackfill migrate
    """
    from pgbackfill import migrate as migrations

    url = db.resolve_url(database_url, use_embedded)
    migrations.upgrade(url)
    console.print(f"migrated to revision {migrations.head_revision()}")


@app.command()
def seed(
    scale: Annotated[
        float, typer.Option(help="1.0 = the users' database (137K races, 1.3M runners).")
    ] = 0.01,
    random_seed: Annotated[int, typer.Option("--seed", help="Same seed, same data.")] = 1,
    database_url: DatabaseUrl = None,
    use_embedded: Embedded = False,
) -> None:
    """Generate seed-shaped synthetic racing data, inside PostgreSQL.

    Example: pgbackfill seed --embedded --scale 0.05 --seed 7
    """
    from pgbackfill import synthetic

    url = db.resolve_url(database_url, use_embedded)
    with db.session(url) as conn:
        counts = synthetic.generate(conn, scale=scale, seed=random_seed)
    synthetic.print_counts(console, counts)


JsonOutput = Annotated[
    bool, typer.Option("--json", help="Print JSON for machines instead of tables.")
]


@app.command()
def status(
    limit: Annotated[int, typer.Option(min=1, help="How many recent runs to show.")] = 15,
    as_json: JsonOutput = False,
    database_url: DatabaseUrl = None,
    use_embedded: Embedded = False,
) -> None:
    """Show what is running now, per-table progress, and how the last runs ended.

    With pg_cron: each pgbackfill job, its schedule, and how its last run ended.
    Last, what pgbackfill keeps on disk, per object and in all, beside the racing tables.

    Example: pgbackfill status --limit 5
    """
    from pgbackfill import report
    from pgbackfill import status as run_status

    url = db.resolve_url(database_url, use_embedded)
    with db.session(url, writes=False) as conn:
        found = run_status.read(conn, limit)
        if as_json:
            report.print_json(console, found.as_json())
            return
        console.print(f"running now: {len(found.running) or 'nothing'}")
        report.print_table(
            console, "Per-table progress", found.progress.columns, found.progress.lines
        )
        report.print_table(console, "Recent runs", found.columns, found.runs)
        if found.jobs:
            report.print_table(console, "pg_cron jobs", *found.job_table())
        elif line := found.jobs_line():
            console.print(line, highlight=False)
        report.print_table(console, "Disk use (share of the racing tables)", *found.disk_table())


@app.command()
def audit(
    strict: Annotated[
        bool, typer.Option(help="Also count entities analysed before their latest runs changed.")
    ] = False,
    as_json: JsonOutput = False,
    database_url: DatabaseUrl = None,
    use_embedded: Embedded = False,
) -> None:
    """Recompute the "Current State" table; exit 0 only when no fillable gap is left.

    Same answer in psql: select * from pgbackfill.data_gaps;

    Example: pgbackfill audit --strict --json
    """
    from pgbackfill import audit as gaps

    url = db.resolve_url(database_url, use_embedded)
    with db.session(url, writes=False) as conn:
        db.require_racing_facts(conn)  # no runs at all is no "100 % coverage"
        found = gaps.read(conn, strict=strict)
    show_audit(found, as_json)
    raise typer.Exit(0 if found.complete else 1)


def show_audit(found, as_json: bool) -> None:
    from pgbackfill import report

    if as_json:
        report.print_json(console, found.as_json())
    else:
        report.print_table(console, "Data gaps", found.columns, found.lines)
        console.print(found.verdict())


@app.command()
def demo(
    scale: Annotated[
        float, typer.Option(help="Size of the synthetic data (1.0 = the seed's).")
    ] = 1.0,
    random_seed: Annotated[int, typer.Option("--seed", help="Same seed, same data.")] = 1,
    database_url: DatabaseUrl = None,
) -> None:
    """The whole tour: embedded PostgreSQL, migrate, synthetic data, backfill, gap table.

    Uses the embedded server under .pgdata/ unless --database-url is given; a
    second run reuses the data.

    Example: pgbackfill demo --scale 0.1
    """
    from pgbackfill import audit as gaps
    from pgbackfill import backfill, synthetic
    from pgbackfill import migrate as migrations

    synthetic.check_arguments(scale, random_seed)  # before starting or migrating anything
    url = db.resolve_url(database_url, use_embedded=True)
    console.print(f"database: {db.describe(url)}")
    migrations.upgrade(url)
    with db.session(url) as conn:
        synthetic.print_counts(console, synthetic.generate(conn, scale=scale, seed=random_seed))
        console.print("gaps before the backfill:")
        show_audit(gaps.read(conn), as_json=False)
    # The trainer-location phase talks to a local stand-in of The Racing API
    # that serves racecards from the synthetic ground truth: no account needed.
    from pgbackfill import locations
    from pgbackfill.racing_api import Credentials
    from pgbackfill.racing_api_standin import StandIn

    with StandIn(url, port=0, username="demo", password="demo") as api:
        console.print(f"The Racing API stand-in: {api.base_url} (synthetic racecards)")
        options = backfill.Options(
            locations=locations.Options(
                rate=50.0, base_url=api.base_url, credentials=Credentials("demo", "demo")
            )
        )
        backfill.show(console, backfill.run(url, console=console, options=options))
    with db.session(url) as conn:
        console.print("gaps after the backfill:")
        show_audit(gaps.read(conn), as_json=False)


@app.command()
def locations(
    source: Annotated[
        str, typer.Option(help="runners | racecards | all (runner rows, then racecards) | profile.")
    ] = "all",
    test: Annotated[
        bool, typer.Option("--test", help="Only 10 trainers, as the seed's --test.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the plan (dates, calls, trainers); ask nothing.")
    ] = False,
    max_calls: Annotated[
        int | None, typer.Option(min=0, help="Send at most this many API requests (retries count).")
    ] = None,
    rate: Annotated[float, typer.Option(min=0.01, help="API requests per second, at most.")] = 2.0,
    profile_path: Annotated[
        str, typer.Option(help="Per-trainer endpoint for --source profile.")
    ] = "/v1/trainers/{trainer_id}",
    api_username: ApiUsername = None,
    api_password: ApiPassword = None,
    api_base_url: ApiBaseUrl = None,
    as_json: JsonOutput = False,
    database_url: DatabaseUrl = None,
    use_embedded: Embedded = False,
) -> None:
    """Fill missing trainer locations: runner rows first, then the fewest racecard dates.

    Racecards exist from 2023-01-23; trainers no source can fill are reported.

    Example: pgbackfill locations --dry-run
    """
    from pgbackfill import locations as job
    from pgbackfill import report
    from pgbackfill.racing_api import Credentials

    options = job.Options(
        source=source,
        test=test,
        dry_run=dry_run,
        max_calls=max_calls,
        rate=rate,
        profile_path=profile_path,
        base_url=api_base_url,
        credentials=Credentials.from_env(api_username, api_password),
    )
    url = db.resolve_url(database_url, use_embedded)
    with db.session(url) as conn:
        summary = job.run(conn, options, Console(stderr=True))
    if as_json:
        report.print_json(console, summary.as_dict())
    else:
        job.print_summary(console, summary, rate)


@app.command("fake-api")
def fake_api(
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port on 127.0.0.1 (0: any).")] = 8000,
    username: Annotated[str, typer.Option(help="Username it accepts.")] = "demo",
    password: Annotated[str, typer.Option(help="Password it accepts.")] = "demo",
    max_per_second: Annotated[
        float | None, typer.Option(help="Answer 429 above this many requests per second.")
    ] = None,
    retry_after: Annotated[
        float | None, typer.Option(help="Retry-After seconds sent with those 429s.")
    ] = None,
    database_url: DatabaseUrl = None,
    use_embedded: Embedded = False,
) -> None:
    """Serve a local stand-in of The Racing API's racecards from the database, until Ctrl-C.

    Example: pgbackfill fake-api --embedded --port 8000 --max-per-second 2
    """
    from pgbackfill.racing_api_standin import Faults, StandIn

    url = db.resolve_url(database_url, use_embedded)
    faults = Faults(max_per_second=max_per_second, retry_after=retry_after)
    with StandIn(url, port=port, username=username, password=password, faults=faults) as server:
        console.print(
            f"serving The Racing API stand-in at {server.base_url} (Ctrl-C to stop); "
            f"RACING_API_BASE_URL={server.base_url}"
        )
        server.wait()


@app.command()
def refresh(
    table: Annotated[
        str,
        typer.Option(
            "--table",
            help="sires | dams | damsires | pedigree (the three) | jockeys | trainers | owners"
            " | entities (the three) | regions (regions, training centres, travel bands; rebuilt"
            " whole) | all (the six) | breakdown (the per-condition pedigree view,"
            " rebuilt whole).",
            show_default=False,
        ),
    ],
    batch_size: Annotated[
        int, typer.Option(help="Entities written per transaction (at least 1).")
    ] = 5000,
    only_missing: Annotated[
        bool, typer.Option("--only-missing", help="Only entities never analysed.")
    ] = False,
    stale: Annotated[
        bool,
        typer.Option("--stale", help="Only entities never analysed or whose runs changed since."),
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            help="YYYY-MM-DD: the day recent-form figures are measured at (default today)."
        ),
    ] = None,
    min_runs: Annotated[
        int, typer.Option(help="Smallest sample a best class/distance is chosen from.")
    ] = 5,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Recompute and count differing stored figures; write nothing."
        ),
    ] = False,
    full_facts: Annotated[
        bool,
        typer.Option(
            "--full-facts",
            help="With --stale: bring the facts up to date with every change first (the racing "
            "rows' versions: edits that moved no timestamp, deleted rows), not only the races "
            "stamped since the last refresh (every other refresh does).",
        ),
    ] = False,
    as_json: JsonOutput = False,
    database_url: DatabaseUrl = None,
    use_embedded: Embedded = False,
) -> None:
    """Recompute statistics tables set-based and write them in batches (resumable).

    Example: pgbackfill refresh --table pedigree --batch-size 5000 --embedded

    Example: pgbackfill refresh --table breakdown   (nightly: the per-condition view)

    Example: pgbackfill refresh --table regions   (the regional and training-centre figures)
    """
    from pgbackfill import refresh as statistics

    if only_missing and stale:
        raise UserError("--only-missing and --stale are alternatives: pass one")
    options = statistics.Options(
        batch_size=batch_size,
        scope="missing" if only_missing else "stale" if stale else "all",
        as_of=parse_day(as_of, "--as-of"),
        min_runs=min_runs,
        check=check,
        full_facts=full_facts,
    ).validated()
    statistics.targets_for(table, options)  # a bad --table stops here, before any connection
    url = db.resolve_url(database_url, use_embedded)
    with db.session(url) as conn:
        with statistics.BarProgress(Console(stderr=True)) as progress:
            summary = statistics.run(conn, table, options, progress)
    statistics.show(console, summary, as_json)


@app.command()
def backfill(
    phases: Annotated[
        str,
        typer.Option(help="Comma-separated, any of locations,sires,entities,damsires,dams."),
    ] = "locations,sires,entities,damsires,dams",
    batch_size: Annotated[
        int, typer.Option(help="Entities written per transaction (at least 1).")
    ] = 5000,
    rate: Annotated[float, typer.Option(min=0.01, help="API requests per second, at most.")] = 2.0,
    api_username: ApiUsername = None,
    api_password: ApiPassword = None,
    api_base_url: ApiBaseUrl = None,
    database_url: DatabaseUrl = None,
    use_embedded: Embedded = False,
) -> None:
    """Run the seed's whole plan: locations, sires, entity statistics, damsires, dams.

    Each phase resumes where it stopped and is skipped when already complete;
    without API credentials the other phases still run. Exit 0 when every
    phase finished, 1 when something is left.

    Example: nohup pgbackfill backfill > backfill.log 2>&1 &
    """
    from pgbackfill import backfill as plan
    from pgbackfill import locations
    from pgbackfill.racing_api import Credentials

    options = plan.Options(
        phases=plan.parse_phases(phases),
        batch_size=batch_size,
        locations=locations.Options(
            rate=rate,
            base_url=api_base_url,
            credentials=Credentials.from_env(api_username, api_password),
        ),
    )
    url = db.resolve_url(database_url, use_embedded)
    results = plan.run(url, console=console, options=options)
    plan.show(console, results)
    raise typer.Exit(1 if plan.left(results) else 0)


@app.command()
def reset(
    table: Annotated[
        str,
        typer.Option(
            "--table",
            help="sires | dams | damsires | jockeys | trainers | owners | locations.",
            show_default=False,
        ),
    ],
    yes: Annotated[
        bool, typer.Option("--yes", help="Confirm: without it nothing changes.")
    ] = False,
    database_url: DatabaseUrl = None,
    use_embedded: Embedded = False,
) -> None:
    """Roll back: clear a table's statistics, or the locations pgbackfill wrote.

    Locations that were there before pgbackfill, or changed since, stay.

    Example: pgbackfill reset --table dams --yes
    """
    from pgbackfill import reset as rollback

    url = db.resolve_url(database_url, use_embedded)
    with db.session(url) as conn:
        changed = rollback.run(conn, table, confirmed=yes)
    console.print(f"reset {table}: {changed:,} rows")


@app.command()
def grants(
    role: Annotated[
        str,
        typer.Option(
            "--role", help="The runtime role the commands connect as.", show_default=False
        ),
    ],
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Run the grants (as the owner) instead of printing them."),
    ] = False,
    maintainer: Annotated[
        str,
        typer.Option(help="PostgreSQL < 17: NOLOGIN role made owner of the materialized views."),
    ] = "pgbackfill_maintainer",
    database_url: DatabaseUrl = None,
    use_embedded: Embedded = False,
) -> None:
    """Print (or apply) the least privilege a runtime role needs for every command but migrate.

    SELECT on the racing facts, UPDATE on the statistic and location columns
    only, what pgbackfill's own tables need. Refreshing a materialized view
    takes its owner before PostgreSQL 17: there a NOLOGIN --maintainer role
    owns pgbackfill's materialized views (nothing else) and is granted to the
    role; from 17 on, GRANT MAINTAIN. Rerun after each `pgbackfill migrate`.

    Example: pgbackfill grants --role pgbackfill_app --apply
    """
    from pgbackfill import grants as privileges

    url = db.resolve_url(database_url, use_embedded)
    with db.session(url, writes=apply) as conn:
        if apply:
            done = privileges.apply(conn, role, maintainer)
        else:
            done = privileges.statements(conn, role, maintainer)
    print(privileges.script(done, role, applied=apply))
    if apply:
        console.print(f"applied {len(done)} grants to role {role}", highlight=False)


@app.command()
def schedule(
    at: Annotated[
        str,
        typer.Option(
            "--at",
            help="HH:MM, pg_cron's clock (GMT): when the daily refresh starts; the breakdown"
            " follows 30 min later, the weekly audit (Mondays) 45, the monthly check (the 1st) 60.",
        ),
    ] = "06:15",
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            help="Run the jobs as this role (the runtime role of `pgbackfill grants`); pg_cron"
            " lets only a superuser schedule for another role. Default: the role connected.",
            show_default=False,
        ),
    ] = None,
    apply: Annotated[
        bool, typer.Option("--apply", help="Install the jobs (one transaction), not print them.")
    ] = False,
    remove: Annotated[bool, typer.Option("--remove", help="Drop every pgbackfill job.")] = False,
    as_json: JsonOutput = False,
    database_url: DatabaseUrl = None,
    use_embedded: Embedded = False,
) -> None:
    """Print (or install) pg_cron jobs that keep the database filled from inside (Supabase Cron).

    Daily `call pgbackfill.refresh('all', stale => true)` then the breakdown,
    weekly `call pgbackfill.audit_record()`, monthly
    `call pgbackfill.refresh('all', check_only => true)`. Jobs are named
    pgbackfill-…: --apply again replaces them, never duplicates. Trainer
    locations need HTTP: keep `pgbackfill locations` in a crontab.

    Example: pgbackfill schedule --at 05:30 --apply
    """
    from pgbackfill import schedule as jobs

    if apply and remove:
        raise UserError("--apply and --remove are alternatives: pass one")
    daily_at = jobs.parse_at(at)  # a bad --at stops here, before any connection
    jobs.check_role(role)
    url = db.resolve_url(database_url, use_embedded)
    with db.session(url, writes=apply or remove) as conn:
        result = jobs.run(conn, at=daily_at, role=role, apply=apply, remove=remove)
    jobs.show(console, result, as_json)


@app.command("embedded-stop")
def embedded_stop() -> None:
    """Stop the embedded PostgreSQL server (its data under .pgdata/ stays).

    Example: pgbackfill embedded-stop
    """
    stopped = embedded.stop()
    console.print(
        "embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL was not running"
    )


features_app = typer.Typer(
    help="Point-in-time features for every run (what was known before its race day).\n\n"
    "Example: pgbackfill features build --embedded",
    no_args_is_help=True,
)
app.add_typer(features_app, name="features")


@features_app.command("build")
def features_build(
    date_from: Annotated[
        str | None, typer.Option("--from", help="First race day to build (default: the first).")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Last race day to build (default: the last).")
    ] = None,
    stale: Annotated[
        bool,
        typer.Option("--stale", help="Build only from the first day whose runs changed (or new)."),
    ] = False,
    batch_runs: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="About this many runs per batch (one transaction each);"
            " default: a sixth of the runs to build, at least 200,000.",
            show_default=False,
        ),
    ] = None,  # features.DEFAULT_BATCH_RUNS (not imported here: the CLI starts faster)
    database_url: DatabaseUrl = None,
    use_embedded: Embedded = False,
) -> None:
    """Build pgbackfill.runner_features: each connection's record over EARLIER race days.

    Reads pgbackfill.runner_facts as last refreshed (`pgbackfill refresh` refreshes it).
    Killed? Run `pgbackfill features build --stale` to finish what is left.

    Example: pgbackfill features build --from 2024-01-01 --to 2024-12-31
    """
    from pgbackfill import features

    first, last = parse_day(date_from, "--from"), parse_day(date_to, "--to")
    features.check_build_options(first, last, stale, batch_runs)
    url = db.resolve_url(database_url, use_embedded)
    with db.session(url) as conn, features.ProgressBar(Console(stderr=True)) as bar:
        summary = features.build(
            conn, date_from=first, date_to=last, stale=stale, batch_runs=batch_runs, progress=bar
        )
    console.print(summary.line())


@features_app.command("export")
def features_export(
    to: Annotated[
        list[str],
        typer.Option(
            "--to",
            help="The CSV file to write; given a second time as a date (2024-12-31), "
            "the last race day to export.",
        ),
    ],
    date_from: Annotated[
        str | None, typer.Option("--from", help="First race day to export (default: all).")
    ] = None,
    database_url: DatabaseUrl = None,
    use_embedded: Embedded = False,
) -> None:
    """Stream pgbackfill.runner_features (plus each run's result_* columns) to a CSV file.

    Example: pgbackfill features export --to features.csv --from 2024-01-01 --to 2024-12-31
    """
    from pathlib import Path

    from pgbackfill import features

    files = [value for value in to if not _looks_like_day(value)]
    days = [value for value in to if _looks_like_day(value)]
    if len(files) != 1 or len(days) > 1:
        raise UserError("give --to FILE.csv once (and at most one --to YYYY-MM-DD)")
    first = parse_day(date_from, "--from")
    last = parse_day(days[0], "--to") if days else None
    url = db.resolve_url(database_url, use_embedded)
    with db.session(url, writes=False) as conn:
        rows = features.export(conn, Path(files[0]), date_from=first, date_to=last)
    console.print(f"exported {rows:,} runs to {files[0]}")


def _looks_like_day(value: str) -> bool:
    return len(value) == 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit()


def parse_day(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option as a date (None stays None), or one line saying what is wrong."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option} {value!r} is not a date (YYYY-MM-DD)") from None


def _is_usage_error(error: Exception) -> bool:
    # Click's exceptions (typer vendors its own copy of click in newer
    # releases) carry a message and an exit code; match on those.
    return hasattr(error, "format_message") and isinstance(getattr(error, "exit_code", None), int)


def main(argv: list[str] | None = None) -> None:
    """Entry point: user mistakes become one line on stderr and a non-zero exit."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)

    def fail(message: str, code: int) -> None:
        err.print(f"error: {message}", markup=False)
        sys.exit(code)

    try:
        result = app(args=argv, standalone_mode=False)
    except UserError as error:
        fail(str(error), error.exit_code)
    except (KeyboardInterrupt, typer.Abort):
        fail("interrupted; rerun the same command to resume", 130)
    except psycopg.errors.InsufficientPrivilege as error:
        fail(db.missing_privilege(error), 2)
    except psycopg.OperationalError as error:
        fail(f"lost the database connection: {db.reason(error)}", 3)
    except psycopg.Error as error:
        fail(f"the database refused: {db.reason(error)}", 3)
    except Exception as error:
        if type(error).__name__ == "NoArgsIsHelpError":
            console.print(error.format_message())  # the help text
            sys.exit(2)
        if not _is_usage_error(error):
            raise
        fail(error.format_message(), 2)
    sys.exit(result if isinstance(result, int) else 0)


if __name__ == "__main__":
    main()
