"""Table rows of one article, without pandas (for the parse worker processes).

The same rows as `extract.tables.article_rows` / `record_rows` (a test checks
they agree), but importable without pandas, so each parse process stays at
~40 MB instead of ~120 MB. Proposed upstream: move these two functions into a
pandas-free `extract` module that `extract.tables` re-exports.
"""
from __future__ import annotations

from dataclasses import fields

from scraper.model import Article


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def article_rows(article: Article) -> dict[str, list[dict]]:
    """The article-level tables (articles, paragraphs, images) for one article."""
    aid = article.article_id
    return {
        "articles": [{
            "article_id": aid, "url": article.url, "canonical_url": article.canonical_url,
            "title": article.title, "published": _iso(article.published),
            "updated": _iso(article.updated), "authors": ";".join(article.authors),
            "source": article.source, "section": article.section, "language": article.language,
            "paragraphs": len(article.paragraphs), "images": len(article.images),
            "fetched_at": _iso(article.fetched_at),
        }],
        "paragraphs": [{"article_id": aid, "paragraph_index": i, "text": text}
                       for i, text in enumerate(article.paragraphs)],
        "images": [{"article_id": aid, "image_index": i, "src": img.src, "alt": img.alt,
                    "caption": img.caption, "credit": img.credit, "position": img.position}
                   for i, img in enumerate(article.images)],
    }


def record_rows(records) -> dict[str, list[dict]]:
    out = {}
    for f in fields(records):
        out[f.name] = [{c.name: getattr(row, c.name) for c in fields(row)}
                       for row in getattr(records, f.name)]
    return out
