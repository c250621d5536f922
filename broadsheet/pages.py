"""The per-page step of every batch: (HTML bytes, URL, fetch time) -> table rows, pure.

`parse_page` parses and extracts one page (or returns the Article when it
has continuation pages to join first); `article_result` turns an Article
into its rows, or into a failures row with the right stage (no article:
parse; the extractor raised: extract, the article rows kept). Nothing here
touches the network, files or the store, so batches map these over worker
processes (`broadsheet.pipeline`) or Ray tasks (`broadsheet.warc_task`).
`process_input` is the one-input convenience (fetch or read, then parse).
"""
from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import extract
from extract.rows import article_rows, record_rows
from scraper import Article, FetchError, Fetcher


@dataclass
class PageResult:
    input: str
    tables: dict[str, list[dict]] = field(default_factory=dict)
    ok: bool = True
    outcome: str = ""                   # new / changed / unchanged / failed
    # Filled in by `prepare` (in the worker process, to spare the main process):
    encoded: dict[str, str] | None = None   # table -> rows as JSON, as the store keeps them
    digest: str | None = None               # content hash of the rows
    rendered: dict[str, tuple[str | None, int]] | None = None  # table -> (CSV lines, row count)

    def prepare(self) -> "PageResult":
        """Encode the rows for the store, and keep only what the main process still reads.

        Runs where the page was parsed (a worker), so the main process only
        receives strings to store, not every row to pickle, unpickle and encode.
        """
        from .store import content_hash, encode_tables, render_tables
        if self.tables.get("articles"):
            self.encoded = encode_tables(self.tables)
            self.digest = content_hash(self.tables, self.encoded)
            self.rendered = render_tables(self.tables)
            self.tables = {k: self.tables[k] for k in ("articles", "failures") if k in self.tables}
        return self


def now() -> datetime:
    return datetime.now(timezone.utc)


def failure_row(url: str, stage: str, error: BaseException | str, http_status: int | None = None) -> dict:
    message = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    return {"url": url, "stage": stage, "error": message.strip(), "http_status": http_status,
            "at": now().isoformat()}


def process_article(article: Article, ner: str = "learned") -> dict[str, list[dict]]:
    """Article -> rows of every table. Raises only from the extractor (stage 'extract')."""
    rows = article_rows(article)
    rows.update(record_rows(extract.records(article, ner=ner)))
    return rows


def _parse(data: bytes, url: str, fetched_at: datetime | None) -> Article:
    from scraper.parser import parse
    return parse(data, url, fetched_at=fetched_at)


def article_result(url: str, article: Article, ner: str = "learned") -> PageResult:
    """Article -> its rows, or a failures row (no article: stage parse; extractor error: extract)."""
    if not article.paragraphs:
        reason = "; ".join(article.warnings) or "no article body found"
        return PageResult(url, {"failures": [failure_row(url, "parse", reason)]}, False)
    try:
        return PageResult(url, process_article(article, ner))
    except Exception as exc:  # noqa: BLE001 - a batch never dies on one page
        tables = article_rows(article)
        tables["failures"] = [failure_row(url, "extract", _short(exc))]
        return PageResult(url, tables, False)


def parse_page(data: bytes, url: str, fetched_at: datetime | None,
               follow_pages: bool = True, ner: str = "learned", prepare: bool = True) -> PageResult | Article:
    """(HTML bytes, URL, fetch time) -> PageResult. Pure: safe in a worker process.

    Returns the parsed `Article` instead when it has continuation pages to
    fetch (and `follow_pages`), so the caller can fetch and join them.
    `prepare=False` keeps every table's rows (for callers that write them
    themselves, e.g. Parquet shards) instead of encoding them for the store.
    """
    try:
        article = _parse(data, url, fetched_at)
    except Exception as exc:  # noqa: BLE001
        return PageResult(url, {"failures": [failure_row(url, "parse", _short(exc))]}, False)
    if follow_pages and article.next_pages:
        return article
    result = article_result(url, article, ner)
    return result.prepare() if prepare else result


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_local(item: str) -> bool:
    """A local file: a path, or a file:// URL. `ftp://host/x` is a URL Broadsheet cannot fetch, not a file."""
    return item.startswith("file://") or not _SCHEME.match(item)


def unsupported_scheme(item: str) -> str | None:
    """The error for a URL of a scheme other than http(s) and file, else None."""
    m = _SCHEME.match(item)
    if m and not item.lower().startswith(("http://", "https://", "file://")):
        return f"unsupported URL scheme {m.group(0)} (Broadsheet fetches http:// and https://)"
    return None


def load_article(item: str, fetcher: Fetcher) -> Article:
    """Fetch a URL (following continuation pages) or read a local HTML file."""
    from scraper.assemble import fetch_article

    unsupported = unsupported_scheme(item)
    if unsupported:
        raise FetchError(item, unsupported)
    if is_local(item):
        path = Path(item[len("file://"):] if item.startswith("file://") else item)
        data = path.read_bytes()
        return _parse(data, path.resolve().as_uri(), now())
    return fetch_article(item, fetcher)


def process_input(item: str, fetcher: Fetcher) -> PageResult:
    """One input to its table rows; every failure becomes a failures row (no store, no politeness)."""
    try:
        article = load_article(item, fetcher)
    except FetchError as exc:
        return PageResult(item, {"failures": [failure_row(item, "fetch", str(exc), exc.http_status)]}, False)
    except OSError as exc:
        return PageResult(item, {"failures": [failure_row(item, "fetch", exc)]}, False)
    except Exception as exc:  # noqa: BLE001 - a batch never dies on one page
        return PageResult(item, {"failures": [failure_row(item, "parse", _short(exc))]}, False)
    return article_result(item, article)


def _short(exc: BaseException) -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    suffix = f" (at {Path(where.filename).name}:{where.lineno})" if where else ""
    return f"{type(exc).__name__}: {exc}{suffix}"
