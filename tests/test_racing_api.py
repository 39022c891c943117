"""The Racing API client: pacing, retries, Retry-After, 401, recorded outcomes, secrets.

Unit cases use respx (httpx's mocking); the rest talk to the real local
stand-in server (pgbackfill.racing_api_standin) on 127.0.0.1.
"""

from __future__ import annotations

import base64
import logging
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
import respx
import stamina.instrumentation

from pgbackfill.errors import UserError
from pgbackfill.racing_api import (
    ApiUnavailable,
    CallBudgetSpent,
    Credentials,
    CredentialsRejected,
    Pacer,
    RacingApi,
    RetryPolicy,
    retry_after_seconds,
)
from pgbackfill.racing_api_standin import StandIn

from .locations_data import ground_truth, race, runners, trainers

BASE = "https://api.example.test"
CARDS = f"{BASE}/v1/racecards/pro"
FAST = RetryPolicy(
    attempts=4, wait_initial=0.01, wait_max=0.05, wait_jitter=0.01, retry_after_max=0.3, timeout=2
)
USER, PASSWORD = "s3cret-user", "s3cret-pass"


def api(**kwargs) -> RacingApi:
    kwargs.setdefault("rate", 1000.0)
    kwargs.setdefault("policy", FAST)
    return RacingApi(Credentials(USER, PASSWORD), kwargs.pop("base_url", BASE), **kwargs)


def page(racecards: list, total: int | None = None) -> httpx.Response:
    total = len(racecards) if total is None else total
    return httpx.Response(200, json={"racecards": racecards, "total": str(total), "skip": "0"})


@pytest.fixture
def waits():
    """The backoff stamina chose before each retry, in seconds."""
    chosen: list[float] = []
    before = stamina.instrumentation.get_on_retry_hooks()
    stamina.instrumentation.set_on_retry_hooks([lambda details: chosen.append(details.wait_for)])
    yield chosen
    stamina.instrumentation.set_on_retry_hooks(before)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.starts: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


# -- pacing ----------------------------------------------------------------


def test_pacer_spaces_request_starts_one_interval_apart() -> None:
    clock = FakeClock()
    pacer = Pacer(2.0, clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(5):
        pacer.wait()
        starts.append(clock.now)
        clock.now += 0.1  # the request itself
    assert starts == [100.0, 100.5, 101.0, 101.5, 102.0]


def test_pacer_does_not_wait_when_requests_are_slower_than_the_rate() -> None:
    clock = FakeClock()
    pacer = Pacer(2.0, clock=clock, sleep=clock.sleep)
    pacer.wait()
    clock.now += 3.0
    pacer.wait()
    assert clock.now == 103.0


def test_rate_must_be_positive() -> None:
    with pytest.raises(UserError, match="--rate"):
        Pacer(0)


# -- retries ---------------------------------------------------------------


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    now = datetime(2025, 10, 14, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


@respx.mock
def test_server_errors_are_retried_until_an_answer(waits) -> None:
    respx.get(CARDS).mock(
        side_effect=[httpx.Response(500), httpx.Response(503), page([{"race_id": "rac_1"}])]
    )
    with api() as client:
        answer = client.racecards(date(2024, 5, 1))
        assert (answer.outcome, client.calls, client.retries) == ("ok", 3, 2)
    assert answer.body == [{"race_id": "rac_1"}]
    assert len(waits) == 2 and all(0 < wait <= FAST.wait_max for wait in waits)


@respx.mock
def test_429_waits_as_long_as_retry_after_says(waits) -> None:
    respx.get(CARDS).mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": "0.2"}), page([])]
    )
    with api() as client:
        assert client.racecards(date(2024, 5, 1)).outcome == "ok"
    assert waits == [0.2]


@respx.mock
def test_a_huge_retry_after_is_cut_to_the_policy_maximum(waits) -> None:
    respx.get(CARDS).mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": "3600"}), page([])]
    )
    with api() as client:
        client.racecards(date(2024, 5, 1))
    assert waits == [FAST.retry_after_max]


@respx.mock
def test_timeouts_and_connection_errors_are_retried() -> None:
    respx.get(CARDS).mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.ConnectError("refused"), page([])]
    )
    with api() as client:
        assert client.racecards(date(2024, 5, 1)).outcome == "ok"
        assert client.calls == 3


@respx.mock
def test_retries_give_up_after_the_last_attempt_with_one_line() -> None:
    respx.get(CARDS).mock(return_value=httpx.Response(503))
    with api() as client, pytest.raises(ApiUnavailable) as failure:
        client.racecards(date(2024, 5, 1))
    assert client.calls == FAST.attempts
    assert failure.value.exit_code == 69
    assert "\n" not in str(failure.value) and "HTTP 503" in str(failure.value)


@respx.mock
def test_401_stops_at_once_without_a_retry() -> None:
    route = respx.get(CARDS).mock(return_value=httpx.Response(401))
    with api() as client, pytest.raises(CredentialsRejected) as failure:
        client.racecards(date(2024, 5, 1))
    assert route.call_count == 1
    assert failure.value.exit_code == 2
    assert "RACING_API_USERNAME" in str(failure.value)


@respx.mock
def test_404_and_422_come_back_as_outcomes_to_record() -> None:
    respx.get(CARDS, params={"date": "2024-05-01"}).mock(
        return_value=httpx.Response(404, json={"detail": "Not Found"})
    )
    respx.get(CARDS, params={"date": "2024-05-02"}).mock(
        return_value=httpx.Response(422, json={"detail": [{"msg": "field required"}]})
    )
    with api() as client:
        assert client.racecards(date(2024, 5, 1)).outcome == "404"
        answer = client.racecards(date(2024, 5, 2))
    assert answer.outcome == "422" and "field required" in answer.detail


@respx.mock
def test_undecodable_bodies_are_an_outcome_not_an_error() -> None:
    respx.get(CARDS).mock(
        side_effect=[
            httpx.Response(200, text="<html>oops</html>"),
            httpx.Response(200, json={"no": "racecards"}),
        ]
    )
    with api() as client:
        assert client.racecards(date(2024, 5, 1)).outcome == "undecodable"
        assert client.racecards(date(2024, 5, 2)).outcome == "undecodable"


@respx.mock
def test_racecards_reads_every_page() -> None:
    route = respx.get(CARDS).mock(
        side_effect=[
            page([{"race_id": "rac_1"}, {"race_id": "rac_2"}], 3),
            page([{"race_id": "rac_3"}], 3),
        ]
    )
    with api() as client:
        answer = client.racecards(date(2024, 5, 1))
    assert [card["race_id"] for card in answer.body] == ["rac_1", "rac_2", "rac_3"]
    assert [call.request.url.params["skip"] for call in route.calls] == ["0", "2"]


@respx.mock
def test_max_calls_stops_before_the_next_request() -> None:
    route = respx.get(CARDS).mock(return_value=httpx.Response(500))
    with api(max_calls=2) as client, pytest.raises(CallBudgetSpent):
        client.racecards(date(2024, 5, 1))
    assert route.call_count == 2


@respx.mock
def test_requests_carry_basic_auth() -> None:
    route = respx.get(CARDS).mock(return_value=page([]))
    with api() as client:
        client.racecards(date(2024, 5, 1))
    expected = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert route.calls[0].request.headers["Authorization"] == f"Basic {expected}"


def test_a_base_url_holding_credentials_is_refused_without_echoing_them() -> None:
    with pytest.raises(UserError) as failure:
        api(base_url=f"https://{USER}:{PASSWORD}@api.example.test")
    assert USER not in str(failure.value) and PASSWORD not in str(failure.value)


def test_credentials_never_show_in_their_repr() -> None:
    shown = repr(Credentials(USER, PASSWORD))
    assert USER not in shown and PASSWORD not in shown


# -- against the real local stand-in -----------------------------------------


@pytest.fixture
def racing_day(conn) -> None:
    """2024-05-01: three races; the ground truth knows two trainers' yards."""
    trainers(conn, {"trn_1": None, "trn_2": None, "trn_3": None})
    for n in (1, 2, 3):
        race(conn, f"rac_{n}", "2024-05-01")
    runners(conn, "rac_1", [("trn_1", None), ("trn_2", None)])
    runners(conn, "rac_2", [("trn_3", None)])
    runners(conn, "rac_3", [("trn_1", None)])
    ground_truth(conn, {"trn_1": "Newmarket, Suffolk", "trn_2": "Chantilly, France"})


@pytest.fixture
def standin(database_url, racing_day):
    with StandIn(database_url, username=USER, password=PASSWORD, page_limit=2) as server:
        yield server


def test_standin_serves_a_days_racecards_with_every_value_a_string(standin) -> None:
    with api(base_url=standin.base_url) as client:
        answer = client.racecards(date(2024, 5, 1))
        assert client.calls == 2  # three racecards, two per page
    assert answer.outcome == "ok"
    assert [card["race_id"] for card in answer.body] == ["rac_1", "rac_2", "rac_3"]
    first = answer.body[0]
    assert first["field_size"] == "" and first["is_abandoned"] == "false"
    assert [(r["trainer_id"], r["trainer_location"]) for r in first["runners"]] == [
        ("trn_1", "Newmarket, Suffolk"),
        ("trn_2", "Chantilly, France"),
    ]
    assert answer.body[1]["runners"][0]["trainer_location"] == ""  # no truth: ""
    values = [v for card in answer.body for r in card["runners"] for v in r.values()]
    assert all(isinstance(value, str) for value in values)


def test_standin_refuses_wrong_credentials_with_401(database_url) -> None:
    with StandIn(database_url, username="someone", password="else") as server:
        with api(base_url=server.base_url) as client, pytest.raises(CredentialsRejected):
            client.racecards(date(2024, 5, 1))
        assert [r.status for r in server.requests] == [401]


def test_standin_answers_404_for_trainers_and_422_before_the_first_racecard_day(standin) -> None:
    with api(base_url=standin.base_url) as client:
        assert client.get("/v1/trainers/trn_1").outcome == "404"
        assert client.racecards(date(2023, 1, 22)).outcome == "422"
        assert client.racecards(date(2023, 1, 23)).outcome == "ok"


def test_requests_never_exceed_the_rate_in_any_second(standin) -> None:
    rate = 10
    with api(base_url=standin.base_url, rate=rate) as client:
        for _ in range(14):
            client.get("/v1/trainers/trn_1")
    arrivals = sorted(r.at for r in standin.requests)
    assert len(arrivals) == 14
    # any one-second window (allowing 20 ms of network jitter) holds at most `rate`
    for start in arrivals:
        assert sum(start <= t < start + 0.98 for t in arrivals) <= rate


def test_standin_429s_are_ridden_out_honouring_retry_after(standin, waits) -> None:
    standin.faults.max_per_second = 2
    standin.faults.retry_after = 0.4
    policy = RetryPolicy(attempts=5, wait_initial=0.01, wait_max=0.05, retry_after_max=1)
    with api(base_url=standin.base_url, rate=50, policy=policy) as client:
        for _ in range(4):
            assert client.get("/v1/racecards/pro", {"date": "2024-05-01"}).outcome == "ok"
    statuses = [r.status for r in standin.requests]
    assert statuses.count(200) == 4 and 429 in statuses
    assert waits and all(wait == pytest.approx(0.4) for wait in waits)


def test_bursts_of_server_errors_are_ridden_out(standin) -> None:
    standin.faults.statuses = [500, 502, 503]
    with api(base_url=standin.base_url) as client:
        assert client.racecards(date(2024, 5, 1)).outcome == "ok"
    assert [r.status for r in standin.requests][:3] == [500, 502, 503]


def test_slow_answers_time_out_and_are_retried(standin) -> None:
    standin.faults.slow, standin.faults.delay = 1, 0.6
    policy = RetryPolicy(attempts=3, wait_initial=0.01, wait_max=0.02, wait_jitter=0, timeout=0.2)
    with api(base_url=standin.base_url, policy=policy) as client:
        assert client.get("/v1/racecards/pro", {"date": "2024-05-01"}).outcome == "ok"
        assert client.calls == 2


def test_garbage_bodies_from_the_standin_are_undecodable(standin) -> None:
    standin.faults.garbage = 1
    with api(base_url=standin.base_url) as client:
        assert client.racecards(date(2024, 5, 1)).outcome == "undecodable"


def test_standin_only_listens_on_loopback(database_url) -> None:
    with pytest.raises(UserError, match="loopback"):
        StandIn(database_url, host="0.0.0.0")


def test_secrets_never_appear_in_messages_or_logs(standin, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    secrets = [USER, PASSWORD, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()]
    messages = []
    standin.faults.statuses = [503] * 10
    with api(base_url=standin.base_url) as client:
        with pytest.raises(ApiUnavailable) as exhausted:
            client.racecards(date(2024, 5, 1))
        messages.append(str(exhausted.value))
    standin.faults.statuses = []
    with StandIn(standin._conn.info.dsn, username="x", password="y") as other:
        with api(base_url=other.base_url) as client, pytest.raises(CredentialsRejected) as rejected:
            client.racecards(date(2024, 5, 1))
        messages.append(str(rejected.value))
    with respx.mock:
        respx.get(CARDS).mock(side_effect=httpx.ConnectError(f"boom {BASE}"))
        with api() as client, pytest.raises(ApiUnavailable) as unreachable:
            client.racecards(date(2024, 5, 1))
        messages.append(str(unreachable.value))
    shown = "\n".join(messages) + caplog.text + repr(caplog.records)
    assert caplog.records  # stamina logged the retries
    for secret in secrets:
        assert secret not in shown
