"""Job-store shards: one store per actor of a distributed scrape, merged into the folder's store.

A scrape on Ray (`broadsheet/ray_scrape.py`) gives each actor its own job
store, `<out>/.shards/actor-K.sqlite3`, so actors never contend for one
SQLite file and each keeps the store's guarantees on its own (a page's rows
and its URL's state in one transaction: kill -9 loses nothing, duplicates
nothing). The folder's store (`<out>/.broadsheet.sqlite3`) stays the one
truth that reruns, exports and the local engine read:

* `seed` copies the URLs an actor is to work on from the folder's store
  into a new shard, marked `updated_at = 'seeded'`; the shard's `pending()`
  yields only those still marked, so an actor restarted after a crash goes
  on where it stopped and never redoes a page settled in this run;
* `merge` replays a shard into the folder's store the way `record_article`
  stores a page: a version whose rows equal the article's latest adds
  nothing (the row keeps the smallest URL), other rows add version n+1. URL
  states (done / failed, attempts, ETag, body hash) of the pages settled in
  the shard are copied over. The merge is one transaction, recorded under
  the shard's run id in the store's `meta`, so a merge interrupted by
  kill -9 is redone and a merge that committed is never applied twice.

A shard left behind by a killed run is merged at the start of the next run,
then deleted; the URLs it had not settled are still queued in the folder's
store and are seeded again.
"""
from __future__ import annotations

import logging
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .lock import FolderLock, LockHeld
from .store import Store, UrlState

log = logging.getLogger("broadsheet.store_shards")

SHARDS_DIR = ".shards"
SEEDED = "seeded"  # `updated_at` of a URL an actor has yet to settle in this run
_MERGED = "shard-merged:"


def shards_dir(out_dir: str | Path) -> Path:
    return Path(out_dir) / SHARDS_DIR


def shard_path(out_dir: str | Path, index: int) -> Path:
    return shards_dir(out_dir) / f"actor-{index}.sqlite3"


def shard_warc(path: str | Path, index: int) -> str:
    """`raw.warc.gz` -> `raw-K.warc.gz` (the WARC file of actor K)."""
    path = Path(path)
    name = path.name
    for ext in (".warc.gz", ".warc", ".gz"):
        if name.endswith(ext):
            return str(path.with_name(f"{name[:-len(ext)]}-{index}{ext}"))
    return str(path.with_name(f"{name}-{index}"))


class ShardLock(FolderLock):
    """flock on `<shard>.lock`, held by the one process using the shard (an actor, or the merging driver).

    An actor of a killed driver may live on for a moment; whoever comes next
    waits for it rather than writing the same shard or WARC file at once.
    """

    def __init__(self, shard: str | Path, timeout: float = 60.0):
        super().__init__(Path(shard).parent)
        self.path = Path(str(shard) + ".lock")
        self.timeout = timeout

    def __enter__(self) -> "ShardLock":
        return self.wait()

    def wait(self) -> "ShardLock":
        timeout = self.timeout
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.acquire()
            except LockHeld:
                if time.monotonic() > deadline:
                    raise LockHeld(f"{self.path.name}: still held after {timeout:g}s by an actor of an "
                                   "earlier run") from None
                time.sleep(0.1)


class ShardStore(Store):
    """An actor's store: `pending()` is what was seeded for this run and is not settled yet."""

    def pending(self, max_attempts: int = 3, refresh: bool = False, batch: int = 1000) -> Iterator[UrlState]:
        last = 0
        while True:
            rows = self.db.execute(
                "SELECT url, seq, state, attempts, etag, last_modified, body_hash FROM urls "
                "WHERE seq > ? AND updated_at = ? ORDER BY seq LIMIT ?", (last, SEEDED, batch)).fetchall()
            if not rows:
                return
            for row in rows:
                last = row[1]
                yield UrlState(*row)

    def unsettled(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM urls WHERE updated_at = ?", (SEEDED,)).fetchone()[0]


def seed(path: Path, items: Iterable[UrlState]) -> int:
    """A new shard at `path` holding the URLs `items` to work on; returns how many.

    `article_id` and `version` are left empty: the merge tells a page stored
    in this run (both set by `record_article`) from one that was not.
    """
    for p in _files(path):
        p.unlink(missing_ok=True)
    n = 0
    with ShardStore(path) as shard, shard.batch():
        shard.db.execute("INSERT INTO meta (key, value) VALUES ('run', ?)", (uuid.uuid4().hex,))
        for state in items:
            shard.db.execute(
                "INSERT INTO urls (url, seq, state, attempts, etag, last_modified, body_hash, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (state.url, state.seq, state.state, state.attempts, state.etag, state.last_modified,
                 state.body_hash, SEEDED))
            n += 1
    return n


@dataclass
class Merged:
    """What a merge added: versions new to the folder's store, and new versions of known articles."""

    key: str = ""          # the `meta` key recording that this shard was merged
    repeated: bool = False  # merged by an earlier run already (killed before deleting the shard)
    new: int = 0
    changed: int = 0
    urls: int = 0           # URLs settled in the shard: done (ok) or failed
    ok: int = 0
    failed: int = 0


def merge(store: Store, path: Path) -> Merged:
    """Replay the shard at `path` into `store`, in one transaction, unless it was merged before."""
    db = store.db
    db.execute("ATTACH DATABASE ? AS shard", (str(path),))
    try:
        row = db.execute("SELECT value FROM shard.meta WHERE key = 'run'").fetchone()
        merged = Merged(key=_MERGED + (row[0] if row else path.name))
        with store._tx():
            if db.execute("SELECT 1 FROM main.meta WHERE key = ?", (merged.key,)).fetchone():
                merged.repeated = True
                return merged
            mapping = _merge_versions(db, merged)
            _merge_urls(db, mapping, merged)
            db.execute("INSERT INTO main.meta (key, value) VALUES (?, ?)", (merged.key, str(path)))
        return merged
    finally:
        db.execute("DETACH DATABASE shard")


def _merge_versions(db: sqlite3.Connection, merged: Merged) -> dict[tuple[str, int], int]:
    """Each shard version as `record_article` would store it here; (article, shard version) -> version."""
    mapping: dict[tuple[str, int], int] = {}
    shard_versions = db.execute("SELECT article_id, version, content_hash, url, fetched_at FROM shard.versions "
                                "ORDER BY article_id, version").fetchall()
    for aid, version, digest, url, fetched_at in shard_versions:
        latest = db.execute("SELECT version, content_hash, url FROM main.versions WHERE article_id = ? "
                            "ORDER BY version DESC LIMIT 1", (aid,)).fetchone()
        if latest and latest[1] == digest:
            target = latest[0]
            if latest[2] is not None and url is not None and url < latest[2]:
                # the same article reached through a smaller URL: its article row is the shard's
                db.execute("UPDATE main.versions SET url = ?, fetched_at = ? WHERE article_id = ? AND version = ?",
                           (url, fetched_at, aid, target))
                db.execute(
                    "UPDATE main.rows SET (data, csv, nrows) = (SELECT data, csv, nrows FROM shard.rows s "
                    "WHERE s.tbl = 'articles' AND s.article_id = ? AND s.version = ?) "
                    "WHERE tbl = 'articles' AND article_id = ? AND version = ?", (aid, version, aid, target))
        else:
            target = latest[0] + 1 if latest else 1
            if latest:
                merged.changed += 1
            else:
                merged.new += 1
            db.execute("INSERT INTO main.versions (article_id, version, content_hash, url, fetched_at) "
                       "VALUES (?, ?, ?, ?, ?)", (aid, target, digest, url, fetched_at))
            db.execute("INSERT OR REPLACE INTO main.rows (tbl, article_id, version, data, csv, nrows) "
                       "SELECT tbl, article_id, ?, data, csv, nrows FROM shard.rows "
                       "WHERE article_id = ? AND version = ?", (target, aid, version))
        mapping[(aid, version)] = target
    return mapping


def _merge_urls(db: sqlite3.Connection, mapping: dict[tuple[str, int], int], merged: Merged) -> None:
    rows = db.execute("SELECT url, state, attempts, stage, reason, http_status, failed_at, etag, last_modified, "
                      "body_hash, article_id, version, updated_at FROM shard.urls WHERE updated_at != ?",
                      (SEEDED,)).fetchall()
    for (url, state, attempts, stage, reason, status, failed_at, etag, last_modified, body, aid, version,
         updated_at) in rows:
        if aid is None:  # not stored in this run (a failure, a 304): keep the article it had
            db.execute("UPDATE main.urls SET state = ?, attempts = ?, stage = ?, reason = ?, http_status = ?, "
                       "failed_at = ?, etag = ?, last_modified = ?, body_hash = ?, updated_at = ? WHERE url = ?",
                       (state, attempts, stage, reason, status, failed_at, etag, last_modified, body,
                        updated_at, url))
        else:
            db.execute("UPDATE main.urls SET state = ?, attempts = ?, stage = ?, reason = ?, http_status = ?, "
                       "failed_at = ?, etag = ?, last_modified = ?, body_hash = ?, article_id = ?, version = ?, "
                       "updated_at = ? WHERE url = ?",
                       (state, attempts, stage, reason, status, failed_at, etag, last_modified, body, aid,
                        mapping.get((aid, version), version), updated_at, url))
        merged.urls += 1
        if state == "done":
            merged.ok += 1
        else:
            merged.failed += 1


def _files(path: Path) -> list[Path]:
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")]


def merge_and_discard(store: Store, path: Path, timeout: float = 60.0) -> Merged:
    """Merge one shard (waiting for its lock: an actor may still be finishing), delete it, then
    forget that it was merged (a kill in between leaves the mark, so the next run only deletes it)."""
    with ShardLock(path, timeout):
        merged = merge(store, path)
        for p in _files(path):
            p.unlink(missing_ok=True)
        store.db.execute("DELETE FROM meta WHERE key = ?", (merged.key,))
        return merged


def leftovers(out_dir: str | Path) -> list[Path]:
    """Shards of an earlier run that did not finish (killed driver)."""
    folder = shards_dir(out_dir)
    return sorted(folder.glob("actor-*.sqlite3")) if folder.is_dir() else []
