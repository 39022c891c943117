"""A local stand-in of The Racing API: a real HTTP server on a loopback address.

It serves ``GET /v1/racecards/pro?date=YYYY-MM-DD&limit=&skip=`` from the
database (the day's ra_races and ra_runners; trainer_location from the
synthetic ground truth ``pgbackfill_synthetic.trainer_locations`` when it
exists, else ``""``), in the documented shape with every value a string,
for dates from 2023-01-23 only (422 before). ``/v1/trainers/{id}`` and any
other path answer 404 ``{"detail": "Not Found"}``, as the live service does.
Basic auth is checked (401).

Faults switch on through :class:`Faults` (also while it runs): 429 above N
requests per second with or without ``Retry-After``, bursts of chosen
statuses (5xx, 401, …), slow answers, garbage bodies, 404/422 for chosen
dates. Every request is logged in ``requests`` for tests.
"""

from __future__ import annotations

import base64
import hmac
import ipaddress
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pgbackfill import db
from pgbackfill.errors import UserError
from pgbackfill.sqlfiles import query

FIRST_RACECARD_DATE = date(2023, 1, 23)
NOT_FOUND = {"detail": "Not Found"}


@dataclass
class Faults:
    """Misbehaviour to serve; tests change the fields between or during runs."""

    # 429 when more than this many requests arrived in the last second
    max_per_second: float | None = None
    # Retry-After seconds sent with those 429s (None: no header)
    retry_after: float | None = None
    # statuses served to the next requests, one each (e.g. [500, 503]: a burst)
    statuses: list[int] = field(default_factory=list)
    # Retry-After sent with the statuses above (None: no header)
    statuses_retry_after: float | None = None
    # the next `slow` requests wait `delay` seconds before answering
    slow: int = 0
    delay: float = 0.0
    # the next `garbage` answers are 200 with a body that is not JSON
    garbage: int = 0
    # racecard date (ISO) -> status served for it every time (404, 422, …)
    date_status: dict[str, int] = field(default_factory=dict)
    # racecard dates (ISO) served as 200 with a JSON body lacking `racecards`
    malformed_dates: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Request:
    at: float  # time.monotonic() when it arrived
    path: str
    racecard_date: str | None
    status: int


def _require_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise UserError(f"the stand-in only listens on a loopback address, not {host}")


class StandIn:
    """The stand-in server, run in a background thread (use as a context manager)."""

    def __init__(
        self,
        database_url: str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        username: str = "demo",
        password: str = "demo",
        faults: Faults | None = None,
        page_limit: int = 500,
    ) -> None:
        _require_loopback(host)
        self.faults = faults or Faults()
        self.requests: list[Request] = []
        self.page_limit = page_limit
        self._expected = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
        self._conn = db.connect(database_url, application_name="pgbackfill-standin")
        truth = self._conn.execute(
            "select to_regclass('pgbackfill_synthetic.trainer_locations') is not null"
        ).fetchone()[0]
        self._conn.execute(query("standin_truth_view" if truth else "standin_no_truth_view"))
        self._db_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._recent: deque[float] = deque()
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._stopped = threading.Event()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> StandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def wait(self) -> None:
        """Block until stopped (Ctrl-C in the fake-api command)."""
        while not self._stopped.wait(0.5):
            pass

    def stop(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        self._server.shutdown()
        self._server.server_close()
        self._conn.close()

    def racecard_dates(self) -> list[str]:
        """The racecard dates asked so far (with repeats), in arrival order."""
        return [r.racecard_date for r in self.requests if r.racecard_date and r.status == 200]

    # -- answering ---------------------------------------------------------

    def _fault(self, handler: BaseHTTPRequestHandler) -> tuple[int, Any, dict[str, str]] | None:
        """The fault to serve for this request, if any (decided under a lock)."""
        faults = self.faults
        with self._state_lock:
            # requests served in the last second (a refused one does not count)
            now = time.monotonic()
            while self._recent and self._recent[0] <= now - 1.0:
                self._recent.popleft()
            if faults.statuses:
                status = faults.statuses.pop(0)
                headers = {}
                if faults.statuses_retry_after is not None:
                    headers["Retry-After"] = f"{faults.statuses_retry_after:g}"
                return status, {"detail": "fault"}, headers
            if faults.max_per_second is not None and len(self._recent) >= faults.max_per_second:
                headers = {}
                if faults.retry_after is not None:
                    headers["Retry-After"] = f"{faults.retry_after:g}"
                return 429, None, headers
            self._recent.append(now)
            delay = 0.0
            if faults.slow > 0:
                faults.slow -= 1
                delay = faults.delay
            garbage = faults.garbage > 0
            if garbage:
                faults.garbage -= 1
        if delay:
            time.sleep(delay)
        if garbage:
            return 200, b"<html><body>502 Bad Gateway</body></html>", {"Content-Type": "text/html"}
        return None

    def _answer(
        self, handler: BaseHTTPRequestHandler
    ) -> tuple[int, Any, dict[str, str], str | None]:
        url = urlsplit(handler.path)
        params = parse_qs(url.query)
        day = (params.get("date") or [None])[0]
        if not hmac.compare_digest(handler.headers.get("Authorization", ""), self._expected):
            return 401, {"detail": "Invalid credentials"}, {}, day
        fault = self._fault(handler)
        if fault:
            return (*fault, day)
        if url.path.rstrip("/") != "/v1/racecards/pro":
            return 404, NOT_FOUND, {}, day
        if day in self.faults.date_status:
            return self.faults.date_status[day], NOT_FOUND, {}, day
        if day in self.faults.malformed_dates:
            return 200, {"unexpected": "shape"}, {}, day
        try:
            racecard_date = date.fromisoformat(day or "")
            limit = int((params.get("limit") or ["500"])[0])
            skip = int((params.get("skip") or ["0"])[0])
            if not 1 <= limit <= 500 or skip < 0 or racecard_date < FIRST_RACECARD_DATE:
                raise ValueError
        except ValueError:
            detail = [{"loc": ["query", "date"], "msg": "invalid value", "type": "value_error"}]
            return 422, {"detail": detail}, {}, day
        limit = min(limit, self.page_limit)
        with self._db_lock:
            total, racecards = self._conn.execute(
                query("standin_racecards"),
                {"racecard_date": racecard_date, "limit": limit, "skip": skip},
            ).fetchone()
        body = {
            "racecards": racecards,
            "total": str(total),
            "limit": str(limit),
            "skip": str(skip),
            "query": [["date", day]],
        }
        return 200, body, {}, day

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                arrived = time.monotonic()
                status, body, headers, day = standin._answer(self)
                standin.requests.append(Request(arrived, self.path, day, status))
                payload = body if isinstance(body, bytes) else json.dumps(body or {}).encode()
                self.send_response(status)
                headers.setdefault("Content-Type", "application/json")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # quiet: tests and the demo read `requests` instead

        return Handler
