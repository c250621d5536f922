"""The batch: inputs -> (fetch, parse, extract) per page -> tables on disk.

`process_article` is the pure per-article step (Article -> table rows), so a
batch can be mapped over threads, processes or a distributed engine. I/O
(network, files) stays in `run_batch`.
"""
from __future__ import annotations

import traceback
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

import extract
from extract.tables import TABLES, article_rows, frame, record_rows, write_tables
from scraper import Article, FetchError, FetchOptions, Fetcher
from scraper.assemble import fetch_article
from scraper.parse import parse


@dataclass
class BatchOptions:
    concurrency: int = 4
    formats: tuple[str, ...] = ("csv",)
    fetch: FetchOptions = field(default_factory=FetchOptions)


@dataclass
class PageResult:
    input: str
    tables: dict[str, list[dict]] = field(default_factory=dict)
    ok: bool = True


@dataclass
class BatchSummary:
    ok: int = 0
    failed: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    out_dir: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)

    def line(self) -> str:
        counts = ", ".join(f"{name} {n}" for name, n in self.rows.items() if name != "failures")
        return (f"{self.ok} page(s) ok, {self.failed} failed; rows: {counts}; "
                f"tables in {self.out_dir}/")


def now() -> datetime:
    return datetime.now(timezone.utc)


def failure_row(url: str, stage: str, error: BaseException | str, http_status: int | None = None) -> dict:
    message = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    return {"url": url, "stage": stage, "error": message.strip(), "http_status": http_status,
            "at": now().isoformat()}


def process_article(article: Article) -> dict[str, list[dict]]:
    """Article -> rows of every table. Raises only from the extractor (stage 'extract')."""
    rows = article_rows(article)
    rows.update(record_rows(extract.records(article)))
    return rows


def is_local(item: str) -> bool:
    return not item.startswith(("http://", "https://"))


def load_article(item: str, fetcher: Fetcher) -> Article:
    """Fetch a URL (following continuation pages) or read a local HTML file."""
    if is_local(item):
        path = Path(item[len("file://"):] if item.startswith("file://") else item)
        data = path.read_bytes()
        return parse(data, path.resolve().as_uri(), fetched_at=now())
    return fetch_article(item, fetcher)


def process_input(item: str, fetcher: Fetcher) -> PageResult:
    """One input to its table rows; every failure becomes a failures row."""
    result = PageResult(item)
    try:
        article = load_article(item, fetcher)
    except FetchError as exc:
        return PageResult(item, {"failures": [failure_row(item, "fetch", str(exc), exc.http_status)]}, False)
    except OSError as exc:
        return PageResult(item, {"failures": [failure_row(item, "fetch", exc)]}, False)
    except Exception as exc:  # noqa: BLE001 - a batch never dies on one page
        return PageResult(item, {"failures": [failure_row(item, "parse", _short(exc))]}, False)
    if not article.paragraphs:
        reason = "; ".join(article.warnings) or "no article body found"
        return PageResult(item, {"failures": [failure_row(item, "parse", reason)]}, False)
    try:
        result.tables = process_article(article)
    except Exception as exc:  # noqa: BLE001
        result.tables = article_rows(article)
        result.tables["failures"] = [failure_row(item, "extract", _short(exc))]
        result.ok = False
    return result


def _short(exc: BaseException) -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    suffix = f" (at {Path(where.filename).name}:{where.lineno})" if where else ""
    return f"{type(exc).__name__}: {exc}{suffix}"


def read_inputs(items: Iterable[str], input_file: str | None = None) -> list[str]:
    """URLs/paths from the command line and from a file (one per line, # comments)."""
    out: list[str] = []
    if input_file:
        text = Path(input_file).read_text(encoding="utf-8")
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
            if line:
                out.append(line)
    out.extend(items)
    seen: set[str] = set()
    return [x for x in out if not (x in seen or seen.add(x))]


def run_batch(inputs: list[str], out_dir: str | Path, options: BatchOptions | None = None,
              on_done: Callable[[PageResult], None] | None = None) -> BatchSummary:
    options = options or BatchOptions()
    fetcher = Fetcher(options.fetch)
    collected: dict[str, list[dict]] = defaultdict(list)
    summary = BatchSummary(out_dir=Path(out_dir))
    with ThreadPoolExecutor(max_workers=max(1, options.concurrency)) as pool:
        futures = [pool.submit(process_input, item, fetcher) for item in inputs]
        for future in as_completed(futures):
            result = future.result()
            for name, rows in result.tables.items():
                collected[name].extend(rows)
            if result.ok:
                summary.ok += 1
            else:
                summary.failed += 1
            if on_done:
                on_done(result)
    tables = {name: frame(name, collected.get(name, [])) for name in TABLES}
    for name in ("articles", "paragraphs", "images", "people", "organisations", "dates", "quotes"):
        tables[name] = _sorted(tables[name])
    summary.files = write_tables(tables, out_dir, options.formats)
    summary.rows = {name: len(df) for name, df in tables.items()}
    return summary


def _sorted(df):
    """Deterministic row order whatever order the workers finished in."""
    keys = [c for c in ("article_id", "paragraph_index", "image_index") if c in df.columns]
    return df.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True) if len(df) else df
