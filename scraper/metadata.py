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
its update day, gives way to the update day (see `_as_shown`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable
from urllib.parse import urljoin as _urljoin, urlsplit as _urlsplit

from lxml import etree

from .jsonld import JsonLd, names_of, read_jsonld, types_of
from .language import guess_language, lang_code
from .meta_authors import clean_names, parse_byline
from .meta_dates import date_from_url, days_in_text, find_date_in_text, labelled_dates, parse_date
from .meta_rules import RULES, class_tokens, clean
from .meta_title import choose_title, norm, title_parts
from .page_dates import search_page
from .profiles import select as profile_select

__all__ = ["Metadata", "read_metadata"]

DateValue = datetime | date | None


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


def _is_excluded(el, memo: dict | None = None) -> bool:
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
_AUTHOR_HREF_RE = re.compile(r"/(?:authors?|profiles?|staff|writers?|contributors?|journalists?|reporters?|columnists?|byline|autor|auteur)/[^/?#]+/?(?:$|[?#])", re.I)
_DATE_CLASS_RE = re.compile(r"date|time|publish|posted|dateline|byline|meta|info")
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


def _split_at_headline(elements: list, h1, key=None) -> list:
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


def _short_text(el, limit: int) -> str | None:
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


def _text(el) -> str:
    try:
        return clean(el.text_content())
    except (ValueError, AttributeError):
        return ""


def _select(doc, spec) -> list:
    """The elements of a profile selector (CSS or XPath; a list: the first that matches)."""
    if not spec:
        return []
    try:
        return profile_select(doc, spec)
    except Exception:  # noqa: BLE001 - a bad selector must not break the reader
        return []


def _profile_get(profile: Any, key: str):
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


def _profile_attr(profile: Any, key: str) -> str:
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


def _first_meta(meta: dict[str, list[str]], names: Iterable[str]) -> list[str]:
    for name in names:
        values = meta.get(name.lower())
        if values:
            return values
    return []


# --------------------------------------------------------------------------
# the reader
# --------------------------------------------------------------------------


_MICRO_DATE_PROPS = frozenset({"datePublished", "dateModified", "dateCreated"})
_ITEMPROP_NAME_XPATH = etree.XPath(".//*[@itemprop='name']")
# (the elements holding either attribute, in document order; selecting the attributes and
# taking their parents is cheaper in libxml2 than a predicate on every element)
_MICRO_XPATH = etree.XPath("(descendant-or-self::*/@itemprop | descendant-or-self::*/@rel)/..")
# elements with any attribute the byline/breadcrumb scan reads (see _Reader._scan_under)
_SCAN_XPATH = etree.XPath("descendant::*[@class or @id or @itemprop or @itemtype or @aria-label]")
_SCAN_ALL_XPATH = etree.XPath("descendant-or-self::*[@class or @id or @itemprop or @itemtype or @aria-label]")


_NOT_HEADLINE_TAGS = frozenset({"a", "option", "title", "script", "style", "li", "label", "button"})
_SKIP_CANDIDATE_TAGS = frozenset({"script", "style", "img", "svg", "path", "a", "button", "input", "meta", "link"})
# (tag, class, id, itemprop, itemtype, aria-label) -> (byline/date candidate, strong, breadcrumb)
_ATTR_VERDICT: dict[tuple, tuple[bool, bool, bool]] = {}


def _attr_verdict(key: tuple) -> tuple[bool, bool, bool]:
    tag, cls, id_, itemprop, itemtype, aria = key
    names = f"{cls or ''} {id_ or ''} {itemtype or ''} {aria or ''}"
    crumb = bool(_CRUMB_ATTR_RE.search(names) or _CRUMB_WEAK_RE.search(names))
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


class _Reader:
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
        self._excluded_memo: dict = {}
        self._texts: dict = {}

    # ---- shared -------------------------------------------------------
    def _site_names(self) -> tuple[str, ...]:
        names = []
        for key in ("og:site_name", "application-name", "twitter:site", "publisher", "dc.publisher"):
            for v in self.meta.get(key, []):
                names.append(v.lstrip("@"))
        if self.jsonld.publisher:
            names.append(self.jsonld.publisher)
        src = _profile_attr(self.profile, "source")
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
                if _text(h) and not _is_excluded(h, self._excluded_memo):
                    self._h1 = h
                    chosen = True
                    break
            if not chosen:
                self._h1 = False
        return self._h1 if self._h1 is not False else None

    # ---- title --------------------------------------------------------
    def title(self) -> str:
        for el in _select(self.doc, _profile_get(self.profile, "title")):
            t = _text(el)
            if t:
                return t
        headline = self.article.get("headline") or self.article.get("name") or ""
        if isinstance(headline, list):
            headline = headline[0] if headline else ""
        if not isinstance(headline, str):
            headline = ""
        og = (_first_meta(self.meta, ["og:title", "twitter:title", "dc.title", "headline"]) or [""])[0]
        h1s = [_text(h) for h in list(self.doc.iter("h1"))[:5] if not _is_excluded(h, self._excluded_memo)]
        micro = [_text(e) for e in self.microdata()[0][:2]]
        title_tag = ""
        for t in self.doc.iter("title"):
            # the <title> of the page, not one inside an <svg>
            if t.getparent() is not None and t.getparent().tag in ("head", "html"):
                title_tag = _text(t)
                break
        if not title_tag:
            t = next(iter(self.doc.iter("title")), None)
            title_tag = _text(t) if t is not None else ""
        shown = self._shown_title_parts(title_tag) if not [h for h in h1s + micro if h] else []
        return choose_title(jsonld=headline, og=og, h1s=h1s + micro, title_tag=title_tag, site_names=self.site_names,
                            shown_parts=shown)

    def _shown_title_parts(self, title_tag: str) -> list[str]:
        """The parts of the <title> that the body shows as an element's whole own text, longest
        first (a headline in a <div> or <td> of a plain CMS page)."""
        out = []
        for part in title_parts(title_tag):
            if "'" in part and '"' in part:
                continue
            quoted = f'"{part}"' if '"' not in part else f"'{part}'"
            try:
                nodes = self.doc.xpath(f"//body//text()[normalize-space(.) = {quoted}]")
            except etree.XPathError:
                continue
            for node in nodes:
                parent = node.getparent()
                if parent is not None and parent.tag not in _NOT_HEADLINE_TAGS and not _is_excluded(parent, self._excluded_memo):
                    out.append(part)
                    break
        return out

    # ---- dates --------------------------------------------------------
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
        memo = self._excluded_memo
        for el, is_strong in self._candidates:
            text = _short_text(el, 250)
            if not text:
                continue
            if _is_excluded(el, memo):
                continue
            found.append((el, is_strong))
            self._texts[el] = text
        found = _split_at_headline(found, self.h1(), key=lambda f: f[0])
        self._byline_elements = found
        return found

    def crumb_elements(self) -> list:
        if self._candidates is None:
            self._scan()
        return self._crumb_elements

    def text(self, el) -> str:
        """_text(el), cached for the byline candidates."""
        t = self._texts.get(el)
        if t is None:
            t = _text(el)
        return t

    def dates(self) -> tuple[DateValue, DateValue]:
        published_c: list[DateValue] = []
        updated_c: list[DateValue] = []

        def take(p: DateValue, u: DateValue) -> bool:
            """Keep a date line's published/updated values; True when it had either."""
            if p is not None:
                published_c.append(p)
            if u is not None:
                updated_c.append(u)
            return p is not None or u is not None

        # 1. profile selectors
        for el in _select(self.doc, _profile_get(self.profile, "date")):
            p, u, bare = labelled_dates(_text(el))
            if p is None and bare is not None and u is None:
                p = bare
            if take(p, u):
                break

        # 2. JSON-LD
        for key, bucket in (("datePublished", published_c), ("dateCreated", published_c),
                            ("uploadDate", published_c), ("dateModified", updated_c)):
            value = self.article.get(key)
            if isinstance(value, list):
                value = value[0] if value else None
            if isinstance(value, str):
                parsed = parse_date(value)
                if parsed is not None:
                    bucket.append(parsed)

        # 3. meta tags
        for names, bucket in ((RULES["meta_published"], published_c), (RULES["meta_modified"], updated_c)):
            for name in names:
                for v in self.meta.get(name.lower(), []):
                    parsed = parse_date(v)
                    if parsed is not None:
                        bucket.append(parsed)
                        break

        # 4. microdata and <time datetime>
        for el in self.microdata()[1]:
            if _is_excluded(el, self._excluded_memo):
                continue
            raw = el.get("datetime") or el.get("content") or _text(el)
            parsed = parse_date(raw, fuzzy=True)
            if parsed is not None:
                (updated_c if el.get("itemprop") == "dateModified" else published_c).append(parsed)
        for el in self._near_headline([t for t in self.doc.iter("time") if t.get("datetime")])[:8]:
            raw = el.get("datetime")
            if _is_excluded(el, self._excluded_memo):
                continue
            parsed = parse_date(raw)
            if parsed is None:
                continue
            hint = (class_tokens(el) + " " + class_tokens(el.getparent()) if el.getparent() is not None else class_tokens(el)) + " " + _text(el).lower()[:40]
            if re.search(r"updat|modif", hint):
                updated_c.append(parsed)
            else:
                published_c.append(parsed)
                break

        # 5. visible date lines near the headline (also when machine-readable
        #    dates exist: they tell the local form of a UTC time stamp)
        bare_c: list[DateValue] = []
        for el, strong in self.byline_elements()[:25]:
            p, u, bare = labelled_dates(self.text(el))
            if p is None and u is None and bare is not None and _DATE_CLASS_RE.search(class_tokens(el)):
                bare_c.append(bare)
                break
            if take(p, u):
                break

        # 6. the URL (the page's, else the canonical): better than an unlabelled visible date
        #    (which may be the date of something else), which then only adds precision
        if not published_c:
            for candidate in (self.url, self.canonical_url()):
                d = date_from_url(candidate)
                if d is not None:
                    published_c.append(d)
                    break
        published_c.extend(bare_c)

        # 7. nothing anywhere: a short text that is only a date, right after the headline
        if not published_c and not updated_c:
            found = self._date_after_headline()
            if found is not None:
                published_c.append(found)

        # 8. still nothing: date-bearing elements and the text of the whole page
        if not published_c and not updated_c:
            p, u = search_page(self.doc, order=self._near_headline,
                               excluded=lambda el: _is_excluded(el, self._excluded_memo),
                               fetched_at=self.fetched_at)
            take(p, u)

        published = _refine(published_c)
        updated = _refine(updated_c)
        published = _local_day(published, date_from_url(self.url) or date_from_url(self.canonical_url()))
        return _as_shown(self.doc, published, updated), updated

    def _near_headline(self, elements: list) -> list:
        """The elements (in document order) after the headline, then those before it, closest first."""
        return _split_at_headline(elements, self.h1())

    def _date_after_headline(self) -> DateValue:
        h1 = self.h1()
        if h1 is None:
            return None
        seen = 0
        started = False
        for el in self.doc.iter():
            if el is h1:
                started = True
                continue
            if not started:
                continue
            seen += 1
            if seen > 120:
                break
            if not isinstance(el.tag, str) or el.tag in ("script", "style", "a", "p", "figcaption"):
                continue
            text = clean(el.text or "")
            if not text or len(text) > 60:
                continue
            value, pos = find_date_in_text(text)
            if value is not None and pos <= 12 and not _is_excluded(el, self._excluded_memo):
                return value
        return None

    # ---- authors and source -------------------------------------------
    def authors_and_source(self) -> tuple[list[str], str]:
        authors, byline_source = self._authors()
        return authors, self._source(byline_source)

    def _authors(self) -> tuple[list[str], str]:
        """(authors, source named in the byline that gave them)."""
        sites = self.site_names
        # 1. profile byline
        profile_byline = _select(self.doc, _profile_get(self.profile, "byline"))
        if profile_byline:
            source = ""
            for el in profile_byline:
                b = parse_byline(_text(el), sites, trusted=False)
                source = source or b.source
                if b.authors:
                    return b.authors, source
            # the profile knows where the byline is and it names nobody
            return [], source

        # 2. JSON-LD
        raw = self.article.get("author") or self.article.get("creator")
        if raw:
            names = clean_names(_jsonld_people(raw), sites)
            if names:
                return names, ""

        # 3. meta tags
        for name in RULES["meta_author"]:
            values = [v for v in self.meta.get(name.lower(), []) if not re.match(r"(?i)^(https?:|www\.|/)", v)]
            if not values:
                continue
            names = clean_names(values, sites)
            if names:
                return names, ""

        # 4. microdata / rel=author, links to author pages, visible byline elements
        names = self._micro_authors() or self._author_link_names()
        if names:
            return names, ""
        for el, strong in self.byline_elements()[:25]:
            tokens = class_tokens(el)
            b = parse_byline(self.text(el), sites, trusted=(strong and "author" in tokens) or "byline" in tokens)
            if b.authors:
                return b.authors, b.source
        return [], ""

    def _source(self, byline_source: str = "") -> str:
        """The news organisation: the byline's, else the site name, the publisher,
        the profile's, a bare agency/domain line near the headline, the application name."""
        candidates = [byline_source]
        candidates.extend(self.meta.get("og:site_name", []))
        candidates.append(self.jsonld.publisher)
        candidates.append(_profile_attr(self.profile, "source"))
        candidates.append(self._visible_source())
        candidates.extend(self.meta.get("application-name", []))
        for c in candidates:
            c = _clean_source(c)
            if c:
                return c
        return ""

    def _visible_source(self) -> str:
        """A source segment of a byline-like line ("chinadaily.com.cn | Updated: ...")."""
        for el, strong in self.byline_elements()[:10]:
            b = parse_byline(self.text(el), self.site_names)
            if b.source and (":" not in b.source) and len(b.source.split()) <= 4:
                return b.source
        return ""

    def _micro_authors(self) -> list[str]:
        names: list[str] = []
        for el in self.microdata()[2][:8]:
            if _is_excluded(el, self._excluded_memo):
                continue
            inner = _ITEMPROP_NAME_XPATH(el)
            text = (inner[0].get("content") or _text(inner[0])) if inner else _text(el)
            for name in clean_names([text], self.site_names):
                if name not in names:
                    names.append(name)
        return names

    def _author_link_names(self) -> list[str]:
        """Names of links to author pages (/author/jane-doe) near the headline, one block of them."""
        links = [a for a in self.doc.iter("a") if _AUTHOR_HREF_RE.search(a.get("href") or "")]
        if not links:
            return []
        links = _split_at_headline(links, self.h1())
        for a in links[:12]:
            parent = a.getparent()
            if parent is not None and len(_text(parent)) > 200:
                continue  # a link in running text mentions someone; a byline is short
            if _is_excluded(a, self._excluded_memo):
                continue
            names = clean_names([_text(a)], self.site_names)
            if not names:
                continue
            # the other author links of the same block ("By A and B")
            block = a.getparent()
            for _ in range(3):
                if block is None or block.getparent() is None or len(_text(block.getparent())) > 300:
                    break
                block = block.getparent()
            if block is not None:
                for other in block.iter("a"):
                    if other is not a and _AUTHOR_HREF_RE.search(other.get("href") or ""):
                        for n in clean_names([_text(other)], self.site_names):
                            if n not in names:
                                names.append(n)
            return names[:6]
        return []

    # ---- section ------------------------------------------------------
    def section(self, title: str) -> str:
        for el in _select(self.doc, _profile_get(self.profile, "section")):
            crumb = _last_crumb(_crumbs(el), title)
            if crumb:
                return crumb
        tried = 0
        for el in self.crumb_elements():
            if not _CRUMB_ATTR_RE.search(f"{el.get('class') or ''} {el.get('id') or ''} {el.get('itemtype') or ''} "
                                         f"{el.get('aria-label') or ''}"):
                # a weak name ("position", "location"): only a short text with a separator
                text = _short_text(el, 200)
                if not text or not _CRUMB_SEP_RE.search(text):
                    continue
            crumb = _last_crumb(_crumbs(el), title)
            if crumb:
                return crumb
            tried += 1
            if tried >= 4:
                break
        crumb = self._home_trail(title)
        if crumb:
            return crumb
        if self.jsonld.breadcrumbs:
            crumb = _last_crumb(self.jsonld.breadcrumbs, title)
            if crumb:
                return crumb
        for v in _first_meta(self.meta, RULES["meta_section"]):
            v = _clean_section(v)
            if v:
                return v
        value = self.article.get("articleSection")
        if isinstance(value, list):
            value = value[0] if value else ""
        if isinstance(value, str):
            return _clean_section(value)
        return ""

    def _home_trail(self, title: str) -> str:
        """The section of a breadcrumb written as text in an unnamed element:
        "Home > News", "您的位置：首页 > 新闻中心 > 正文". Where one may start (a home link, a text
        holding a separator) is found by XPath, in C; the smallest element around it whose
        short text reads as home word + separator is the trail."""
        for node in _HOME_TEXT_XPATH(self.doc)[:50]:
            el = node.getparent()
            if el is not None and (getattr(node, "is_tail", False) or not isinstance(el.tag, str)):
                el = el.getparent()  # a tail's text belongs to the element around its owner
            for _ in range(3):
                if el is None or not isinstance(el.tag, str):
                    break
                text = _short_text(el, 200)
                if text is None:
                    break
                if _HOME_TRAIL_RE.search(text):
                    if not _is_excluded(el, self._excluded_memo):
                        crumb = _last_crumb(_crumbs(el), title)
                        if crumb:
                            return crumb
                    break
                el = el.getparent()
        return ""

    # ---- language -----------------------------------------------------
    def language(self) -> str:
        candidates = [self.doc.get("lang"), self.doc.get("{http://www.w3.org/XML/1998/namespace}lang")]
        for name in RULES["meta_language"]:
            candidates.extend(self.meta.get(name, []))
        lang = self.article.get("inLanguage")
        if isinstance(lang, str):
            candidates.append(lang)
        for c in candidates:
            code = lang_code(c)
            if code:
                return code
        return guess_language(self.doc)

    # ---- canonical ----------------------------------------------------
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


def _clean_section(value: str | None) -> str:
    """A section name from a meta value: the first of a list, no e-mail or URL, short."""
    value = clean(value)
    if not value or "@" in value or "://" in value:
        return ""
    value = clean(value.split(",")[0])
    return value if len(value) <= 60 and len(value.split()) <= 6 else ""


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


def _day(value: DateValue) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _local_day(published: DateValue, url_day: date | None) -> DateValue:
    """The URL's day for a UTC time stamp that falls on the next or previous day.

    Sites write the day of publication in local time into their URLs
    (/2019/01/01/) while their metadata gives UTC ("2018-12-31T23:11:59Z",
    "2020-02-18T02:18:11+00:00"). When the URL's day is the neighbour of the UTC
    day and the time of day makes the two the same instant somewhere (at most 14
    hours apart), the URL's day is the one the page was published on; the UTC
    time stamp says nothing more precise about it.
    """
    if (not isinstance(published, datetime) or url_day is None or published.tzinfo is None
            or published.utcoffset() != timedelta(0)):
        return published
    day = published.date()
    minutes = published.hour * 60 + published.minute
    if url_day == day + timedelta(days=1) and minutes >= 10 * 60:
        return url_day
    if url_day == day - timedelta(days=1) and minutes < 14 * 60:
        return url_day
    return published


def _as_shown(doc, published: DateValue, updated: DateValue) -> DateValue:
    """The publication date the page presents, when its metadata disagrees with what it shows.

    Republished pages ("best X of the year", live guides) keep the first
    publication day in their metadata but show readers only the day of the
    last update, under which the page is cited and indexed. When the update
    day is written on the page and the metadata's publication day is written
    nowhere, the update day is the one the page gives as its date. `updated`
    is kept as it is, so a user can still tell the two apart.
    """
    pub_day, upd_day = _day(published), _day(updated)
    if pub_day is None or upd_day is None or upd_day <= pub_day:
        return published
    shown = _shown_days(doc, {pub_day.year, upd_day.year})
    if upd_day in shown and pub_day not in shown:
        return updated
    return published


_INVISIBLE = frozenset(("script", "style", "noscript", "template", "head", "title", "svg"))
_AROUND_YEAR = 60  # characters either side of a year that a written date can take


def _shown_days(doc, years: set[int]) -> set[date]:
    """The days of those years written in the page's visible text.

    Every written form of a full date holds its year, so only the text around
    the years' occurrences is read: the text nodes holding a year are found by
    XPath (in C), and each is read with its element's whole text when that is
    short, so a date split over inline elements ("<b>Dec 19</b>, 2023") is
    still whole.
    """
    cond = " or ".join(f"contains(., '{y}')" for y in sorted(years))
    seen: set = set()     # the elements themselves: an id() of a freed lxml proxy can come back
    days: set[date] = set()
    for node in doc.xpath(f"//text()[{cond}]"):
        el = node.getparent()
        if el is None:
            continue
        if node.is_tail:
            el = el.getparent() if el.getparent() is not None else el
        if el in seen or any(isinstance(a.tag, str) and a.tag in _INVISIBLE
                             for a in el.iterancestors()) or el.tag in _INVISIBLE:
            continue
        seen.add(el)
        text = el.text_content()
        if len(text) > 400 or any(True for _ in el.iter(*_INVISIBLE)):
            text = str(node)  # a large block (or one holding scripts): the text node alone
        text = " ".join(text.split())
        for y in years:
            start = text.find(str(y))
            while start != -1:
                days |= days_in_text(text[max(0, start - _AROUND_YEAR):start + 4 + _AROUND_YEAR])
                start = text.find(str(y), start + 4)
    return days


def _refine(candidates: list[DateValue]) -> DateValue:
    """The first candidate, made more precise by the others when they agree.

    * a UTC time stamp ("...Z") that another candidate gives in local time
      (the same instant with an offset, or a naive wall time a whole number
      of quarter hours away): the local form, which is the date the page shows;
    * a naive time with the same wall time as an aware candidate: the aware one;
    * a bare day with a time-stamped candidate on the same day: the time stamp.
    """
    if not candidates:
        return None
    first = candidates[0]
    if isinstance(first, datetime) and first.tzinfo is not None and first.utcoffset() == timedelta(0):
        base = first.replace(tzinfo=None)
        for other in candidates[1:]:
            if not isinstance(other, datetime):
                continue
            if other.tzinfo is not None:
                if other.utcoffset() != timedelta(0) and other == first:
                    return other
                continue
            delta = other - base
            quarter = timedelta(minutes=15)
            steps = round(delta / quarter)
            if steps and abs(steps) <= 14 * 4 and abs(delta - steps * quarter) < timedelta(seconds=60):
                try:
                    return (base + steps * quarter).replace(tzinfo=timezone(steps * quarter))
                except ValueError:
                    return other
    if isinstance(first, datetime) and first.tzinfo is None:
        for other in candidates[1:]:
            if isinstance(other, datetime) and other.tzinfo is not None and other.replace(tzinfo=None) == first:
                return other
    if isinstance(first, date) and not isinstance(first, datetime):
        for other in candidates[1:]:
            if isinstance(other, datetime) and other.date() == first:
                return other
    return first


_DESC_LIS = etree.XPath(".//li")
_DESC_AS = etree.XPath(".//a")
_CRUMB_ATTR_RE = re.compile(RULES["breadcrumb_attr_pattern"], re.I)
_CRUMB_WEAK_RE = re.compile(RULES["breadcrumb_weak_attr_pattern"], re.I)
_NOT_SECTION = {w.lower() for w in RULES["breadcrumb_not_section_words"]}
_HOME = {w.lower() for w in RULES["breadcrumb_home_words"]}
_CRUMB_SEP_RE = re.compile("|".join(re.escape(s) for s in sorted(set(RULES["breadcrumb_separators"]), key=len, reverse=True)))


_SEPARATOR_CHARS = sorted({s.strip() for s in RULES["breadcrumb_separators"]} - {"/", "|", ""})
_HOME_FORMS = sorted({f for w in _HOME if "'" not in w for f in (w, w.capitalize(), w.title(), w.upper())})
# where a breadcrumb trail may start: a home link ("<a>Home</a> &gt; <a>News</a>"), or a text
# holding a separator ("Home > News", "当前位置：首页 > 新闻"); plain comparisons, cheap in C
_HOME_TEXT_XPATH = etree.XPath(
    "//body//a[" + " or ".join(f"normalize-space(.) = '{f}'" for f in _HOME_FORMS) + "]/text()"
    " | //body//text()[" + " or ".join(f"contains(., '{c}')" for c in _SEPARATOR_CHARS) + "]"
    "[not(parent::script) and not(parent::style)]")
_HOME_TRAIL_RE = re.compile(r"(?:^|[\s:：])(?:" + "|".join(re.escape(w) for w in sorted(_HOME, key=len, reverse=True))
                            + r")\s*(?:" + _CRUMB_SEP_RE.pattern + r")", re.I)


def _crumbs(el) -> list[str]:
    items = [_text(li) for li in _DESC_LIS(el)]
    items = [i for i in items if i]
    if len(items) >= 2:
        return items
    text = _text(el)
    parts = [clean(p) for p in _CRUMB_SEP_RE.split(text)]
    parts = [p for p in parts if p]
    if len(parts) >= 2:
        return parts
    links = [_text(a) for a in _DESC_AS(el)]
    return [x for x in links if x] or parts


def _last_crumb(crumbs: list[str], title: str) -> str:
    t = norm(title)
    for crumb in reversed(crumbs):
        c = clean(crumb)
        n = norm(c)
        if not n or n in _HOME or n in _NOT_SECTION:
            continue
        # "Current position: Home" -> the home crumb with its label
        if any(n.endswith((":" + h, "：" + h, ": " + h)) for h in _HOME):
            continue
        if t and (n == t or (len(n) > 15 and (t.startswith(n.rstrip(".…")) or n in t))):
            continue  # the article title (perhaps shortened)
        if len(c) > 60 or len(c.split()) > 6:
            continue
        return c
    return ""


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
    reader = _Reader(doc, url, profile, fetched_at)
    meta = Metadata()
    meta.title = reader.title()
    meta.canonical_url = reader.canonical_url()
    meta.published, meta.updated = reader.dates()
    meta.authors, meta.source = reader.authors_and_source()
    meta.section = reader.section(meta.title)
    meta.language = reader.language()
    return meta
