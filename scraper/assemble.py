"""URL -> Article: download, parse, and join the pages of a multi-page article."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterable

from .fetch import Fetcher
from .model import Article
from .parser import parse

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


def follow_pages(first: Article, get_page: Callable[[str], Article], seen: Iterable[str] = (),
                 max_pages: int = MAX_PAGES) -> Article:
    """Join `first` with its continuation pages, each read by `get_page(url)`.

    `get_page` may fetch, read an archive, or anything else; it returns the
    parsed page and may raise. A failure keeps the pages already read and is
    noted in `warnings`; a page is never read twice, so pagers that link back
    cannot loop.
    """
    pages = [first]
    seen = set(seen) | {first.url, first.canonical_url}
    queue = list(first.next_pages)
    while queue and len(pages) < max_pages:
        next_url = queue.pop(0)
        if next_url in seen:
            continue
        seen.add(next_url)
        try:
            page = get_page(next_url)
        except Exception as exc:  # noqa: BLE001 - keep the pages already read
            first.warnings.append(f"continuation page {next_url} not read: {exc}")
            break
        seen.add(page.url)
        pages.append(page)
        queue.extend(u for u in page.next_pages if u not in seen)
    return join_pages(pages)


def fetch_article(url: str, fetcher: Fetcher | None = None, max_pages: int = MAX_PAGES) -> Article:
    """Fetch and parse `url`, following its continuation pages (at most `max_pages`).

    A failure on a continuation page keeps the pages already read and notes
    the failure in `warnings`; a failure on the first page raises FetchError.
    """
    fetcher = fetcher or Fetcher()

    def get_page(page_url: str) -> Article:
        response = fetcher.get(page_url)
        return parse(response.content, response.url, fetched_at=response.fetched_at)

    first = get_page(url)
    return follow_pages(first, get_page, {url}, max_pages)
