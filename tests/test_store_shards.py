"""Job-store shards: pages stored through shards and merged give the store the local engine gives."""
from __future__ import annotations

from test_store import rows

from broadsheet.store_shards import ShardStore, leftovers, merge, merge_and_discard, seed, shard_path, shard_warc
from broadsheet.store import Store


def _state(store: Store) -> dict:
    urls = store.db.execute("SELECT url, state, attempts, stage, reason, article_id, version FROM urls "
                            "ORDER BY url").fetchall()
    versions = store.db.execute("SELECT article_id, version, content_hash, url FROM versions "
                                "ORDER BY article_id, version").fetchall()
    data = store.db.execute("SELECT tbl, article_id, version, data, csv, nrows FROM rows "
                            "ORDER BY tbl, article_id, version").fetchall()
    return {"urls": urls, "versions": versions, "rows": data}


FAIL = {"stage": "fetch", "error": "HTTP 500", "http_status": 500, "at": "t"}


def _record(store: Store, url: str, page) -> None:
    if page is FAIL:
        store.record_failure(url, FAIL)
    else:
        store.record_article(url, page, fetched_at="t")


def _run(local: Store, main: Store, out, pages: dict, refresh: bool = False, repeat_merge: bool = False):
    """One run: the local engine on `local`; two shards (x/a* and x/b* on one, the rest on the other)
    merged into `main`. Pages are settled in the store's pending order, as an engine takes them."""
    for state in list(local.pending(refresh=refresh)):
        _record(local, state.url, pages[state.url])
    pending = list(main.pending(refresh=refresh))
    groups = {0: [s for s in pending if s.url[9] in "ab"], 1: [s for s in pending if s.url[9] not in "ab"]}
    merged = []
    for index, states in groups.items():
        path = shard_path(out, index)
        assert seed(path, states) == len(states)
        with ShardStore(path) as shard:
            assert [s.url for s in shard.pending()] == [s.url for s in states]
            for i, state in enumerate(states):
                _record(shard, state.url, pages[state.url])
                # an actor restarted now would go on after the pages already settled
                assert [s.url for s in shard.pending()] == [s.url for s in states[i + 1:]]
        if repeat_merge:  # a driver killed after the merge committed, before deleting the shard
            merged.append(merge(main, path))
            assert not merged[-1].repeated and merge_and_discard(main, path).repeated
        else:
            merged.append(merge_and_discard(main, path))
    assert not leftovers(out)
    assert main.db.execute("SELECT COUNT(*) FROM meta WHERE key LIKE 'shard-merged:%'").fetchone()[0] == 0
    assert _state(main) == _state(local)
    return merged


def test_merged_shards_equal_the_local_store(tmp_path):
    local, main = Store(tmp_path / "local.sqlite3"), Store(tmp_path / "main.sqlite3")
    out = tmp_path / "out"
    for store in (local, main):
        store.enqueue(["http://x/b", "http://x/d"])
    _run(local, main, out, {"http://x/b": rows("a", url="http://x/b"), "http://x/d": FAIL})
    for store in (local, main):
        store.enqueue(["http://x/a1", "http://x/e"])
    merged = _run(local, main, out, {
        "http://x/a1": rows("a", url="http://x/a1"),   # article `a` again, same rows: the smaller URL is kept
        "http://x/d": rows("d", url="http://x/d"),     # failed before, now done
        "http://x/e": rows("e", url="http://x/e")}, repeat_merge=True)
    assert [(m.new, m.changed, m.ok, m.failed) for m in merged] == [(0, 0, 1, 0), (2, 0, 2, 0)]
    arts = main.db.execute("SELECT data FROM rows WHERE tbl = 'articles' AND article_id = 'a' AND version = 1")
    assert '"http://x/a1"' in arts.fetchone()[0]
    merged = _run(local, main, out, {  # --refresh: every URL again, `a` has changed
        "http://x/a1": rows("a", 3, "T2", url="http://x/a1"), "http://x/b": rows("a", 3, "T2", url="http://x/b"),
        "http://x/d": rows("d", url="http://x/d"), "http://x/e": FAIL}, refresh=True)
    assert [(m.new, m.changed, m.ok, m.failed) for m in merged] == [(0, 1, 2, 0), (0, 0, 1, 1)]
    assert main.db.execute("SELECT MAX(version) FROM versions WHERE article_id = 'a'").fetchone()[0] == 2
    local.close()
    main.close()


def test_shard_warc_names():
    assert shard_warc("out/raw.warc.gz", 3) == "out/raw-3.warc.gz"
    assert shard_warc("raw.warc", 0) == "raw-0.warc"
    assert shard_warc("archive", 1) == "archive-1"
