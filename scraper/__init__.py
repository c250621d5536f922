"""Fetch and parse: URL or HTML bytes -> `Article`.

Public API: `parse(html, url)`, `Fetcher`, `fetch_article(url, fetcher)`,
`Article`, `Image`, `FetchError`.
"""
from .fetch import FetchError, FetchOptions, Fetcher, Response
from .model import Article, Image, article_id

__all__ = ["parse", "fetch_article", "Article", "Image", "article_id", "Fetcher", "FetchOptions",
           "FetchError", "Response"]


def __getattr__(name):
    # The parser pulls in lxml and the site profiles; load it when first used,
    # so a process that only fetches stays light.
    if name == "parse":
        from .parse import parse
        return parse
    if name == "fetch_article":
        from .assemble import fetch_article
        return fetch_article
    raise AttributeError(f"module 'scraper' has no attribute {name!r}")
