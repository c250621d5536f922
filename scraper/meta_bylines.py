"""The authors of a page and the news organisation it comes from.

Authors: the site profile's byline, else JSON-LD (people only, organisations
left out), meta tags, microdata / rel=author, links to author pages near the
headline, visible byline elements; names cleaned by `scraper.meta_authors`.
Source: the byline's organisation, else the site name, the publisher, the
profile's, a bare source segment of a date line, the application name.
"""
from __future__ import annotations

import re

from .jsonld import names_of, types_of
from .meta_authors import clean_names, parse_byline
from .meta_page import AUTHOR_HREF_RE, ITEMPROP_NAME_XPATH, Page, profile_attr, profile_get, select, split_at_headline, text_of, urlsplit
from .meta_rules import RULES, class_tokens, clean

__all__ = ["read_authors_and_source"]


def read_authors_and_source(page: Page) -> tuple[list[str], str]:
    """(authors, source) of a page."""
    authors, byline_source = _authors(page)
    return authors, _source(page, byline_source)

def _authors(page: Page) -> tuple[list[str], str]:
    """(authors, source named in the byline that gave them)."""
    sites = page.site_names
    # 1. profile byline
    profile_byline = select(page.doc, profile_get(page.profile, "byline"))
    if profile_byline:
        source = ""
        for el in profile_byline:
            b = parse_byline(text_of(el), sites, trusted=False)
            source = source or b.source
            if b.authors:
                return b.authors, source
        # the profile knows where the byline is and it names nobody
        return [], source

    # 2. JSON-LD
    raw = page.article.get("author") or page.article.get("creator")
    if raw:
        names = clean_names(_jsonld_people(raw), sites)
        if names:
            return names, ""

    # 3. meta tags
    for name in RULES["meta_author"]:
        values = [v for v in page.meta.get(name.lower(), []) if not re.match(r"(?i)^(https?:|www\.|/)", v)]
        if not values:
            continue
        names = clean_names(values, sites)
        if names:
            return names, ""

    # 4. microdata / rel=author, links to author pages, visible byline elements
    names = _micro_authors(page) or _author_link_names(page)
    if names:
        return names, ""
    for el, strong in page.byline_elements()[:25]:
        tokens = class_tokens(el)
        b = parse_byline(page.text(el), sites, trusted=(strong and "author" in tokens) or "byline" in tokens)
        if b.authors:
            return b.authors, b.source
    return [], ""

def _source(page: Page, byline_source: str = "") -> str:
    """The news organisation: the byline's, else the site name, the publisher,
    the profile's, a bare agency/domain line near the headline, the application name."""
    candidates = [byline_source]
    candidates.extend(page.meta.get("og:site_name", []))
    candidates.append(page.jsonld.publisher)
    candidates.append(profile_attr(page.profile, "source"))
    candidates.append(_visible_source(page))
    candidates.extend(page.meta.get("application-name", []))
    for c in candidates:
        c = _clean_source(c)
        if c:
            return c
    return ""

def _visible_source(page: Page) -> str:
    """A source segment of a byline-like line ("chinadaily.com.cn | Updated: ...")."""
    for el, strong in page.byline_elements()[:10]:
        b = parse_byline(page.text(el), page.site_names)
        if b.source and (":" not in b.source) and len(b.source.split()) <= 4:
            return b.source
    return ""

def _micro_authors(page: Page) -> list[str]:
    names: list[str] = []
    for el in page.microdata()[2][:8]:
        if page.excluded(el):
            continue
        inner = ITEMPROP_NAME_XPATH(el)
        text = (inner[0].get("content") or text_of(inner[0])) if inner else text_of(el)
        for name in clean_names([text], page.site_names):
            if name not in names:
                names.append(name)
    return names

def _author_link_names(page: Page) -> list[str]:
    """Names of links to author pages (/author/jane-doe) near the headline, one block of them."""
    links = [a for a in page.doc.iter("a") if AUTHOR_HREF_RE.search(a.get("href") or "")]
    if not links:
        return []
    links = split_at_headline(links, page.h1())
    for a in links[:12]:
        parent = a.getparent()
        if parent is not None and len(text_of(parent)) > 200:
            continue  # a link in running text mentions someone; a byline is short
        if page.excluded(a):
            continue
        names = clean_names([text_of(a)], page.site_names)
        if not names:
            continue
        # the other author links of the same block ("By A and B")
        block = a.getparent()
        for _ in range(3):
            if block is None or block.getparent() is None or len(text_of(block.getparent())) > 300:
                break
            block = block.getparent()
        if block is not None:
            for other in block.iter("a"):
                if other is not a and AUTHOR_HREF_RE.search(other.get("href") or ""):
                    for n in clean_names([text_of(other)], page.site_names):
                        if n not in names:
                            names.append(n)
        return names[:6]
    return []


def _clean_source(value: str | None) -> str:
    value = clean(value)
    if not value:
        return ""
    if re.match(r"(?i)^https?://", value):
        value = urlsplit(value).hostname or ""
        value = value[4:] if value.startswith("www.") else value
    value = value.lstrip("@")
    return value if len(value) <= 80 else ""


def _jsonld_people(raw) -> list[str]:
    """Names of the Person authors of a JSON-LD author value (organisations left out)."""
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        if isinstance(item, dict):
            types = types_of(item)
            if types and all(t in ("organization", "newsmediaorganization", "corporation") for t in types):
                continue
        out.extend(names_of(item))
    return out
