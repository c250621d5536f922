"""`parse(html, url) -> Article`: the parser's public entry point.

One lxml tree per page. Metadata is read first, on the untouched tree
(`scraper.metadata.read_metadata`); then the body is extracted, which prunes
the tree in place. `parse` never raises: whatever defeats it ends up in
`Article.warnings`.
"""
from __future__ import annotations

import logging
from datetime import datetime

from lxml import etree

from .charset import CharsetError, decode
from .content import extract_body
from .dom import build_tree, clean_text
from .model import Article
from .multipage import next_pages
from .metadata import read_metadata
from .profiles import find_profile

log = logging.getLogger(__name__)


__all__ = ["parse"]

_MAX_CHARS = 20_000_000


def _fallback_metadata(root, url, profile) -> dict:
    """Title and language by the plainest rules, for a page that made the metadata reader fail."""
    title = ""
    if profile is not None:
        found = profile.select(root, "title")
        if found:
            title = clean_text(found[0].text_content())
    if not title:
        og = root.xpath("//meta[@property='og:title']/@content")
        if og:
            title = clean_text(og[0])
    if not title:
        h1 = root.xpath("//h1")
        if h1:
            title = clean_text(h1[0].text_content())
    if not title:
        t = root.xpath("//title")
        if t:
            title = clean_text(t[0].text_content())
    lang = root.get("lang") or ""
    return {"title": title, "language": lang.split("-")[0].lower() if lang else ""}


def _apply_metadata(article: Article, root, url, profile) -> None:
    try:
        meta = read_metadata(root, url, profile=profile, fetched_at=article.fetched_at)
    except Exception as exc:  # noqa: BLE001 - metadata must not sink the body
        log.debug("read_metadata failed on %s: %r", url, exc)
        article.warnings.append(f"metadata: reader failed ({type(exc).__name__})")
        for name, value in _fallback_metadata(root, url, profile).items():
            if value:
                setattr(article, name, value)
        return
    for name in ("title", "published", "updated", "authors", "source", "section", "language",
                 "canonical_url"):
        value = getattr(meta, name, None)
        if value:
            setattr(article, name, list(value) if name == "authors" else value)


def _norm(s: str) -> str:
    return " ".join(s.lower().split()).strip(" .:;!?\"'“”‘’")


_DECK_META = ("og:description", "description", "twitter:description")
_DECK_TAGS = frozenset({"p", "h2", "h3", "div", "span", "em", "strong", "summary", "section"})


def _following(el, root):
    """The elements after el in document order, outside it (XPath following::*, within root),
    lazily: no walk over what comes before el."""
    node = el
    while node is not None and node is not root:
        for sib in node.itersiblings(etree.Element):
            yield sib
            yield from sib.iterdescendants(etree.Element)
        node = node.getparent()


def _find_deck(root) -> str:
    """The standfirst: a short element right after the headline whose text is the page's
    meta description (read before the body is pruned; '' when there is none)."""
    desc = ""
    metas = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or "").lower()
        if key in _DECK_META and key not in metas and m.get("content"):
            metas[key] = clean_text(m.get("content"))
    for key in _DECK_META:
        if metas.get(key):
            desc = metas[key]
            break
    if len(desc) < 30 or len(desc) > 400:
        return ""
    h1 = next(root.iter("h1"), None)
    if h1 is None:
        return ""
    probe = _norm(desc)[:30]
    seen = 0
    for el in _following(h1, root):
        seen += 1
        if seen > 150:
            break
        if el.tag not in _DECK_TAGS:
            continue
        lead = el.text
        if not lead or not lead.strip():
            continue
        lead_norm = _norm(lead)
        if not lead_norm[:30] == probe[:len(lead_norm[:30])] or len(lead_norm) < 10:
            continue
        text = clean_text(el.text_content())
        t, d = _norm(text), _norm(desc)
        if t == d or (len(t) >= 30 and d.startswith(t.rstrip(".…"))) or (len(d) >= 30 and t.startswith(d.rstrip(".…"))
                                                                    and len(t) <= len(d) + 20):
            return text
        return ""  # the first element starting like the description decides
    return ""


def _add_deck(body, deck: str) -> None:
    """The standfirst opens the body, unless the body already holds it (a lede that is the description)."""
    if not deck or not body.paragraphs:
        return
    d = _norm(deck)[:60]
    if any(d in _norm(p) for p in body.paragraphs[:4]):
        return
    body.paragraphs.insert(0, deck)
    for image in body.images:
        image.position += 1


def _drop_title_lines(body, title: str) -> None:
    """The headline repeated at the top of the body is not body text."""
    if not title or not body.paragraphs:
        return
    t = _norm(title)
    for i in range(min(3, len(body.paragraphs))):
        p = _norm(body.paragraphs[i])
        if p and (p == t or (len(p) > 15 and t.startswith(p)) or (len(t) > 15 and p.startswith(t) and
                                                                   len(p) < len(t) + 40)):
            del body.paragraphs[i]
            for image in body.images:
                if image.position > i:
                    image.position -= 1
            return


def parse(html: bytes | str | None, url: str | None = None, fetched_at: datetime | None = None) -> Article:
    """Parse one page into an Article. Never raises; problems go to `warnings`."""
    article = Article(url=url, fetched_at=fetched_at)
    try:
        _parse_into(article, html, url)
    except Exception as exc:  # noqa: BLE001 - the contract: never raise on any input
        log.debug("parse failed on %s", url, exc_info=True)
        article.warnings.append(f"parser error: {type(exc).__name__}: {exc}"[:300])
    return article


def _parse_into(article: Article, html, url) -> None:
    if html is None:
        article.warnings.append("empty input")
        return
    if isinstance(html, (bytes, bytearray, memoryview)):
        data = bytes(html)
        if not data.strip():
            article.warnings.append("empty input")
            return
        try:
            text, _encoding = decode(data)
        except CharsetError as exc:
            article.warnings.append(f"undecodable input: {exc}")
            return
    elif isinstance(html, str):
        text = html
    else:
        article.warnings.append(f"unsupported input type {type(html).__name__}")
        return
    if len(text) > _MAX_CHARS:
        text = text[:_MAX_CHARS]
        article.warnings.append("input truncated: page too large")
    if not text.strip():
        article.warnings.append("empty input")
        return
    root = build_tree(text)
    if root is None:
        article.warnings.append("no HTML tree could be built from the input")
        return
    profile = None
    try:
        profile = find_profile(root, url)
    except Exception as exc:  # noqa: BLE001
        article.warnings.append(f"profile lookup failed ({type(exc).__name__})")
    _apply_metadata(article, root, url, profile)
    # the profile's pager selector must see the page before pruning
    profile_pages = None
    if profile is not None and profile.get("next_pages"):
        try:
            profile_pages = next_pages(root, url, profile)
        except Exception as exc:  # noqa: BLE001
            article.warnings.append(f"next pages: {type(exc).__name__}")
    try:
        deck = _find_deck(root)
    except Exception:  # noqa: BLE001 - the standfirst is a nicety
        deck = ""
    body = extract_body(root, url, profile)
    if profile_pages:
        article.next_pages = profile_pages
    else:
        try:  # generic: rel=next links and the pagination boxes the pruner met
            article.next_pages = next_pages(root, url, None, boxes=body.pagers)
        except Exception as exc:  # noqa: BLE001
            article.warnings.append(f"next pages: {type(exc).__name__}")
    _drop_title_lines(body, article.title)
    _add_deck(body, deck)
    article.paragraphs = body.paragraphs
    article.images = body.images
    article.warnings.extend(body.warnings)
