"""Downloading pages: one `requests.Session`, bounded in time and size.

Every way a download can go wrong ends as a `FetchError` carrying the HTTP
status where there was one, so the caller can write a failures row and move
on with the batch.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .charset import CharsetError, decode

USER_AGENT = "Broadsheet/0.1 (+https://github.com/broadsheet/broadsheet; news-to-tables research scraper)"
HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml", "text/plain")


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


def make_session(options: FetchOptions | None = None, pool_size: int = 10) -> requests.Session:
    options = options or FetchOptions()
    retry = Retry(
        total=options.retries, connect=options.retries, read=options.retries,
        status=options.retries, backoff_factor=options.backoff,
        status_forcelist=(429, 500, 502, 503, 504), allowed_methods=("GET", "HEAD"),
        respect_retry_after_header=True, raise_on_status=False, raise_on_redirect=False,
    )
    # Retry-After can ask for minutes; a batch must not stall on it.
    retry.DEFAULT_BACKOFF_MAX = 30
    adapter = HTTPAdapter(max_retries=retry, pool_connections=pool_size, pool_maxsize=pool_size)
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.max_redirects = 10
    session.headers.update({"User-Agent": options.user_agent,
                            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                            "Accept-Encoding": "gzip, deflate"})
    session.headers.update(options.headers)
    return session


class Fetcher:
    """Downloads one URL at a time; safe to share between threads."""

    def __init__(self, options: FetchOptions | None = None, session: requests.Session | None = None):
        self.options = options or FetchOptions()
        self.session = session or make_session(self.options)

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        opts = self.options
        started = time.monotonic()
        try:
            resp = self.session.get(url, timeout=(opts.timeout, opts.timeout), stream=True,
                                    headers=headers or {})
        except requests.exceptions.TooManyRedirects as exc:
            raise FetchError(url, f"too many redirects: {exc}") from exc
        except requests.exceptions.RetryError as exc:
            raise FetchError(url, f"gave up after {opts.retries} retries: {_reason(exc)}") from exc
        except requests.exceptions.Timeout as exc:
            raise FetchError(url, f"timeout after {opts.timeout:g}s: {_reason(exc)}") from exc
        except requests.exceptions.ConnectionError as exc:
            raise FetchError(url, f"connection failed: {_reason(exc)}") from exc
        except requests.exceptions.RequestException as exc:
            raise FetchError(url, f"request failed: {exc}") from exc
        with resp:
            if resp.status_code == 304:
                return self._response(url, resp, b"", "", "", started)
            if resp.status_code >= 400:
                raise FetchError(url, f"HTTP {resp.status_code} {resp.reason or ''}".strip(),
                                 resp.status_code)
            content_type = resp.headers.get("Content-Type", "")
            mime = content_type.split(";")[0].strip().lower()
            if mime and not mime.startswith(HTML_TYPES):
                raise FetchError(url, f"not an HTML page: Content-Type {mime}", resp.status_code)
            body = self._read(url, resp, started)
            if not mime and _looks_binary(body):
                raise FetchError(url, "not an HTML page: no Content-Type and binary content",
                                 resp.status_code)
            try:
                text, encoding = decode(body, content_type)
            except CharsetError as exc:
                raise FetchError(url, str(exc), resp.status_code) from exc
            if _looks_binary(body[:4096]) and "<" not in text[:2048]:
                raise FetchError(url, "not an HTML page: binary content", resp.status_code)
            return self._response(url, resp, body, text, encoding, started)

    def _read(self, url: str, resp: requests.Response, started: float) -> bytes:
        opts = self.options
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > opts.max_bytes \
                and not resp.headers.get("Content-Encoding"):
            raise FetchError(url, f"page too large: Content-Length {declared} > {opts.max_bytes} bytes",
                             resp.status_code)
        chunks, size = [], 0
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
        except requests.exceptions.RequestException as exc:
            raise FetchError(url, f"body read failed: {_reason(exc)}", resp.status_code) from exc
        return b"".join(chunks)

    @staticmethod
    def _response(url, resp, body, text, encoding, started) -> Response:
        return Response(url=resp.url, requested_url=url, status=resp.status_code,
                        headers=dict(resp.headers), content=body, text=text, encoding=encoding,
                        fetched_at=datetime.now(timezone.utc))


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control / len(sample) > 0.1


def _reason(exc: BaseException) -> str:
    """The innermost message of a requests/urllib3 exception chain."""
    inner = exc.args[0] if exc.args else exc
    reason = getattr(inner, "reason", None)
    return str(reason or inner)
