"""JSON-LD (schema.org) blocks of a page: the article object and breadcrumbs.

Pages embed any number of ``<script type="application/ld+json">`` blocks, each
an object, a list of objects or an object with ``@graph``. Broken JSON is
common (trailing commas, raw newlines in strings, HTML comments, CDATA); we
repair the cheap cases and skip the rest.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from lxml import etree

from .meta_rules import RULES

__all__ = ["JsonLd", "read_jsonld", "iter_objects", "types_of", "names_of"]

_ARTICLE_TYPES = [t.lower() for t in RULES["jsonld_article_types"]]
_LD_SCRIPTS = etree.XPath("//script[contains(translate(@type,'LDJSON','ldjson'),'ld+json')]")
_COMMENT_RE = re.compile(r"^\s*(?:<!--|/\*<!\[CDATA\[\*/|<!\[CDATA\[|//<!\[CDATA\[)|(?:-->|/\*\]\]>\*/|\]\]>|//\]\]>)\s*$")
_TRAILING_COMMA_RE = re.compile(r",\s*([\]}])")
_CTRL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class JsonLd:
    """What the metadata reader needs from a page's JSON-LD."""

    article: dict | None = None  # the best article-like object
    objects: list[dict] = field(default_factory=list)  # every object found (flattened)
    breadcrumbs: list[str] = field(default_factory=list)  # names of the BreadcrumbList items in order
    publisher: str = ""  # publisher name (of the article, else of a WebSite/Organization)


def _loads(text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    text = _COMMENT_RE.sub("", text).strip().rstrip(";")
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    repaired = _TRAILING_COMMA_RE.sub(r"\1", _CTRL_RE.sub(" ", text))
    try:
        return json.loads(repaired, strict=False)
    except ValueError:
        return None


def iter_objects(data: Any, depth: int = 0) -> Iterator[dict]:
    """Every dict of a JSON-LD value: lists and @graph flattened, top level first."""
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from iter_objects(item, depth + 1)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from iter_objects(data["@graph"], depth + 1)
        if "@type" in data or depth == 0:
            yield data
        # an article nested as mainEntity / mainEntityOfPage of a WebPage
        for key in ("mainEntity", "mainEntityOfPage", "hasPart"):
            sub = data.get(key)
            if isinstance(sub, (dict, list)):
                yield from iter_objects(sub, depth + 1)


def types_of(obj: dict) -> list[str]:
    value = obj.get("@type")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    out = []
    for t in value:
        if isinstance(t, str):
            out.append(t.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower())
    return out


def names_of(value: Any) -> list[str]:
    """Names from a string, a Person/Organization object or a list of them."""
    out: list[str] = []
    if isinstance(value, str):
        if value.strip():
            out.append(html.unescape(value).strip())
    elif isinstance(value, list):
        for item in value:
            out.extend(names_of(item))
    elif isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):  # several people in one object
            out.extend(html.unescape(n).strip() for n in name if isinstance(n, str) and n.strip())
        elif isinstance(name, str) and name.strip():
            out.append(html.unescape(name).strip())
        elif isinstance(value.get("givenName"), str) or isinstance(value.get("familyName"), str):
            parts = [value.get("givenName") or "", value.get("familyName") or ""]
            joined = " ".join(p for p in parts if isinstance(p, str)).strip()
            if joined:
                out.append(joined)
    return out


def _article_rank(obj: dict) -> int | None:
    ranks = [_ARTICLE_TYPES.index(t) for t in types_of(obj) if t in _ARTICLE_TYPES]
    return min(ranks) if ranks else None


def _breadcrumb_names(obj: dict) -> list[str]:
    items = obj.get("itemListElement")
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        return []
    rows = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        name = item.get("name")
        inner = item.get("item")
        if not name and isinstance(inner, dict):
            name = inner.get("name")
        if isinstance(name, str) and name.strip():
            pos = item.get("position")
            try:
                pos = float(pos)
            except (TypeError, ValueError):
                pos = float(i)
            rows.append((pos, i, name.strip()))
    rows.sort()
    return [name for _, _, name in rows]


def _url_key(url: str) -> str:
    url = url.strip().lower().split("#")[0].split("?")[0]
    url = re.sub(r"^https?://(www\.)?", "", url)
    return url.rstrip("/")


def _object_urls(obj: dict) -> set[str]:
    out = set()
    for key in ("url", "@id", "mainEntityOfPage"):
        value = obj.get(key)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str) and value.strip():
            out.add(_url_key(value))
    return out


def read_jsonld(doc, page_urls: tuple[str | None, ...] = ()) -> JsonLd:
    """The JSON-LD of a page. With ``page_urls`` (the page URL, the canonical URL),
    an article object whose url / @id / mainEntityOfPage is the page beats others
    (pages also describe related articles)."""
    result = JsonLd()
    wanted = {_url_key(u) for u in page_urls if u}
    best: tuple[int, int, int, int] | None = None  # (not the page, type rank, -richness, order)
    order = 0
    for script in _LD_SCRIPTS(doc):
        data = _loads(script.text or "")
        if data is None:
            continue
        for obj in iter_objects(data):
            result.objects.append(obj)
            types = types_of(obj)
            if "breadcrumblist" in types and not result.breadcrumbs:
                result.breadcrumbs = _breadcrumb_names(obj)
                continue
            rank = _article_rank(obj)
            if rank is None:
                if not result.publisher and any(t in ("organization", "newsmediaorganization", "website") for t in types):
                    names = names_of(obj)
                    if names:
                        result.publisher = names[0]
                continue
            richness = sum(1 for k in ("headline", "datePublished", "author", "articleBody") if obj.get(k))
            # a rich object (headline, date, author...) beats a bare one of a more specific type
            is_page = 0 if wanted and (_object_urls(obj) & wanted) else 1
            key = (is_page, rank + (0 if richness >= 2 else 50 if richness else 100), -richness, order)
            order += 1
            if best is None or key < best:
                best = key
                result.article = obj
    if result.article is not None:
        pub = names_of(result.article.get("publisher"))
        if pub:
            result.publisher = pub[0]
        if not result.breadcrumbs:
            crumbs = result.article.get("breadcrumb")
            if isinstance(crumbs, dict):
                result.breadcrumbs = _breadcrumb_names(crumbs)
    return result
