"""The section of a page, mostly from its breadcrumb.

Breadcrumbs are found in elements named for them (class, id, itemtype or
aria-label matching ``breadcrumb_attr_pattern``), in plain CMS containers
named ``position``, ``location``, ``path``... when their short text holds a
separator (``breadcrumb_weak_attr_pattern``), and as "Home > Section" text in
any element. The last crumb that is neither the home page, the page kind
("正文") nor the headline is the section.
"""
from __future__ import annotations

import re

from lxml import etree

from .meta_page import CRUMB_ATTR_RE, Page, first_meta, profile_get, select, short_text, text_of
from .meta_rules import RULES, clean
from .meta_title import norm

__all__ = ["read_section"]


_DESC_LIS = etree.XPath(".//li")
_DESC_AS = etree.XPath(".//a")
_NOT_SECTION = {w.lower() for w in RULES["breadcrumb_not_section_words"]}
_HOME = {w.lower() for w in RULES["breadcrumb_home_words"]}
_CRUMB_SEP_RE = re.compile("|".join(re.escape(s) for s in sorted(set(RULES["breadcrumb_separators"]), key=len, reverse=True)))


_SEPARATOR_CHARS = sorted({s.strip() for s in RULES["breadcrumb_separators"]} - {"/", "|", ""})
# texts holding a breadcrumb separator ("Home > News", "当前位置：首页 > 新闻"), found in C
# (the script test first: predicates run in order, and scripts hold long texts)
_SEP_TEXT_XPATH = etree.XPath(
    "//body//text()[not(parent::script) and not(parent::style)]["
    + " or ".join(f"contains(., '{c}')" for c in _SEPARATOR_CHARS) + "]")
_HOME_TRAIL_RE = re.compile(r"(?:^|[\s:：])(?:" + "|".join(re.escape(w) for w in sorted(_HOME, key=len, reverse=True))
                            + r")\s*(?:" + _CRUMB_SEP_RE.pattern + r")", re.I)


def _crumbs(el) -> list[str]:
    items = [text_of(li) for li in _DESC_LIS(el)]
    items = [i for i in items if i]
    if len(items) >= 2:
        return items
    text = text_of(el)
    parts = [clean(p) for p in _CRUMB_SEP_RE.split(text)]
    parts = [p for p in parts if p]
    if len(parts) >= 2:
        return parts
    links = [text_of(a) for a in _DESC_AS(el)]
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



def read_section(page: Page, title: str) -> str:
    """The section of a page: profile, breadcrumb elements, a "Home > Section" trail, JSON-LD
    breadcrumbs, meta tags, articleSection."""
    for el in select(page.doc, profile_get(page.profile, "section")):
        crumb = _last_crumb(_crumbs(el), title)
        if crumb:
            return crumb
    tried = 0
    for el in page.crumb_elements():
        if not CRUMB_ATTR_RE.search(f"{el.get('class') or ''} {el.get('id') or ''} {el.get('itemtype') or ''} "
                                     f"{el.get('aria-label') or ''}"):
            # a weak name ("position", "location"): only a short text with a separator
            text = short_text(el, 200)
            if not text or not _CRUMB_SEP_RE.search(text):
                continue
        crumb = _last_crumb(_crumbs(el), title)
        if crumb:
            return crumb
        tried += 1
        if tried >= 4:
            break
    crumb = _home_trail(page, title)
    if crumb:
        return crumb
    if page.jsonld.breadcrumbs:
        crumb = _last_crumb(page.jsonld.breadcrumbs, title)
        if crumb:
            return crumb
    for v in first_meta(page.meta, RULES["meta_section"]):
        v = _clean_section(v)
        if v:
            return v
    value = page.article.get("articleSection")
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, str):
        return _clean_section(value)
    return ""

def _trail_starts(page: Page):
    """Elements where a breadcrumb trail written as text may be: the parent of a home link
    ("<a>Home</a> &gt; <a>News</a>"), the element of a text that reads as home word +
    separator ("Home > News")."""
    for a in page.doc.iter("a"):
        t = a.text
        if t and len(t) <= 20 and t.strip().lower() in _HOME and a.getparent() is not None:
            yield a.getparent()
    for node in _SEP_TEXT_XPATH(page.doc):
        if _HOME_TRAIL_RE.search(str(node)):
            el = node.getparent()
            if el is not None and (node.is_tail or not isinstance(el.tag, str)):
                el = el.getparent()  # a tail's text belongs to the element around its owner
            if el is not None:
                yield el


def _home_trail(page: Page, title: str) -> str:
    """The section of a breadcrumb written as text in an unnamed element: "Home > News",
    "您的位置：首页 > 新闻中心 > 正文". Of each place a trail may start, the smallest element
    around it whose short text reads as home word + separator is the trail."""
    tried = 0
    for el in _trail_starts(page):
        tried += 1
        if tried > 30:
            break
        for _ in range(3):
            if el is None or not isinstance(el.tag, str):
                break
            text = short_text(el, 200)
            if text is None:
                break
            if _HOME_TRAIL_RE.search(text):
                if not page.excluded(el):
                    crumb = _last_crumb(_crumbs(el), title)
                    if crumb:
                        return crumb
                break
            el = el.getparent()
    return ""


def _clean_section(value: str | None) -> str:
    """A section name from a meta value: the first of a list, no e-mail or URL, short."""
    value = clean(value)
    if not value or "@" in value or "://" in value:
        return ""
    value = clean(value.split(",")[0])
    return value if len(value) <= 60 and len(value.split()) <= 6 else ""
