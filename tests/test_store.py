"""The job store: states, versions, and the streamed, sorted, atomic export."""
from __future__ import annotations

import sqlite3

import pandas as pd

from broadsheet.export import export_tables
from broadsheet.store import Store
from extract.tables import TABLES, read_table


def rows(aid: str, n_paras: int = 2, title: str = "T", url: str = "http://x/a") -> dict:
    return {
        "articles": [{"article_id": aid, "url": url, "title": title, "paragraphs": n_paras,
                      "fetched_at": "2024-01-01T00:00:00+00:00"}],
        "paragraphs": [{"article_id": aid, "paragraph_index": i, "text": f"{title} para {i}"}
                       for i in range(n_paras)],
        "people": [{"article_id": aid, "person": "Ann Lee", "role": "mayor", "paragraph_index": 0}],
    }


def test_wal_mode_and_queue(tmp_path):
    with Store.in_folder(tmp_path) as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.enqueue(["http://x/a", "http://x/b"]) == 2
        assert store.enqueue(["http://x/b", "http://x/c"]) == 1  # known URLs are not queued twice
        assert [s.url for s in store.pending()] == ["http://x/a", "http://x/b", "http://x/c"]
        store.record_article("http://x/a", rows("a"), fetched_at=None)
        store.record_failure("http://x/b", {"stage": "fetch", "error": "HTTP 500", "http_status": 500})
        assert [s.url for s in store.pending(max_attempts=3)] == ["http://x/b", "http://x/c"]
        assert [s.url for s in store.pending(max_attempts=1)] == ["http://x/c"]
        assert [s.url for s in store.pending(max_attempts=1, refresh=True)] == ["http://x/a", "http://x/c"]
        assert store.counts() == {"done": 1, "failed": 1, "queued": 1}


def test_versions_only_when_content_changes(tmp_path):
    with Store.in_folder(tmp_path) as store:
        store.enqueue(["http://x/a"])
        assert store.record_article("http://x/a", rows("a"), fetched_at="t1").kind == "new"
        same = rows("a")
        same["articles"][0]["fetched_at"] = "2025-01-01T00:00:00+00:00"  # a later fetch, same content
        assert store.record_article("http://x/a", same, fetched_at="t2").kind == "unchanged"
        out = store.record_article("http://x/a", rows("a", 3, "T2"), fetched_at="t3")
        assert (out.kind, out.version) == ("changed", 2)
        latest = [r for _, rs in store.table_rows("paragraphs") for r in rs]
        assert [r["text"] for r in latest] == ["T2 para 0", "T2 para 1", "T2 para 2"]
        history = list(store.table_rows("paragraphs", history=True))
        assert [v for v, _ in history] == [1, 2]


def test_failed_url_that_later_succeeds_leaves_no_failure_row(tmp_path):
    with Store.in_folder(tmp_path) as store:
        store.enqueue(["http://x/a"])
        store.record_failure("http://x/a", {"stage": "fetch", "error": "timeout"})
        assert len(list(store.failure_rows())) == 1
        store.record_article("http://x/a", rows("a"), fetched_at=None)
        assert list(store.failure_rows()) == []
        assert store.db.execute("SELECT attempts FROM urls").fetchone()[0] == 2


def test_transaction_is_all_or_nothing(tmp_path):
    import pytest

    with Store.in_folder(tmp_path) as store:
        store.enqueue(["http://x/a"])
        # the rows and the version are inserted, then marking the URL done fails: nothing stays
        with pytest.raises(Exception):
            store.record_article("http://x/a", rows("a"), fetched_at=None, etag=object())
        assert store.counts() == {"queued": 1}
        assert store.db.execute("SELECT COUNT(*) FROM rows").fetchone()[0] == 0
        assert store.db.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == 0
        assert store.record_article("http://x/a", rows("a"), fetched_at=None).kind == "new"


def test_export_sorted_streamed_atomic_csv_and_parquet(tmp_path, monkeypatch):
    import broadsheet.export as export

    monkeypatch.setattr(export, "CHUNK_ROWS", 3)  # force several chunks per table
    with Store.in_folder(tmp_path) as store:
        ids = ["f", "b", "d", "a", "e", "c"]
        store.enqueue([f"http://x/{i}" for i in ids])
        for i in ids:
            store.record_article(f"http://x/{i}", rows(i, 2, f"=T{i}", f"http://x/{i}"), fetched_at=None)
        store.record_failure("http://x/zz", {"stage": "fetch", "error": "x"})  # unknown URL: ignored
        files, counts = export_tables(store, tmp_path, ("csv", "parquet"))
    assert counts["articles"] == 6 and counts["paragraphs"] == 12
    assert not list(tmp_path.glob("*.tmp"))
    arts = read_table(tmp_path / "articles.csv")
    assert list(arts.columns) == TABLES["articles"]
    assert list(arts.article_id) == sorted(ids)
    assert arts.title.iloc[0] == "=Ta"  # formula escaping round-trips
    paras = read_table(tmp_path / "paragraphs.csv")
    assert list(zip(paras.article_id, paras.paragraph_index)) == [(i, n) for i in sorted(ids) for n in (0, 1)]
    pq = pd.read_parquet(tmp_path / "paragraphs.parquet")
    assert list(pq.columns) == TABLES["paragraphs"] and len(pq) == 12
    assert list(pq.text) == list(paras.text)
    for name in TABLES:  # empty tables still have their header / schema
        assert (tmp_path / f"{name}.csv").exists() and (tmp_path / f"{name}.parquet").exists()
    assert list(read_table(tmp_path / "quotes.csv").columns) == TABLES["quotes"]


def test_history_export_has_version_column(tmp_path):
    with Store.in_folder(tmp_path) as store:
        store.enqueue(["http://x/a"])
        store.record_article("http://x/a", rows("a", 1, "v1"), fetched_at=None)
        store.record_article("http://x/a", rows("a", 1, "v2"), fetched_at=None)
        export_tables(store, tmp_path / "latest")
        export_tables(store, tmp_path / "hist", history=True)
    assert list(read_table(tmp_path / "latest" / "articles.csv").title) == ["v2"]
    hist = read_table(tmp_path / "hist" / "articles.csv")
    assert list(hist.title) == ["v1", "v2"] and list(hist.version) == [1, 2]
    assert list(hist.columns) == TABLES["articles"] + ["version"]


def test_store_survives_a_reader_while_writing(tmp_path):
    with Store.in_folder(tmp_path) as store:
        store.enqueue(["http://x/a"])
        reader = sqlite3.connect(str(store.path))
        assert reader.execute("SELECT COUNT(*) FROM urls").fetchone()[0] == 1
        store.record_article("http://x/a", rows("a"), fetched_at=None)  # WAL: no "database is locked"
        reader.close()


def test_row_building_does_not_import_pandas():
    """Parse workers build rows, and the batch process exports CSV, without pandas (smaller, faster to start)."""
    import subprocess
    import sys

    code = ("import sys, extract, extract.rows, scraper.parser; "
            "import broadsheet.pipeline, broadsheet.store, broadsheet.export, broadsheet.cli; "
            "assert 'pandas' not in sys.modules, 'pandas imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def _pandas_csv(tmp_path, name: str, rows: list[dict]) -> str:
    from extract.tables import frame, write_csv

    path = tmp_path / f"pandas-{name}.csv"
    write_csv(frame(name, rows), path)
    return path.read_text(encoding="utf-8")


def test_csv_copied_from_the_store_is_what_pandas_writes(tmp_path):
    """The CSV lines rendered per page, copied at export, equal pandas' writer on the same rows."""
    odd = ["=SUM(A1)", "'=quoted", "+1", "-", "@x", 'say "hi", then', "two\nlines", "", "\u4e2d\u6587 \u00e9",
           "trailing space ", "\r\nCRLF", None]
    tables = {
        aid: {"articles": [{"article_id": aid, "url": f"http://x/{aid}", "title": t, "paragraphs": i,
                            "images": None, "fetched_at": "2024-01-01T00:00:00+00:00"}],
              "paragraphs": [{"article_id": aid, "paragraph_index": j, "text": t} for j in range(2)]}
        for i, (aid, t) in enumerate(zip("abcdefghijkl", odd))
    }
    # a number in a text column: only pandas knows how it is written (the JSON path)
    tables["m"] = {"articles": [{"article_id": "m", "url": "http://x/m", "title": 3.5, "paragraphs": 1}],
                   "paragraphs": [{"article_id": "m", "paragraph_index": 0, "text": 7}]}
    with Store.in_folder(tmp_path / "out") as store:
        store.enqueue([f"http://x/{a}" for a in tables])
        for aid, t in tables.items():
            store.record_article(f"http://x/{aid}", t, fetched_at=None)
        assert store.db.execute("SELECT csv FROM rows WHERE article_id = 'm' AND tbl = 'paragraphs'"
                                ).fetchone()[0] is None
        _, counts = export_tables(store, tmp_path / "out")
    assert counts["articles"] == 13 and counts["paragraphs"] == 25
    for name in ("articles", "paragraphs"):
        every = [row for aid in sorted(tables) for row in tables[aid][name]]
        got = (tmp_path / "out" / f"{name}.csv").read_text(encoding="utf-8")
        header, *_ = got.split("\n", 1)
        # pandas writes the chunks of plain and odd rows the same way it writes them one by one
        want = header + "\n" + "".join(_pandas_csv(tmp_path, name, tables[aid][name]).split("\n", 1)[1]
                                       for aid in sorted(tables))
        assert got == want
        assert len(read_table(tmp_path / "out" / f"{name}.csv")) == len(every)


def test_store_of_an_earlier_version_is_upgraded_and_exported(tmp_path):
    """A store written before the CSV lines were kept: columns added, its rows exported from JSON."""
    db = sqlite3.connect(str(tmp_path / ".broadsheet.sqlite3"))
    db.executescript("""
        CREATE TABLE rows (tbl TEXT NOT NULL, article_id TEXT NOT NULL, version INTEGER NOT NULL,
                           data TEXT NOT NULL, PRIMARY KEY (tbl, article_id, version));
        CREATE TABLE versions (article_id TEXT NOT NULL, version INTEGER NOT NULL, content_hash TEXT NOT NULL,
                               url TEXT, fetched_at TEXT, PRIMARY KEY (article_id, version));
        INSERT INTO versions VALUES ('old', 1, 'h', 'http://x/old', NULL);
        INSERT INTO rows VALUES ('paragraphs', 'old', 1,
                                 '[{"article_id": "old", "paragraph_index": 0, "text": "=kept"}]');
    """)
    db.commit()
    db.close()
    with Store.in_folder(tmp_path) as store:
        store.enqueue(["http://x/new"])
        store.record_article("http://x/new", rows("new"), fetched_at=None)
        _, counts = export_tables(store, tmp_path)
    paras = read_table(tmp_path / "paragraphs.csv")
    assert counts["paragraphs"] == 3
    assert list(paras.article_id) == ["new", "new", "old"] and paras.text.iloc[2] == "=kept"
