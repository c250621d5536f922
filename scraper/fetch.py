"""Downloading pages: one `requests.Session`, bounded in time and size.

Every way a download can go wrong ends as a `FetchError` carrying the HTTP
status where there was one, so the caller can write a failures row and move
on with the batch.

Retries: connection and read errors are retried by urllib3; 429 and 5xx
answers are retried here, so that `Retry-After` is honoured (capped by
`max_retry_after`: a server asking for longer fails the page at once rather
than stalling the batch) and reported to the politeness `gate`, which then
holds back every request to that host. A `gate` (see
`broadsheet.politeness`) wraps each HTTP attempt; `on_response` sees every
response, redirect hops and errors included (the WARC archive uses it).
"""
from __future__ import annotations

import contextlib
import os
import heapq
import itertools
import socket
import threading
import email.utils
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable
from urllib.parse import urljoin

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .charset import CharsetError, decode

USER_AGENT = "Broadsheet/0.1 (+https://github.com/broadsheet/broadsheet; news-to-tables research scraper)"
HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml", "text/plain")
RETRY_STATUSES = (429, 500, 502, 503, 504)


class FetchError(Exception):
    """A page could not be downloaded as HTML."""

    def __init__(self, url: str, message: str, http_status: int | None = None):
        super().__init__(message)
        self.url = url
        self.http_status = http_status


@dataclass
class FetchOptions:
    timeout: float = 20.0          # seconds per connect and per read
    total_timeout: float = 60.0    # whole download, so a trickling body cannot hang a batch
    retries: int = 3
    backoff: float = 0.5
    max_bytes: int = 10 * 1024 * 1024   # counted after decompression
    user_agent: str = USER_AGENT
    headers: dict[str, str] = field(default_factory=dict)
    max_retry_after: float = 30.0  # longest Retry-After waited for; longer fails the page
    pool_size: int = 10            # connections kept per host


@dataclass
class Response:
    url: str                 # final URL after redirects
    requested_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    text: str
    encoding: str
    fetched_at: datetime

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def make_session(options: FetchOptions | None = None, pool_size: int | None = None) -> requests.Session:
    options = options or FetchOptions()
    pool_size = pool_size or options.pool_size
    # Status retries (429/5xx) are done by Fetcher.get so that Retry-After is capped
    # and shared with the politeness gate; urllib3 retries connection/read errors.
    retry = Retry(
        total=options.retries, connect=options.retries, read=options.retries,
        status=0, backoff_factor=options.backoff, status_forcelist=(),
        allowed_methods=("GET", "HEAD"), respect_retry_after_header=False,
        raise_on_status=False, raise_on_redirect=False,
    )
    # Retry-After can ask for minutes; a batch must not stall on it.
    retry.DEFAULT_BACKOFF_MAX = 30
    adapter = HTTPAdapter(max_retries=retry, pool_connections=pool_size, pool_maxsize=pool_size)
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.max_redirects = 10
    # requests looks at the proxy variables and ~/.netrc on every request (~2 ms each
    # time); when the environment configures none of what it would find there
    # (proxies, CA bundle, netrc), skip that. Variables set later are not seen.
    if not _environment_matters():
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if bundle:
            session.verify = bundle  # what requests would have read from the environment each time
        session.trust_env = False
    session.headers.update({"User-Agent": options.user_agent,
                            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                            "Accept-Encoding": "gzip, deflate"})
    session.headers.update(options.headers)
    return session


def _environment_matters() -> bool:
    names = {k.lower() for k in os.environ}
    if any(n.endswith("_proxy") for n in names) or "netrc" in names:
        return True
    home = os.path.expanduser("~")
    return any(os.path.exists(os.path.join(home, name)) for name in (".netrc", "_netrc"))


class Fetcher:
    """Downloads one URL at a time; safe to share between threads."""

    def __init__(self, options: FetchOptions | None = None, session: requests.Session | None = None,
                 gate=None, on_response: Callable[[Response], None] | None = None,
                 check_url: Callable[[str], None] | None = None):
        self.options = options or FetchOptions()
        self.session = session or make_session(self.options)
        # gate(url) -> context manager around one HTTP attempt; gate.pause(url, seconds)
        self.gate = gate
        self.on_response = on_response
        # check_url(url) raises when a redirect may not be followed to `url` (robots.txt)
        self.check_url = check_url

    def get(self, url: str, headers: dict[str, str] | None = None, *, any_type: bool = False,
            check_redirects: bool = True) -> Response:
        """Download `url` as HTML (or, with `any_type`, whatever it is: feeds, sitemaps, robots.txt).

        A 304 answer to a conditional request comes back as a Response with
        `status == 304` and an empty body.

        Redirects are followed here, one request at a time, rather than inside
        requests: every hop passes the politeness gate of its own host and, with
        `check_redirects`, `check_url` (so a redirect to another site still
        obeys that site's robots.txt and delay).
        """
        current = url
        hops = 0
        attempt = 0
        while True:
            # The gate (per-host concurrency and delay) covers the request and the body read.
            with (self.gate(current) if self.gate is not None else contextlib.nullcontext()):
                started = time.monotonic()
                resp = self._request(current, headers)
                target = self.session.get_redirect_target(resp)
                wait = None
                if target is None and resp.status_code in RETRY_STATUSES:
                    try:
                        wait = self._retry_wait(url, resp, attempt)
                    except FetchError:
                        self._archive(url, resp, started)
                        resp.close()
                        raise
                if target is None and wait is None:
                    return self._finish(url, resp, started, any_type)
                self._archive(url, resp, started)  # a redirect hop, or an answer to be retried
                resp.close()
            if target is not None:
                hops += 1
                if hops > self.session.max_redirects:
                    raise FetchError(url, f"too many redirects: more than {self.session.max_redirects}")
                current = requests.utils.requote_uri(urljoin(current, target))
                if not current.startswith(("http://", "https://")):
                    raise FetchError(url, f"redirect to a non-HTTP address: {current}")
                if check_redirects and self.check_url is not None:
                    try:
                        self.check_url(current)
                    except Exception as exc:  # noqa: BLE001 - the hook's refusal ends this page
                        raise FetchError(url, f"redirect to {current} not followed: {exc}") from exc
                attempt = 0
                continue
            attempt += 1
            if self.gate is not None and hasattr(self.gate, "pause"):
                self.gate.pause(current, wait)
            time.sleep(wait)

    def _retry_wait(self, url: str, resp: requests.Response, attempt: int) -> float | None:
        """Seconds to wait before retrying, or None to give up on this answer."""
        opts = self.options
        retry_after = parse_retry_after(resp.headers.get("Retry-After"))
        if retry_after is not None and retry_after > opts.max_retry_after:
            raise FetchError(url, f"HTTP {resp.status_code}: Retry-After {retry_after:g}s is longer than "
                             f"the {opts.max_retry_after:g}s allowed", resp.status_code)
        if attempt >= opts.retries:
            return None
        if retry_after is not None:
            return retry_after
        return min(opts.backoff * (2 ** attempt), 30.0)

    def _request(self, url: str, headers: dict[str, str] | None) -> requests.Response:
        opts = self.options
        session = self.session
        try:
            if session.trust_env or session.auth or session.params or session.proxies or session.hooks.get(
                    "response"):
                return session.get(url, timeout=(opts.timeout, opts.timeout), stream=True,
                                   headers=headers or None, allow_redirects=False)
            # A session that takes nothing from the environment and has no auth, params,
            # proxies or hooks: its request is prepared directly (requests' "prepared
            # requests"), sparing the settings merges of Session.request (~30% of its cost).
            prep = requests.PreparedRequest()
            prep.prepare(method="GET", url=url, cookies=session.cookies,
                         headers={**session.headers, **headers} if headers else session.headers.copy())
            return session.send(prep, timeout=(opts.timeout, opts.timeout), stream=True,
                                allow_redirects=False, proxies={}, verify=session.verify, cert=session.cert)
        except requests.exceptions.RetryError as exc:
            raise FetchError(url, f"gave up after {opts.retries} retries: {_reason(exc)}") from exc
        except requests.exceptions.Timeout as exc:
            raise FetchError(url, f"timeout after {opts.timeout:g}s: {_reason(exc)}") from exc
        except requests.exceptions.ConnectionError as exc:
            reason = _reason(exc)
            # After retries a read timeout arrives wrapped as a connection error.
            if "timed out" in reason.lower():
                raise FetchError(url, f"timeout after {opts.timeout:g}s: {reason}") from exc
            raise FetchError(url, f"connection failed: {reason}") from exc
        except requests.exceptions.RequestException as exc:
            raise FetchError(url, f"request failed: {exc}") from exc

    def _finish(self, url: str, resp: requests.Response, started: float, any_type: bool) -> Response:
        with resp:
            if resp.status_code == 304:
                return self._response(url, resp, b"", "", "", started)
            if resp.status_code >= 400:
                self._archive(url, resp, started)
                raise FetchError(url, f"HTTP {resp.status_code} {resp.reason or ''}".strip(),
                                 resp.status_code)
            content_type = resp.headers.get("Content-Type", "")
            mime = content_type.split(";")[0].strip().lower()
            if any_type:
                body = self._read(url, resp, started)
                return self._response(url, resp, body, "", "", started)
            if mime and not mime.startswith(HTML_TYPES):
                self._archive(url, resp, started)
                raise FetchError(url, f"not an HTML page: Content-Type {mime}", resp.status_code)
            body = self._read(url, resp, started)
            try:
                text, encoding = self._html(url, resp, body, mime, content_type)
            except FetchError:
                self._response(url, resp, body, "", "", started)  # archived all the same
                raise
            return self._response(url, resp, body, text, encoding, started)

    @staticmethod
    def _html(url: str, resp: requests.Response, body: bytes, mime: str, content_type: str) -> tuple[str, str]:
        """(text, encoding) of a body that claims to be HTML; FetchError if it is not."""
        if not mime and _looks_binary(body):
            raise FetchError(url, "not an HTML page: no Content-Type and binary content", resp.status_code)
        try:
            text, encoding = decode(body, content_type)
        except CharsetError as exc:
            raise FetchError(url, str(exc), resp.status_code) from exc
        if _looks_binary(body[:4096]) and "<" not in text[:2048]:
            raise FetchError(url, "not an HTML page: binary content", resp.status_code)
        return text, encoding

    def _archive(self, url: str, resp: requests.Response, started: float) -> None:
        """Give `on_response` a response that is not returned: a redirect hop, an error
        status, an answer that will be retried, a type that is not HTML.

        An archive holds every response, as a crawler's WARC does, not only the
        pages. The body is read within the usual size and time limits; one that
        breaks them is not archived (the page's own error says why).
        """
        if self.on_response is None:
            return
        try:
            body = self._read(url, resp, started)
        except FetchError:
            return
        self._response(url, resp, body, "", "", started)

    def _read(self, url: str, resp: requests.Response, started: float) -> bytes:
        opts = self.options
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > opts.max_bytes \
                and not resp.headers.get("Content-Encoding"):
            raise FetchError(url, f"page too large: Content-Length {declared} > {opts.max_bytes} bytes",
                             resp.status_code)
        chunks, size = [], 0
        # A body that trickles in never trips the read timeout and may block inside
        # one read: a watchdog cuts the connection when the total time is up.
        aborted = threading.Event()
        remaining = max(0.01, opts.total_timeout - (time.monotonic() - started))
        ticket = _WATCHDOG.add(remaining, lambda: _abort(resp, aborted))
        try:
            for chunk in resp.iter_content(chunk_size=65536):
                size += len(chunk)
                if size > opts.max_bytes:
                    raise FetchError(url, f"page too large: more than {opts.max_bytes} bytes "
                                     "after decompression", resp.status_code)
                if time.monotonic() - started > opts.total_timeout:
                    raise FetchError(url, f"timeout: download took more than {opts.total_timeout:g}s",
                                     resp.status_code)
                chunks.append(chunk)
        except (requests.exceptions.RequestException, OSError, AttributeError, ValueError) as exc:
            if aborted.is_set():
                raise FetchError(url, f"timeout: download took more than {opts.total_timeout:g}s",
                                 resp.status_code) from exc
            raise FetchError(url, f"body read failed: {_reason(exc)}", resp.status_code) from exc
        finally:
            _WATCHDOG.cancel(ticket)
        if aborted.is_set():
            raise FetchError(url, f"timeout: download took more than {opts.total_timeout:g}s",
                             resp.status_code)
        return b"".join(chunks)

    def _response(self, url, resp, body, text, encoding, started) -> Response:
        out = Response(url=resp.url, requested_url=url, status=resp.status_code,
                       headers=dict(resp.headers), content=body, text=text, encoding=encoding,
                       fetched_at=datetime.now(timezone.utc))
        if self.on_response is not None and out.status != 304:
            self.on_response(out)
        return out


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class _Watchdog:
    """One thread that runs callbacks at deadlines (cancelled when the work finished first)."""

    def __init__(self):
        self._heap: list = []
        self._live: set[int] = set()
        self._ids = itertools.count()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def add(self, seconds: float, callback) -> int:
        ticket = next(self._ids)
        with self._cond:
            heapq.heappush(self._heap, (time.monotonic() + seconds, ticket, callback))
            self._live.add(ticket)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="fetch-watchdog", daemon=True)
                self._thread.start()
            self._cond.notify()
        return ticket

    def cancel(self, ticket: int) -> None:
        with self._cond:
            self._live.discard(ticket)

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._heap and self._heap[0][1] not in self._live:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait(5.0)
                    if not self._heap:
                        continue
                    continue
                deadline, ticket, callback = self._heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._cond.wait(min(wait, 5.0))
                    continue
                heapq.heappop(self._heap)
                self._live.discard(ticket)
            try:
                callback()
            except Exception:  # noqa: BLE001 - a watchdog never dies
                pass


_WATCHDOG = _Watchdog()


def _abort(resp: requests.Response, flag: threading.Event) -> None:
    """Cut a response's connection so a blocked read returns at once."""
    flag.set()
    conn = getattr(resp.raw, "connection", None) or getattr(resp.raw, "_connection", None)
    sock = getattr(conn, "sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control / len(sample) > 0.1


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)


def _reason(exc: BaseException) -> str:
    """The innermost message of a requests/urllib3 exception chain."""
    inner = exc.args[0] if exc.args else exc
    reason = getattr(inner, "reason", None)
    return str(reason or inner)
