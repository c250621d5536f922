"""Raw archive: every response as a WARC `response` record (warcio), and reading one back.

`WarcArchive(path)` is the fetcher's `on_response`: each response is appended
(gzip member per record, so a file cut short by a crash still reads up to the
last complete record; reruns append to the same file). Bodies are stored as
received after content decoding (the Content-Encoding header is dropped).

`read_pages(path, hosts)` yields every HTML response of a WARC file, ours or
Common Crawl's, as a `WarcPage` (FastWARC reads, warcio writes), and raises
`WarcError` at the end when the file is not a WARC, is damaged or cut short;
`page_at(path, offset)` reads one back (continuation pages of multi-page
articles). `HostFilter` is `--hosts FILE`.
"""
from __future__ import annotations

import io
import logging
import re
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlsplit

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


class WarcError(Exception):
    """A WARC that cannot be read to its end: not a WARC at all, damaged, or cut short.

    Raised by `read_pages` *after* it has yielded every record before the
    damage, so a caller keeps those pages and records one failure for the file.
    """


@dataclass
class WarcPage:
    """One 2xx HTML response record."""

    url: str
    body: bytes
    fetched_at: datetime
    headers: dict[str, str]     # the HTTP headers (the last of repeated names)
    offset: int                 # where the record starts in the file (for `page_at`)


def read_pages(path: str | Path, hosts: "HostFilter | None" = None, bodies: bool = True) -> Iterator[WarcPage]:
    """Every 2xx HTML response of a WARC file (gzip, zstd, lz4 or plain), ours or Common Crawl's.

    FastWARC reads the records (about twice as fast as warcio on real news
    pages, see README); `hosts` drops records of other sites from their
    headers alone, before the body is read. The file must be a WARC read to
    its end: garbage, a damaged record or a file cut short raises `WarcError`
    once the complete records before it have been yielded (FastWARC itself
    stops silently at a cut gzip member, so the end is checked here).
    `bodies=False` is for an index pass: pages come with an empty body.
    """
    from fastwarc.warc import ArchiveIterator

    path = Path(path)
    seen = 0
    last_pos = None
    held = None  # the last record's page waits until the record is known to be complete
    with open(path, "rb") as fh:
        try:
            for record in ArchiveIterator(fh, parse_http=False, auto_decode="none"):
                if held is not None:
                    yield held
                    held = None
                seen += 1
                last_pos = record.stream_pos
                held = _fast_page(record, hosts, bodies)
        except OSError as exc:
            # (`held` is dropped: the damage may be inside that record)
            where = f"after {seen} record(s)" if seen else "at the start"
            kind = "not a WARC file" if not seen else "damaged record"
            raise WarcError(f"{kind} ({where}): {exc}") from None
    if not seen:
        raise WarcError("not a WARC file: no WARC record in it" if path.stat().st_size
                        else "empty file: no WARC record in it")
    complete, tail = _last_record_end(path, last_pos)
    if not complete:
        raise WarcError(f"cut short: record {seen} (at byte {last_pos}) is incomplete; "
                        f"the {seen - 1} record(s) before it were read")
    if held is not None:
        yield held
    if tail:
        raise WarcError(f"damaged after record {seen}: {tail} byte(s) at the end are not a WARC record")


def _fast_page(record, hosts, bodies: bool = True) -> WarcPage | None:
    from fastwarc.warc import WarcRecordType

    if record.record_type != WarcRecordType.response:
        return None
    url = record.headers.get("WARC-Target-URI")
    if not url or (hosts is not None and not hosts.keeps(url)):
        return None
    if not record.is_http:
        return None
    record.parse_http(auto_decode="all")
    http = record.http_headers
    status = http.status_code
    if not status or not 200 <= status < 300:
        return None
    ctype = (http.get("Content-Type") or "").split(";")[0].strip().lower()
    if ctype and not ctype.startswith(HTML_MIMES):
        return None
    body = record.reader.read() if bodies else b""
    return WarcPage(url, body, _warc_date(record.headers.get("WARC-Date")), dict(http.items()),
                    record.stream_pos)


def _last_record_end(path: Path, last_pos: int) -> tuple[bool, int]:
    """(is the record starting at `last_pos` complete, bytes after its end).

    FastWARC stops silently at a gzip member cut short (and may hand out the
    part it could inflate), so the end is checked here: in a gzip WARC (one
    member per record) the last member must be whole and end the file (a
    WARC gzipped as one stream is read through once more to its end); in a
    plain WARC the last record ends after its Content-Length and CRLF CRLF.
    """
    import zlib

    with open(path, "rb") as fh:
        fh.seek(last_pos)
        data = fh.read()
    if data[:4] in (b"\x28\xb5\x2f\xfd", b"\x04\x22\x4d\x18"):
        return True, 0  # zstd / lz4 WARCs: FastWARC reads them; their end is not checked here
    with open(path, "rb") as fh:
        whole_gzip = fh.read(2) == b"\x1f\x8b" and data[:2] != b"\x1f\x8b"
    if whole_gzip:  # not a member per record (`gzip x.warc`): the file's gzip stream must end well
        import gzip

        try:
            with gzip.open(path, "rb") as g:
                while g.read(1 << 20):
                    pass
        except EOFError:
            return False, 0
        except (OSError, zlib.error):
            return True, 1
        return True, 0
    if data[:2] == b"\x1f\x8b":
        d = zlib.decompressobj(wbits=31)
        try:
            d.decompress(data)
        except zlib.error:
            return False, 0
        return (True, len(d.unused_data)) if d.eof else (False, 0)
    head, sep, _ = data.partition(b"\r\n\r\n")
    m = re.search(rb"(?im)^content-length:\s*(\d+)", head) if sep else None
    if not m:
        return False, 0
    end = len(head) + 4 + int(m.group(1))
    if len(data) < end:
        return False, 0
    rest = data[end:]
    return True, 0 if not rest.strip(b"\r\n") else len(rest)


def iter_pages(path: str | Path, offsets: bool = False) -> Iterator[tuple]:
    """(url, body, fetched_at, http headers[, offset]) of every 2xx HTML response record.

    The tuple form of `read_pages` (raises `WarcError` the same way).
    """
    for page in read_pages(path):
        item = (page.url, page.body, page.fetched_at, page.headers)
        yield item + (page.offset,) if offsets else item


def page_at(path: str | Path, offset: int) -> tuple | None:
    """The page of the record at `offset` (from `read_pages`): (url, body, fetched_at, headers)."""
    from fastwarc.warc import ArchiveIterator

    with open(path, "rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh, parse_http=False, auto_decode="none"):
            page = _fast_page(record, None)
            return None if page is None else (page.url, page.body, page.fetched_at, page.headers)
    return None


class HostFilter:
    """The sites of `--hosts FILE`: a record is kept when its host, or a domain above it, is listed.

    Host names are compared lower-case without a leading `www.`, so listing
    `example.com` keeps www.example.com and news.example.com.
    """

    def __init__(self, hosts: Iterable[str]):
        self.hosts = frozenset(h for h in (_bare_host(x) for x in hosts) if h)

    def keeps(self, url: str) -> bool:
        host = _bare_host(urlsplit(url).hostname or "")
        while host:
            if host in self.hosts:
                return True
            host = host.partition(".")[2]
        return False


def _bare_host(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    if "://" in host:
        host = urlsplit(host).hostname or ""
    return host[4:] if host.startswith("www.") else host


def _warc_date(value: str | None) -> datetime:
    if value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
    return datetime.now(timezone.utc)


def write_pages(path: str | Path, pages: Iterable[tuple], gzip: bool = True) -> Path:
    """A WARC of `(url, html bytes[, WARC-Date string[, status[, content type]]])` response records.

    For building archives from saved pages (tests, benchmarks, re-packing a
    folder of HTML for `parse-warc`); one gzip member per record, as crawlers write.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for url, body, *rest in pages:
            date = rest[0] if len(rest) > 0 else "2024-05-01T00:00:00Z"
            status = rest[1] if len(rest) > 1 else 200
            ctype = rest[2] if len(rest) > 2 else "text/html; charset=utf-8"
            headers = StatusAndHeaders(f"{status} {_reason(status)}",
                                       [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers,
                                                          warc_headers_dict={"WARC-Date": date}))
    return path
