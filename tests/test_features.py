"""pgbackfill.runner_features, behaviour by behaviour: given rows -> build -> expect rows."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from pgbackfill import features
from pgbackfill.errors import UserError

from .features_rows import add_race, add_run, feature_row, refresh_and_build

DAY = date(2024, 3, 1)


def day(n: int) -> date:
    return DAY + timedelta(days=n)


def test_same_day_races_are_not_history(conn: psycopg.Connection) -> None:
    add_race(conn, "rac_early", day(0))
    add_race(conn, "rac_late", day(0))
    add_race(conn, "rac_next", day(1))
    early = add_run(conn, "rac_early", "hrs_a", position=1, sp=3)
    late = add_run(conn, "rac_late", "hrs_b", position=1, sp=3)
    following = add_run(conn, "rac_next", "hrs_c", position=2, sp=3)

    refresh_and_build(conn)

    for same_day in (early, late):
        row = feature_row(conn, same_day)
        assert (row["sire_runs"], row["jockey_runs"], row["trainer_14d_runs"]) == (None, None, None)
    row = feature_row(conn, following)
    assert (row["sire_runs"], row["sire_wins"], row["jockey_runs"]) == (2, 2, 2)


def test_no_history_is_null_not_zero(conn: psycopg.Connection) -> None:
    add_race(conn, "rac_1", day(0))
    add_race(conn, "rac_2", day(1))
    add_run(conn, "rac_1", "hrs_a", position=3, sp=5, sire="sir_old")
    debut = add_run(conn, "rac_2", "hrs_b", position=1, sp=2, sire="sir_new", jockey=None)

    refresh_and_build(conn)

    row = feature_row(conn, debut)
    # a first-season sire and a debutant: no earlier run, so no figure at all
    for column in (
        "sire_runs",
        "sire_wins",
        "sire_win_pct",
        "sire_ae",
        "sire_expected_wins",
        "horse_runs",
        "horse_wins",
        "horse_days_since_last_run",
    ):
        assert row[column] is None, column
    # an unknown jockey: nothing known
    assert (row["jockey_id"], row["jockey_runs"], row["jockey_14d_runs"]) == (None, None, None)
    # the trainer ran once before and lost: a real 0 % (not NULL, not from no runs)
    assert (row["trainer_runs"], row["trainer_wins"], row["trainer_win_pct"]) == (
        1,
        0,
        Decimal("0"),
    )


def test_win_pct_places_expected_wins_and_ae_over_earlier_runs(conn: psycopg.Connection) -> None:
    add_race(conn, "rac_1", day(0))
    add_race(conn, "rac_2", day(1))
    add_race(conn, "rac_3", day(2))
    add_run(conn, "rac_1", "hrs_a", position=1, sp=4)
    add_run(conn, "rac_1", "hrs_b", position=2, sp=2)
    add_run(conn, "rac_2", "hrs_c", position=1, sp=None)  # a win without an SP
    add_run(conn, "rac_2", "hrs_d", position=None, sp=10)  # pulled up: a losing run
    today = add_run(conn, "rac_3", "hrs_e", position=1, sp=2)

    refresh_and_build(conn)

    row = feature_row(conn, today)
    assert (row["sire_runs"], row["sire_wins"], row["sire_places"]) == (4, 2, 3)
    assert row["sire_win_pct"] == Decimal("50.00")
    # expected wins over runs with an SP: 1/4 + 1/2 + 1/10; A/E leaves the SP-less win out
    assert row["sire_expected_wins"] == Decimal("0.8500")
    assert row["sire_ae"] == Decimal("1.18")  # 1 / 0.85


def test_sire_figures_at_this_class_and_distance(conn: psycopg.Connection) -> None:
    add_race(conn, "rac_c4_7f", day(0), race_class="Class 4", distance="7f")
    add_race(conn, "rac_c2_12f", day(1), race_class="Class 2", distance="1m4f")
    add_race(conn, "rac_ire_7f", day(2), race_class=None, distance="7f")
    add_race(conn, "rac_today", day(3), race_class="Class 4", distance="1m4f")
    add_race(conn, "rac_today_ire", day(3), race_class="", distance="1m")
    add_run(conn, "rac_c4_7f", "hrs_a", position=1, sp=2)
    add_run(conn, "rac_c2_12f", "hrs_b", position=4, sp=8)
    add_run(conn, "rac_ire_7f", "hrs_c", position=1, sp=3)
    today = add_run(conn, "rac_today", "hrs_d", position=1, sp=2)
    today_ire = add_run(conn, "rac_today_ire", "hrs_e", position=1, sp=2)

    refresh_and_build(conn)

    row = feature_row(conn, today)
    assert row["sire_runs"] == 3
    # Class 4 only: the Class 4 win
    assert (row["sire_class_runs"], row["sire_class_wins"], row["sire_class_win_pct"]) == (
        1,
        1,
        Decimal("100.00"),
    )
    # 12f only: the 1m4f loser
    assert (row["sire_distance_runs"], row["sire_distance_wins"], row["sire_distance_ae"]) == (
        1,
        0,
        Decimal("0.00"),
    )
    irish = feature_row(conn, today_ire)
    # unclassified races are a group of their own (never Class 0); no earlier 8f run
    assert (irish["sire_class_runs"], irish["sire_class_wins"]) == (1, 1)
    assert irish["sire_distance_runs"] is None


def test_trainer_form_covers_the_14_and_30_days_ending_the_day_before(
    conn: psycopg.Connection,
) -> None:
    for offset in (-31, -30, -15, -14, -1, 0):
        add_race(conn, f"rac_{offset}", day(offset))
    add_race(conn, "rac_today", day(0))
    for offset, position in ((-31, 1), (-30, 1), (-15, 2), (-14, 1), (-1, 5), (0, 1)):
        add_run(conn, f"rac_{offset}", f"hrs_{offset}", position=position, sp=4)
    today = add_run(conn, "rac_today", "hrs_today", position=1, sp=4)

    refresh_and_build(conn)

    row = feature_row(conn, today)
    assert (row["trainer_runs"], row["trainer_wins"]) == (5, 3)
    # days -14 .. -1: the runs at -14 (won) and -1; not today's other race
    assert (row["trainer_14d_runs"], row["trainer_14d_wins"], row["trainer_14d_win_pct"]) == (
        2,
        1,
        Decimal("50.00"),
    )
    # days -30 .. -1
    assert (row["trainer_30d_runs"], row["trainer_30d_wins"]) == (4, 2)
    assert (row["jockey_14d_runs"], row["jockey_30d_runs"]) == (2, 4)


def test_quiet_trainer_has_zero_recent_runs_and_no_recent_win_pct(conn: psycopg.Connection) -> None:
    add_race(conn, "rac_old", day(-60))
    add_race(conn, "rac_today", day(0))
    add_run(conn, "rac_old", "hrs_a", position=1, sp=2)
    today = add_run(conn, "rac_today", "hrs_b", position=1, sp=2)

    refresh_and_build(conn)

    row = feature_row(conn, today)
    assert (row["trainer_runs"], row["trainer_14d_runs"], row["trainer_14d_wins"]) == (1, 0, 0)
    assert row["trainer_14d_win_pct"] is None


def test_horse_runs_wins_and_days_since_its_last_run(conn: psycopg.Connection) -> None:
    add_race(conn, "rac_1", day(0))
    add_race(conn, "rac_2", day(20))
    add_race(conn, "rac_3", day(33))
    add_run(conn, "rac_1", "hrs_a", position=1, sp=3)
    add_run(conn, "rac_2", "hrs_a", position=6, sp=3)
    third = add_run(conn, "rac_3", "hrs_a", position=2, sp=3)

    refresh_and_build(conn)

    row = feature_row(conn, third)
    assert (row["horse_runs"], row["horse_wins"], row["horse_days_since_last_run"]) == (2, 1, 13)


def test_non_runners_unrun_racecards_and_abandoned_races_are_not_history(
    conn: psycopg.Connection,
) -> None:
    add_race(conn, "rac_run", day(0))
    add_race(conn, "rac_abandoned", day(1), is_abandoned=True)
    add_race(conn, "rac_card", day(2), has_result=False)
    add_race(conn, "rac_today", day(3))
    add_run(conn, "rac_run", "hrs_a", position=1, sp=2)
    add_run(conn, "rac_run", "hrs_b", scratched=True)
    add_run(conn, "rac_abandoned", "hrs_c", position=1, sp=2)
    add_run(conn, "rac_card", "hrs_d")
    today = add_run(conn, "rac_today", "hrs_e", position=1, sp=2)

    refresh_and_build(conn)

    assert feature_row(conn, today)["jockey_runs"] == 1
    (rows,) = conn.execute("select count(*) from pgbackfill.runner_features").fetchone()
    assert rows == 2  # features exist for runs only


def _snapshot(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute(
        "select to_jsonb(features) - 'built_at' from pgbackfill.runner_features as features"
        " order by runner_id"
    ).fetchall()


def _three_weeks(conn: psycopg.Connection) -> None:
    for offset in range(21):
        add_race(conn, f"rac_{offset}", day(offset), distance="6f" if offset % 2 else "1m")
        for horse in range(offset % 4 + 1):
            add_run(
                conn,
                f"rac_{offset}",
                f"hrs_{(offset + horse) % 7}",
                position=horse + 1,
                sp=2 + horse,
                sire=f"sir_{horse % 2}",
                trainer=f"trn_{offset % 3}",
            )


def test_batches_give_the_same_features_as_one_pass(conn: psycopg.Connection) -> None:
    _three_weeks(conn)
    refresh_and_build(conn)
    one_pass = _snapshot(conn)

    summary = features.build(conn, batch_runs=3)

    assert summary.batches > 5
    assert _snapshot(conn) == one_pass


def test_a_batch_is_a_sixth_of_the_runs_at_least_200000(conn: psycopg.Connection) -> None:
    _three_weeks(conn)
    refresh_and_build(conn)
    one_pass = _snapshot(conn)

    # told nothing, a build asks the SQL rule: a small range is one batch
    summary = features.build(conn)
    assert summary.batches == 1
    assert _snapshot(conn) == one_pass

    def batch_runs(first: date, last: date) -> int:
        (runs,) = conn.execute(
            "select pgbackfill.features_batch_runs(%s, %s)", (first, last)
        ).fetchone()
        return runs

    assert batch_runs(day(0), day(20)) == 200_000
    with conn.transaction(force_rollback=True):
        # 1.5M bare runs on one later day: a sixth is more than 200,000
        conn.execute(
            "insert into pgbackfill.run_facts (runner_id, race_date, race_id)"
            " select -n, %s, 'rac_bulk' from generate_series(1, 1500000) as n",
            (day(40),),
        )
        (runs,) = conn.execute("select count(*) from pgbackfill.run_facts").fetchone()
        assert runs > 1_500_000
        assert batch_runs(day(0), day(40)) == -(-runs // 6)  # a sixth, rounded up
        assert batch_runs(day(0), day(20)) == 200_000


def _lane_1_rows(conn: psycopg.Connection) -> int:
    (rows,) = conn.execute(
        "select (select count(*) from pgbackfill.feature_state where lane = 1)"
        " + (select count(*) from pgbackfill.feature_state_through where lane = 1)"
    ).fetchone()
    return rows


def test_two_connections_give_the_same_features_as_one(conn: psycopg.Connection) -> None:
    _three_weeks(conn)
    refresh_and_build(conn)
    one_connection = _snapshot(conn)
    conn.execute("truncate pgbackfill.run_features, pgbackfill.feature_days")

    summary = features.build(conn, batch_runs=3, two_connections_from_runs=0)

    assert summary.batches > 5 and summary.rows_written == len(one_connection)
    assert _snapshot(conn) == one_connection
    # the totals the next build continues from end on the last day; lane 1 is gone
    assert _lane_1_rows(conn) == 0
    add_race(conn, "rac_new", day(30))
    new = add_run(conn, "rac_new", "hrs_1", position=1, sp=2, trainer="trn_1")
    next_day = refresh_and_build(conn, stale=True)
    assert (next_day.rows_written, next_day.state_recomputed) == (1, False)
    (trainer_runs,) = conn.execute(
        "select count(*) from pgbackfill.runner_facts"
        " where trainer_id = 'trn_1' and race_date < %s",
        (day(30),),
    ).fetchone()
    assert feature_row(conn, new)["trainer_runs"] == trainer_runs == 17


def test_building_again_changes_nothing(conn: psycopg.Connection) -> None:
    _three_weeks(conn)
    refresh_and_build(conn)
    first = _snapshot(conn)

    refresh_and_build(conn)
    refresh_and_build(conn, date_from=day(5), date_to=day(9))

    assert _snapshot(conn) == first


def test_stale_builds_nothing_when_nothing_changed(conn: psycopg.Connection) -> None:
    _three_weeks(conn)
    refresh_and_build(conn)

    summary = refresh_and_build(conn, stale=True)

    assert summary.first_day is None and summary.rows_written == 0


def test_stale_builds_a_new_race_day_only(conn: psycopg.Connection) -> None:
    _three_weeks(conn)
    refresh_and_build(conn)
    add_race(conn, "rac_new", day(30))
    new = add_run(conn, "rac_new", "hrs_1", position=1, sp=2, trainer="trn_1")

    summary = refresh_and_build(conn, stale=True)

    assert (summary.first_day, summary.rows_written, summary.state_recomputed) == (
        day(30),
        1,
        False,
    )
    assert feature_row(conn, new)["horse_days_since_last_run"] is not None
    conn.execute("truncate pgbackfill.run_features")
    refresh_and_build(conn, batch_runs=10**6)
    assert feature_row(conn, new)["trainer_runs"] > 0


def test_stale_rebuilds_from_a_changed_day_onwards(conn: psycopg.Connection) -> None:
    _three_weeks(conn)
    refresh_and_build(conn)
    conn.execute(
        "update public.ra_runners set position = 9, updated_at = now() + interval '1 minute'"
        " where race_id = 'rac_10' and position = 1"
    )

    summary = refresh_and_build(conn, stale=True)
    stale_result = _snapshot(conn)
    conn.execute("truncate pgbackfill.run_features, pgbackfill.feature_days")
    refresh_and_build(conn)

    assert summary.first_day == day(10) and summary.last_day == day(20)
    assert stale_result == _snapshot(conn)


def test_stale_empties_a_day_whose_runs_are_gone(conn: psycopg.Connection) -> None:
    _three_weeks(conn)
    refresh_and_build(conn)
    conn.execute("delete from public.ra_runners where race_id = 'rac_20'")

    summary = refresh_and_build(conn, stale=True)

    assert summary.first_day == day(20)
    (left,) = conn.execute(
        "select count(*) from pgbackfill.runner_features where race_date = %s", (day(20),)
    ).fetchone()
    assert left == 0


def test_a_changed_range_marks_the_days_after_it_for_stale(conn: psycopg.Connection) -> None:
    _three_weeks(conn)
    refresh_and_build(conn)
    conn.execute(
        "update public.ra_runners set position = 9, updated_at = now() + interval '1 minute'"
        " where race_id = 'rac_3'"
    )
    refresh_and_build(conn, date_from=day(0), date_to=day(5))

    summary = features.build(conn, stale=True)

    assert summary.first_day == day(6)


class _KilledAfterFirstBatch(features.Progress):
    def advance(self, runs: int, to_date: date) -> None:
        raise KeyboardInterrupt


def test_a_killed_build_resumes_with_stale(conn: psycopg.Connection) -> None:
    _three_weeks(conn)
    with pytest.raises(KeyboardInterrupt):
        refresh_and_build(conn, batch_runs=5, progress=_KilledAfterFirstBatch())
    (built_days,) = conn.execute("select count(*) from pgbackfill.feature_days").fetchone()
    assert 0 < built_days < 21

    features.build(conn, stale=True, batch_runs=5)
    resumed = _snapshot(conn)
    conn.execute("truncate pgbackfill.run_features, pgbackfill.feature_days")
    features.build(conn)

    assert resumed == _snapshot(conn)
    (outcome,) = conn.execute(
        "select outcome from pgbackfill.run_log where command = 'features build' order by id limit 1"
    ).fetchone()
    assert outcome == "interrupted"


def test_two_connections_from_a_later_day_give_the_same_features(conn: psycopg.Connection) -> None:
    _three_weeks(conn)
    refresh_and_build(conn)
    one_connection = _snapshot(conn)

    summary = features.build(conn, date_from=day(6), batch_runs=3, two_connections_from_runs=0)

    # totals recomputed up to day 6 (lane 0 holds history), then carried by both halves
    assert summary.first_day == day(6) and summary.state_recomputed
    assert _snapshot(conn) == one_connection
    assert _lane_1_rows(conn) == 0


def _totals(conn: psycopg.Connection) -> list[tuple]:
    return (
        conn.execute("select * from pgbackfill.feature_state order by lane, kind, key").fetchall()
        + conn.execute("select * from pgbackfill.feature_state_through").fetchall()
    )


def test_advancing_the_totals_over_days_equals_recomputing_them(conn: psycopg.Connection) -> None:
    _three_weeks(conn)
    conn.execute("select pgbackfill.refresh_runner_facts()")
    conn.execute("select pgbackfill.features_state_reset(%s)", (day(15),))
    recomputed = _totals(conn)
    conn.execute("select pgbackfill.features_state_reset(%s)", (day(4),))

    (through,) = conn.execute(
        "select pgbackfill.features_state_advance(%s, %s, 0::smallint)", (day(4), day(14))
    ).fetchone()

    assert through == day(14) and _totals(conn) == recomputed


def _state_pages(conn: psycopg.Connection) -> int:
    (pages,) = conn.execute("select pg_relation_size('pgbackfill.feature_state') / 8192").fetchone()
    return pages


def test_a_build_compacts_running_totals_it_left_mostly_dead(conn: psycopg.Connection) -> None:
    _three_weeks(conn)
    refresh_and_build(conn)
    totals = _totals(conn)
    # what a two-connection build leaves behind: a lane copied and removed
    # (autovacuum kept away, so the dead rows stay until the build's end)
    conn.execute("alter table pgbackfill.feature_state set (autovacuum_enabled = false)")
    conn.execute(
        "insert into pgbackfill.feature_state"
        " (lane, kind, key, runs, wins, places, sp_wins, expected_wins, last_run_date)"
        " select 1, 'horse', 'hrs_gone_' || n, 1, 0, 0, 0, 0, current_date"
        " from generate_series(1, 20000) as n"
    )
    conn.execute("delete from pgbackfill.feature_state where lane = 1")
    bloated = _state_pages(conn)

    nothing_to_build = refresh_and_build(conn, stale=True)

    assert nothing_to_build.rows_written == 0
    assert _totals(conn) == totals
    assert _state_pages(conn) < bloated / 10
    # compact already: the next build's end leaves the table as it is
    (rewritten,) = conn.execute("select pgbackfill.features_state_compact()").fetchone()
    assert rewritten is False


def test_a_killed_two_connection_build_resumes_with_stale(conn: psycopg.Connection) -> None:
    _three_weeks(conn)
    with pytest.raises(KeyboardInterrupt):
        refresh_and_build(
            conn, batch_runs=3, two_connections_from_runs=0, progress=_KilledAfterFirstBatch()
        )
    # the first half commits whole or not at all; lane 1 never outlives it
    (built_days,) = conn.execute("select count(*) from pgbackfill.feature_days").fetchone()
    assert built_days < 21
    assert _lane_1_rows(conn) == 0

    features.build(conn, stale=True, batch_runs=3, two_connections_from_runs=0)
    resumed = _snapshot(conn)
    conn.execute("truncate pgbackfill.run_features, pgbackfill.feature_days")
    features.build(conn)

    assert resumed == _snapshot(conn)


def test_a_role_that_may_not_replace_a_lane_builds_on_one_connection(
    conn: psycopg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    _three_weeks(conn)
    refresh_and_build(conn)
    one_connection = _snapshot(conn)
    conn.execute("truncate pgbackfill.run_features, pgbackfill.feature_days")
    role = f"pgbackfill_features_{uuid.uuid4().hex[:8]}"
    conn.execute(f"create role {role} nologin")
    try:
        # what the features read and write, but DELETE on the running totals
        for grant in (
            f"grant usage on schema pgbackfill, public to {role}",
            f"grant select, insert, update, delete on all tables in schema pgbackfill to {role}",
            f"grant usage on all sequences in schema pgbackfill to {role}",
            # the travel features read the trainers' locations and the racecards
            f"grant select on public.ra_races, public.ra_runners, public.ra_courses,"
            f" public.ra_mst_trainers to {role}",
            f"grant truncate on pgbackfill.feature_state to {role}",
            f"revoke delete on pgbackfill.feature_state from {role}",
        ):
            conn.execute(grant)
        conn.execute(f"set role {role}")

        def refused(*args: object) -> None:
            raise AssertionError("a second connection without the right to replace a lane")

        monkeypatch.setattr(features, "_build_on_two_connections", refused)
        summary = features.build(conn, batch_runs=3, two_connections_from_runs=0)
        conn.execute("reset role")
    finally:
        conn.execute("reset role")
        conn.execute(f"drop owned by {role}")
        conn.execute(f"drop role {role}")

    assert summary.batches > 5 and _snapshot(conn) == one_connection


def test_the_second_connection_has_the_same_timeouts(database_url: str, monkeypatch) -> None:
    from pgbackfill import db
    from pgbackfill.features import _second_connection

    monkeypatch.setattr(db, "timeouts", db.Timeouts(statement="7min", lock="3s"))
    with db.connect(database_url) as first:
        second = _second_connection(first)
        assert second is not None
        with second:
            assert second.execute("show statement_timeout").fetchone() == ("7min",)
            assert second.execute("show lock_timeout").fetchone() == ("3s",)


def test_lane_open_needs_a_repeatable_read_transaction(conn: psycopg.Connection) -> None:
    with pytest.raises(psycopg.errors.RaiseException, match="repeatable read"):
        with conn.transaction():
            conn.execute("select pgbackfill.features_lane_open()")


def test_features_build_refuses_totals_that_do_not_end_the_day_before(
    conn: psycopg.Connection,
) -> None:
    _three_weeks(conn)
    refresh_and_build(conn)

    with pytest.raises(psycopg.errors.RaiseException, match="feature_state runs up to"):
        conn.execute("select pgbackfill.features_build(%s, %s)", (day(3), day(4)))


def test_a_second_writer_leaves_with_one_line(conn: psycopg.Connection, database_url: str) -> None:
    _three_weeks(conn)
    conn.execute("select pgbackfill.refresh_runner_facts()")
    with psycopg.connect(database_url, autocommit=True) as other:
        other.execute("select pg_advisory_lock(hashtext('pgbackfill:' || %s))", (features.LOCK,))
        with pytest.raises(UserError) as refused:
            features.build(conn)
    assert refused.value.exit_code == 75


def test_bad_ranges_are_refused_before_any_work(conn: psycopg.Connection) -> None:
    with pytest.raises(UserError, match="is after"):
        features.build(conn, date_from=day(5), date_to=day(1))
    with pytest.raises(UserError, match="--stale"):
        features.build(conn, stale=True, date_from=day(1))
    (runs,) = conn.execute("select count(*) from pgbackfill.run_log").fetchone()
    assert runs == 0


def test_export_streams_the_features_and_results_as_csv(
    conn: psycopg.Connection, tmp_path: Path
) -> None:
    _three_weeks(conn)
    refresh_and_build(conn)
    target = tmp_path / "features.csv"

    rows = features.export(conn, target, date_from=day(10), date_to=day(11))

    lines = target.read_text().splitlines()
    header = lines[0].split(",")
    assert rows == len(lines) - 1 == 3 + 4  # day 10: 3 runs, day 11: 4 runs
    assert header[:3] == ["runner_id", "race_id", "race_date"]
    assert "sire_ae" in header and header[-4:] == [
        "result_position",
        "result_is_win",
        "result_is_place",
        "result_sp_decimal",
    ]
    assert {line.split(",")[2] for line in lines[1:]} == {str(day(10)), str(day(11))}
    assert list(tmp_path.iterdir()) == [target]  # no partial file left behind


def test_export_into_a_missing_folder_is_one_line_and_writes_nothing(
    conn: psycopg.Connection, tmp_path: Path
) -> None:
    _three_weeks(conn)
    refresh_and_build(conn)

    with pytest.raises(UserError, match="no folder"):
        features.export(conn, tmp_path / "nowhere" / "features.csv")
    assert list(tmp_path.iterdir()) == []
