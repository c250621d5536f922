"""Where the WARCs of a `parse-warc` job come from: local paths, http(s) URLs, Common Crawl paths.

An input is named as given (`WarcInput.spec`, which is what a failures row
shows) and located once, when the job is planned (`locate`): a local path
becomes absolute, `crawl-data/...` (or `s3://commoncrawl/crawl-data/...`) is
resolved against `--cc-base` (Common Crawl's HTTPS endpoint, any mirror, or
a local folder such as a mount of the S3 bucket), an http(s) URL stays a URL. Anything else (an
`ftp://` URL, a line with spaces in a list file) is a `WarcInput` with an
`error`: the job records it as a failure row instead of guessing.

Remote WARCs are downloaded by the task that reads them (`download`):
streamed to a local temporary file with requests, retried with exponential
backoff on connection errors, 429 and 5xx (honouring `Retry-After`), and a
transfer cut mid-way resumes with a `Range` request where it stopped. A local
copy is what lets the task read the file twice (the first pass indexes the
pages, so multi-page articles are joined as `scrape` joins them).
"""
from __future__ import annotations

import gzip
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

log = logging.getLogger("broadsheet.warc")

DEFAULT_CC_BASE = "https://data.commoncrawl.org/"
_CC_PATH = re.compile(r"^(?:s3://commoncrawl/)?(crawl-data/\S+)$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
CHUNK = 1 << 20


@dataclass(frozen=True)
class WarcInput:
    spec: str                   # as given: the failures row's `url` when the WARC fails
    location: str | None        # absolute local path or http(s) URL; None when `error`
    error: str | None = None    # why this input cannot be read at all

    @property
    def remote(self) -> bool:
        return bool(self.location) and self.location.startswith(("http://", "https://"))


def locate(spec: str, cc_base: str = DEFAULT_CC_BASE) -> WarcInput:
    """One input as given -> where to read it from (or the reason it cannot be read)."""
    spec = spec.strip()
    if not spec or any(ch.isspace() for ch in spec) or not spec.isprintable():
        return WarcInput(spec, None, "not a WARC path or URL")
    if spec.startswith(("http://", "https://")):
        if not urlsplit(spec).hostname:
            return WarcInput(spec, None, "not a valid URL")
        return WarcInput(spec, spec)
    cc = _CC_PATH.match(spec)
    if cc:
        if cc_base.startswith(("http://", "https://")):
            return WarcInput(spec, urljoin(cc_base if cc_base.endswith("/") else cc_base + "/", cc.group(1)))
        # a local copy or a mount of the bucket (e.g. mountpoint-s3 on /mnt/commoncrawl)
        base = cc_base[len("file://"):] if cc_base.startswith("file://") else cc_base
        return WarcInput(spec, str(Path(base).expanduser().resolve() / cc.group(1)))
    if _SCHEME.match(spec):
        scheme = spec.split("://", 1)[0]
        if scheme.lower() != "file":
            return WarcInput(spec, None, f"unsupported URL scheme {scheme}:// (use a local path, "
                                         "http(s):// or a Common Crawl crawl-data/... path)")
        spec_path = spec[len("file://"):]
        return WarcInput(spec, str(Path(spec_path).resolve()))
    return WarcInput(spec, str(Path(spec).expanduser().resolve()))


def read_list(path: str | Path) -> list[str]:
    """The inputs of `-i LIST`: one per line; blank lines and # comments ignored.

    Junk lines are kept (`locate` turns them into failure rows): a list with
    a bad line still runs the good ones.
    """
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def cc_news_month(month: str) -> str:
    """`YYYY-MM` -> the Common Crawl path of that month's CC-NEWS WARC list (ValueError if malformed)."""
    m = _MONTH.match(month.strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 2016:
        raise ValueError(f"--cc-news {month!r}: give a month as YYYY-MM (CC-NEWS starts in 2016-08)")
    return f"crawl-data/CC-NEWS/{m.group(1)}/{m.group(2)}/warc.paths.gz"


def cc_news_paths(month: str, cc_base: str = DEFAULT_CC_BASE, retries: int = 3,
                  timeout: float = 30.0) -> list[str]:
    """The WARC paths (`crawl-data/CC-NEWS/...`) of one month of CC-NEWS, from its warc.paths.gz."""
    source = locate(cc_news_month(month), cc_base)
    if source.remote:
        data = fetch_bytes(source.location, retries=retries, timeout=timeout)
    else:
        try:
            data = Path(source.location).read_bytes()
        except OSError as exc:
            raise DownloadError(f"{source.location}: {exc}") from exc
    try:
        text = gzip.decompress(data).decode("utf-8") if data[:2] == b"\x1f\x8b" else data.decode("utf-8")
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise DownloadError(f"{source.location}: not a paths list: {exc}") from exc
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


class DownloadError(Exception):
    def __init__(self, message: str, http_status: int | None = None):
        super().__init__(message)
        self.http_status = http_status


_RETRY_STATUS = (429, 500, 502, 503, 504)


def _session(retries: int):
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    from scraper.fetch import USER_AGENT

    session = requests.Session()
    retry = Retry(total=retries, connect=retries, read=retries, status=retries, backoff_factor=0.5,
                  status_forcelist=_RETRY_STATUS, allowed_methods=["GET"], respect_retry_after_header=True,
                  raise_on_status=False)
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    session.headers["User-Agent"] = USER_AGENT
    return session


def fetch_bytes(url: str, retries: int = 3, timeout: float = 30.0) -> bytes:
    """A small remote file (a paths list) in memory, with the same retries as `download`."""
    import requests

    try:
        with _session(retries) as session:
            resp = session.get(url, timeout=timeout)
    except requests.RequestException as exc:
        raise DownloadError(f"{url}: {type(exc).__name__}: {exc}") from exc
    if resp.status_code != 200:
        raise DownloadError(f"{url}: HTTP {resp.status_code}", resp.status_code)
    return resp.content


def download(url: str, dest: Path, retries: int = 3, timeout: float = 60.0, backoff: float = 1.0) -> Path:
    """Stream `url` into `dest`; a transfer cut mid-way resumes with `Range` (retries with backoff).

    Connection errors, 429 and 5xx are retried by urllib3 (`Retry`, honouring
    Retry-After); a body cut short is retried here from the byte it stopped
    at, up to `retries` times, waiting `backoff` * 2**n seconds. Raises
    `DownloadError` (with the HTTP status when there was one) when it still fails.
    """
    import requests

    dest.parent.mkdir(parents=True, exist_ok=True)
    have = 0
    dest.write_bytes(b"")
    attempt = 0
    with _session(retries) as session:
        while True:
            headers = {"Range": f"bytes={have}-"} if have else {}
            try:
                with session.get(url, headers=headers, stream=True, timeout=timeout) as resp:
                    if resp.status_code == 200 and have:
                        have = 0  # the server ignored Range: start again
                        dest.write_bytes(b"")
                    elif resp.status_code not in (200, 206):
                        raise DownloadError(f"HTTP {resp.status_code}", resp.status_code)
                    expected = resp.headers.get("Content-Length")
                    total = have + int(expected) if expected and expected.isdigit() else None
                    # A connection closed early is seen below (have < total), keeping the bytes that
                    # came: urllib3 would otherwise drop the last partial read with IncompleteRead.
                    resp.raw.enforce_content_length = False
                    with open(dest, "ab") as fh:
                        for chunk in resp.iter_content(CHUNK):
                            fh.write(chunk)
                            have += len(chunk)
                    if total is None or have >= total:
                        return dest
                    raise requests.exceptions.ChunkedEncodingError(
                        f"connection closed after {have} of {total} bytes")
            except DownloadError:
                raise
            except requests.RequestException as exc:
                attempt += 1
                if attempt > retries:
                    raise DownloadError(f"{type(exc).__name__}: {exc} (after {retries} retries)") from exc
                wait = backoff * 2 ** (attempt - 1)
                log.warning("%s: %s; retrying in %gs from byte %d", url, exc, wait, have)
                time.sleep(wait)
