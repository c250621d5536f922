"""Further pages of a multi-page article.

Evidence, in order: the site profile's `next_pages` selector; `rel=next`
links; links inside pagination boxes (class/id with pag/pager/page-nav/
currpage) whose URL is the same article path with a higher page number
(`story_2.html`, `story-3.html`, `?page=2`, `/page/2/`, `/2/`). Only pages
after the current one are returned, so page 2 never points back to page 1.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from lxml import etree

from .dom import class_id

__all__ = ["next_pages", "page_key"]

_PAGER_CLASS = re.compile(r"pag(?:e|ing|ination|er)|currpage|page-?nav|pagelist|multipage|page-links|"
                          r"nav-links|next-?page", re.IGNORECASE)
_PAGE_SUFFIX = re.compile(r"^(?P<stem>.*?)(?:[_-](?P<n>\d{1,3}))?(?P<ext>\.[a-z]{2,5})?$", re.IGNORECASE)
_PAGE_DIR = re.compile(r"^(?P<stem>.*?)/(?:page/)?(?P<n>\d{1,3})/?$", re.IGNORECASE)
_PAGE_PARAMS = ("page", "p", "pg", "pagenum", "pagenumber", "pn", "paged")


_REL_NEXT_XPATH = etree.XPath("//link[@rel='next'][@href] | //a[@rel='next'][@href]")
_HREF_ANCHORS = etree.XPath(".//a[@href]")
_PAGER_XPATH = etree.XPath(
    "//*[contains(@class, 'pag') or contains(@id, 'pag') or contains(@class, 'Pag') or contains(@id, 'Pag') "
    "or contains(@class, 'nav-links') or contains(@class, 'next')]"
)
# text of a pagination link: a page number, or next/more in a few languages
_PAGE_LINK_TEXT = re.compile(r"^(?:\d{1,3}|next(?: page)?|more|continue|weiter|suivant|siguiente|próxima|"
                             r"下一页|下页|次へ|다음|»|›|>|→|next\s*[»›>→])$")


def page_key(url: str) -> tuple[str, int] | None:
    """(article identity, page number) of a URL; page 1 when no number is present."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    query = dict(parse_qsl(parts.query))
    host = parts.netloc.lower()
    for name in _PAGE_PARAMS:
        if name in query and query[name].isdigit():
            rest = "&".join(f"{k}={v}" for k, v in sorted(query.items()) if k != name)
            return (f"{host}{parts.path.rstrip('/')}?{rest}", int(query[name]))
    rest = "&".join(f"{k}={v}" for k, v in sorted(query.items()))
    path = parts.path
    m = _PAGE_DIR.match(path)
    if m and m.group("stem") and not re.search(r"\d{4}$", m.group("stem")):
        n = int(m.group("n"))
        if n < 100:
            return (f"{host}{m.group('stem').rstrip('/')}?{rest}", n)
    m = _PAGE_SUFFIX.match(path)
    if m:
        n = int(m.group("n")) if m.group("n") else 1
        stem = f"{m.group('stem')}{(m.group('ext') or '').lower()}".rstrip("/")
        return (f"{host}{stem}?{rest}", n)
    return (f"{host}{path.rstrip('/')}?{rest}", 1)


def _clean(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def next_pages(root, url: str | None, profile=None, boxes: list | None = None) -> list[str]:
    """URLs of the pages after this one, in page order (empty when none)."""
    if not url:
        return []
    try:
        current = page_key(url)
    except Exception:  # noqa: BLE001 - odd URLs simply have no next pages
        return []
    if current is None:
        return []
    links = []
    if profile is not None:
        links.extend(a for a in profile.select(root, "next_pages") if a.tag == "a")
    if not links:
        links.extend(_REL_NEXT_XPATH(root))
        for box in (_PAGER_XPATH(root) if boxes is None else boxes):
            if not _PAGER_CLASS.search(class_id(box)):
                continue
            anchors = _HREF_ANCHORS(box)
            if len(anchors) > 40:  # a page-wide wrapper, not a pager
                continue
            for a in anchors:
                text = (a.text_content() or "").strip().lower()
                if _PAGE_LINK_TEXT.match(text):
                    links.append(a)
    found: dict[int, str] = {}
    base = url
    for a in links:
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        try:
            target = _clean(urljoin(base, href))
        except ValueError:
            continue
        key = page_key(target)
        if key is None or key[0] != current[0] or key[1] <= current[1]:
            continue
        found.setdefault(key[1], target)
    return [found[n] for n in sorted(found)]
