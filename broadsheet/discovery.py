"""Finding article URLs: listing pages (crawl), RSS/Atom feeds, sitemaps.

`discover(seeds, fetcher, ...)` fetches each seed and, by what it turns out
to be:

* a sitemap index -> its sitemaps (recursively, `.xml.gz` too); a urlset
  (plain or Google News sitemap) -> every `<loc>`;
* an RSS/Atom feed (feedparser) -> every entry's link;
* an HTML page -> a section/listing page: links on the same site that look
  like articles are collected; other same-site links are followed as further
  listing pages while `depth` allows.

Every URL is canonicalised (tracking parameters stripped), so the same
article found in a feed, a sitemap and a listing is queued once. Discovery
stops at `max_pages` article URLs. robots.txt is obeyed for every fetch.
"""
from __future__ import annotations

import logging
import zlib
from collections import deque
from dataclasses import dataclass, field

from lxml import etree, html as lxml_html

from scraper.fetch import FetchError, Fetcher
from scraper.urls import canonicalize, looks_like_article, same_site

from .robots import RobotsCache, RobotsDisallowed

log = logging.getLogger("broadsheet.discovery")

MAX_SITEMAPS = 500
MAX_DECOMPRESSED = 200 * 1024 * 1024
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


@dataclass
class Discovery:
    urls: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)   # (seed or page, reason)
    fetched: int = 0
    _seen: set[str] = field(default_factory=set)

    def add(self, url: str, base: str | None = None) -> bool:
        if not url:
            return False
        try:
            canon = canonicalize(url, base)
        except ValueError:
            return False
        if not canon.startswith(("http://", "https://")) or canon in self._seen:
            return False
        self._seen.add(canon)
        self.urls.append(canon)
        return True


def _gunzip(data: bytes) -> bytes:
    if data[:2] != b"\x1f\x8b":
        return data
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = d.decompress(data, MAX_DECOMPRESSED)
    if d.unconsumed_tail:
        raise ValueError("sitemap larger than 200 MB once decompressed")
    return out


def _xml_root(data: bytes):
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root


def _local(tag) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def classify(data: bytes, content_type: str = "") -> str:
    """'sitemapindex', 'urlset', 'feed' or 'html'."""
    ctype = content_type.split(";")[0].strip().lower()
    head = data[:2048].lstrip().lower()
    if ctype in _FEED_TYPES:
        return "feed"
    if head.startswith(b"<?xml") or head.startswith(b"<") and not head.startswith((b"<!doctype html", b"<html")):
        for marker, kind in ((b"<sitemapindex", "sitemapindex"), (b"<urlset", "urlset"), (b"<rss", "feed"),
                             (b"<feed", "feed"), (b"<rdf:rdf", "feed")):
            if marker in head:
                return kind
        root = _xml_root(data)
        if root is not None:
            name = _local(root.tag)
            if name in ("sitemapindex", "urlset"):
                return name
            if name in ("rss", "feed", "rdf"):
                return "feed"
    return "html"


def sitemap_locs(root) -> list[str]:
    out = []
    for el in root.iter():
        if _local(el.tag) == "loc" and el.text:
            parent = el.getparent()
            if parent is not None and _local(parent.tag) in ("url", "sitemap"):
                out.append(el.text.strip())
    return out


def feed_links(data: bytes) -> list[str]:
    import feedparser

    parsed = feedparser.parse(data)
    out = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            for alt in entry.get("links", []):
                if alt.get("rel", "alternate") == "alternate" and alt.get("href"):
                    link = alt["href"]
                    break
        if not link and str(entry.get("id", "")).startswith(("http://", "https://")):
            link = entry["id"]
        if link:
            out.append(link)
    return out


def page_links(data: bytes, base: str) -> list[str]:
    try:
        doc = lxml_html.fromstring(data, base_url=base)
    except (etree.ParserError, ValueError):
        return []
    out = []
    for el in doc.iter("a"):
        href = el.get("href")
        if href and not href.startswith(("javascript:", "mailto:", "tel:", "#")):
            out.append(href)
    return out


def discover(seeds: list[str], fetcher: Fetcher, robots: RobotsCache | None = None, depth: int = 1,
             max_pages: int = 1000) -> Discovery:
    """Article URLs from listing pages, feeds and sitemaps (canonical, deduplicated, in order found)."""
    found = Discovery()
    visited: set[str] = set()
    sitemaps = 0
    queue: deque[tuple[str, int, str | None]] = deque(
        (canonicalize(s), 0, None) for s in seeds)   # (url, depth, expected kind)

    while queue and len(found.urls) < max_pages:
        url, level, expected = queue.popleft()
        if url in visited:
            continue
        visited.add(url)
        try:
            if robots is not None:
                robots.check(url)
            resp = fetcher.get(url, any_type=True)
        except (RobotsDisallowed, FetchError) as exc:
            # a seed or a sitemap that cannot be read is an error; a listing page reached
            # by crawling (a tag page answering 404, say) is only logged
            if expected != "html":
                found.errors.append((url, str(exc)))
                log.warning("discovery: %s: %s", url, exc)
            else:
                log.info("discovery: %s: %s", url, exc)
            continue
        found.fetched += 1
        try:
            data = _gunzip(resp.content)
        except (OSError, ValueError, zlib.error) as exc:
            found.errors.append((url, f"cannot decompress: {exc}"))
            continue
        ctype = resp.headers.get("Content-Type", "") if isinstance(resp.headers, dict) else ""
        kind = classify(data, ctype)
        if kind == "sitemapindex":
            root = _xml_root(data)
            for loc in sitemap_locs(root) if root is not None else []:
                if sitemaps < MAX_SITEMAPS:
                    sitemaps += 1
                    queue.append((canonicalize(loc, url), level, "sitemap"))
        elif kind == "urlset":
            root = _xml_root(data)
            for loc in sitemap_locs(root) if root is not None else []:
                found.add(loc, url)
                if len(found.urls) >= max_pages:
                    break
        elif kind == "feed":
            for link in feed_links(data):
                found.add(link, url)
                if len(found.urls) >= max_pages:
                    break
        else:
            page = resp.url or url
            for href in page_links(data, page):
                try:
                    link = canonicalize(href, page)
                except ValueError:
                    continue
                if not link.startswith(("http://", "https://")) or not same_site(link, page):
                    continue
                if looks_like_article(link):
                    found.add(link)
                    if len(found.urls) >= max_pages:
                        break
                elif level < depth and link not in visited:
                    queue.append((link, level + 1, "html"))
        if len(found.urls) >= max_pages:
            break
    return found


__all__ = ["discover", "Discovery", "classify", "feed_links", "sitemap_locs", "page_links"]
