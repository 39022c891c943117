"""The runner facts kept up to date race by race, and `refresh --stale` on them.

Given facts filled from racing rows -> racing rows change (stamped, as the
feed stamps them) -> an incremental pass (refresh_runner_facts(false)) ->
expect exactly what a full recomputation gives, the changed entities logged,
and `--stale` restating just those entities.
"""

from __future__ import annotations

import psycopg

from pgbackfill import refresh

from .geo import haversine_km
from .pedigree_data import entities, horse, race, runner

STAMP = "localtimestamp + interval '1 minute'"
ROLES = {
    "sire": "ra_mst_sires",
    "dam": "ra_mst_dams",
    "damsire": "ra_mst_damsires",
    "jockey": "ra_mst_jockeys",
    "trainer": "ra_mst_trainers",
    "owner": "ra_mst_owners",
}


def stamped_runner(conn: psycopg.Connection, race_id: str, horse_id: str, **values) -> int:
    row = {
        "jockey_id": f"jky_{horse_id}",
        "trainer_id": "trn_1",
        "owner_id": f"own_{horse_id}",
        "created_at": "2024-05-01",
        "updated_at": "2024-05-01",
    }
    row.update(values)
    return runner(conn, race_id, horse_id, **row)


def given_two_races(conn: psycopg.Connection) -> None:
    """Two resulted races of three horses, each horse with its own sire/dam/damsire."""
    for name in ("a", "b", "c"):
        horse(conn, f"hrs_{name}", sire_id=f"sir_{name}", dam_id=f"dam_{name}",
              damsire_id=f"dsi_{name}", created_at="2024-01-01")  # fmt: skip
        entities(conn, "ra_mst_sires", f"sir_{name}")
        entities(conn, "ra_mst_dams", f"dam_{name}")
        entities(conn, "ra_mst_damsires", f"dsi_{name}")
        entities(conn, "ra_mst_jockeys", f"jky_hrs_{name}")
        entities(conn, "ra_mst_owners", f"own_hrs_{name}")
    entities(conn, "ra_mst_trainers", "trn_1")
    for race_id in ("rac_1", "rac_2"):
        race(conn, race_id, created_at="2024-05-01", updated_at="2024-05-01")
        for position, name in enumerate("abc", start=1):
            stamped_runner(conn, race_id, f"hrs_{name}", position=position)
    conn.execute("select pgbackfill.refresh_runner_facts()")


def incremental(conn: psycopg.Connection) -> int:
    return conn.execute("select pgbackfill.refresh_runner_facts(false)").fetchone()[0]


def facts_equal_a_full_recomputation(conn: psycopg.Connection) -> bool:
    (differing,) = conn.execute(
        """select count(*) from ((select * from pgbackfill.runner_facts
                                  except all select * from pgbackfill.runner_facts_source)
                                 union all
                                 (select * from pgbackfill.runner_facts_source
                                  except all select * from pgbackfill.runner_facts)) as diff"""
    ).fetchone()
    return differing == 0


def logged(conn: psycopg.Connection) -> set[tuple[str, str]]:
    return set(
        conn.execute("select role, entity_id from pgbackfill.runner_fact_changes").fetchall()
    )


def everyone_of(*horses: str) -> set[tuple[str, str]]:
    changed = {("trainer", "trn_1")}
    for name in horses:
        changed |= {("sire", f"sir_{name}"), ("dam", f"dam_{name}"), ("damsire", f"dsi_{name}"),
                    ("jockey", f"jky_hrs_{name}"), ("owner", f"own_hrs_{name}")}  # fmt: skip
    return changed


def test_incremental_facts_equal_a_full_rebuild_after_inserts(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    race(conn, "rac_3", created_at="now", updated_at="now")
    stamped_runner(conn, "rac_3", "hrs_a", position=1, created_at=None, updated_at=None)
    conn.execute(f"update ra_runners set created_at = {STAMP} where race_id = 'rac_3'")

    assert incremental(conn) == 1
    assert facts_equal_a_full_recomputation(conn)
    assert logged(conn) == everyone_of("a")


def test_incremental_facts_equal_a_full_rebuild_after_updates(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    conn.execute(
        f"update ra_runners set position = 4 - position, updated_at = {STAMP}"
        " where race_id = 'rac_2' and horse_id in ('hrs_a', 'hrs_c')"
    )

    # each changed run: its old row removed, its new row added
    assert incremental(conn) == 4
    assert facts_equal_a_full_recomputation(conn)
    assert logged(conn) == everyone_of("a", "c")


def test_incremental_facts_equal_a_full_rebuild_after_scratching(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    conn.execute(
        f"update ra_runners set is_scratched = true, position = null, updated_at = {STAMP}"
        " where race_id = 'rac_1' and horse_id = 'hrs_b'"
    )

    incremental(conn)
    assert facts_equal_a_full_recomputation(conn)
    # the race's other runs changed too: one runner fewer in the race
    assert logged(conn) == everyone_of("a", "b", "c")


def test_incremental_facts_equal_a_full_rebuild_after_abandonment(
    conn: psycopg.Connection,
) -> None:
    given_two_races(conn)
    conn.execute(
        f"update ra_races set is_abandoned = true, updated_at = {STAMP} where id = 'rac_2'"
    )

    assert incremental(conn) == 3
    assert facts_equal_a_full_recomputation(conn)
    assert conn.execute("select count(*) from pgbackfill.runner_facts").fetchone()[0] == 3


def test_incremental_facts_equal_a_full_rebuild_after_a_horse_pedigree_change(
    conn: psycopg.Connection,
) -> None:
    given_two_races(conn)
    entities(conn, "ra_mst_dams", "dam_new")
    conn.execute(
        f"update ra_mst_horses set dam_id = 'dam_new', updated_at = {STAMP} where id = 'hrs_c'"
    )

    assert incremental(conn) == 4
    assert facts_equal_a_full_recomputation(conn)
    assert {("dam", "dam_c"), ("dam", "dam_new")} <= logged(conn)


def test_an_incremental_pass_with_nothing_changed_writes_nothing(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    assert incremental(conn) == 0
    assert incremental(conn) == 0
    assert logged(conn) == set()


def test_a_change_without_a_timestamp_waits_for_a_full_pass(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    conn.execute(
        "update ra_runners set position = 9 where race_id = 'rac_1' and horse_id = 'hrs_a'"
    )

    assert incremental(conn) == 0
    assert conn.execute("select pgbackfill.refresh_runner_facts(true)").fetchone()[0] == 2
    assert facts_equal_a_full_recomputation(conn)
    assert ("sire", "sir_a") in logged(conn)


def test_a_full_pass_with_nothing_changed_writes_nothing(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    assert conn.execute("select pgbackfill.refresh_runner_facts(true)").fetchone()[0] == 0
    assert logged(conn) == set()


def test_a_full_pass_rewrites_every_run_when_every_race_changed(conn: psycopg.Connection) -> None:
    # as after a change of a rule (here the going of every race, unstamped)
    given_two_races(conn)
    conn.execute("update ra_races set going = 'Heavy'")

    assert conn.execute("select pgbackfill.refresh_runner_facts(true)").fetchone()[0] == 12
    assert facts_equal_a_full_recomputation(conn)
    assert logged(conn) == everyone_of("a", "b", "c")


def test_a_full_pass_sees_runner_rows_deleted_outright(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    conn.execute("delete from ra_runners where race_id = 'rac_2' and horse_id = 'hrs_b'")

    conn.execute("select pgbackfill.refresh_runner_facts(true)")

    assert facts_equal_a_full_recomputation(conn)
    assert ("jockey", "jky_hrs_b") in logged(conn)


def test_the_figures_of_given_entities_are_their_rows_of_all_the_figures(
    conn: psycopg.Connection,
) -> None:
    given_two_races(conn)
    for role in ("sire", "dam", "damsire"):
        every = {row[0]: row for row in conn.execute(f"select * from pgbackfill.{role}_stats(5)")}
        prefix = {"sire": "sir", "dam": "dam", "damsire": "dsi"}[role]
        given = conn.execute(
            f"select * from pgbackfill.{role}_stats(5, %s::varchar[])", ([f"{prefix}_b"],)
        ).fetchall()
        assert given == [every[f"{prefix}_b"]]
    for role in ("jockey", "trainer", "owner"):
        every = {
            row[0]: row
            for row in conn.execute(f"select * from pgbackfill.{role}_stats('2024-06-01')")
        }
        ids = list(every)[:1]
        given = conn.execute(
            f"select * from pgbackfill.{role}_stats('2024-06-01', %s::varchar[])", (ids,)
        ).fetchall()
        assert given == [every[ids[0]]]


def test_stale_restates_exactly_the_entities_whose_runs_changed(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    refresh.run(conn, "all")
    race(conn, "rac_3", created_at="now", updated_at="now")
    stamped_runner(conn, "rac_3", "hrs_b", position=1, created_at=None, updated_at=None)
    conn.execute(f"update ra_runners set created_at = {STAMP} where race_id = 'rac_3'")

    summary = refresh.run(conn, "all", refresh.Options(scope="stale"))

    written = {table.table: table.written for table in summary.tables}
    assert written == {table: 1 for table in ROLES.values()}
    restated = {
        (role, entity_id)
        for role, table in ROLES.items()
        for (entity_id,) in conn.execute(
            f"select id from public.{table} where "
            + (
                "analysis_last_updated"
                if role in ("sire", "dam", "damsire")
                else "stats_updated_at"
            )
            + " = %s",
            (summary.refreshed_at,),
        )
    }
    assert restated == everyone_of("b")


def test_a_run_that_disappeared_makes_its_entities_stale(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    refresh.run(conn, "all")
    # hrs_c is withdrawn from rac_1 after the result: the run is gone, not changed
    conn.execute(
        f"update ra_runners set is_scratched = true, position = null, updated_at = {STAMP}"
        " where race_id = 'rac_1' and horse_id = 'hrs_c'"
    )

    summary = refresh.run(conn, "sires", refresh.Options(scope="stale"))

    # every sire of rac_1 (one runner fewer changes each run's race size), sir_c among them
    assert summary.tables[0].written == 3
    (runs,) = conn.execute("select total_runners from ra_mst_sires where id = 'sir_c'").fetchone()
    assert runs == 1


def test_stale_after_a_refresh_finds_nothing_to_do(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    refresh.run(conn, "all")
    summary = refresh.run(conn, "all", refresh.Options(scope="stale"))
    assert [table.entities for table in summary.tables] == [0] * 6


# The full pass compares fingerprints of the racing rows (race_fingerprints,
# master_fingerprints) with the ones the facts were computed from, and
# recomputes only the races whose rows moved. Each kind of change below moves
# no timestamp: only the row versions tell.


def full_pass(conn: psycopg.Connection, thorough: bool = False) -> int:
    return conn.execute("select pgbackfill.refresh_runner_facts(true, %s)", (thorough,)).fetchone()[
        0
    ]


def tamper_with_a_fact_of(conn: psycopg.Connection, race_id: str) -> None:
    """A stored fact row edited behind the rule's back (no racing row moves)."""
    conn.execute(
        "update pgbackfill.run_facts set age = 99"
        " where runner_id = (select min(runner_id) from pgbackfill.run_facts where race_id = %s)",
        (race_id,),
    )


def test_a_full_pass_recomputes_only_the_races_whose_rows_moved(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    tamper_with_a_fact_of(conn, "rac_2")
    conn.execute("update ra_races set going = 'Heavy' where id = 'rac_1'")

    assert full_pass(conn) == 6
    # rac_2's rows did not move: its facts were not recomputed
    (tampered,) = conn.execute(
        "select count(*) from pgbackfill.runner_facts where age = 99"
    ).fetchone()
    assert tampered == 1
    # a thorough pass (refresh --check) recomputes every run
    assert full_pass(conn, thorough=True) == 2
    assert facts_equal_a_full_recomputation(conn)


def test_a_thorough_pass_restores_a_race_half_edited_by_hand(conn: psycopg.Connection) -> None:
    # the race's columns are stored once (pgbackfill.race_facts): an edit of
    # them shows on every run of the race, and a thorough pass puts them back
    given_two_races(conn)
    conn.execute("update pgbackfill.race_facts set going = 'Tampered' where race_id = 'rac_2'")
    assert conn.execute(
        "select count(*) from pgbackfill.runner_facts where going = 'Tampered'"
    ).fetchone() == (3,)
    assert full_pass(conn) == 0  # no racing row moved
    assert full_pass(conn, thorough=True) == 6
    assert facts_equal_a_full_recomputation(conn)
    assert conn.execute("select count(*) from pgbackfill.race_facts").fetchone() == (2,)


def test_a_race_left_without_runs_leaves_the_race_half(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    conn.execute("update ra_races set is_abandoned = true where id = 'rac_2'")
    assert full_pass(conn) == 3
    assert conn.execute("select race_id from pgbackfill.race_facts").fetchall() == [("rac_1",)]
    assert facts_equal_a_full_recomputation(conn)


def test_a_full_pass_sees_a_horse_pedigree_edited_without_a_timestamp(
    conn: psycopg.Connection,
) -> None:
    given_two_races(conn)
    entities(conn, "ra_mst_dams", "dam_new")
    conn.execute("update ra_mst_horses set dam_id = 'dam_new' where id = 'hrs_c'")

    assert incremental(conn) == 0
    assert full_pass(conn) == 4
    assert facts_equal_a_full_recomputation(conn)
    assert {("dam", "dam_c"), ("dam", "dam_new")} <= logged(conn)


def test_a_full_pass_sees_a_horse_master_row_deleted_outright(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    conn.execute("update ra_runners set dam_id = 'dam_runner_row' where horse_id = 'hrs_a'")
    full_pass(conn)
    conn.execute("delete from ra_mst_horses where id = 'hrs_a'")

    # its runs fall back to the pedigree on the runner rows
    assert full_pass(conn) == 4
    assert facts_equal_a_full_recomputation(conn)
    assert ("dam", "dam_runner_row") in logged(conn)


def test_a_full_pass_sees_a_runner_moved_to_another_race(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    race(conn, "rac_3", created_at="2024-05-01", updated_at="2024-05-01")
    full_pass(conn)
    conn.execute(
        "update ra_runners set race_id = 'rac_3' where race_id = 'rac_2' and horse_id = 'hrs_b'"
    )

    full_pass(conn)
    assert facts_equal_a_full_recomputation(conn)
    assert conn.execute(
        "select race_id from pgbackfill.runner_facts"
        " where runner_id = (select id from ra_runners where race_id = 'rac_3')"
    ).fetchone() == ("rac_3",)


def test_a_full_pass_sees_a_race_deleted_outright(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    conn.execute("delete from ra_runners where race_id = 'rac_2'")
    conn.execute("delete from ra_races where id = 'rac_2'")

    assert full_pass(conn) == 3
    assert facts_equal_a_full_recomputation(conn)
    assert conn.execute(
        "select count(*) from pgbackfill.runner_facts_races where race_id = 'rac_2'"
    ).fetchone() == (0,)


def test_a_row_changed_twice_in_one_transaction_moves_its_fingerprint(
    conn: psycopg.Connection,
) -> None:
    # the same transaction writes both versions (same xmin): the tuple moved
    given_two_races(conn)
    conn.execute(
        "update ra_runners set position = 7 where race_id = 'rac_1' and horse_id = 'hrs_a'"
    )
    full_pass(conn)
    conn.execute(
        "update ra_runners set position = 8 where race_id = 'rac_1' and horse_id = 'hrs_a'"
    )

    assert full_pass(conn) == 2
    assert facts_equal_a_full_recomputation(conn)


def test_a_full_pass_under_changed_rules_recomputes_every_run(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    tamper_with_a_fact_of(conn, "rac_1")
    # any change of pgbackfill's functions or views changes the rules' version
    conn.execute("create function pgbackfill.a_new_rule() returns int language sql as 'select 1'")

    assert full_pass(conn) == 2
    assert facts_equal_a_full_recomputation(conn)


def test_a_racing_name_that_is_a_users_view_is_compared_run_by_run(
    conn: psycopg.Connection,
) -> None:
    given_two_races(conn)
    conn.execute("create view public.ra_custom as select * from public.ra_races")
    assert conn.execute("select pgbackfill.racing_table('ra_custom')").fetchone() == (None,)
    # the layout step's views (their comment says so) stand for their table
    conn.execute("comment on view public.ra_custom is 'pgbackfill: the contract name of ...'")
    assert conn.execute("select pgbackfill.racing_table('ra_custom')::text").fetchone() == (
        "ra_races",
    )
    assert conn.execute("select pgbackfill.racing_table('ra_runners')::text").fetchone() == (
        "ra_runners",
    )


def given_bases_and_courses(conn: psycopg.Connection) -> None:
    """rac_1 and rac_2 at Ascot (crs_1), trn_1 based in Newmarket."""
    conn.execute(
        "insert into public.ra_courses (id, name, latitude, longitude)"
        " values ('crs_1', 'Ascot', 51.41662, -0.67648), ('crs_2', 'York', 53.94, -1.09)"
    )
    conn.execute("update ra_mst_trainers set location = 'Newmarket, Suffolk' where id = 'trn_1'")


def travel(conn: psycopg.Connection) -> set[float | None]:
    return {
        None if km is None else round(km)
        for (km,) in conn.execute("select travel_km from pgbackfill.runner_facts")
    }


def test_each_run_travels_from_its_trainers_base_to_the_course(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    assert travel(conn) == {None}  # no base, no course coordinates: never guessed
    given_bases_and_courses(conn)

    # no timestamp moved: the trainer's and the course's fingerprints did
    assert incremental(conn) == 12
    assert full_pass(conn) == 0
    # Newmarket's base to Ascot, great-circle (haversine, as computed here)
    lat, lon = conn.execute(
        "select latitude, longitude from pgbackfill.trainer_base('Newmarket, Suffolk')"
    ).fetchone()
    assert travel(conn) == {round(haversine_km((lat, lon), (51.41662, -0.67648)))}
    assert facts_equal_a_full_recomputation(conn)


def test_a_full_pass_sees_a_trainer_move_yards_and_a_course_move(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    given_bases_and_courses(conn)
    full_pass(conn)
    conn.execute("update ra_mst_trainers set location = 'Malton, N Yorks' where id = 'trn_1'")
    assert full_pass(conn) == 12
    assert travel(conn) == {round(conn.execute(
        "select pgbackfill.great_circle_km(b.latitude, b.longitude, 51.41662, -0.67648)"
        "  from pgbackfill.trainer_base('Malton, N Yorks') as b").fetchone()[0])}  # fmt: skip

    conn.execute("update ra_races set course_id = 'crs_2' where id = 'rac_2'")
    conn.execute("update ra_courses set latitude = null where id = 'crs_2'")
    full_pass(conn)
    assert None in travel(conn)
    assert facts_equal_a_full_recomputation(conn)


def test_an_incremental_pass_sees_a_trainers_new_location(conn: psycopg.Connection) -> None:
    given_two_races(conn)
    given_bases_and_courses(conn)
    full_pass(conn)
    conn.execute("update ra_mst_trainers set location = null where id = 'trn_1'")

    # no timestamp moved: the trainer's location fingerprint did
    assert incremental(conn) == 12
    assert travel(conn) == {None}
    assert incremental(conn) == 0
    assert facts_equal_a_full_recomputation(conn)
