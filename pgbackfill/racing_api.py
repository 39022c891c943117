"""The Racing API over HTTP: one request at a time, paced, retried, never leaking a secret.

- Basic auth from ``RACING_API_USERNAME`` / ``RACING_API_PASSWORD``, base
  URL ``RACING_API_BASE_URL`` (default https://api.theracingapi.com), paths
  under ``/v1``.
- Requests start no closer than ``1 / rate`` seconds apart (retries too).
- 429, 5xx, timeouts and connection errors are retried with exponential
  backoff and jitter (stamina); a ``Retry-After`` header sets the wait.
- 401/403 stop everything at once (:class:`CredentialsRejected`, exit 2):
  retrying cannot help.
- 404, 422 and undecodable bodies come back as an :class:`Answer` whose
  ``outcome`` the caller records, so that the request is never repeated.
- ``max_calls`` caps the requests sent (retries included):
  :class:`CallBudgetSpent` is raised before the first one over.

Credentials live only in the httpx client's auth; no message, log line or
exception text this module makes contains them.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import stamina

from pgbackfill.errors import UserError

USERNAME_VAR = "RACING_API_USERNAME"
PASSWORD_VAR = "RACING_API_PASSWORD"
BASE_URL_VAR = "RACING_API_BASE_URL"
DEFAULT_BASE_URL = "https://api.theracingapi.com"
RACECARDS_PATH = "/v1/racecards/pro"
RACECARDS_PAGE_LIMIT = 500  # the API's maximum page size
MAX_PAGES = 50  # a day never has 25,000 races: a bound, not a limit in practice

# stamina logs each retry (without credentials); without a handler of the
# application's, Python's last-resort handler would print them on stderr
logging.getLogger("stamina").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Credentials:
    """A Racing API login. Its repr never shows either part."""

    username: str = field(repr=False)
    password: str = field(repr=False)

    @classmethod
    def from_env(
        cls, username: str | None = None, password: str | None = None
    ) -> Credentials | None:
        """The given values, else the environment's; None when either is missing."""
        username = username or os.environ.get(USERNAME_VAR)
        password = password or os.environ.get(PASSWORD_VAR)
        if not username or not password:
            return None
        return cls(username, password)


class MissingCredentials(UserError):
    def __init__(self, done: str = "") -> None:
        prefix = f"{done}; " if done else ""
        super().__init__(
            f"{prefix}set {USERNAME_VAR} and {PASSWORD_VAR} to ask The Racing API", exit_code=2
        )


class CredentialsRejected(UserError):
    """401/403: wrong credentials, inactive account, or an endpoint above the plan."""

    def __init__(self, status: int, path: str) -> None:
        super().__init__(
            f"The Racing API refused the credentials (HTTP {status} on {path}): check "
            f"{USERNAME_VAR} and {PASSWORD_VAR}, and that the plan includes this endpoint",
            exit_code=2,
        )


class ApiUnavailable(UserError):
    """Retries exhausted, or an answer this client does not expect."""

    def __init__(self, message: str) -> None:
        super().__init__(f"{message}; rerun later to resume", exit_code=69)


class CallBudgetSpent(Exception):
    """The --max-calls budget is spent: the next request is not sent."""


class _Retryable(Exception):
    """A failure worth another try: 429, 5xx, a timeout, a lost connection."""

    def __init__(self, what: str, retry_after: float | None = None) -> None:
        super().__init__(what)
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: attempts per request, backoff bounds, per-request timeout."""

    attempts: int = 8
    wait_initial: float = 1.0
    wait_max: float = 60.0
    wait_jitter: float = 1.0
    # a Retry-After longer than this is cut to it (the edge blocks for 5 min)
    retry_after_max: float = 330.0
    timeout: float = 30.0


@dataclass
class Answer:
    """What one request (or one date's pages) gave.

    outcome: 'ok' (body holds the decoded JSON), '404', '422', or
    'undecodable' (detail says why in one line).
    """

    outcome: str
    body: Any = None
    detail: str | None = None


class Pacer:
    """Spaces request starts at least 1/rate seconds apart."""

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise UserError("--rate must be above 0 requests per second")
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._next_at: float | None = None

    def wait(self) -> None:
        """Sleep until the next request may start, and book the slot after it."""
        now = self._clock()
        if self._next_at is not None and now < self._next_at:
            self._sleep(self._next_at - now)
            now = self._next_at
        self._next_at = now + self.interval


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """A Retry-After header (seconds, or an HTTP date) in seconds; None if absent or odd."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def check_base_url(base_url: str) -> str:
    """The base URL without a trailing slash; refuse one that embeds credentials."""
    url = httpx.URL(base_url)
    if url.scheme not in ("http", "https") or not url.host:
        raise UserError(f"{BASE_URL_VAR} must be an http(s) URL such as {DEFAULT_BASE_URL}")
    if url.userinfo:
        raise UserError(
            f"{BASE_URL_VAR} must not hold credentials: use {USERNAME_VAR} and {PASSWORD_VAR}"
        )
    return base_url.rstrip("/")


class RacingApi:
    """A paced, retrying client of The Racing API (use as a context manager)."""

    def __init__(
        self,
        credentials: Credentials,
        base_url: str | None = None,
        *,
        rate: float = 2.0,
        policy: RetryPolicy | None = None,
        max_calls: int | None = None,
        transport: httpx.BaseTransport | None = None,
        pacer: Pacer | None = None,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.base_url = check_base_url(base_url or os.environ.get(BASE_URL_VAR) or DEFAULT_BASE_URL)
        self.pacer = pacer or Pacer(rate)
        self.max_calls = max_calls
        self.calls = 0  # requests sent, retries included
        self.retries = 0
        self._client = httpx.Client(
            base_url=self.base_url,
            auth=httpx.BasicAuth(credentials.username, credentials.password),
            timeout=self.policy.timeout,
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "pgbackfill"},
            follow_redirects=False,
        )

    def __enter__(self) -> RacingApi:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- one request -------------------------------------------------------

    def get(self, path: str, params: dict[str, Any] | None = None) -> Answer:
        """GET path (under the base URL), paced and retried; see the module docstring."""
        try:
            for attempt in stamina.retry_context(
                on=self._backoff,
                attempts=self.policy.attempts,
                timeout=None,
                wait_initial=self.policy.wait_initial,
                wait_max=self.policy.wait_max,
                wait_jitter=self.policy.wait_jitter,
            ):
                with attempt:
                    if attempt.num > 1:
                        self.retries += 1
                    return self._send(path, params)
        except _Retryable as failure:
            raise ApiUnavailable(
                f"The Racing API kept failing on {path} ({failure}, "
                f"{self.policy.attempts} attempts)"
            ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, error: Exception) -> bool | float:
        # stamina's backoff hook: retry only _Retryable; a Retry-After sets the wait
        if not isinstance(error, _Retryable):
            return False
        if error.retry_after is not None:
            return min(error.retry_after, self.policy.retry_after_max)
        return True

    def _send(self, path: str, params: dict[str, Any] | None) -> Answer:
        if self.max_calls is not None and self.calls >= self.max_calls:
            raise CallBudgetSpent()
        self.pacer.wait()
        self.calls += 1
        try:
            response = self._client.get(path, params=params)
        except httpx.TimeoutException:
            raise _Retryable("timed out") from None
        except httpx.TransportError as error:
            # the type only: an error's text may quote the URL
            raise _Retryable(f"connection failed: {type(error).__name__}") from None
        status = response.status_code
        if status in (401, 403):
            raise CredentialsRejected(status, path)
        if status == 429 or status >= 500:
            retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            raise _Retryable(f"HTTP {status}", retry_after)
        if status in (404, 422):
            return Answer(str(status), detail=f"HTTP {status}: {_short(response.text)}")
        if status != 200:
            raise ApiUnavailable(f"The Racing API answered HTTP {status} on {path}")
        try:
            return Answer("ok", body=response.json())
        except ValueError:
            return Answer("undecodable", detail=f"not JSON: {_short(response.text)}")

    # -- endpoints ---------------------------------------------------------

    def racecards(self, day: date) -> Answer:
        """Every racecard of a day (all regions, all pages): body is the list of racecards."""
        racecards: list[Any] = []
        skip = 0
        for _page in range(MAX_PAGES):
            answer = self.get(
                RACECARDS_PATH,
                {"date": day.isoformat(), "limit": RACECARDS_PAGE_LIMIT, "skip": skip},
            )
            if answer.outcome != "ok":
                return answer
            body = answer.body
            page = body.get("racecards") if isinstance(body, dict) else None
            if not isinstance(page, list):
                return Answer("undecodable", detail="no racecards list in the body")
            racecards.extend(page)
            try:
                total = int(body.get("total", len(racecards)))
            except (TypeError, ValueError):
                return Answer("undecodable", detail="total is not a number")
            skip += len(page)
            if not page or skip >= total:
                break
        return Answer("ok", body=racecards)


def _short(text: str, limit: int = 120) -> str:
    """One line of a body, for a record's detail."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
