"""Table rows of one article as plain dicts.

Kept free of pandas so that parse worker processes (which only turn pages
into rows) stay small; `extract.tables` builds DataFrames from these rows.
"""
from __future__ import annotations

from dataclasses import fields

from scraper.model import Article

from .model import Records


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
            "warnings": ";".join(w.replace(";", ",") for w in article.warnings),
        }],
        "paragraphs": [{"article_id": aid, "paragraph_index": i, "text": text}
                       for i, text in enumerate(article.paragraphs)],
        "images": [{"article_id": aid, "image_index": i, "src": img.src, "alt": img.alt,
                    "caption": img.caption, "credit": img.credit, "position": img.position}
                   for i, img in enumerate(article.images)],
    }


def record_rows(records: Records) -> dict[str, list[dict]]:
    out = {}
    for f in fields(records):
        out[f.name] = [{c.name: getattr(row, c.name) for c in fields(row)}
                       for row in getattr(records, f.name)]
    return out
