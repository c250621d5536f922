"""Page metadata: title, dates, authors, source, section, language, canonical URL.

`read_metadata(doc, url, profile=None) -> Metadata` reads the untouched lxml
tree. Sources, most reliable first:

1. the site profile's selectors ("title", "byline", "date", "section"), when given;
2. JSON-LD (schema.org Article types, @graph, nested authors, BreadcrumbList);
3. <meta> tags (OpenGraph, Dublin Core, parsely, sailthru, ...; names in
   ``data/metadata/rules.json``, in priority order);
4. microdata (itemprop datePublished / dateModified / author / headline);
5. ``<time datetime>`` and visible byline / date lines near the headline,
   never inside related-article boxes, comments, sidebars or footers;
6. the URL (``/2024/03/25/``, ``/a/202403/25/``, ``20240325``).

Published and updated dates are kept apart: a page that only says
"Updated: ..." gets `updated` and no `published` unless other evidence says so.
A metadata publication day that the page never shows, on a page that shows
its update day, gives way to the update day (see `scraper.meta_pubdates`).

One module a field: `meta_page` (the page, read once, and the element helpers),
`meta_title`, `meta_pubdates` (with `meta_dates` for the formats and
`page_dates` for the page-wide search), `meta_bylines`, `meta_section`,
`language`; this module puts them together.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .language import guess_language, lang_code
from .meta_bylines import read_authors_and_source
from .meta_page import Page
from .meta_pubdates import read_dates
from .meta_rules import RULES
from .meta_section import read_section
from .meta_title import read_title

__all__ = ["Metadata", "read_metadata"]


@dataclass
class Metadata:
    title: str = ""
    published: datetime | date | None = None
    updated: datetime | date | None = None
    authors: list[str] = field(default_factory=list)
    source: str = ""
    section: str = ""
    language: str = ""
    canonical_url: str | None = None


def _language(page: Page) -> str:
    """The declared language (html lang, meta, JSON-LD), else a guess from the text."""
    candidates = [page.doc.get("lang"), page.doc.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for name in RULES["meta_language"]:
        candidates.extend(page.meta.get(name, []))
    lang = page.article.get("inLanguage")
    if isinstance(lang, str):
        candidates.append(lang)
    for c in candidates:
        code = lang_code(c)
        if code:
            return code
    return guess_language(page.doc)


def read_metadata(doc, url: str | None, profile: Any = None, fetched_at: datetime | None = None) -> Metadata:
    """Read the metadata of a page from its (untouched) lxml tree.

    ``profile`` is a site profile: a dict with optional selector keys
    ("title", "byline", "date", "section"; CSS or XPath starting with "/",
    a string or a list), directly or under "selectors", or an object with
    ``get(key)`` (``scraper.profiles.Profile``). Its selectors are tried first.
    ``fetched_at`` is the time the page was fetched: relative dates ("3 days ago") are
    read against it, and no date after it is taken from the text.
    """
    if hasattr(doc, "getroot") and not hasattr(doc, "iter"):
        doc = doc.getroot()
    page = Page(doc, url, profile, fetched_at)
    meta = Metadata()
    meta.title = read_title(page)
    meta.canonical_url = page.canonical_url()
    meta.published, meta.updated = read_dates(page)
    meta.authors, meta.source = read_authors_and_source(page)
    meta.section = read_section(page, meta.title)
    meta.language = _language(page)
    return meta
