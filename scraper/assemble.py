"""URL -> Article: download, parse, and join the pages of a multi-page article."""
from __future__ import annotations

from dataclasses import replace

from .fetch import Fetcher
from .model import Article
from .parse import parse

MAX_PAGES = 20


def join_pages(pages: list[Article]) -> Article:
    """One Article from its pages in order: page 1's metadata, all bodies and images.

    Image positions are shifted by the paragraphs of the pages before them so
    they still point at the paragraph they follow.
    """
    first = pages[0]
    paragraphs: list[str] = []
    images = []
    warnings = list(first.warnings)
    for page in pages:
        offset = len(paragraphs)
        paragraphs.extend(page.paragraphs)
        images.extend(replace(img, position=img.position + offset) for img in page.images)
        if page is not first:
            warnings.extend(w for w in page.warnings if w not in warnings)
    return replace(first, paragraphs=paragraphs, images=images, warnings=warnings, next_pages=[])


def fetch_article(url: str, fetcher: Fetcher | None = None, max_pages: int = MAX_PAGES) -> Article:
    """Fetch and parse `url`, following its continuation pages (at most `max_pages`).

    A failure on a continuation page keeps the pages already read and notes
    the failure in `warnings`; a failure on the first page raises FetchError.
    """
    fetcher = fetcher or Fetcher()
    response = fetcher.get(url)
    first = parse(response.content, response.url, fetched_at=response.fetched_at)
    pages = [first]
    seen = {url, response.url, first.canonical_url}
    queue = list(first.next_pages)
    while queue and len(pages) < max_pages:
        next_url = queue.pop(0)
        if next_url in seen:
            continue
        seen.add(next_url)
        try:
            resp = fetcher.get(next_url)
        except Exception as exc:  # noqa: BLE001 - keep the pages already read
            first.warnings.append(f"continuation page {next_url} not fetched: {exc}")
            break
        seen.add(resp.url)
        page = parse(resp.content, resp.url, fetched_at=resp.fetched_at)
        pages.append(page)
        queue.extend(u for u in page.next_pages if u not in seen)
    return join_pages(pages)
