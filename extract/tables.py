"""Records -> pandas DataFrames -> files.

The table names and column orders here are the contract documented in the
README ("Tables"); extend by appending columns, never rename.

Spreadsheet safety: a text cell that starts with =, +, - or @ would be run as
a formula by Excel/LibreOffice. Such cells are written with a leading
apostrophe (the spreadsheet convention for "this is text"), and a cell that
already starts with apostrophes before one of those characters gets one more,
so the escaping is reversible. `read_table` undoes it exactly, so
`read_table(path)` gives back the DataFrame that was written.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

import pandas as pd

from .dataset import read_dataset  # noqa: F401 - re-exported: a sharded job's tables
from .rows import article_rows, record_rows  # noqa: F401 - re-exported
from .schema import (ARTICLE_COLUMNS, FAILURE_COLUMNS, IMAGE_COLUMNS, INT_COLUMNS,  # noqa: F401 - re-exported
                     PARAGRAPH_COLUMNS, TABLES)
from .schema import FORMULA as _FORMULA


def frame(table: str, rows: Iterable[dict]) -> pd.DataFrame:
    """A DataFrame with the table's columns in contract order and stable dtypes."""
    cols = TABLES[table]
    df = pd.DataFrame(list(rows), columns=cols)
    for col in cols:
        if col in INT_COLUMNS:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        else:
            df[col] = df[col].astype("object")
    return df


def escape_formulas(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if _is_text(out[col]):
            out[col] = out[col].map(lambda v: "'" + v if isinstance(v, str) and _FORMULA.match(v) else v)
    return out


def unescape_formulas(df: pd.DataFrame) -> pd.DataFrame:
    for col in df.columns:
        if _is_text(df[col]):
            df[col] = df[col].map(lambda v: v[1:] if isinstance(v, str) and v.startswith("'")
                                  and _FORMULA.match(v[1:]) else v)
    return df


def _is_text(series: pd.Series) -> bool:
    return series.dtype == object or pd.api.types.is_string_dtype(series.dtype)


def write_csv(df: pd.DataFrame, path: Path, append: bool = False) -> None:
    header = not (append and path.exists() and path.stat().st_size > 0)
    escape_formulas(df).to_csv(path, index=False, mode="a" if append else "w", header=header,
                               encoding="utf-8", lineterminator="\n")


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by Broadsheet back exactly as it was written.

    Text stays text (ids that look like numbers are not converted), empty
    cells are NA, integer columns are nullable integers, and the formula
    escaping is undone.
    """
    path = Path(path)
    table = path.stem
    cols = TABLES.get(table)
    dtype = {c: ("Int64" if c in INT_COLUMNS else "string") for c in cols} if cols else "string"
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".jsonl":
        return pd.read_json(path, lines=True, dtype=dtype)
    df = pd.read_csv(path, dtype=dtype, keep_default_na=False, na_values=[""], encoding="utf-8")
    df = unescape_formulas(df)
    # (mapping a text column that is all empty gives it pandas' `null` type: back to the declared one)
    return df.astype(dtype) if cols else df


def write_jsonl(df: pd.DataFrame, path: Path, append: bool = False) -> None:
    with open(path, "a" if append else "w", encoding="utf-8") as fh:
        for row in df.to_dict(orient="records"):
            clean = {k: (None if _is_na(v) else v) for k, v in row.items()}
            fh.write(json.dumps(clean, ensure_ascii=False, default=str) + "\n")


def _is_na(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path,
                 formats: Iterable[str] = ("csv",)) -> dict[str, Path]:
    """Write every table in every requested format; returns the CSV (or first) paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, df in tables.items():
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            if fmt == "csv":
                write_csv(df, path)
            elif fmt == "parquet":
                df.to_parquet(path, index=False)
            elif fmt == "jsonl":
                write_jsonl(df, path)
            else:
                raise ValueError(f"unknown output format {fmt!r} (csv, parquet, jsonl)")
            written.setdefault(name, path)
    return written
