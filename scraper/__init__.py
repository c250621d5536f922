"""Fetch and parse: URL or HTML bytes -> `Article`.

Public API: `parse(html, url)`, `fetch_article(url, fetcher)`, `Fetcher`,
`FetchOptions`, `FetchError`, `Article`, `Image`, `article_id`.
"""
from .assemble import fetch_article
from .fetch import FetchError, FetchOptions, Fetcher, Response
from .model import Article, Image, article_id
from .parser import parse

__all__ = ["parse", "fetch_article", "Article", "Image", "article_id", "Fetcher", "FetchOptions",
           "FetchError", "Response"]
