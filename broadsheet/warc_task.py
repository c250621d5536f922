"""One task of a `parse-warc` job: one WARC file (or one slice of it) -> Parquet shards.

`run_task(task, settings, out_dir)` is the unit both engines run (in a local
worker process or as a Ray task): it reads the WARC (downloading a remote one
to a temporary file first), parses and extracts every HTML page of its
slice, and writes the rows as shards (`broadsheet/shards.py`). It never
raises for bad input: a WARC that cannot be read, is not a WARC, or is cut
short becomes one failures row with stage `warc` (the pages before the
damage are kept), and the task is still complete. It is idempotent: run
twice (a retry after a lost worker), it writes the same shards.

Pages are numbered over the whole file (continuation pages of multi-page
articles, joined into their first page as `scrape` joins them, get no
number), so a slice knows its share without a pass of its own: slice k of n
takes the pages numbered [k*N/n, (k+1)*N/n).
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from scraper.urls import canonicalize

from .pages import PageResult, _parse, _short, article_result, failure_row, parse_page
from .shards import ShardWriter
from .store import body_hash, content_hash
from .warc import HostFilter, WarcError, page_at, read_pages

log = logging.getLogger("broadsheet.warc")


@dataclass(frozen=True)
class WarcTask:
    id: str                     # names its shards: part-<id>.parquet
    input_no: int               # the input's number in the job (the order duplicates are settled in)
    spec: str                   # the input as given
    location: str | None        # absolute path or URL; None when `error`
    error: str | None = None    # the input cannot be read at all (junk line, unsupported scheme)
    slice: int = 0
    slices: int = 1

    @property
    def remote(self) -> bool:
        return bool(self.location) and self.location.startswith(("http://", "https://"))


@dataclass(frozen=True)
class TaskSettings:
    """What a task needs besides its input. `ner` and `hosts` change the rows (the job's settings hash)."""

    ner: str = "learned"
    hosts: tuple[str, ...] | None = None
    retries: int = 3
    timeout: float = 60.0


@dataclass
class TaskReport:
    id: str
    state: str                  # done / failed (failed: retried by the next run: download, missing file)
    pages: int = 0              # pages parsed
    articles: int = 0
    failures: int = 0           # failures rows written (pages and the WARC's own)
    error: str | None = None    # the WARC's failure, if any
    seconds: float = 0.0
    cpu: float = 0.0            # CPU seconds of the task's process while it ran
    host: str = field(default_factory=lambda: os.uname().nodename)


# The failure of the WARC itself is numbered before its pages.
WARC_PAGE = -1


def run_task(task: WarcTask, settings: TaskSettings, out_dir: str) -> TaskReport:
    """Read one WARC (slice), write its shards; every problem with the input is a failures row."""
    started, cpu = time.monotonic(), time.process_time()
    report = TaskReport(task.id, "done")
    writer = ShardWriter(out_dir, task.id, task.input_no)
    tmp_dir = None
    try:
        if task.error:
            _warc_failure(writer, report, task, task.error)
        else:
            path = Path(task.location)
            if task.remote:
                from .warc_sources import DownloadError, download

                tmp_dir = tempfile.mkdtemp(prefix="broadsheet-warc-")
                try:
                    path = download(task.location, Path(tmp_dir) / "input.warc", retries=settings.retries,
                                    timeout=settings.timeout)
                except DownloadError as exc:
                    _warc_failure(writer, report, task, f"download failed: {exc}", exc.http_status)
                    report.state = "failed"
                    path = None
            elif not path.is_file():
                _warc_failure(writer, report, task, "no such file" if not path.exists() else "not a file")
                report.state = "failed"
                path = None
            if path is not None:
                _read_warc(path, task, settings, writer, report)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    finally:
        if tmp_dir:
            shutil.rmtree(tmp_dir, ignore_errors=True)
    report.seconds, report.cpu = time.monotonic() - started, time.process_time() - cpu
    return report


def _warc_failure(writer: ShardWriter, report: TaskReport, task: WarcTask, error: str,
                  http_status: int | None = None) -> None:
    row = failure_row(task.spec, "warc", error, http_status)
    writer.add(WARC_PAGE, {"url": task.spec, "body_hash": None, "article_id": None, "digest": None,
                           "failed": True}, {"failures": [row]})
    report.failures += 1
    report.error = error
    log.info("%s: %s", task.spec, error)  # the failures row is the record; workers have no log set up


def _read_warc(path: Path, task: WarcTask, settings: TaskSettings, writer: ShardWriter,
               report: TaskReport) -> None:
    from scraper.multipage import page_key

    hosts = HostFilter(settings.hosts) if settings.hosts is not None else None
    # Pass 1: where each URL's record is (to join continuation pages) and which pages are firsts.
    index: dict[str, int] = {}
    first_pages: dict[str, int] = {}
    keys: list[str] = []
    try:
        for page in read_pages(path, hosts, bodies=False):
            key = canonicalize(page.url)
            keys.append(key)
            index.setdefault(key, page.offset)
            pk = page_key(key)
            if pk:
                first_pages[pk[0]] = min(first_pages.get(pk[0], pk[1]), pk[1])
    except WarcError:
        pass  # reported by pass 2, after the pages before the damage

    def continuation(key: str) -> bool:
        pk = page_key(key)
        return bool(pk) and pk[1] > first_pages.get(pk[0], pk[1])

    total = sum(1 for key in keys if not continuation(key))
    lo, hi = total * task.slice // task.slices, total * (task.slice + 1) // task.slices

    def get_page(url: str):
        key = canonicalize(url)
        rec = page_at(path, index[key]) if key in index else None
        if rec is None:
            raise LookupError("not in the WARC file")
        return _parse(rec[1], rec[0], rec[2])

    number = -1
    try:
        for page in read_pages(path, hosts):
            key = canonicalize(page.url)
            if continuation(key):
                continue
            number += 1
            if not lo <= number < hi:
                continue
            result = parse_page(page.body, page.url, page.fetched_at, True, settings.ner, prepare=False)
            if not isinstance(result, PageResult):
                from scraper.assemble import follow_pages

                try:
                    result = article_result(key, follow_pages(result, get_page, {key, page.url}), settings.ner)
                except Exception as exc:  # noqa: BLE001 - a batch never dies on one page
                    result = PageResult(key, {"failures": [failure_row(key, "parse", _short(exc))]}, False)
            _add_page(writer, report, number, key, body_hash(page.body), result)
    except WarcError as exc:
        if task.slice == 0:  # every slice meets the same damage: one failures row for the file
            _warc_failure(writer, report, task, str(exc))


def _add_page(writer: ShardWriter, report: TaskReport, number: int, key: str, digest_of_body: str,
              result: PageResult) -> None:
    """One page as the job store would take it: article rows (maybe with an extract failure) or a failure."""
    failures = result.tables.get("failures") or []
    tables = {k: v for k, v in result.tables.items() if k != "failures" and v}
    failure = dict(failures[0]) if failures else None
    if failure is not None:
        failure["url"] = key  # the store keeps failures under the canonical URL
    report.pages += 1
    if not tables.get("articles"):
        failure = failure or failure_row(key, "parse", "no article")
        failure["url"] = key
        writer.add(number, {"url": key, "body_hash": digest_of_body, "article_id": None, "digest": None,
                            "failed": True}, {"failures": [failure]})
        report.failures += 1
        return
    aid = tables["articles"][0].get("article_id") or ""
    out = dict(tables)
    if failure is not None:
        out["failures"] = [failure]
        report.failures += 1
    writer.add(number, {"url": key, "body_hash": digest_of_body, "article_id": aid,
                        "digest": content_hash(tables), "failed": failure is not None}, out)
    report.articles += 1
