"""Fetch and parse: URL or HTML bytes -> `Article`.

Public API: `parse(html, url)`, `Fetcher`, `fetch_article(url, fetcher)`,
`Article`, `Image`, `FetchError`.
"""
from .fetch import FetchError, FetchOptions, Fetcher, Response
from .model import Article, Image, article_id
from .parse import parse

__all__ = ["parse", "Article", "Image", "article_id", "Fetcher", "FetchOptions", "FetchError", "Response"]
