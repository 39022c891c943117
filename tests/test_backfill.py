"""`pgbackfill backfill` on synthetic data, judged by the seed's own verification queries."""

from __future__ import annotations

import re
from pathlib import Path

import psycopg
import pytest
from rich.console import Console

from pgbackfill import backfill, locations, synthetic
from pgbackfill.errors import UserError
from pgbackfill.racing_api import Credentials
from pgbackfill.racing_api_standin import StandIn

from .test_cli import run

VERIFICATION = Path(__file__).with_name("seed_verification.sql").read_text()


def verification_query(name: str) -> str:
    """One block of the seed's verification queries, as the seed wrote it."""
    blocks = re.split(r"^-- ([a-z_]+) --$", VERIFICATION, flags=re.MULTILINE)
    return dict(zip(blocks[1::2], blocks[2::2], strict=True))[name]


@pytest.fixture
def seeded(database_url: str) -> str:
    with psycopg.connect(database_url, autocommit=True) as conn:
        synthetic.generate(conn, scale=0.01, seed=3)
    return database_url


def quiet() -> Console:
    return Console(quiet=True)


def backfill_with_standin(url: str, phases: tuple[str, ...] = backfill.PHASES):
    with StandIn(url, port=0, username="u", password="p") as api:
        options = backfill.Options(
            phases=phases,
            locations=locations.Options(
                rate=500.0, base_url=api.base_url, credentials=Credentials("u", "p")
            ),
        )
        return backfill.run(url, console=quiet(), options=options)


def test_backfill_passes_the_seeds_verification_queries(seeded: str) -> None:
    results = backfill_with_standin(seeded)
    assert [result.outcome for result in results] == ["done"] * 5
    with psycopg.connect(seeded) as conn:
        for kind, total, analysed in conn.execute(verification_query("after_pedigree_statistics")):
            assert total > 0 and analysed == total, kind
        total, with_location, pct = conn.execute(
            verification_query("after_trainer_locations")
        ).fetchone()
        assert pct > 95
        with_stats = dict(conn.execute(verification_query("after_entity_statistics")).fetchall())
        with_runs = dict(
            conn.execute(
                """
                select 'Jockeys', count(distinct jockey_id) from pgbackfill.runs
                union all select 'Trainers', count(distinct trainer_id) from pgbackfill.runs
                union all select 'Owners', count(distinct owner_id) from pgbackfill.runs
                """
            ).fetchall()
        )
    assert with_stats == with_runs


def test_second_backfill_skips_every_completed_phase(seeded: str) -> None:
    backfill_with_standin(seeded)
    again = backfill_with_standin(seeded)
    assert {result.outcome for result in again} == {"skipped: already complete"}
    assert sum(result.rows_written for result in again) == 0


def test_without_credentials_the_other_phases_still_run(
    seeded: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RACING_API_USERNAME", raising=False)
    monkeypatch.delenv("RACING_API_PASSWORD", raising=False)
    code, out, err = run(["backfill", "--database-url", seeded], capsys)
    assert code == 1
    assert "RACING_API_USERNAME" in out
    assert "left to do: locations" in out
    with psycopg.connect(seeded) as conn:
        analysed = conn.execute(verification_query("after_pedigree_statistics")).fetchall()
    assert all(total == done for _, total, done in analysed)


def test_phases_option_runs_only_the_chosen_phases_in_seed_order(seeded: str) -> None:
    results = backfill_with_standin(seeded, backfill.parse_phases("dams,sires"))
    assert [result.phase for result in results] == ["sires", "dams"]
    with psycopg.connect(seeded) as conn:
        rows = conn.execute("select count(analysis_last_updated) from ra_mst_damsires").fetchone()
    assert rows == (0,)


@pytest.mark.parametrize("text", ["", "sires,unicorns", " , "])
def test_unknown_phase_is_refused(text: str) -> None:
    with pytest.raises(UserError, match="unknown phase"):
        backfill.parse_phases(text)
