"""The tables of a sharded job, read straight from its Parquet shards (`OUT/parts/`).

A `parse-warc` job writes each task's rows as shards (see
`broadsheet/shards.py`). The same page may come several times (the same
URL in two WARCs, the same article under two URLs); `resolve` settles that
exactly as the job store settles it when a single machine reads the same
WARCs one after another, in the job's input order:

* a URL already done whose body is unchanged adds nothing;
* an article whose rows (ignoring fetch time and URL) equal its latest
  version's adds nothing, except that the articles row keeps the smallest
  URL it was reached through; different rows make version n+1, and the
  tables hold each article's latest version (`history=True`: all, with a
  `version` column);
* a URL whose last page failed is a failures row (its last failure); one
  that later succeeds is not.

So `read_dataset(OUT)` equals the table files the job writes at its end,
and those equal a single-machine run's (times of failures aside).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .resolve import resolve_rows
from .schema import CROSS_ARTICLE_TABLES, INT_COLUMNS, TABLES

PARTS = "parts"
PAGES = "_pages"
KEY_COLUMNS = ["_input", "_page", "_row"]


def _arrow_type(col: str):
    import pyarrow as pa

    return pa.int64() if col in INT_COLUMNS else pa.string()


def shard_schema(table: str):
    """A table's shard columns: the contract's (integers int64, the rest text), then the keys."""
    import pyarrow as pa

    return pa.schema([(c, _arrow_type(c)) for c in TABLES[table]] + [(k, pa.int64()) for k in KEY_COLUMNS])


def pages_schema():
    """The `_pages` shard: one row per page read (what it gave, for `settle`)."""
    import pyarrow as pa

    return pa.schema([("_input", pa.int64()), ("_page", pa.int64()), ("url", pa.string()),
                      ("body_hash", pa.string()), ("article_id", pa.string()), ("digest", pa.string()),
                      ("failed", pa.bool_())])


def _read(out_dir: Path, name: str):
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pages_schema() if name == PAGES else shard_schema(name)
    files = sorted((out_dir / PARTS / name).glob("part-*.parquet"))
    if not files:
        return schema.empty_table()
    return pa.concat_tables([pq.read_table(f, schema=schema) for f in files])


@dataclass
class _Version:
    version: int
    digest: str
    url: str
    rows_page: tuple[int, int]
    articles_page: tuple[int, int]


def settle(pages) -> tuple[list[tuple[str, _Version]], dict[str, tuple[int, int]]]:
    """The job store's rules over the pages in job order -> (article versions, failed URLs).

    `pages` is the `_pages` table. Returns every (article_id, version) with
    the page whose rows it holds and the page its articles row comes from,
    and for each URL that ends failed, the page of its last failure.
    """
    inputs = pages.column("_input").to_pylist()
    page_nos = pages.column("_page").to_pylist()
    order = sorted(range(pages.num_rows), key=lambda i: (inputs[i], page_nos[i]))
    urls = pages.column("url").to_pylist()
    bodies = pages.column("body_hash").to_pylist()
    aids = pages.column("article_id").to_pylist()
    digests = pages.column("digest").to_pylist()
    failed = pages.column("failed").to_pylist()
    url_state: dict[str, tuple[str, str | None]] = {}
    latest: dict[str, _Version] = {}
    versions: list[tuple[str, _Version]] = []
    failed_urls: dict[str, tuple[int, int]] = {}
    for i in order:
        url, body, aid, key = urls[i], bodies[i], aids[i], (inputs[i], page_nos[i])
        state = url_state.get(url)
        if state and state[0] == "done" and body is not None and state[1] == body:
            continue  # the same body of a URL already done: nothing to do
        if aid is None:  # no article: the URL failed
            url_state[url] = ("failed", state[1] if state else None)
            failed_urls[url] = key
            continue
        current = latest.get(aid)
        if current is not None and current.digest == digests[i]:
            if url < current.url:  # the same article through several URLs: keep the smallest
                current.url, current.articles_page = url, key
        else:
            current = _Version((current.version + 1) if current else 1, digests[i], url, key, key)
            latest[aid] = current
            versions.append((aid, current))
        if failed[i]:  # an extractor failure: the rows are kept, the URL is failed
            url_state[url] = ("failed", body)
            failed_urls[url] = key
        else:
            url_state[url] = ("done", body)
            failed_urls.pop(url, None)
    return versions, failed_urls


# A table whose shards take more than this on disk is merged through buckets on disk (by the
# first hex digits of article_id), so memory holds one bucket, not the table.
MERGE_IN_MEMORY_BYTES = 256 << 20


class Resolved:
    """A job's shards with duplicates settled: each table's rows, in file order, a piece at a time."""

    def __init__(self, out_dir: str | Path, history: bool = False):
        import pyarrow as pa

        self.out_dir, self.history = Path(out_dir), history
        versions, failed_urls = settle(_read(self.out_dir, PAGES))
        if not history:
            newest: dict[str, _Version] = {}
            for aid, v in versions:
                newest[aid] = v
            versions = list(newest.items())

        def selection(which: str):
            pages = [(v.articles_page if which == "articles" else v.rows_page) for _aid, v in versions]
            return pa.table({"_input": pa.array([p[0] for p in pages], pa.int64()),
                             "_page": pa.array([p[1] for p in pages], pa.int64()),
                             "version": pa.array([v.version for _aid, v in versions], pa.int64())})

        keys = sorted(failed_urls.values())
        self.selections = {"rows": selection("rows"), "articles": selection("articles"),
                           "failures": pa.table({"_input": pa.array([k[0] for k in keys], pa.int64()),
                                                 "_page": pa.array([k[1] for k in keys], pa.int64())})}

    def columns(self, name: str) -> list[str]:
        per_article = name != "failures" and name not in CROSS_ARTICLE_TABLES
        return list(TABLES[name]) + (["version"] if self.history and per_article else [])

    def cross(self):
        """People across the job's articles (`extract.resolve`), from the latest
        version of each article, as the job store's export resolves them."""
        if getattr(self, "_cross", None) is None:
            latest = Resolved(self.out_dir, False) if self.history else self

            def people():
                return (row for piece in latest._pieces("people") for row in piece.to_pylist())

            articles = (row for piece in latest._pieces("articles") for row in piece.to_pylist())
            self._cross, _ = resolve_rows(people, articles)
        return self._cross

    def pieces(self, name: str):
        """The table's rows in file order, as pyarrow Tables: people and quotes
        with their `entity_id`, `entities` and `roles` from `cross`."""
        import pyarrow as pa

        if name in CROSS_ARTICLE_TABLES:
            schema = pa.schema([(c, _arrow_type(c)) for c in TABLES[name]])
            yield pa.Table.from_pylist(self.cross().tables.get(name) or [], schema=schema)
            return
        # resolved before the rows are read: both read the people's buckets
        cross = self.cross() if name in ("people", "quotes") else None
        for piece in self._pieces(name):
            if cross is not None and piece.num_rows:
                ids = [cross.entity_of(row) for row in piece.select(["article_id", "person", "person_id"]).to_pylist()]
                piece = piece.set_column(piece.schema.get_field_index("entity_id"), "entity_id",
                                         pa.array(ids, pa.string()))
            yield piece

    def _selected(self, name: str, table):
        import pyarrow as pa

        sel = self.selections["failures" if name == "failures" else "articles" if name == "articles" else "rows"]
        if not table.num_rows:
            return table if name == "failures" else table.append_column("version", pa.array([], pa.int64()))
        return table.join(sel, keys=["_input", "_page"], join_type="inner")

    def _sorted(self, name: str, table):
        if name == "failures":
            table = table.sort_by([("url", "ascending"), ("_input", "ascending"), ("_page", "ascending")])
        else:
            table = table.sort_by([("article_id", "ascending"), ("version", "ascending"), ("_row", "ascending")])
        return table.select(self.columns(name))

    def _pieces(self, name: str):
        """The table's rows as settled, in file order (memory: one bucket, see MERGE_IN_MEMORY_BYTES)."""
        import shutil

        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        files = sorted((self.out_dir / PARTS / name).glob("part-*.parquet"))
        size = sum(f.stat().st_size for f in files)
        if name == "failures" or size <= MERGE_IN_MEMORY_BYTES:
            yield self._sorted(name, self._selected(name, _read(self.out_dir, name)))
            return
        digits = 1 if size <= 16 * MERGE_IN_MEMORY_BYTES else 2
        tmp = self.out_dir / PARTS / ".merge" / name
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        writers = {}
        try:
            for f in files:  # pass 1: each shard's selected rows into the bucket of their article_id
                table = self._selected(name, pq.read_table(f, schema=shard_schema(name)))
                if not table.num_rows:
                    continue
                prefix = pc.utf8_slice_codeunits(pc.fill_null(table["article_id"], ""), 0, digits)
                for bucket in pc.unique(prefix).to_pylist():
                    part = table.filter(pc.equal(prefix, bucket))
                    if bucket not in writers:
                        writers[bucket] = pq.ParquetWriter(str(tmp / f"b-{bucket}.parquet"), part.schema)
                    writers[bucket].write_table(part)
            for writer in writers.values():
                writer.close()
            # pass 2: the buckets in order (a shorter id's bucket sorts before longer ones it
            # begins, as the id itself does), each sorted
            for bucket in sorted(writers):
                yield self._sorted(name, pq.read_table(tmp / f"b-{bucket}.parquet"))
        finally:
            for writer in writers.values():
                writer.close()
            shutil.rmtree(tmp, ignore_errors=True)

    def table(self, name: str):
        import pyarrow as pa

        return pa.concat_tables(list(self.pieces(name)))


def resolve(out_dir: str | Path, history: bool = False) -> dict:
    """Every table of the job in `out_dir` as a pyarrow Table, in the order the table files have.

    Rows are sorted by article_id, then version, then their order in the
    page (failures by URL); the columns are the contract's, plus `version`
    with `history`. (`Resolved(out_dir).pieces(name)` gives a big table a
    piece at a time.)
    """
    resolved = Resolved(out_dir, history)
    return {name: resolved.table(name) for name in TABLES}


def read_dataset(out_dir: str | Path, history: bool = False) -> dict:
    """The tables of a sharded job (`parse-warc -o OUT`) as DataFrames, straight from the shards.

    Same columns and dtypes as `read_table` gives for the table files (text
    as `string`, counts and indexes as nullable `Int64`), and the same rows
    in the same order: duplicates are settled as the job store settles them.
    Works while the job is still running (on the tasks finished so far).
    """
    import pandas as pd

    frames = {}
    for name, table in resolve(out_dir, history).items():
        df = table.to_pandas()
        for col in df.columns:
            if col in INT_COLUMNS or col == "version":
                df[col] = df[col].astype("Int64")
            else:  # an empty text cell is NA, as in the CSV file
                df[col] = df[col].astype("string").replace("", pd.NA)
        frames[name] = df
    return frames
