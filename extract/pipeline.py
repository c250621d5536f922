"""Runs the recognisers over an article's paragraphs and captions."""
from __future__ import annotations

from datetime import date

from scraper.model import Article

from .model import Records


def records(article: Article) -> Records:
    """All records of one article (body paragraphs and image captions)."""
    raise NotImplementedError


def from_text(text: str, reference_date: date | None = None) -> Records:
    """Records from plain text; paragraphs are separated by blank lines."""
    raise NotImplementedError
