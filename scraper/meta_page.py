"""The page as the metadata readers see it, and the element helpers they share.

`Page` parses what every field reader needs once: the meta tags, the JSON-LD,
the site's names, the headline, the microdata and one pass over the elements
with a class, id or itemprop (byline and date-line candidates, breadcrumbs).
The field readers (`meta_title`, `meta_pubdates`, `meta_bylines`,
`meta_section`) are functions of a `Page`.

Elements inside related-article boxes, comments, sidebars, footers and
navigation are "excluded": their bylines and dates belong to other texts.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Iterable
from urllib.parse import urljoin as _urljoin, urlsplit as _urlsplit

from lxml import etree

from .jsonld import JsonLd, read_jsonld
from .meta_rules import RULES, class_tokens, clean
from .profiles import select as profile_select

__all__ = ["Page", "DateValue", "is_excluded", "split_at_headline", "short_text", "text_of", "select",
           "profile_get", "profile_attr", "first_meta", "urlsplit", "urljoin"]

DateValue = datetime | date | None

CRUMB_ATTR_RE = re.compile(RULES["breadcrumb_attr_pattern"], re.I)
CRUMB_WEAK_RE = re.compile(RULES["breadcrumb_weak_attr_pattern"], re.I)


# --------------------------------------------------------------------------
# element helpers
# --------------------------------------------------------------------------

_EXCLUDED = {t.lower() for t in RULES["excluded_ancestor_tokens"]}
_EXCLUDED_SUBSTRINGS = ("related", "comment", "sidebar", "recommend", "footer", "popular", "trending",
                        "newsletter", "outbrain", "taboola", "mostread", "most-read", "most-popular", "recirc")
_EXCLUDED_TAGS = {"aside", "footer", "nav", "form", "noscript", "template"}
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")


_NODE_VERDICT: dict[tuple, int] = {}  # (tag, class, id, itemprop) -> 1 excluded, 0 container, -1 go on


def _node_verdict(node) -> int:
    get = node.get
    key = (node.tag, get("class"), get("id"), get("itemprop"))
    verdict = _NODE_VERDICT.get(key)
    if verdict is None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in _EXCLUDED_TAGS:
            verdict = 1
        elif tag in ("article", "main", "body", "html") or (key[3] or "") == "articleBody":
            verdict = 0  # the article container: its classes ("comments-open") describe the page
        else:
            verdict = -1
            tokens = class_tokens(node)
            if tokens.strip():
                parts = [t for t in _TOKEN_SPLIT.split(tokens) if t]
                if any(t in _EXCLUDED or t.startswith(_EXCLUDED_SUBSTRINGS) for t in parts):
                    verdict = 1
        if len(_NODE_VERDICT) > 5_000:
            _NODE_VERDICT.clear()
        _NODE_VERDICT[key] = verdict
    return verdict


def is_excluded(el, memo: dict | None = None) -> bool:
    """Inside a related box, comments, a sidebar, a footer, navigation, ...?

    The walk up stops at the article container (<article>, <main>, <body>):
    layout classes of the page ("layout-with-sidebar") say nothing about
    the element. ``memo`` (element -> answer) shares the walk between
    elements of the same page.
    """
    node = el
    depth = 0
    path = []
    result = False
    while node is not None and depth < 40:
        if memo is not None:
            known = memo.get(node)
            if known is not None:
                result = known
                break
        verdict = _node_verdict(node)
        if verdict >= 0:
            result = verdict == 1
            break
        path.append(node)
        node = node.getparent()
        depth += 1
    if memo is not None and depth < 40:
        for n in path:
            memo[n] = result
    return result


_STRONG_TOKENS = ("byline", "author", "dateline", "publish", "posted", "timestamp", "pubdate")
_WEAK_TOKENS = {"info", "info_l", "meta", "date", "time", "details", "credit", "credits", "source"}
AUTHOR_HREF_RE = re.compile(r"/(?:authors?|profiles?|staff|writers?|contributors?|journalists?|reporters?|columnists?|byline|autor|auteur)/[^/?#]+/?(?:$|[?#])", re.I)
DATE_CLASS_RE = re.compile(r"date|time|publish|posted|dateline|byline|meta|info")
_CANDIDATE_RE = re.compile("byline|author|dateline|publish|posted|stamp|pubdate|info|meta|date|time|detail|credit|source")


def urlsplit(url: str):
    """urllib's urlsplit, but a malformed URL ("http://[::1") reads as an empty one."""
    try:
        return _urlsplit(url)
    except ValueError:
        return _urlsplit("")


def urljoin(base: str, href: str) -> str:
    """urllib's urljoin; a malformed base or href leaves href as it is."""
    try:
        return _urljoin(base, href)
    except ValueError:
        return href


def _order_key(el) -> tuple[int, ...]:
    """Document order of an element: child indexes from the root."""
    path = []
    node = el
    parent = node.getparent()
    while parent is not None:
        path.append(parent.index(node))
        node, parent = parent, parent.getparent()
    path.reverse()
    return tuple(path)


def split_at_headline(elements: list, h1, key=None) -> list:
    """Elements (in document order) after the headline, then those before it, closest first."""
    if h1 is None or not elements:
        return list(elements)
    pivot = _order_key(h1)
    get = key or (lambda e: e)
    lo, hi = 0, len(elements)
    while lo < hi:  # the first element at or after the headline (document order)
        mid = (lo + hi) // 2
        if _order_key(get(elements[mid])) < pivot:
            lo = mid + 1
        else:
            hi = mid
    before = list(elements[:lo])
    before.reverse()  # the closest to the headline first
    return list(elements[lo:]) + before


def short_text(el, limit: int) -> str | None:
    """The element's clean text, or None when it is longer than limit (without
    reading the whole of a big subtree)."""
    parts = []
    n = 0
    check = 4 * limit + 200
    for t in el.itertext():
        parts.append(t)
        n += len(t)
        if n > check:
            if len(clean("".join(parts))) > limit:
                return None
            check *= 2
    text = clean("".join(parts))
    return text if len(text) <= limit else None


def text_of(el) -> str:
    try:
        return clean(el.text_content())
    except (ValueError, AttributeError):
        return ""


def select(doc, spec) -> list:
    """The elements of a profile selector (CSS or XPath; a list: the first that matches)."""
    if not spec:
        return []
    try:
        return profile_select(doc, spec)
    except Exception:  # noqa: BLE001 - a bad selector must not break the reader
        return []


def profile_get(profile: Any, key: str):
    if profile is None:
        return None
    if isinstance(profile, dict):
        if key in profile:
            return profile[key]
        sel = profile.get("selectors")
        return sel.get(key) if isinstance(sel, dict) else None
    getter = getattr(profile, "get", None)
    if callable(getter):
        try:
            return getter(key)
        except Exception:  # noqa: BLE001
            return None
    return None


def profile_attr(profile: Any, key: str) -> str:
    if profile is None:
        return ""
    value = profile.get(key) if isinstance(profile, dict) else getattr(profile, key, "")
    return value if isinstance(value, str) else ""


# --------------------------------------------------------------------------
# meta tags
# --------------------------------------------------------------------------


def _meta_map(doc) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in doc.iter("meta"):
        content = m.get("content")
        if content is None:
            content = m.get("value")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = m.get(attr)
            if key:
                for k in key.split():
                    out.setdefault(k.strip().lower(), []).append(content.strip())
    return out


def first_meta(meta: dict[str, list[str]], names: Iterable[str]) -> list[str]:
    for name in names:
        values = meta.get(name.lower())
        if values:
            return values
    return []


# --------------------------------------------------------------------------
# the page
# --------------------------------------------------------------------------


_MICRO_DATE_PROPS = frozenset({"datePublished", "dateModified", "dateCreated"})
ITEMPROP_NAME_XPATH = etree.XPath(".//*[@itemprop='name']")
# (the elements holding either attribute, in document order; selecting the attributes and
# taking their parents is cheaper in libxml2 than a predicate on every element)
_MICRO_XPATH = etree.XPath("(descendant-or-self::*/@itemprop | descendant-or-self::*/@rel)/..")
# elements with any attribute the byline/breadcrumb scan reads (see Page._scan_under)
_SCAN_XPATH = etree.XPath("descendant::*[@class or @id or @itemprop or @itemtype or @aria-label]")
_SCAN_ALL_XPATH = etree.XPath("descendant-or-self::*[@class or @id or @itemprop or @itemtype or @aria-label]")


NOT_HEADLINE_TAGS = frozenset({"a", "option", "title", "script", "style", "li", "label", "button"})
_SKIP_CANDIDATE_TAGS = frozenset({"script", "style", "img", "svg", "path", "a", "button", "input", "meta", "link"})
# (tag, class, id, itemprop, itemtype, aria-label) -> (byline/date candidate, strong, breadcrumb)
_ATTR_VERDICT: dict[tuple, tuple[bool, bool, bool]] = {}


def _attr_verdict(key: tuple) -> tuple[bool, bool, bool]:
    tag, cls, id_, itemprop, itemtype, aria = key
    names = f"{cls or ''} {id_ or ''} {itemtype or ''} {aria or ''}"
    crumb = bool(CRUMB_ATTR_RE.search(names) or CRUMB_WEAK_RE.search(names))
    candidate = strong = False
    raw = f"{cls or ''} {id_ or ''} {itemprop or ''}".lower()
    if _CANDIDATE_RE.search(raw) and isinstance(tag, str) and tag not in _SKIP_CANDIDATE_TAGS:
        parts = set(_TOKEN_SPLIT.split(raw)) - {""}
        strong = any(s in raw for s in _STRONG_TOKENS)
        weak = bool(parts & _WEAK_TOKENS) or any(p.endswith(("meta", "date", "time", "info")) for p in parts)
        candidate = strong or weak
    verdict = (candidate, strong, crumb)
    if len(_ATTR_VERDICT) > 5_000:  # small: its keys are whole attribute strings
        _ATTR_VERDICT.clear()
    _ATTR_VERDICT[key] = verdict
    return verdict


class Page:
    """One page as the metadata readers see it: its tree, meta tags, JSON-LD, headline and the
    elements that may hold a byline, a date line or a breadcrumb, each found once and shared."""


    def __init__(self, doc, url: str | None, profile: Any, fetched_at: datetime | None = None):
        self.doc = doc
        self.fetched_at = fetched_at
        self.url = url or None
        self.profile = profile
        self.meta = _meta_map(doc)
        self.jsonld: JsonLd = read_jsonld(doc, (url, self._canonical_href()))
        self.article = self.jsonld.article or {}
        self.host = (urlsplit(url).hostname or "").lower() if url else ""
        self.site_names = self._site_names()
        self._h1 = None
        self._byline_elements: list | None = None
        self._candidates: list | None = None
        self._microdata: tuple | None = None
        self._crumb_elements: list = []
        self.excluded_memo: dict = {}
        self._main_article = None  # the <article> around the headline (False: none)
        self._texts: dict = {}

    def _site_names(self) -> tuple[str, ...]:
        names = []
        for key in ("og:site_name", "application-name", "twitter:site", "publisher", "dc.publisher"):
            for v in self.meta.get(key, []):
                names.append(v.lstrip("@"))
        if self.jsonld.publisher:
            names.append(self.jsonld.publisher)
        src = profile_attr(self.profile, "source")
        if src:
            names.append(src)
        if self.host:
            host = self.host[4:] if self.host.startswith("www.") else self.host
            names.append(host)
            labels = host.split(".")
            if len(labels) >= 2:
                main = labels[-3] if len(labels) >= 3 and labels[-2] in ("co", "com", "org", "net", "gov", "ac") else labels[-2]
                if len(main) >= 3:
                    names.append(main)
        return tuple(n for n in dict.fromkeys(clean(x) for x in names) if n)

    def h1(self):
        if self._h1 is None:
            chosen = False
            for h in self.doc.iter("h1"):
                if text_of(h) and not is_excluded(h, self.excluded_memo):
                    self._h1 = h
                    chosen = True
                    break
            if not chosen:
                self._h1 = False
        return self._h1 if self._h1 is not False else None

    def excluded(self, el) -> bool:
        """Is the element in a related box, comments, a sidebar, a footer, navigation, or in a
        teaser card of another article? (memoised)"""
        return is_excluded(el, self.excluded_memo) or self._in_teaser(el)

    def after_headline(self, el) -> bool:
        """Does the element come after the headline in document order? (False without one)"""
        h1 = self.h1()
        return h1 is not None and _order_key(el) > _order_key(h1)

    def _in_teaser(self, el) -> bool:
        """In an <article> other than the headline's: a teaser card of another article (the walk
        of `is_excluded` stops at the first <article>, which for a card is the card itself)."""
        if self._main_article is None:
            h1 = self.h1()
            found = next(h1.iterancestors("article"), None) if h1 is not None else None
            self._main_article = found if found is not None else False
        main = self._main_article
        if main is False:
            return False
        card = el if el.tag == "article" else next(el.iterancestors("article"), None)
        return card is not None and card is not main and not any(a is card for a in main.iterancestors("article"))

    def microdata(self) -> tuple[list, list, list]:
        """(headline, date, author) microdata elements of the page, in document order, from one
        walk: itemprop headline; itemprop datePublished/dateModified/dateCreated; itemprop or
        rel author (no <meta>/<link>)."""
        if self._microdata is None:
            headline, dates, authors = [], [], []
            # (the elements with either attribute are few: XPath finds them in C)
            for el in _MICRO_XPATH(self.doc):
                get = el.get
                prop = get("itemprop")
                rel = get("rel")
                tag = el.tag
                if tag == "meta":
                    continue
                if prop == "headline":
                    headline.append(el)
                elif prop in _MICRO_DATE_PROPS:
                    dates.append(el)
                if (prop == "author" or rel == "author") and tag != "link":
                    authors.append(el)
            self._microdata = (headline, dates, authors)
        return self._microdata

    def _scan(self) -> None:
        """One pass over the elements of the body (all of the page when the body has none with
        attributes): byline/date line candidates and breadcrumbs."""
        body = next(self.doc.iter("body"), None)
        found = self._scan_under(_SCAN_XPATH(body)) if body is not None else None
        if not found:
            self._scan_under(_SCAN_ALL_XPATH(self.doc))

    def _scan_under(self, elements) -> bool:
        candidates = []
        crumbs = []
        seen = False
        for el in elements:
            get = el.get
            c, i, ip, it, al = get("class"), get("id"), get("itemprop"), get("itemtype"), get("aria-label")
            seen = True
            key = (el.tag, c, i, ip, it, al)
            verdict = _ATTR_VERDICT.get(key)
            if verdict is None:
                verdict = _attr_verdict(key)
            if verdict[0]:
                candidates.append((el, verdict[1]))
            if verdict[2]:
                crumbs.append(el)
        self._candidates = candidates
        self._crumb_elements = crumbs
        return seen

    def byline_elements(self) -> list:
        """Small visible elements that may hold a byline or a date line, best first:
        those after the headline in document order, then those before it, closest first."""
        if self._byline_elements is not None:
            return self._byline_elements
        if self._candidates is None:
            self._scan()
        found = []
        memo = self.excluded_memo
        for el, is_strong in self._candidates:
            text = short_text(el, 250)
            if not text:
                continue
            if is_excluded(el, memo) or self._in_teaser(el):
                continue
            found.append((el, is_strong))
            self._texts[el] = text
        found = split_at_headline(found, self.h1(), key=lambda f: f[0])
        self._byline_elements = found
        return found

    def crumb_elements(self) -> list:
        if self._candidates is None:
            self._scan()
        return self._crumb_elements

    def text(self, el) -> str:
        """text_of(el), cached for the byline candidates."""
        t = self._texts.get(el)
        if t is None:
            t = text_of(el)
        return t

    def near_headline(self, elements: list) -> list:
        """The elements (in document order) after the headline, then those before it, closest first."""
        return split_at_headline(elements, self.h1())

    def _canonical_href(self) -> str | None:
        for link in self.doc.iter("link"):
            if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
                href = link.get("href").strip()
                return urljoin(self.url, href) if self.url else href
        return None

    def canonical_url(self) -> str | None:
        hrefs = []
        for link in self.doc.iter("link"):
            rel = (link.get("rel") or "").lower().split()
            if "canonical" in rel and link.get("href"):
                hrefs.append(link.get("href").strip())
        hrefs.extend(self.meta.get("og:url", []))
        for href in hrefs:
            if not href or href.startswith(("javascript:", "#", "data:")):
                continue
            full = urljoin(self.url, href) if self.url else href
            if full.startswith(("http://", "https://")) or not self.url:
                return full
        return self.url
