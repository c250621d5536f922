"""The parser's output types.

They are plain dataclasses so that an `Article` pickles across processes and
serialises to JSON without a custom encoder beyond `to_dict`.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class Image:
    """An image of the article body, with the caption and credit tied to it."""

    src: str
    alt: str = ""
    caption: str = ""
    credit: str = ""
    position: int = 0  # index of the paragraph the image follows (0 = before the first)


@dataclass
class Article:
    url: str | None = None
    canonical_url: str | None = None
    title: str = ""
    published: datetime | date | None = None
    updated: datetime | date | None = None
    authors: list[str] = field(default_factory=list)
    source: str = ""
    section: str = ""
    language: str = ""
    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    fetched_at: datetime | None = None
    # Why the parser could not do better (empty when all went well). A page
    # that defeats the parser still yields an Article; this says why.
    warnings: list[str] = field(default_factory=list)
    # URLs of further pages of a multi-page article, in order, found on this page.
    next_pages: list[str] = field(default_factory=list)

    @property
    def article_id(self) -> str:
        return article_id(self.canonical_url or self.url or "")

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def reference_date(self) -> date | None:
        """The date relative expressions in the text are read against."""
        value = self.updated or self.published
        if isinstance(value, datetime):
            return value.date()
        return value

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("published", "updated", "fetched_at"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        data["article_id"] = self.article_id
        return data


def article_id(url: str) -> str:
    """A stable id for joins: the first 16 hex digits of the URL's SHA-1."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]
