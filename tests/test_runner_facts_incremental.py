"""The runner facts kept up to date race by race, and `refresh --stale` on them.

Given facts filled from racing rows -> racing rows change (stamped, as the
feed stamps them) -> an incremental pass (refresh_runner_facts(false)) ->
expect exactly what a full recomputation gives, the changed entities logged,
and `--stale` restating just those entities.
"""

from __future__ import annotations

import psycopg

from pgbackfill import refresh

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
