"""Store -> table files (CSV / Parquet / JSONL), streamed, sorted, atomically replaced.

Every table is written a chunk of rows at a time into `<name>.<fmt>.tmp`, then
fsynced and renamed over `<name>.<fmt>`; memory stays bounded by the chunk
size whatever the number of articles, and a crash mid-export leaves the
previous complete file (the next run exports again from the store).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from extract.tables import INT_COLUMNS, TABLES, frame, write_csv, write_jsonl

from .store import ARTICLE_TABLES, Store, replace_atomically

CHUNK_ROWS = 5000


def _chunks(store: Store, name: str, history: bool) -> Iterator[list[dict]]:
    buf: list[dict] = []
    if name == "failures":
        source: Iterable = ((None, [row]) for row in store.failure_rows())
    else:
        source = store.table_rows(name, history=history)
    for version, rows in source:
        if history and name in ARTICLE_TABLES:
            for row in rows:
                row["version"] = version
        buf.extend(rows)
        if len(buf) >= CHUNK_ROWS:
            yield buf
            buf = []
    if buf:
        yield buf


def _frame(name: str, rows: list[dict], history: bool) -> pd.DataFrame:
    df = frame(name, rows)
    if history and name in ARTICLE_TABLES:
        df["version"] = pd.array([r.get("version") for r in rows], dtype="Int64")
    return df


def _schema(df: pd.DataFrame):
    import pyarrow as pa

    return pa.schema([(c, pa.int64() if (c in INT_COLUMNS or c == "version") else pa.string())
                      for c in df.columns])


def _text(value):
    if value is None or isinstance(value, str):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _as_text(df: pd.DataFrame) -> pd.DataFrame:
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].map(_text)
    return df


def export_tables(store: Store, out_dir: str | Path, formats: Iterable[str] = ("csv",),
                  history: bool = False) -> tuple[dict[str, Path], dict[str, int]]:
    """Write every table from the store; returns (first path per table, rows per table)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    formats = tuple(formats)
    for fmt in formats:
        if fmt not in ("csv", "parquet", "jsonl"):
            raise ValueError(f"unknown output format {fmt!r} (csv, parquet, jsonl)")
    written: dict[str, Path] = {}
    counts: dict[str, int] = {}
    for name in TABLES:
        paths = {fmt: out / f"{name}.{fmt}" for fmt in formats}
        tmps = {fmt: p.with_name(p.name + ".tmp") for fmt, p in paths.items()}
        for tmp in tmps.values():
            tmp.unlink(missing_ok=True)
        writers: dict[str, object] = {}
        n = 0
        empty = _frame(name, [], history)
        try:
            for rows in _chunks(store, name, history):
                df = _frame(name, rows, history)
                n += len(df)
                for fmt, tmp in tmps.items():
                    if fmt == "csv":
                        write_csv(df, tmp, append=True)
                    elif fmt == "jsonl":
                        write_jsonl(df, tmp, append=True)
                    else:
                        table = pa.Table.from_pandas(_as_text(df.copy()), schema=_schema(df),
                                                     preserve_index=False)
                        if fmt not in writers:
                            writers[fmt] = pq.ParquetWriter(str(tmp), _schema(df))
                        writers[fmt].write_table(table)
            for fmt, tmp in tmps.items():  # empty tables still get their header / schema
                if fmt == "csv" and not tmp.exists():
                    write_csv(empty, tmp)
                elif fmt == "jsonl" and not tmp.exists():
                    tmp.write_text("", encoding="utf-8")
                elif fmt == "parquet" and fmt not in writers:
                    writers[fmt] = pq.ParquetWriter(str(tmp), _schema(empty))
        finally:
            for writer in writers.values():
                writer.close()
        for fmt in formats:
            replace_atomically(tmps[fmt], paths[fmt])
        written[name] = paths[formats[0]]
        counts[name] = n
    return written, counts
