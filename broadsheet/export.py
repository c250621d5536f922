"""Store -> table files (CSV / Parquet / JSONL), streamed, sorted, atomically replaced.

Every table is written a chunk of rows at a time into `<name>.<fmt>.tmp`, then
fsynced and renamed over `<name>.<fmt>`; memory stays bounded by the chunk
size whatever the number of articles, and a crash mid-export leaves the
previous complete file (the next run exports again from the store).
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from extract.tables import _FORMULA, INT_COLUMNS, TABLES, escape_formulas, frame, write_csv, write_jsonl

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


_INT64 = (-2 ** 63, 2 ** 63)
_FORMULA_FIRST = frozenset("'=+-@")


def _plain_csv_rows(rows: list[dict], cols: list[str], int_cols: list[bool]) -> list[list] | None:
    """The cells pandas' `write_csv(frame(...))` would hand to the csv writer, without pandas.

    Only for the common case: text columns hold str or None, integer columns
    int or None. Anything else (a number in a text column, a string in an
    integer column, ...) returns None and the chunk goes through pandas, whose
    type inference decides how it is written.
    """
    match = _FORMULA.match
    lo, hi = _INT64
    out = []
    for row in rows:
        get = row.get
        line = []
        for col, is_int in zip(cols, int_cols):
            v = get(col)
            if v is None:
                line.append("")
            elif is_int:
                if type(v) is not int or not lo <= v < hi:
                    return None
                line.append(v)
            elif type(v) is str:
                # extract.tables.escape_formulas (a formula starts with one of these characters)
                line.append("'" + v if v[:1] in _FORMULA_FIRST and match(v) else v)
            else:
                return None
        out.append(line)
    return out


class _CsvOut:
    """A CSV table written chunk by chunk with the csv module, as `extract.tables.write_csv` writes it."""

    def __init__(self, path: Path, cols: list[str]):
        self.cols = cols
        self.int_cols = [c in INT_COLUMNS or c == "version" for c in cols]
        self.fh = open(path, "w", encoding="utf-8", newline="")
        # pandas' to_csv: csv.writer, QUOTE_MINIMAL, '"' doubled, "\n" line ends
        self.writer = csv.writer(self.fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        self.writer.writerow(cols)

    def write(self, rows: list[dict], df_of) -> None:
        lines = _plain_csv_rows(rows, self.cols, self.int_cols)
        if lines is not None:
            self.writer.writerows(lines)
        else:
            escape_formulas(df_of()).to_csv(self.fh, index=False, header=False, lineterminator="\n")

    def close(self) -> None:
        self.fh.close()


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
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    formats = tuple(formats)
    for fmt in formats:
        if fmt not in ("csv", "parquet", "jsonl"):
            raise ValueError(f"unknown output format {fmt!r} (csv, parquet, jsonl)")
    if "parquet" in formats:
        import pyarrow as pa
        import pyarrow.parquet as pq
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
            for rows in _chunks(store, name, history):
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
