"""The article title: choose among JSON-LD headline, og:title, h1 and <title>.

The <title> (and often og:title) carry the site name and sometimes the
section: "X - World - Chinadaily.com.cn", "X | Site". An h1 that equals
another candidate or starts the <title> is the best evidence; otherwise the
site-name part is cut off at a separator.
"""
from __future__ import annotations

import re
import unicodedata

from lxml import etree

from .meta_rules import RULES, clean

from .meta_page import NOT_HEADLINE_TAGS, Page, first_meta, profile_get, select, text_of

__all__ = ["strip_site_name", "choose_title", "norm", "title_parts", "read_title"]

_SEPARATORS = [s for s in RULES["title_separators"]]
_LABELS = sorted((x.lower() for x in RULES["title_prefix_labels"]), key=len, reverse=True)
_LABEL_RE = re.compile(r"^(?:" + "|".join(re.escape(x) for x in _LABELS) + r")\s*(?:\||:|\s-\s|\u2013|\u2014)\s*", re.I)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                         "\u00a0": " "})


def norm(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().casefold()


def _squash(text: str) -> str:
    return re.sub(r"[^\w]", "", text.casefold())


def _is_site_part(part: str, site_names: tuple[str, ...]) -> bool:
    p = _squash(part)
    if not p:
        return True
    if re.fullmatch(r"[\w\-]+(\.[\w\-]+)+", part.strip().lower()):
        return True  # a domain name
    for site in site_names:
        s = _squash(site)
        if not s:
            continue
        if p == s or (len(p) >= 3 and p in s) or (s in p and len(p) <= 2 * len(s) + 4):
            return True
    return False


def strip_label(title: str) -> str:
    """Drop a leading kind label: "Opinion | X", "WATCH: X" -> "X"."""
    stripped = _LABEL_RE.sub("", title, count=1)
    return stripped if len(stripped) >= 10 else title


def strip_site_name(title: str, site_names: tuple[str, ...] = ()) -> str:
    """Cut the site name (and a section next to it) off a page title."""
    title = strip_label(clean(title))
    if not title:
        return ""
    for sep in _SEPARATORS:
        if sep not in title:
            continue
        parts = [p for p in title.split(sep)]
        if len(parts) < 2:
            continue
        # site name at the end: "X - Section - Site"
        if _is_site_part(parts[-1], site_names):
            head = parts[:-1]
            # a short section name between the headline and the site name
            while len(head) > 1 and len(head[-1].split()) <= 2 and len(sep.join(head[:-1]).split()) >= 3:
                head = head[:-1]
            result = clean(sep.join(head))
            if result:
                return result
        # site name at the start: "Site | X"
        if _is_site_part(parts[0], site_names):
            result = clean(sep.join(parts[1:]))
            if result:
                return result
    # no known site name: a short last part after a strong separator is the site name
    for sep in _STRONG_SEPARATORS:
        if sep in title:
            head, _, tail = title.rpartition(sep)
            if len(tail.split()) <= 4 and _long_enough(head) and len(clean(tail)) < len(head):
                return clean(head)
    return title


_STRONG_SEPARATORS = [s for s in RULES["title_strong_separators"]]
_SPLIT_RE = re.compile("|".join(re.escape(s.strip()) for s in sorted(set(RULES["title_separators"]), key=len,
                                                                       reverse=True) if s.strip()))


def _long_enough(head: str) -> bool:
    """A headline, not a fragment: three words, or eight characters of a script without spaces."""
    head = clean(head)
    return len(head.split()) >= 3 or (len(head) >= 8 and not head.isascii() and " " not in head)


def title_parts(title: str) -> list[str]:
    """The parts of a page title between its separators ("Headline_Site", "Site :: Headline"),
    longest first: one of them may be the headline shown on the page."""
    parts = [clean(p) for p in _SPLIT_RE.split(clean(title))]
    parts = [p for p in parts if len(p) >= 4]
    return sorted(dict.fromkeys(parts), key=len, reverse=True) if len(parts) >= 2 else []


def choose_title(*, jsonld: str = "", og: str = "", h1s: list[str] | None = None, title_tag: str = "",
                 site_names: tuple[str, ...] = (), shown_parts: list[str] | None = None) -> str:
    """The headline. ``shown_parts`` are the parts of the <title> that the page also shows
    as the whole text of an element (a headline in a <div> rather than an <h1>)."""
    # an h1 that is the site name (a logo) is no headline
    h1s = [clean(h) for h in (h1s or []) if clean(h) and not _is_site_part(clean(h), site_names)]
    jsonld, og, title_tag = clean(jsonld), clean(og), clean(title_tag)
    others = [norm(x) for x in (jsonld, og, strip_site_name(og, site_names), title_tag,
                                strip_site_name(title_tag, site_names)) if x]
    # 1. an h1 confirmed by another source
    for h in h1s:
        n = norm(h)
        if len(n) < 3:
            continue
        if n in others:
            return h
    for h in h1s:
        n = norm(h)
        if len(n) >= 10 and any(o.startswith(n) for o in others):
            return h
    for h in h1s:
        n = norm(h)
        if len(n.split()) >= 4 and any(n in o for o in others):
            return h
    # 2. an h1 that wraps another candidate ("Opinion | X [Watch]" around "X"): the candidate
    stripped_others = [strip_site_name(x, site_names) for x in (jsonld, og, title_tag) if x]
    for h in h1s[:1]:
        n = norm(h)
        for c in stripped_others:
            if len(c.split()) >= 4 and norm(c) in n:
                return c
    # 3. no h1, but a part of the <title> shown on its own on the page ("Headline_Site Name"
    #    with "Headline" in a <div>): that part
    if not h1s and shown_parts:
        return shown_parts[0]
    # 4. an unconfirmed h1 of some length: the visible headline
    for h in h1s[:1]:
        if len(h.split()) >= 3:
            return strip_label(h)
    # 5. the structured / social titles, without the site name
    for candidate in (og, jsonld):
        if candidate:
            stripped = strip_site_name(candidate, site_names)
            if stripped:
                return stripped
    # 6. the <title> without the site name, else the first h1
    if title_tag:
        stripped = strip_site_name(title_tag, site_names)
        if stripped:
            return stripped
    return h1s[0] if h1s else ""


def read_title(page: Page) -> str:
    """The headline of a page: the profile's, else the best of JSON-LD, og:title, h1s and <title>."""
    for el in select(page.doc, profile_get(page.profile, "title")):
        t = text_of(el)
        if t:
            return t
    headline = page.article.get("headline") or page.article.get("name") or ""
    if isinstance(headline, list):
        headline = headline[0] if headline else ""
    if not isinstance(headline, str):
        headline = ""
    og = (first_meta(page.meta, ["og:title", "twitter:title", "dc.title", "headline"]) or [""])[0]
    h1s = [text_of(h) for h in list(page.doc.iter("h1"))[:5] if not page.excluded(h)]
    micro = [text_of(e) for e in page.microdata()[0][:2]]
    title_tag = ""
    for t in page.doc.iter("title"):
        # the <title> of the page, not one inside an <svg>
        if t.getparent() is not None and t.getparent().tag in ("head", "html"):
            title_tag = text_of(t)
            break
    if not title_tag:
        t = next(iter(page.doc.iter("title")), None)
        title_tag = text_of(t) if t is not None else ""
    shown = _shown_title_parts(page, title_tag) if not [h for h in h1s + micro if h] else []
    return choose_title(jsonld=headline, og=og, h1s=h1s + micro, title_tag=title_tag, site_names=page.site_names,
                        shown_parts=shown)


def _shown_title_parts(page: Page, title_tag: str) -> list[str]:
    """The parts of the <title> that the body shows as an element's whole own text, longest
    first (a headline in a <div> or <td> of a plain CMS page)."""
    out = []
    for part in title_parts(title_tag):
        if "'" in part and '"' in part:
            continue
        quoted = f'"{part}"' if '"' not in part else f"'{part}'"
        try:
            nodes = page.doc.xpath(f"//body//text()[normalize-space(.) = {quoted}]")
        except etree.XPathError:
            continue
        for node in nodes:
            parent = node.getparent()
            if parent is not None and parent.tag not in NOT_HEADLINE_TAGS and not page.excluded(parent):
                out.append(part)
                break
    return out

