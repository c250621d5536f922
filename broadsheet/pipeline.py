"""The batch: inputs -> (fetch, parse, extract) per page -> job store -> tables on disk.

The pure per-page step (`parse_page`, `process_article`, ...) is in
`broadsheet.pages` (re-exported here), so a batch maps it over processes
while threads fetch. I/O (network, files, the store) stays here, in
`run_batch`. `parse_warc` (WARC files -> tables) is a sharded job of its
own: `broadsheet.warc_job`.

How a batch runs (see docs/batch.md):

* the inputs are canonicalised and queued in the job store
  (`<out>/.broadsheet.sqlite3`); URLs already done are skipped, failed ones
  are retried while they have had fewer than `max_attempts` attempts;
* a thread pool fetches (politely: per-host slots and delay, robots.txt,
  Retry-After), a process pool parses and extracts;
* each page's rows are stored in the same transaction that marks its URL
  done, so `kill -9` at any moment loses nothing and duplicates nothing;
* at the end every table is exported from the store, sorted, to a temp file
  renamed into place.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote, urlsplit

from scraper import Article, FetchError, FetchOptions, Fetcher
from scraper.urls import canonicalize

from .lock import FolderLock, LockHeld  # noqa: F401 - LockHeld is re-exported for the CLI
from .malloc import Trimmer
from .pages import (PageResult, _parse, _short, article_result, failure_row, is_local,  # noqa: F401 - re-exported
                    load_article, now, parse_page, process_article, process_input, unsupported_scheme)
from .politeness import HostGate
from .robots import RobotsCache, RobotsDisallowed
from .store import Store, UrlState, body_hash

log = logging.getLogger("broadsheet")

__all__ = ["BatchOptions", "BatchSummary", "PageResult", "run_batch", "process_article", "process_input",
           "parse_page", "read_inputs", "failure_row", "LockHeld", "parse_warc"]


@dataclass
class BatchOptions:
    concurrency: int = 4                # fetching threads
    formats: tuple[str, ...] = ("csv",)
    fetch: FetchOptions = field(default_factory=FetchOptions)
    per_host: int = 2                   # requests in flight per host
    delay: float = 1.0                  # seconds between request starts per host (0: none)
    ignore_robots: bool = False
    workers: int | None = None          # parse/extract processes; 0 = in the fetch threads; None = auto
    max_attempts: int = 3               # a failed URL is retried in later runs until this many attempts
    refresh: bool = False               # fetch done URLs again (conditional GET) for new versions
    history: bool = False               # export every version (with a `version` column), not the latest
    warc: str | None = None             # append every response to this WARC file
    lock: bool = True                   # hold <out>/.broadsheet.lock for the run
    store_path: str | None = None       # the job store (default: <out>/.broadsheet.sqlite3)
    parse_timeout: float = 60.0         # a page parsed longer than this (in a worker process) fails
    ner: str = "learned"                  # person/org recogniser: "learned", "rules" or "spacy:MODEL"
    report: bool = True                 # write <out>/report.html at the end of the run


@dataclass
class BatchSummary:
    ok: int = 0
    failed: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    out_dir: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)
    new: int = 0                        # articles stored for the first time in this run
    changed: int = 0                    # articles stored as a new version
    unchanged: int = 0                  # 304 / same body / same rows
    skipped: int = 0                    # already done in an earlier run
    discovered: int = 0                 # URLs newly queued by discovery

    @property
    def changed_anything(self) -> bool:
        return bool(self.new or self.changed or self.failed or self.discovered)

    def line(self) -> str:
        counts = ", ".join(f"{name} {n}" for name, n in self.rows.items() if name != "failures")
        extra = []
        if self.unchanged or self.changed:
            extra.append(f"{self.new} new, {self.changed} changed, {self.unchanged} unchanged")
        if self.skipped:
            extra.append(f"{self.skipped} already done")
        more = f" ({'; '.join(extra)})" if extra else ""
        return (f"{self.ok} page(s) ok, {self.failed} failed{more}; rows: {counts}; "
                f"tables in {self.out_dir}/")


def read_inputs(items: Iterable[str], input_file: str | None = None) -> list[str]:
    """URLs/paths from the command line and from a file (one per line, # comments)."""
    out: list[str] = []
    if input_file:
        text = Path(input_file).read_text(encoding="utf-8")
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
            if line:
                out.append(line)
    out.extend(items)
    seen: set[str] = set()
    return [x for x in out if not (x in seen or seen.add(x))]


def input_key(item: str) -> str:
    """The store key of an input: the canonical URL, or the file:// URI of a local file."""
    if is_local(item):
        path = Path(item[len("file://"):] if item.startswith("file://") else item)
        return path.resolve().as_uri()
    return canonicalize(item)


# ---------------------------------------------------------------------------
# the engine
# ---------------------------------------------------------------------------

@dataclass
class _Fetched:
    """A downloaded page waiting to be parsed (or a verdict that needs no parsing)."""

    url: str
    body: bytes = b""
    final_url: str = ""
    fetched_at: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    unchanged: bool = False
    failure: dict | None = None
    crashes: int = 0             # worker deaths while this page was among those being parsed
    seq: int = 0                 # order of submission to the parse pool


def _header(headers: dict, name: str) -> str | None:
    for k, v in headers.items():
        if k.lower() == name:
            return v
    return None


_POOL_LOCK = threading.Lock()
# Pages finished within this long are committed to the store together (one SQLite
# commit, not one per page); a crash loses at most that much work, redone on resume.
COMMIT_SECONDS = 0.25
# Pages handed to the parse pool per worker, beyond which no new fetch starts. A deep
# queue keeps the workers busy through the main process's hiccups (a commit, a burst
# of responses): 8 used ~87% of 2 cores on 10,000 pages, 4 ~85%; a few pages' bytes.
PARSE_QUEUE = 8


def _process_pool(workers: int) -> ProcessPoolExecutor:
    # forkserver: the fetch threads are running, and forking a threaded process is unsafe.
    ctx = multiprocessing.get_context("forkserver")
    with _POOL_LOCK:
        try:
            ctx.set_forkserver_preload(["broadsheet.pipeline", "broadsheet.preload"])
        except Exception:  # noqa: BLE001 - preload is only an optimisation
            pass
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_watch_parent,
                               initargs=(os.getpid(),))


def _watch_parent(pid: int) -> None:
    """In a parse worker: exit when the batch process is gone (kill -9 leaves no orphans),
    and give the memory freed by the pages parsed back to the system every 2 s (`Trimmer`)."""
    trimmer = Trimmer()

    def watch():
        while True:
            time.sleep(0.5)
            trimmer.maybe_trim()
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                pass
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def default_workers(pending: int) -> int:
    """Processes for parse+extract: none for small batches (start-up costs more than it saves)."""
    if pending < 64:
        return 0
    return max(1, min(4, os.cpu_count() or 1))


class Engine:
    """Runs the pending URLs of a store through fetch -> parse -> store."""

    def __init__(self, store: Store, options: BatchOptions, fetcher: Fetcher,
                 robots: RobotsCache | None, on_done: Callable[[PageResult], None] | None = None):
        self.store, self.options, self.fetcher, self.robots = store, options, fetcher, robots
        self.on_done = on_done
        self.summary = BatchSummary()
        self._procs: ProcessPoolExecutor | None = None
        self._restarts_in_a_row = 0   # pool restarts since a page was last parsed in a worker
        self._pool_size = 0            # workers of the current pool (1 while finding a culprit)
        self._seq = 0
        self._started: dict[Future, float | None] = {}  # parse futures in workers -> parse start
        self.parse_fn = parse_page
        # Every future in flight puts itself here when done: the loop waits on this one queue
        # instead of `wait()` installing a waiter on each of the ~40 futures at every round.
        self._done: queue.SimpleQueue = queue.SimpleQueue()

    def _track(self, fut: Future) -> Future:
        fut.add_done_callback(self._done.put)
        return fut

    def _next_done(self, timeout: float | None) -> list[Future]:
        """The futures finished since the last call (waiting up to `timeout` for the first)."""
        try:
            done = [self._done.get(timeout=timeout)]
        except queue.Empty:
            return []
        while True:
            try:
                done.append(self._done.get_nowait())
            except queue.Empty:
                return done

    # -- fetch stage (threads) ----------------------------------------------
    def fetch(self, item: UrlState) -> _Fetched:
        url = item.url
        unsupported = unsupported_scheme(url)
        if unsupported:
            return _Fetched(url, failure=failure_row(url, "fetch", unsupported))
        if url.startswith("file://"):
            try:
                data = Path(unquote(urlsplit(url).path)).read_bytes()
            except OSError as exc:
                return _Fetched(url, failure=failure_row(url, "fetch", exc))
            return _Fetched(url, data, url, now(), body_hash=body_hash(data))
        try:
            if self.robots is not None:
                self.robots.check(url)
        except RobotsDisallowed as exc:
            return _Fetched(url, failure=failure_row(url, "robots", str(exc)))
        headers = {}
        if item.state == "done":  # conditional GET only for pages whose rows we have
            if item.etag:
                headers["If-None-Match"] = item.etag
            if item.last_modified:
                headers["If-Modified-Since"] = item.last_modified
        try:
            resp = self.fetcher.get(url, headers=headers or None)
        except FetchError as exc:
            stage = "robots" if isinstance(exc.__cause__, RobotsDisallowed) else "fetch"  # a redirect's target
            return _Fetched(url, failure=failure_row(url, stage, str(exc), exc.http_status))
        except Exception as exc:  # noqa: BLE001 - unexpected errors are fetch failures too
            return _Fetched(url, failure=failure_row(url, "fetch", _short(exc)))
        etag = _header(resp.headers, "etag")
        last_modified = _header(resp.headers, "last-modified")
        if resp.status == 304:
            return _Fetched(url, etag=etag, last_modified=last_modified, unchanged=True)
        digest = body_hash(resp.content)
        if item.state == "done" and digest == item.body_hash:
            return _Fetched(url, etag=etag, last_modified=last_modified, unchanged=True)
        return _Fetched(url, resp.content, resp.url, resp.fetched_at, etag, last_modified, digest)

    def continue_pages(self, fetched: _Fetched, first: Article) -> PageResult:
        """Fetch and join the continuation pages of a multi-page article (in a fetch thread)."""
        from scraper.assemble import follow_pages

        def get_page(url: str) -> Article:
            if self.robots is not None:
                self.robots.check(url)
            resp = self.fetcher.get(url)
            return _parse(resp.content, resp.url, resp.fetched_at)

        article = follow_pages(first, get_page, {fetched.url, fetched.final_url})
        return article_result(fetched.url, article, self.options.ner)

    # -- the loop -------------------------------------------------------------
    def run(self, workers: int) -> BatchSummary:
        opts = self.options
        threads = ThreadPoolExecutor(max_workers=max(1, opts.concurrency), thread_name_prefix="fetch")
        self._threads = threads
        self._workers = workers
        if workers > 0:
            self._procs = _process_pool(workers)
            self._pool_size = workers
        fetch_cap = max(1, opts.concurrency) * 2
        parse_cap = max(2, workers * PARSE_QUEUE)
        fetching: dict[Future, UrlState] = {}
        parsing: dict[Future, _Fetched] = {}
        joining: dict[Future, _Fetched] = {}
        pending = self.store.pending(opts.max_attempts, opts.refresh)
        exhausted = False
        tx = None           # the open store transaction: pages finished meanwhile, committed together
        tx_started = 0.0
        trimmer = Trimmer()
        try:
            while True:
                while not exhausted and len(fetching) < fetch_cap and len(parsing) < parse_cap:
                    item = next(pending, None)
                    if item is None:
                        exhausted = True
                        break
                    fetching[self._track(threads.submit(self.fetch, item))] = item
                if not (fetching or parsing or joining):
                    break
                # (futures of a replaced process pool may still arrive: _handle ignores them)
                done = self._next_done(1.0 if self._procs is not None else None)
                if tx is None:
                    tx, tx_started = self.store.batch().__enter__(), time.monotonic()
                self._handle(done, fetching, parsing, joining)
                self._check_stuck(parsing)
                if time.monotonic() - tx_started >= COMMIT_SECONDS:
                    tx.__exit__(None, None, None)
                    tx = None
                    trimmer.maybe_trim()
        except BaseException as exc:
            if tx is not None:  # each page is a savepoint of its own: only whole pages are undone
                tx.__exit__(type(exc), exc, exc.__traceback__)
                tx = None
            raise
        finally:
            if tx is not None:
                tx.__exit__(None, None, None)
            threads.shutdown(wait=True, cancel_futures=True)
            if self._procs is not None:
                self._procs.shutdown(wait=True, cancel_futures=True)
        return self.summary

    def _handle(self, done, fetching: dict, parsing: dict, joining: dict) -> None:
        threads = self._threads
        for fut in done:
            if fut in fetching:
                fetching.pop(fut)
                fetched = fut.result()
                if fetched.failure or fetched.unchanged:
                    self._store(fetched, None)
                else:
                    parsing[self._submit_parse(fetched)] = fetched
            elif fut in parsing:
                fetched = parsing.pop(fut)
                result = self._parse_result(fut, fetched, parsing)
                if result is None:
                    continue
                if isinstance(result, Article):
                    joining[self._track(threads.submit(self.continue_pages, fetched, result))] = fetched
                else:
                    self._store(fetched, result)
            elif fut in joining:
                fetched = joining.pop(fut)
                try:
                    result = fut.result()
                except Exception as exc:  # noqa: BLE001
                    result = PageResult(fetched.url, {"failures": [
                        failure_row(fetched.url, "parse", _short(exc))]}, False)
                self._store(fetched, result)

    def _submit_parse(self, fetched: _Fetched) -> Future:
        follow = not fetched.url.startswith("file://")
        if self._procs is None:
            return self._track(self._threads.submit(self.parse_fn, fetched.body, fetched.final_url,
                                                    fetched.fetched_at, follow, self.options.ner))
        try:
            fut = self._procs.submit(self.parse_fn, fetched.body, fetched.final_url, fetched.fetched_at,
                                     follow, self.options.ner)
        except (BrokenProcessPool, RuntimeError):
            # the pool broke before its futures told us: a new one (or threads), then this page
            self._new_pool(self._workers)
            return self._submit_parse(fetched)
        self._seq += 1
        fetched.seq = self._seq
        self._started[fut] = None  # timed once it is among the pages being parsed
        return self._track(fut)

    def _new_pool(self, size: int) -> None:
        """Replace the parse worker pool; after 3 replacements in a row with no page parsed
        in between (workers that cannot work at all), parse in the fetch threads instead."""
        old = self._procs
        if old is not None:
            for proc in list((getattr(old, "_processes", None) or {}).values()):
                proc.terminate()
            old.shutdown(wait=False, cancel_futures=True)
        self._started.clear()
        self._restarts_in_a_row += 1
        if self._restarts_in_a_row > 3:
            log.error("parse worker processes keep dying; parsing in the fetch threads from now on")
            self._procs = None
        else:
            self._procs = _process_pool(size)
            self._pool_size = size

    def _resubmit(self, parsing: dict, items: list[_Fetched]) -> None:
        parsing.clear()
        for item in sorted(items, key=lambda f: f.seq):
            parsing[self._submit_parse(item)] = item

    def _check_stuck(self, parsing: dict) -> None:
        """A page parsed for longer than `parse_timeout` fails; its worker is killed.

        Only with worker processes (a thread cannot be stopped): the pool is
        replaced and the other pages in flight are parsed again.
        """
        if self._procs is None or not parsing:
            return
        limit = self.options.parse_timeout
        now_ = time.monotonic()
        # The pool works first in, first out: the oldest `workers` unfinished pages are the
        # ones being parsed; each is timed from when it entered that window.
        window = [f for f in parsing if not f.done()][:max(1, self._pool_size)]
        for f in window:
            if self._started.get(f) is None:
                self._started[f] = now_
        stuck = [f for f in window if now_ - self._started[f] > limit]
        if not stuck:
            return
        for fut in stuck:
            fetched = parsing.pop(fut)
            self._started.pop(fut, None)
            log.warning("parsing %s took more than %gs: stopped", fetched.url, limit)
            self._store(fetched, PageResult(fetched.url, {"failures": [
                failure_row(fetched.url, "parse", f"timeout: parsing took more than {limit:g}s")]}, False))
        self._new_pool(self._workers)
        self._restarts_in_a_row = 0  # a slow page, not workers that cannot run
        self._resubmit(parsing, list(parsing.values()))

    def _parse_result(self, fut: Future, fetched: _Fetched, parsing: dict):
        self._started.pop(fut, None)
        try:
            result = fut.result()
        except BrokenProcessPool:
            self._pool_died(fetched, parsing)
            return None
        except Exception as exc:  # noqa: BLE001
            return PageResult(fetched.url, {"failures": [failure_row(fetched.url, "parse", _short(exc))]},
                              False)
        if self._procs is not None:
            self._restarts_in_a_row = 0
            if self._pool_size == 1 and self._workers > 1 and not any(f.crashes for f in parsing.values()):
                # the suspects are through: back to a full pool (this one finishes what it holds)
                old, self._procs, self._pool_size = self._procs, _process_pool(self._workers), self._workers
                old.shutdown(wait=False)
        return result

    def _pool_died(self, fetched: _Fetched, parsing: dict) -> None:
        """A worker died (out of memory, a crash in a C library): find the page that killed it.

        The pool parses first in, first out, so the pages it was working on are the
        oldest ones in flight. They are parsed again, with the rest, by a pool of one
        worker, where the page being parsed is known exactly: a page in flight at a
        death there (after one in the full pool) is the culprit and fails; the others
        go on, and the pool is full again once the suspects are through.
        """
        log.warning("parser process died; restarting the process pool")
        in_flight = sorted([fetched, *parsing.values()], key=lambda f: f.seq)
        running = {id(item) for item in in_flight[:max(1, self._pool_size)]}
        again = []
        for item in in_flight:
            if id(item) in running:
                item.crashes += 1
            if id(item) in running and item.crashes >= 2 and self._pool_size == 1:
                self._store(item, PageResult(item.url, {"failures": [failure_row(
                    item.url, "parse", "the parser process died while parsing this page")]}, False))
            else:
                again.append(item)
        self._new_pool(1)
        self._resubmit(parsing, again)

    def _store(self, fetched: _Fetched, result: PageResult | None) -> None:
        s = self.summary
        url = fetched.url
        if fetched.failure:
            self.store.record_failure(url, fetched.failure)
            outcome, ok = "failed", False
        elif fetched.unchanged:
            self.store.record_unchanged(url, fetched.etag, fetched.last_modified)
            outcome, ok = "unchanged", True
        else:
            failures = result.tables.get("failures") or []
            tables = {k: v for k, v in result.tables.items() if k != "failures"}
            if not tables.get("articles"):
                self.store.record_failure(url, failures[0] if failures else
                                          failure_row(url, "parse", "no article"))
                outcome, ok = "failed", False
            else:
                res = self.store.record_article(
                    url, tables, fetched_at=fetched.fetched_at.isoformat() if fetched.fetched_at else None,
                    etag=fetched.etag, last_modified=fetched.last_modified, body=fetched.body_hash,
                    failure=failures[0] if failures else None, encoded=result.encoded, digest=result.digest,
                    rendered=result.rendered)
                outcome, ok = res.kind, not failures
                if failures:
                    # the article rows are kept, but the page counts as failed (stage extract)
                    outcome = "failed"
        if ok:
            s.ok += 1
            if outcome == "new":
                s.new += 1
            elif outcome == "changed":
                s.changed += 1
            else:
                s.unchanged += 1
        else:
            s.failed += 1
            failure = fetched.failure or ((result.tables.get("failures") or [{}])[0] if result else {})
            log.info("failed %s: %s", url, failure.get("error"))
        if self.on_done:
            self.on_done(PageResult(url, {}, ok, outcome))


# ---------------------------------------------------------------------------
# entry points
# ---------------------------------------------------------------------------

def make_fetcher(options: BatchOptions, archive=None) -> tuple[Fetcher, HostGate, RobotsCache | None]:
    fetch_opts = options.fetch
    fetch_opts.pool_size = max(fetch_opts.pool_size, options.concurrency, options.per_host)
    gate = HostGate(per_host=options.per_host, delay=options.delay)
    fetcher = Fetcher(fetch_opts, gate=gate, on_response=archive)
    robots = None if options.ignore_robots else RobotsCache(fetcher, gate=gate)
    if robots is not None:
        fetcher.check_url = robots.check  # a redirect to another page obeys its robots.txt too
    if options.ignore_robots:
        log.warning("robots.txt is ignored (--ignore-robots)")
    return fetcher, gate, robots


class Run:
    """One locked run over an output folder: store, fetcher, robots, optional WARC."""

    def __init__(self, out_dir: str | Path, options: BatchOptions):
        self.out_dir = Path(out_dir)
        self.options = options
        self.lock = FolderLock(self.out_dir) if options.lock else None
        self.store: Store | None = None
        self.archive = None

    def __enter__(self) -> "Run":
        if self.lock:
            self.lock.acquire()
        self.started_at = now()
        try:
            self.store = Store(self.options.store_path) if self.options.store_path \
                else Store.in_folder(self.out_dir)
            if self.options.warc:
                from .warc import WarcArchive
                self.archive = WarcArchive(self.options.warc)
            self.fetcher, self.gate, self.robots = make_fetcher(self.options, self.archive)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.archive is not None:
            self.archive.close()
        if self.store is not None:
            self.store.close()
        if self.lock:
            self.lock.release()

    def process(self, on_done=None, workers: int | None = None) -> BatchSummary:
        pending = self.store.db.execute(
            "SELECT COUNT(*) FROM urls WHERE state IN ('queued', 'failed')"
            + (" OR state = 'done'" if self.options.refresh else "")).fetchone()[0]
        workers = default_workers(pending) if workers is None else workers
        engine = Engine(self.store, self.options, self.fetcher, self.robots, on_done)
        started = time.monotonic()
        summary = engine.run(workers)
        log.info("processed %d page(s) in %.1fs (%d workers)", summary.ok + summary.failed,
                 time.monotonic() - started, workers)
        return summary

    def export(self, summary: BatchSummary) -> BatchSummary:
        from .export import export_tables

        summary.out_dir = self.out_dir
        summary.files, summary.rows = export_tables(self.store, self.out_dir, self.options.formats,
                                                    history=self.options.history)
        from .report import finish_run
        finish_run(self.store, self.out_dir, self.started_at, summary, report=self.options.report)
        return summary


def run_batch(inputs: list[str], out_dir: str | Path, options: BatchOptions | None = None,
              on_done: Callable[[PageResult], None] | None = None,
              discover: Callable[["Run"], int] | None = None) -> BatchSummary:
    """Queue `inputs` in the store of `out_dir`, process what is pending, export the tables.

    Raises LockHeld when another run holds the folder. `discover(run)` (crawl,
    feeds, sitemaps) may queue more URLs before processing; it returns how many.
    """
    options = options or BatchOptions()
    with Run(out_dir, options) as run:
        keys = [input_key(item) for item in inputs]
        run.store.enqueue(keys, source="input")
        discovered = discover(run) if discover else 0
        skipped = 0 if options.refresh else run.store.count_settled(keys, options.max_attempts)
        summary = run.process(on_done, options.workers)
        summary.skipped = skipped
        summary.discovered = discovered
        return run.export(summary)


def parse_warc(paths: "str | Path | list[str | Path]", out_dir: str | Path, options=None,
               on_done: Callable | None = None):
    """WARC files (paths, URLs, Common Crawl paths) -> the tables: `broadsheet.warc_job.run_job`.

    `options` is a `warc_job.JobOptions` (a `BatchOptions` is read for its
    formats, history, workers and ner). Returns the job's `JobSummary`.
    """
    from .warc_job import JobOptions, run_job

    if options is None or isinstance(options, BatchOptions):
        batch = options or BatchOptions()
        options = JobOptions(formats=batch.formats, history=batch.history, ner=batch.ner, workers=batch.workers,
                             lock=batch.lock)
    items = [str(paths)] if isinstance(paths, (str, Path)) else [str(p) for p in paths]
    return run_job(items, out_dir, options, on_task=on_done)
