"""The job store: one SQLite database (WAL mode) in the output folder.

It records every URL's state and every article's table rows, so a batch can
be stopped at any moment (even `kill -9`) and resumed, and so a rerun skips
what is done. See docs/batch.md ("The store") for the design.

Tables:

* `urls`     one row per canonical URL: state (queued / done / failed), attempts,
             the last failure (stage, reason, http_status, at), ETag,
             Last-Modified, the hash of the last body, the article and version it gave.
* `versions` one row per (article_id, version): hash of the article's rows
             (without fetched_at), the URL and fetch time of that version.
* `rows`     the rows of every table for one (article_id, version), as JSON,
             with their lines of the CSV file (rendered by the worker that
             parsed the page, so the export only copies text) and their count.

Crash safety: an article's rows, its version and its URL's `done` state are
written in one transaction, so after a crash a URL is either done with all its
rows or still to do with none. The tables on disk are only ever written by
`export`, from the store, sorted, to a temp file renamed into place.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from extract.schema import TABLES, csv_text

STORE_NAME = ".broadsheet.sqlite3"
ARTICLE_TABLES = ("articles", "paragraphs", "images", "people", "organisations", "dates", "quotes")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',
    attempts INTEGER NOT NULL DEFAULT 0,
    stage TEXT, reason TEXT, http_status INTEGER, failed_at TEXT,
    etag TEXT, last_modified TEXT, body_hash TEXT,
    article_id TEXT, version INTEGER,
    source TEXT, updated_at TEXT
);
CREATE INDEX IF NOT EXISTS urls_seq ON urls (seq);
CREATE TABLE IF NOT EXISTS versions (
    article_id TEXT NOT NULL, version INTEGER NOT NULL, content_hash TEXT NOT NULL,
    url TEXT, fetched_at TEXT,
    PRIMARY KEY (article_id, version)
);
CREATE TABLE IF NOT EXISTS rows (
    tbl TEXT NOT NULL, article_id TEXT NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL,
    csv TEXT, nrows INTEGER,
    PRIMARY KEY (tbl, article_id, version)
);
"""


# FROM/WHERE of one table's rows of each article's latest version, in article order
_LATEST_ROWS = ("FROM rows r JOIN (SELECT article_id, MAX(version) AS v FROM versions GROUP BY article_id) latest "
                "ON r.article_id = latest.article_id AND r.version = latest.v "
                "WHERE r.tbl = ? ORDER BY r.article_id")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


# Not content: when and through which URL a page was read, and what the parser noted while reading it.
_NOT_CONTENT = {"articles": ("fetched_at", "url", "warnings")}


def content_hash(tables: dict[str, list[dict]], encoded: dict[str, str] | None = None) -> str:
    """Hash of an article's rows, ignoring when and through which URL it was fetched.

    Reuses the JSON the rows are stored as (`encoded`), so a page's rows are
    serialised once; only the article row is encoded again, without the
    fields that are not content.
    """
    encoded = encoded if encoded is not None else encode_tables(tables)
    h = hashlib.sha256()
    for name in sorted(encoded):
        skip = _NOT_CONTENT.get(name)
        data = encoded[name] if skip is None else json.dumps(
            [{k: v for k, v in row.items() if k not in skip} for row in tables.get(name) or []],
            ensure_ascii=False, default=str)
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data.encode("utf-8"))
    return h.hexdigest()


def encode_tables(tables: dict[str, list[dict]]) -> dict[str, str]:
    """The JSON stored per (table, article): non-empty tables only, failures excluded."""
    return {name: json.dumps(rows, ensure_ascii=False, default=str)
            for name, rows in tables.items() if name != "failures" and rows}


def render_tables(tables: dict[str, list[dict]]) -> dict[str, tuple[str | None, int]]:
    """Per stored table: its CSV lines (None when only pandas can write them) and its row count."""
    return {name: (csv_text(name, rows), len(rows))
            for name, rows in tables.items() if name != "failures" and rows}


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


@dataclass
class UrlState:
    url: str
    seq: int
    state: str
    attempts: int
    etag: str | None
    last_modified: str | None
    body_hash: str | None


@dataclass
class Outcome:
    """What storing one page did: 'new' (first version), 'changed', 'unchanged' or 'failed'."""

    kind: str
    article_id: str | None = None
    version: int | None = None


class Store:
    """One connection, used by one thread (the batch's main thread)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a process crash (kill -9) loses nothing committed;
        # only an OS crash / power cut may drop the last transactions (never corrupts).
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA busy_timeout=10000")
        self.db.executescript(SCHEMA)
        have = {row[1] for row in self.db.execute("PRAGMA table_info(rows)")}
        for col, kind in (("csv", "TEXT"), ("nrows", "INTEGER")):  # stores of earlier versions
            if col not in have:
                self.db.execute(f"ALTER TABLE rows ADD COLUMN {col} {kind}")
        self._in_batch = False
        self._forget_stale_csv()

    def _forget_stale_csv(self) -> None:
        """CSV lines rendered under other columns than today's (a column was appended since) are dropped.

        The export then writes those rows from their JSON, with the new
        columns empty, instead of copying lines that are a cell short.
        """
        for table, cols in TABLES.items():
            key, signature = f"columns:{table}", ",".join(cols)
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            if row is None or row[0] != signature:
                with self._tx():
                    self.db.execute("UPDATE rows SET csv = NULL WHERE tbl = ? AND csv IS NOT NULL", (table,))
                    self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, signature))

    @classmethod
    def in_folder(cls, out_dir: str | Path) -> "Store":
        return cls(Path(out_dir) / STORE_NAME)

    def close(self) -> None:
        try:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions -------------------------------------------------------
    def _tx(self):
        if self._in_batch:
            return _Savepoint(self.db)
        return _Transaction(self.db)

    def batch(self) -> "_Batch":
        """One transaction around several `record_*` calls (each is a savepoint inside it).

        Cheaper than a commit per page, and still all-or-nothing per page: a
        crash before the commit leaves those pages queued, with no rows.
        """
        return _Batch(self)

    # -- the queue ----------------------------------------------------------
    def enqueue(self, urls: Iterable[str], source: str = "input") -> int:
        """Add URLs not yet known (queued). Returns how many were new."""
        new = 0
        with self._tx():
            seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM urls").fetchone()[0]
            for url in urls:
                seq += 1
                cur = self.db.execute(
                    "INSERT OR IGNORE INTO urls (url, seq, state, source, updated_at) "
                    "VALUES (?, ?, 'queued', ?, ?)", (url, seq, source, _now()))
                new += cur.rowcount
        return new

    def known(self, url: str) -> bool:
        return self.db.execute("SELECT 1 FROM urls WHERE url = ?", (url,)).fetchone() is not None

    def get(self, url: str) -> UrlState | None:
        row = self.db.execute("SELECT url, seq, state, attempts, etag, last_modified, body_hash "
                              "FROM urls WHERE url = ?", (url,)).fetchone()
        return UrlState(*row) if row else None

    def count_settled(self, urls: Iterable[str], max_attempts: int) -> int:
        """How many of `urls` need no work: done, or failed `max_attempts` times."""
        n = 0
        for url in urls:
            row = self.db.execute("SELECT state, attempts FROM urls WHERE url = ?", (url,)).fetchone()
            if row and (row[0] == "done" or (row[0] == "failed" and row[1] >= max_attempts)):
                n += 1
        return n

    def pending(self, max_attempts: int = 3, refresh: bool = False,
                batch: int = 1000) -> Iterator[UrlState]:
        """URLs to work on, in the order they were queued, read a chunk at a time.

        Queued URLs, failed ones with fewer than `max_attempts` attempts, and
        with `refresh` the done ones (fetched again with conditional GET).
        URLs queued while iterating (crawl discovery) are included.
        """
        states = "('queued', 'failed', 'done')" if refresh else "('queued', 'failed')"
        last = 0
        while True:
            rows = self.db.execute(
                f"SELECT url, seq, state, attempts, etag, last_modified, body_hash FROM urls "
                f"WHERE seq > ? AND state IN {states} AND (state != 'failed' OR attempts < ?) "
                f"ORDER BY seq LIMIT ?", (last, max_attempts, batch)).fetchall()
            if not rows:
                return
            for row in rows:
                last = row[1]
                yield UrlState(*row)

    # -- results ------------------------------------------------------------
    def record_article(self, url: str, tables: dict[str, list[dict]], *, fetched_at: str | None,
                       etag: str | None = None, last_modified: str | None = None,
                       body: str | None = None, failure: dict | None = None,
                       encoded: dict[str, str] | None = None, digest: str | None = None,
                       rendered: dict[str, tuple[str | None, int]] | None = None) -> Outcome:
        """Store one article's rows and mark its URL done, in one transaction.

        Rows identical (but for fetched_at) to the article's latest version
        add nothing; different rows add version n+1. `failure` (an extract
        failure: the article rows are kept) marks the URL failed instead.
        """
        arts = tables.get("articles") or [{}]
        aid = arts[0].get("article_id") or ""
        encoded = encoded or encode_tables(tables)
        digest = digest or content_hash(tables, encoded)
        rendered = rendered if rendered is not None else render_tables(tables)
        with self._tx():
            latest = self.db.execute(
                "SELECT version, content_hash, url FROM versions WHERE article_id = ? "
                "ORDER BY version DESC LIMIT 1", (aid,)).fetchone()
            if latest and latest[1] == digest:
                kind, version = "unchanged", latest[0]
                if latest[2] is not None and url < latest[2]:
                    # The same article reached through several URLs: whatever order the
                    # workers finished in, the version keeps the smallest URL (deterministic).
                    self.db.execute("UPDATE versions SET url = ?, fetched_at = ? WHERE article_id = ? "
                                    "AND version = ?", (url, fetched_at, aid, version))
                    arts = tables.get("articles") or []
                    self.db.execute("UPDATE rows SET data = ?, csv = ?, nrows = ? WHERE tbl = 'articles' "
                                    "AND article_id = ? AND version = ?",
                                    (json.dumps(arts, ensure_ascii=False, default=str), csv_text("articles", arts),
                                     len(arts), aid, version))
            else:
                version = (latest[0] + 1) if latest else 1
                kind = "changed" if latest else "new"
                self.db.execute("INSERT INTO versions (article_id, version, content_hash, url, fetched_at) "
                                "VALUES (?, ?, ?, ?, ?)", (aid, version, digest, url, fetched_at))
                self.db.executemany(
                    "INSERT OR REPLACE INTO rows (tbl, article_id, version, data, csv, nrows) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [(name, aid, version, data, *rendered.get(name, (None, None)))
                     for name, data in encoded.items()])
            if failure:
                self._fail(url, failure, extra=(etag, last_modified, body, aid, version))
            else:
                self.db.execute(
                    "UPDATE urls SET state = 'done', attempts = attempts + 1, stage = NULL, reason = NULL, "
                    "http_status = NULL, failed_at = NULL, etag = ?, last_modified = ?, body_hash = ?, "
                    "article_id = ?, version = ?, updated_at = ? WHERE url = ?",
                    (etag, last_modified, body, aid, version, _now(), url))
        return Outcome(kind if not failure else "failed", aid, version)

    def record_unchanged(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Outcome:
        """A 304 (or the same body as last time): done, no new rows."""
        with self._tx():
            self.db.execute(
                "UPDATE urls SET state = 'done', stage = NULL, reason = NULL, http_status = NULL, "
                "failed_at = NULL, etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), "
                "updated_at = ? WHERE url = ?", (etag, last_modified, _now(), url))
        return Outcome("unchanged")

    def record_failure(self, url: str, failure: dict) -> Outcome:
        with self._tx():
            self._fail(url, failure)
        return Outcome("failed")

    def _fail(self, url: str, failure: dict, extra=None) -> None:
        if extra is None:
            self.db.execute(
                "UPDATE urls SET state = 'failed', attempts = attempts + 1, stage = ?, reason = ?, "
                "http_status = ?, failed_at = ?, updated_at = ? WHERE url = ?",
                (failure.get("stage"), failure.get("error"), failure.get("http_status"),
                 failure.get("at") or _now(), _now(), url))
        else:
            etag, last_modified, body, aid, version = extra
            self.db.execute(
                "UPDATE urls SET state = 'failed', attempts = attempts + 1, stage = ?, reason = ?, "
                "http_status = ?, failed_at = ?, etag = ?, last_modified = ?, body_hash = ?, "
                "article_id = ?, version = ?, updated_at = ? WHERE url = ?",
                (failure.get("stage"), failure.get("error"), failure.get("http_status"),
                 failure.get("at") or _now(), etag, last_modified, body, aid, version, _now(), url))

    # -- reading back ---------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT state, COUNT(*) FROM urls GROUP BY state").fetchall())

    def table_rows(self, table: str, history: bool = False) -> Iterator[tuple[int, list[dict]]]:
        """(version, rows) of one table for every article, sorted by article_id then version.

        Without `history` only each article's latest version is given.
        """
        if history:
            sql = ("SELECT version, data FROM rows WHERE tbl = ? ORDER BY article_id, version")
        else:
            sql = f"SELECT r.version, r.data {_LATEST_ROWS}"
        for version, data in self._stream(sql, (table,)):
            yield version, json.loads(data)

    def table_csv(self, table: str) -> Iterator[tuple[str | None, int | None, str]]:
        """(CSV lines, row count, rows as JSON) of each article's latest version, by article_id.

        The CSV lines and count are None for rows stored without them (by an
        earlier version of Broadsheet, or rows only pandas can write); the
        JSON is only read for those.
        """
        return self._stream("SELECT r.csv, r.nrows, CASE WHEN r.csv IS NULL OR r.nrows IS NULL THEN r.data END "
                            f"{_LATEST_ROWS}", (table,))

    def _stream(self, sql: str, params: tuple) -> Iterator[tuple]:
        """The rows of a query, fetched a chunk at a time (an export never holds a whole table)."""
        cur = self.db.execute(sql, params)
        while True:
            chunk = cur.fetchmany(500)
            if not chunk:
                return
            yield from chunk

    def failure_rows(self) -> Iterator[dict]:
        cur = self.db.execute("SELECT url, stage, reason, http_status, failed_at FROM urls "
                              "WHERE state = 'failed' ORDER BY url")
        for url, stage, reason, status, at in cur:
            yield {"url": url, "stage": stage, "error": reason, "http_status": status, "at": at}


class _Batch:
    def __init__(self, store: Store):
        self.store = store

    def __enter__(self):
        if self.store._in_batch:
            self.nested = True
            return self
        self.nested = False
        self.store.db.execute("BEGIN IMMEDIATE")
        self.store._in_batch = True
        return self

    def __exit__(self, exc_type, *exc):
        if self.nested:
            return False
        self.store._in_batch = False
        self.store.db.execute("COMMIT" if exc_type is None else "ROLLBACK")
        return False


class _Savepoint:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("SAVEPOINT page")
        return self.db

    def __exit__(self, exc_type, *exc):
        if exc_type is not None:
            self.db.execute("ROLLBACK TO page")
        self.db.execute("RELEASE page")
        return False


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, *exc):
        if exc_type is None:
            self.db.execute("COMMIT")
        else:
            self.db.execute("ROLLBACK")
        return False


def settled_in_folder(folder: Path) -> int:
    """URLs of the store in `folder` that are done or failed, read without taking locks.

    For watching a run from outside (progress, benchmarks, kill tests): the
    store is opened read-only, and a store that is missing or busy counts 0.
    """
    db = Path(folder) / STORE_NAME
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT COUNT(*) FROM urls WHERE state != 'queued'").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def replace_atomically(tmp: Path, final: Path) -> None:
    """fsync then rename: the final file is the old one or the complete new one, never half."""
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final)
