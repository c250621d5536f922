"""Raw archive: every response as a WARC `response` record (warcio), and reading one back.

`WarcArchive(path)` is the fetcher's `on_response`: each response is appended
(gzip member per record, so a file cut short by a crash still reads up to the
last complete record; reruns append to the same file). Bodies are stored as
received after content decoding (the Content-Encoding header is dropped).

`iter_pages(path)` yields (url, body, fetched_at, headers) for every HTML
response in a WARC file, ours or Common Crawl's; `page_at(path, offset)`
reads one back (continuation pages of multi-page articles).
"""
from __future__ import annotations

import io
import logging
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.fetch import Response

log = logging.getLogger("broadsheet.warc")

_HOP = {"content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"}
HTML_MIMES = ("text/html", "application/xhtml+xml")


class WarcArchive:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "ab")
        self._writer = WARCWriter(self._fh, gzip=True)
        self._lock = threading.Lock()

    def __call__(self, resp: Response) -> None:
        self.write(resp)

    def write(self, resp: Response) -> None:
        headers = [(k, v) for k, v in resp.headers.items() if k.lower() not in _HOP]
        headers.append(("Content-Length", str(len(resp.content))))
        http_headers = StatusAndHeaders(f"{resp.status} {_reason(resp.status)}", headers,
                                        protocol="HTTP/1.1")
        date = resp.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        record = self._writer.create_warc_record(
            resp.url, "response", payload=io.BytesIO(resp.content), http_headers=http_headers,
            warc_headers_dict={"WARC-Date": date})
        with self._lock:
            self._writer.write_record(record)
            self._fh.flush()

    def close(self) -> None:
        with self._lock:
            self._fh.close()


def _reason(status: int) -> str:
    from http import HTTPStatus
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def iter_pages(path: str | Path, offsets: bool = False) -> Iterator[tuple]:
    """(url, body, fetched_at, http headers[, offset]) of every 2xx HTML response record.

    A file cut short (a crash while writing, a partial download) is read up to
    its last complete record, with a warning.
    """
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                page = _page(record)
                if page is None:
                    continue
                if offsets:
                    page = page + (it.get_record_offset(),)
                yield page
        except Exception as exc:  # noqa: BLE001 - truncated gzip member, bad record
            log.warning("%s: stopped reading at a damaged record: %s", path, exc)


def page_at(path: str | Path, offset: int) -> tuple | None:
    """The page of the record at `offset` (from `iter_pages(..., offsets=True)`)."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh):
            return _page(record)
    return None


def _page(record):
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode()
    if not status or not status.startswith("2"):
        return None
    ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if ctype and not ctype.startswith(HTML_MIMES):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    if not url:
        return None
    body = record.content_stream().read()
    return url, body, _warc_date(record.rec_headers.get_header("WARC-Date")), dict(record.http_headers.headers)


def _warc_date(value: str | None) -> datetime:
    if value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
    return datetime.now(timezone.utc)
