"""Store -> table files (CSV / Parquet / JSONL), streamed, sorted, atomically replaced.

Every table is written a chunk of rows at a time into `<name>.<fmt>.tmp`, then
fsynced and renamed over `<name>.<fmt>`; memory stays bounded by the chunk
size whatever the number of articles, and a crash mid-export leaves the
previous complete file (the next run exports again from the store).

CSV alone (the default) is a copy: each page's CSV lines were rendered by
the worker that parsed it (`extract.schema.csv_text`) and kept in the store,
so exporting a large run costs the main process little. pandas is only
imported for Parquet, JSONL, and rows whose types only pandas can write.

People across articles (`broadsheet.entities`): before the tables are
written, the people of all articles are resolved into entities; `people` and
`quotes` get their `entity_id` then (so they are written from their rows, not
copied), and `entities` and `roles` are written from the result.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable, Iterator

from extract.schema import CROSS_ARTICLE_TABLES, INT_COLUMNS, TABLES, csv_cells, csv_writer

from .entities import CrossArticle, resolve_store
from .store import ARTICLE_TABLES, Store, replace_atomically

# Tables whose rows get their `entity_id` at export.
WITH_ENTITY = ("people", "quotes")

CHUNK_ROWS = 5000


def _chunks(store: Store, name: str, history: bool, cross: CrossArticle) -> Iterator[list[dict]]:
    buf: list[dict] = []
    if name == "failures":
        source: Iterable = ((None, [row]) for row in store.failure_rows())
    elif name in CROSS_ARTICLE_TABLES:
        source = [(None, cross.tables.get(name) or [])]
    else:
        source = store.table_rows(name, history=history)
    for version, rows in source:
        if history and name in ARTICLE_TABLES:
            for row in rows:
                row["version"] = version
        if name in WITH_ENTITY:
            for row in rows:
                row["entity_id"] = cross.entity_of(row)
        buf.extend(rows)
        if len(buf) >= CHUNK_ROWS:
            yield buf
            buf = []
    if buf:
        yield buf


def _copy_csv(store: Store, name: str, out: "_CsvOut") -> int:
    """The CSV lines rendered when each page was parsed, in article order; returns the row count."""
    n = 0
    for text, count, data in store.table_csv(name):
        if text is not None and count is not None:
            out.write_text(text)
            n += count
        else:
            rows = json.loads(data)
            out.write(rows, lambda rows=rows: _frame(name, rows, False))
            n += len(rows)
    return n


def _frame(name: str, rows: list[dict], history: bool):
    import pandas as pd

    from extract.tables import frame

    df = frame(name, rows)
    if history and name in ARTICLE_TABLES:
        df["version"] = pd.array([r.get("version") for r in rows], dtype="Int64")
    return df


def _is_int(col: str) -> bool:
    """An integer column: the contract's, or the `version` column of a history export."""
    return col in INT_COLUMNS or col == "version"


class _CsvOut:
    """A CSV table written chunk by chunk with the csv module, as `extract.tables.write_csv` writes it."""

    def __init__(self, path: Path, cols: list[str]):
        self.cols = cols
        self.int_cols = [_is_int(c) for c in cols]
        self.fh = open(path, "w", encoding="utf-8", newline="")
        self.writer = csv_writer(self.fh)
        self.writer.writerow(cols)

    def write(self, rows: list[dict], df_of) -> None:
        lines = csv_cells(rows, self.cols, self.int_cols)
        if lines is not None:
            self.writer.writerows(lines)
        else:
            from extract.tables import escape_formulas

            escape_formulas(df_of()).to_csv(self.fh, index=False, header=False, lineterminator="\n")

    def write_text(self, text: str) -> None:
        """Lines already rendered by `extract.schema.csv_text` (in the worker that parsed the page)."""
        self.fh.write(text)

    def close(self) -> None:
        self.fh.close()


def _schema(df):
    import pyarrow as pa

    return pa.schema([(c, pa.int64() if _is_int(c) else pa.string())
                      for c in df.columns])


def _text(value):
    import pandas as pd

    if value is None or isinstance(value, str):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _as_text(df):
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].map(_text)
    return df


def export_tables(store: Store, out_dir: str | Path, formats: Iterable[str] = ("csv",),
                  history: bool = False) -> tuple[dict[str, Path], dict[str, int]]:
    """Write every table from the store; returns (first path per table, rows per table)."""
    cross = resolve_store(store)
    copy = None
    if tuple(formats) == ("csv",) and not history:
        def copy(name, out):
            # people and quotes get their entity_id now, so they are not copied as rendered
            if name in ARTICLE_TABLES and name not in WITH_ENTITY:
                return _copy_csv(store, name, out)
            return None
    return write_table_files(out_dir, formats, history, lambda name: _chunks(store, name, history, cross), copy)


def write_table_files(out_dir: str | Path, formats: Iterable[str], history: bool,
                      chunks_of: Callable[[str], Iterable[list[dict]]],
                      copy_csv: Callable[[str, "_CsvOut"], int] | None = None
                      ) -> tuple[dict[str, Path], dict[str, int]]:
    """Every table from `chunks_of(name)` (lists of rows, in file order) into its files.

    The one writer behind the store's export and the sharded job's: the same
    rows give byte-identical files. `copy_csv(name, out)`, when given, writes
    the CSV of an article table itself (the store's pre-rendered lines) and
    returns its row count, or None to leave the table to `chunks_of`.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    formats = tuple(formats)
    for fmt in formats:
        if fmt not in ("csv", "parquet", "jsonl"):
            raise ValueError(f"unknown output format {fmt!r} (csv, parquet, jsonl)")
    if "parquet" in formats:
        import pyarrow as pa
        import pyarrow.parquet as pq
    if "jsonl" in formats:
        from extract.tables import write_jsonl
    written: dict[str, Path] = {}
    counts: dict[str, int] = {}
    for name in TABLES:
        paths = {fmt: out / f"{name}.{fmt}" for fmt in formats}
        tmps = {fmt: p.with_name(p.name + ".tmp") for fmt, p in paths.items()}
        for tmp in tmps.values():
            tmp.unlink(missing_ok=True)
        writers: dict[str, object] = {}
        n = 0
        cols = TABLES[name] + (["version"] if history and name in ARTICLE_TABLES else [])
        try:
            if "csv" in tmps:  # header first: an empty table still gets it
                writers["csv"] = _CsvOut(tmps["csv"], cols)
            copied = copy_csv(name, writers["csv"]) if copy_csv is not None and "csv" in writers else None
            if copied is not None:
                n = copied
                chunks: Iterable[list[dict]] = ()
            else:
                chunks = chunks_of(name)
            for rows in chunks:
                n += len(rows)
                df = None

                def df_of():
                    nonlocal df
                    if df is None:
                        df = _frame(name, rows, history)
                    return df

                for fmt, tmp in tmps.items():
                    if fmt == "csv":
                        writers[fmt].write(rows, df_of)
                    elif fmt == "jsonl":
                        write_jsonl(df_of(), tmp, append=True)
                    else:
                        table = pa.Table.from_pandas(_as_text(df_of().copy()), schema=_schema(df_of()),
                                                     preserve_index=False)
                        if fmt not in writers:
                            writers[fmt] = pq.ParquetWriter(str(tmp), _schema(df_of()))
                        writers[fmt].write_table(table)
            empty = None
            for fmt, tmp in tmps.items():  # empty tables still get their header / schema
                if fmt == "jsonl" and not tmp.exists():
                    tmp.write_text("", encoding="utf-8")
                elif fmt == "parquet" and fmt not in writers:
                    empty = _frame(name, [], history) if empty is None else empty
                    writers[fmt] = pq.ParquetWriter(str(tmp), _schema(empty))
        finally:
            for writer in writers.values():
                writer.close()
        for fmt in formats:
            replace_atomically(tmps[fmt], paths[fmt])
        written[name] = paths[formats[0]]
        counts[name] = n
    return written, counts
