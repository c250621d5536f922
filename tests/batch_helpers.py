"""Helpers for the batch tests: the generated test site, fast options, table comparison."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from broadsheet.pipeline import BatchOptions
from extract.tables import TABLES, read_table
from scraper import FetchOptions

REPO = Path(__file__).resolve().parent.parent
# Columns that record *when* something happened: they differ between any two runs.
TIME_COLUMNS = {"fetched_at", "at"}


def fast_options(**kw) -> BatchOptions:
    """No politeness delay, short timeouts, no process pool, no report.html: small batches in a test."""
    fetch = FetchOptions(timeout=kw.pop("timeout", 1.0), total_timeout=kw.pop("total_timeout", 2.0),
                         retries=kw.pop("retries", 1), backoff=0.0, max_retry_after=kw.pop("max_retry_after", 5),
                         max_bytes=kw.pop("max_bytes", 10 * 1024 * 1024))
    opts = dict(concurrency=8, per_host=8, delay=0.0, workers=0, fetch=fetch, report=False)
    opts.update(kw)
    return BatchOptions(**opts)


def tables(out: Path, fmt: str = "csv") -> dict[str, pd.DataFrame]:
    return {name: read_table(Path(out) / f"{name}.{fmt}") for name in TABLES}


def comparable(out: Path) -> dict[str, list[tuple]]:
    """Every table as sorted tuples, without the time columns."""
    result = {}
    for name, df in tables(out).items():
        df = df.drop(columns=[c for c in df.columns if c in TIME_COLUMNS])
        result[name] = sorted(tuple("" if pd.isna(v) else str(v) for v in row)
                              for row in df.itertuples(index=False))
    return result


def cli(*args, timeout=120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "broadsheet.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=str(REPO), **kw)


def hanging_parse(data, url, fetched_at, follow=True, ner="rules"):
    """`parse_page`, except that a page containing HANG never finishes (runs in a worker process)."""
    import time

    from broadsheet.pipeline import parse_page

    if b"HANG" in data:
        time.sleep(600)
    return parse_page(data, url, fetched_at, follow, ner)


def crashing_parse(data, url, fetched_at, follow=True, ner="rules"):
    """`parse_page`, except that a page containing CRASH kills the worker process parsing it."""
    import os

    from broadsheet.pipeline import parse_page

    if b"CRASH" in data:
        os._exit(70)
    return parse_page(data, url, fetched_at, follow, ner)


def parse_dying_in_workers(data, url, fetched_at, follow=True, ner="rules"):
    """`parse_page` that kills any worker process it runs in (workers that cannot work at all)."""
    import multiprocessing
    import os

    from broadsheet.pipeline import parse_page

    if multiprocessing.parent_process() is not None:
        os._exit(70)
    return parse_page(data, url, fetched_at, follow, ner)
