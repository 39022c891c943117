"""`pgbackfill seed`: the synthetic data generator, tested on real PostgreSQL.

Generations are shared per module (small scales) and the tests read them:
given a scale and a seed -> generate -> expect the seed's shape and gaps.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import psycopg
import pytest

from pgbackfill import cli, synthetic
from pgbackfill.errors import UserError

from .conftest import create_database, drop_database, with_dbname

SMALL = 0.01
MODERATE = 0.05

# Every table the generator writes, with a deterministic order for checksums.
TABLES = {
    "ra_races": "id",
    "ra_courses": "id",
    "ra_runners": "id",
    "ra_mst_horses": "id",
    "ra_horse_pedigree": "horse_id",
    "ra_mst_jockeys": "id",
    "ra_mst_trainers": "id",
    "ra_mst_owners": "id",
    "ra_mst_sires": "id",
    "ra_mst_dams": "id",
    "ra_mst_damsires": "id",
    "pgbackfill_synthetic.trainer_locations": "trainer_id",
}


def checksums(conn: psycopg.Connection) -> dict[str, str]:
    return {
        table: conn.execute(
            f"select md5(coalesce(string_agg(t::text, '|' order by {key}), '')) from {table} as t"
        ).fetchone()[0]
        for table, key in TABLES.items()
    }


def scalar(conn: psycopg.Connection, sql: str, params: dict | None = None):
    return conn.execute(sql, params or {}).fetchone()[0]


@pytest.fixture(scope="module")
def fresh_url(server_url: str, template_name: str) -> Iterator:
    """A factory of migrated, empty databases, dropped at the end of the module."""
    made: list[str] = []

    def make() -> str:
        name = create_database(server_url, template=template_name)
        made.append(name)
        return with_dbname(server_url, name)

    yield make
    for name in made:
        drop_database(server_url, name)


def generated(url: str, scale: float, seed: int) -> synthetic.Counts:
    with psycopg.connect(url, autocommit=True) as conn:
        return synthetic.generate(conn, scale=scale, seed=seed)


@pytest.fixture(scope="module")
def small_url(fresh_url) -> str:
    url = fresh_url()
    generated(url, SMALL, 1)
    return url


@pytest.fixture(scope="module")
def moderate_url(fresh_url) -> str:
    url = fresh_url()
    generated(url, MODERATE, 3)
    return url


@pytest.fixture
def small(small_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(small_url, autocommit=True) as conn:
        yield conn


@pytest.fixture
def moderate(moderate_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(moderate_url, autocommit=True) as conn:
        yield conn


# -- sizes ------------------------------------------------------------------


def test_sizes_at_scale_one_are_the_seeds(conn: psycopg.Connection) -> None:
    row = conn.execute("select * from pgbackfill.synthetic_sizes(1.0)").fetchone()
    assert row == (
        137000,
        112000,
        3500,
        2781,
        40000,
        2143,
        48372,
        3041,
        1523,
        600,
        820,
        115,
        169,
        1018,
        70,
    )
    # 1,523 trainers without a location are the seed's 54.76 %
    assert round(1523 / 2781 * 100, 2) == 54.76


def test_the_largest_scale_places_its_races_without_overflow(conn: psycopg.Connection) -> None:
    """`seed --scale 5` (the largest --scale) stopped with `integer out of
    range`: the races stage placed race r on day r * days / races in int
    arithmetic, past 2^31 from scale ~4. That stage needs nothing but the
    sizes, so it runs alone here at scale 5 (685,000 races, in a transaction
    rolled back, loaded as synthetic_generate loads: without the secondary
    indexes); the other stages at scale 5 take minutes (a whole `seed
    --scale 5`: about 5 min, 2.7 GB). Its races cover every day, first to last."""
    with conn.transaction(force_rollback=True):
        for (index,) in conn.execute(
            "select indexrelid::regclass::text from pg_index"
            " where indrelid = 'public.ra_races'::regclass"
            " and not exists (select from pg_constraint where conindid = indexrelid)"
        ).fetchall():
            conn.execute(f"drop index {index}")
        conn.execute("select pgbackfill.synthetic_races(5, 1)")
        placed = conn.execute(
            "select count(*), count(distinct date), min(date), max(date) from public.ra_races"
        ).fetchone()
    assert placed == (685000, 3946, date(2015, 1, 1), date(2025, 10, 20))


def test_counts_scale_linearly_with_at_least_one_each(small: psycopg.Connection) -> None:
    counts = synthetic.counts(small)
    assert counts["ra_races"] == 1370
    assert counts["ra_mst_horses"] == counts["ra_horse_pedigree"] == 1120
    assert (counts["ra_mst_sires"], counts["ra_mst_dams"], counts["ra_mst_damsires"]) == (
        21,
        484,
        30,
    )
    assert (counts["ra_mst_jockeys"], counts["ra_mst_trainers"], counts["ra_mst_owners"]) == (
        35,
        28,
        400,
    )
    assert 11000 <= counts["ra_runners"] <= 14000
    tiny = small.execute(
        "select sires, dams, damsires from pgbackfill.synthetic_sizes(0.001)"
    ).fetchone()
    assert min(tiny) >= 1


# -- determinism and replacement ---------------------------------------------


def test_same_seed_gives_identical_tables_and_another_seed_replaces_them(
    small: psycopg.Connection, fresh_url
) -> None:
    url = fresh_url()
    generated(url, SMALL, 2)
    with psycopg.connect(url, autocommit=True) as other:
        seed_two = checksums(other)
        generated(url, SMALL, 1)  # replaces seed 2's data
        assert scalar(other, "select seed from pgbackfill_synthetic.generation") == 1
        seed_one_again = checksums(other)
    seed_one = checksums(small)
    assert seed_one_again == seed_one
    assert all(
        seed_two[table] != seed_one[table] for table in ("ra_runners", "ra_races", "ra_mst_horses")
    )


def test_same_scale_and_seed_again_does_nothing(small: psycopg.Connection) -> None:
    before = scalar(small, "select generated_at from pgbackfill_synthetic.generation")
    again = synthetic.generate(small, scale=SMALL, seed=1)
    assert again.reused
    assert again == synthetic.counts(small)
    assert scalar(small, "select generated_at from pgbackfill_synthetic.generation") == before


def test_racing_rows_not_generated_are_refused_and_kept(conn: psycopg.Connection) -> None:
    conn.execute("insert into ra_races (id, date) values ('rac_1', '2024-05-01')")
    with pytest.raises(UserError, match="did not generate"):
        synthetic.generate(conn, scale=SMALL, seed=1)
    assert conn.execute("select id from ra_races").fetchall() == [("rac_1",)]
    assert scalar(conn, "select count(*) from ra_runners") == 0


def test_second_writer_leaves_with_exit_75(database_url: str) -> None:
    with (
        psycopg.connect(database_url, autocommit=True) as holder,
        psycopg.connect(database_url, autocommit=True) as second,
    ):
        holder.execute("select pg_advisory_lock(hashtext('pgbackfill:' || %s))", (synthetic.LOCK,))
        with pytest.raises(UserError) as caught:
            synthetic.generate(second, scale=SMALL, seed=1)
        assert caught.value.exit_code == 75
        assert scalar(second, "select count(*) from ra_races") == 0


@pytest.mark.parametrize("scale", ["0", "-1", "5.5", "nan", "abc", "0.0001"])
def test_bad_scale_is_one_line_and_exit_2(database_url: str, scale: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit:
        cli.main(["seed", "--scale", scale, "--database-url", database_url])
    assert exit.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "\n" not in err and "Traceback" not in err
    with psycopg.connect(database_url) as conn:
        assert scalar(conn, "select count(*) from ra_races") == 0


def test_foreign_data_refusal_is_one_line_and_exit_2(database_url: str, capsys) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("insert into ra_mst_trainers (id, name) values ('trn_1', 'A Trainer')")
    with pytest.raises(SystemExit) as exit:
        cli.main(["seed", "--scale", "0.01", "--database-url", database_url])
    assert exit.value.code == 2
    err = capsys.readouterr().err.strip()
    assert "did not generate" in err and "\n" not in err


# -- the seed's gaps -----------------------------------------------------------


def test_pedigree_statistics_are_empty_for_all(small: psycopg.Connection) -> None:
    for table in ("ra_mst_sires", "ra_mst_dams", "ra_mst_damsires"):
        assert small.execute(
            f"select count(*), count(analysis_last_updated), count(total_runners),"
            f" count(overall_ae_index), count(class_1_name), count(distance_3_ae) from {table}"
        ).fetchone()[1:] == (0, 0, 0, 0, 0)


def test_trainer_location_categories_hold(moderate: psycopg.Connection) -> None:
    sizes = moderate.execute(
        "select trainers, trainers_without_location, trainers_stored_in_runners,"
        " trainers_racecards_only from pgbackfill.synthetic_sizes(%s::numeric)",
        (str(MODERATE),),
    ).fetchone()
    trainers, missing, stored, racecards = sizes
    categories = dict(
        moderate.execute(
            "select category, count(*) from pgbackfill_synthetic.trainer_locations group by 1"
        ).fetchall()
    )
    assert sum(categories.values()) == trainers  # a true location for every trainer
    assert categories["stored_in_runners"] == stored
    assert categories["racecards_only"] == racecards
    assert categories["no_source"] == missing - stored - racecards > 0
    assert (
        scalar(moderate, "select count(*) from ra_mst_trainers where location is null") == missing
    )
    # located trainers show their true location
    found = scalar(
        moderate,
        """
        select count(*) from ra_mst_trainers t join pgbackfill_synthetic.trainer_locations g
          on g.trainer_id = t.id
         where g.category = 'located' and t.location is distinct from g.location""",
    )
    assert found == 0
    per_trainer = dict(
        ((category, check), count)
        for category, check, count in moderate.execute("""
        with seen as (
            select g.trainer_id, g.category,
                   bool_or(r.trainer_location = g.location) as stored_right,
                   bool_or(r.trainer_location is not null and r.trainer_location <> g.location) as stored_wrong,
                   max(c.date) filter (where not r.is_scratched and not c.is_abandoned) as last_card
              from pgbackfill_synthetic.trainer_locations g
              join ra_runners r on r.trainer_id = g.trainer_id
              join ra_races c on c.id = r.race_id
             group by 1, 2)
        select category, 'stored', count(*) filter (where stored_right) from seen group by 1
        union all
        select category, 'wrong', count(*) filter (where stored_wrong) from seen group by 1
        union all
        select category, 'recent', count(*) filter (where last_card >= '2023-01-23') from seen group by 1
        union all
        select category, 'ran', count(*) from seen group by 1""").fetchall()
    )
    assert per_trainer[("stored_in_runners", "stored")] == stored
    assert per_trainer[("racecards_only", "stored")] == 0
    assert per_trainer[("racecards_only", "recent")] == racecards
    assert per_trainer[("no_source", "stored")] == 0
    assert per_trainer[("no_source", "recent")] == 0
    assert per_trainer[("no_source", "ran")] == categories["no_source"]
    assert per_trainer[("located", "stored")] > 0  # some stored rows of located trainers too
    assert all(count == 0 for (_, check), count in per_trainer.items() if check == "wrong")


def test_entity_statistics_missing_only_for_the_gap_entities(moderate: psycopg.Connection) -> None:
    expected = moderate.execute(
        "select jockeys_without_statistics, trainers_without_statistics,"
        " owners_without_statistics from pgbackfill.synthetic_sizes(%s::numeric)",
        (str(MODERATE),),
    ).fetchone()
    for (table, total, person), gaps in zip(
        [
            ("ra_mst_jockeys", "total_rides", "jockey_id"),
            ("ra_mst_trainers", "total_runners", "trainer_id"),
            ("ra_mst_owners", "total_runners", "owner_id"),
        ],
        expected,
        strict=True,
    ):
        missing, missing_runs, stamped_without = moderate.execute(f"""
            select count(*) filter (where e.{total} is null),
                   count(*) filter (where e.{total} is null
                                      and exists (select from pgbackfill.runs r where r.{person} = e.id)),
                   count(*) filter (where e.{total} is not null and e.stats_updated_at is null)
              from {table} e""").fetchone()
        assert missing == gaps
        assert missing_runs == gaps  # every gap entity has runs
        assert stamped_without == 0
    # present statistics agree with the runs
    found = scalar(
        moderate,
        """
        select count(*) from ra_mst_jockeys j
          join (select jockey_id, count(*) as rides, count(*) filter (where position = 1) as wins
                  from pgbackfill.runs group by 1) r on r.jockey_id = j.id
         where j.total_rides is not null and (j.total_rides, j.total_wins) <> (r.rides, r.wins)""",
    )
    assert found == 0


# -- realism -------------------------------------------------------------------


def test_field_sizes_are_2_to_30_and_match_the_runner_rows(moderate: psycopg.Connection) -> None:
    low, high, typical = moderate.execute(
        "select min(field_size), max(field_size),"
        " percentile_cont(0.5) within group (order by field_size) from ra_races"
    ).fetchone()
    assert 2 <= low and high <= 30 and 8 <= typical <= 12
    found = scalar(
        moderate,
        """
        select count(*) from ra_races c
         where c.field_size <> (select count(*) from ra_runners r where r.race_id = c.id)""",
    )
    assert found == 0
    found = scalar(
        moderate,
        """
        select count(*) from ra_runners r
         where not exists (select from ra_races c where c.id = r.race_id)
            or not exists (select from ra_mst_horses h where h.id = r.horse_id)""",
    )
    assert found == 0
    # a horse runs at most once in a race
    found = scalar(
        moderate,
        """
        select count(*) from (select race_id, horse_id from ra_runners group by 1, 2
                               having count(*) > 1) as twice""",
    )
    assert found == 0


def test_damsire_is_the_sire_of_the_dam(moderate: psycopg.Connection) -> None:
    # one damsire per dam, wherever the pedigree is written
    found = scalar(
        moderate,
        """
        select count(*) from (
            select dam_id from (
                select dam_id, damsire_id from ra_horse_pedigree
                union all select dam_id, damsire_id from ra_mst_horses where dam_id is not null
                union all select dam_id, damsire_id from ra_runners where dam_id is not null) as written
             group by dam_id having count(distinct damsire_id) > 1) as inconsistent""",
    )
    assert found == 0


def test_every_horse_has_a_full_lineage_and_dams_have_few_foals(
    moderate: psycopg.Connection,
) -> None:
    found = scalar(
        moderate,
        """
        select count(*) from ra_mst_horses h
          left join ra_horse_pedigree p on p.horse_id = h.id
         where p.sire_id is null or p.dam_id is null or p.damsire_id is null
            or p.sire is null or p.dam is null or p.damsire is null""",
    )
    assert found == 0
    assert (
        moderate.execute("""
        select min(foals), max(foals) from (select d.id, count(p.horse_id) as foals from ra_mst_dams d
          left join ra_horse_pedigree p on p.dam_id = d.id group by d.id) as dams""").fetchone()
        == (1, 5)
    )
    for table, column in [("ra_mst_sires", "sire_id"), ("ra_mst_damsires", "damsire_id")]:
        found = scalar(
            moderate,
            f"""select count(*) from {table} e
            where not exists (select from ra_horse_pedigree p where p.{column} = e.id)""",
        )
        assert found == 0


def test_sire_popularity_is_heavy_tailed(moderate: psycopg.Connection) -> None:
    top, median = moderate.execute("""
        select max(foals), percentile_cont(0.5) within group (order by foals)
          from (select sire_id, count(*) as foals from ra_horse_pedigree group by 1) as sires""").fetchone()
    assert top > 10 * median


def test_pedigree_copies_are_sometimes_missing_on_either_side(moderate: psycopg.Connection) -> None:
    runner_lacks, master_lacks, neither = moderate.execute("""
        select count(*) filter (where r.sire_id is null and h.sire_id is not null),
               count(*) filter (where h.sire_id is null and r.sire_id is not null),
               count(*) filter (where h.sire_id is null and r.sire_id is null)
          from ra_runners r join ra_mst_horses h on h.id = r.horse_id""").fetchone()
    assert runner_lacks > 0 and master_lacks > 0 and neither == 0


def test_results_have_winners_non_finishers_and_non_runners(moderate: psycopg.Connection) -> None:
    found = scalar(
        moderate,
        """
        select count(*) from ra_races c where c.has_result
           and not exists (select from ra_runners r where r.race_id = c.id and r.position = 1)""",
    )
    assert found == 0
    found = scalar(
        moderate,
        """
        select count(*) from ra_runners r join ra_races c on c.id = r.race_id
         where (not c.has_result or r.is_scratched)
           and (r.position is not null or r.starting_price_decimal is not null)""",
    )
    assert found == 0
    flat, jumps = moderate.execute("""
        select avg((position is null)::int) filter (where c.type = 'Flat'),
               avg((position is null)::int) filter (where c.type in ('Hurdle', 'Chase'))
          from pgbackfill.runs r join ra_races c on c.id = r.race_id""").fetchone()
    assert 0 < flat < jumps
    assert scalar(moderate, "select count(*) from ra_runners where is_scratched") > 0
    found = scalar(
        moderate,
        """select count(*) from (select race_id from ra_runners where position = 1
                                group by 1 having count(*) = 2) as dead_heats""",
    )
    assert found > 0
    abandoned, unrun, last_unrun, last_result = moderate.execute("""
        select count(*) filter (where is_abandoned), count(*) filter (where not has_result and not is_abandoned),
               min(date) filter (where not has_result and not is_abandoned), max(date) filter (where has_result)
          from ra_races""").fetchone()
    assert abandoned > 0 and unrun > 0 and last_unrun >= last_result


def test_sp_is_present_on_most_runs_and_population_ae_is_about_0_9(
    moderate: psycopg.Connection,
) -> None:
    with_sp, ae = moderate.execute("""
        select avg((x.starting_price_decimal is not null)::int),
               sum((x.position = 1)::int) filter (where x.starting_price_decimal is not null)
                 / sum(1 / x.starting_price_decimal)
          from pgbackfill.runs r join ra_runners x on x.id = r.runner_id""").fetchone()
    assert 0.95 <= with_sp < 1
    assert 0.84 <= ae <= 0.96


def test_irish_races_have_no_class_and_british_ones_do(small: psycopg.Connection) -> None:
    assert small.execute("""
        select count(*) filter (where region = 'ire' and coalesce(race_class, '') <> ''),
               count(*) filter (where region = 'gb' and race_class !~ '^Class [1-7]$'),
               count(*) filter (where region = 'ire' and race_class is null),
               count(*) filter (where region = 'ire' and race_class = '')
          from ra_races""").fetchone()[:2] == (0, 0)


def test_distance_and_going_strings_are_mixed_but_readable(moderate: psycopg.Connection) -> None:
    unreadable, disagreeing, formats = moderate.execute(r"""
        select count(*) filter (where pgbackfill.distance_furlongs(distance) is null),
               count(*) filter (where abs(pgbackfill.distance_furlongs(distance)
                                          - pgbackfill.distance_furlongs(distance_f)) > 0.5),
               count(distinct case when distance ~ '^\d+\.\d$' then 'decimal'
                                   when distance ~ '^\d+(\.5)?f$' then 'furlongs'
                                   when distance ~ 'm|y' then 'miles-furlongs-yards' end)
          from ra_races""").fetchone()
    assert (unreadable, disagreeing, formats) == (0, 0, 3)
    assert (
        scalar(
            moderate,
            "select count(*) from ra_races where pgbackfill.going_canonical(going) is null",
        )
        == 0
    )
    spellings = {
        going for (going,) in moderate.execute("select distinct going from ra_races").fetchall()
    }
    assert {"Good To Soft", "good_to_soft", "Yielding", "Standard To Slow"} <= spellings
    assert {t for (t,) in moderate.execute("select distinct type from ra_races").fetchall()} == {
        "Flat",
        "Hurdle",
        "Chase",
        "NH Flat",
    }
    assert {s for (s,) in moderate.execute("select distinct surface from ra_races").fetchall()} == {
        "Turf",
        "AW",
    }


def test_racecards_can_be_rebuilt_from_the_tables_and_the_ground_truth(
    small: psycopg.Connection,
) -> None:
    # every runner row of a racecard date finds its trainer's true location
    found = scalar(
        small,
        """
        select count(*) from ra_runners r join ra_races c on c.id = r.race_id
          left join pgbackfill_synthetic.trainer_locations g on g.trainer_id = r.trainer_id
         where c.date >= '2023-01-23' and g.location is null""",
    )
    assert found == 0
