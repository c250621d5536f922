"""URL canonicalisation and discovery (listing pages, feeds, sitemaps) against the test site."""
from __future__ import annotations

import pytest

from broadsheet.discovery import classify, discover
from broadsheet.robots import RobotsCache
from broadsheet.testsite import TestSite, article_path
from scraper import FetchOptions, Fetcher
from scraper.urls import canonicalize, host_of, looks_like_article, same_site


@pytest.mark.parametrize("raw, canon", [
    ("HTTP://Example.COM:80/a/b.html#top", "http://example.com/a/b.html"),
    ("https://example.com:443", "https://example.com/"),
    ("https://example.com/a/./b/../c.html?utm_source=x&utm_medium=y&id=3", "https://example.com/a/c.html?id=3"),
    ("https://example.com/x?fbclid=abc&gclid=1&b=2&a=1", "https://example.com/x?a=1&b=2"),
    ("https://example.com/x?mc_cid=1&_ga=2&msclkid=3", "https://example.com/x"),
    ("https://example.com:8080/x", "https://example.com:8080/x"),
    ("https://example.com/caf%C3%A9 story", "https://example.com/caf%C3%A9%20story"),
])
def test_canonicalize(raw, canon):
    assert canonicalize(raw) == canon
    assert canonicalize(canon) == canon  # idempotent


def test_canonicalize_relative_and_other_schemes():
    assert canonicalize("../b.html?utm_campaign=z", "https://ex.com/news/a/x.html") == "https://ex.com/news/b.html"
    assert canonicalize("file:///tmp/a.html#x") == "file:///tmp/a.html"
    assert host_of("https://www.Ex.com:443/a") == "www.ex.com" and same_site("https://www.ex.com/", "http://ex.com/x")


@pytest.mark.parametrize("url, article", [
    ("https://ex.com/news/2024/05/01/mayor-opens-bridge", True),
    ("https://ex.com/world/mayor-opens-the-new-bridge-today", True),
    ("https://ex.com/story/123456", True),
    ("https://ex.com/news/local/story.html", True),
    ("https://ex.com/", False),
    ("https://ex.com/tag/science", False),
    ("https://ex.com/section/2", False),
    ("https://ex.com/news/2024/05/01/mayor-opens-bridge/photo.jpg", False),
    ("https://ex.com/news?page=2", False),
    ("https://ex.com/about", False),
])
def test_looks_like_article(url, article):
    assert looks_like_article(url) is article


def test_classify():
    assert classify(b'<?xml version="1.0"?><urlset xmlns="x"></urlset>') == "urlset"
    assert classify(b"<sitemapindex></sitemapindex>") == "sitemapindex"
    assert classify(b"<rss version='2.0'><channel/></rss>") == "feed"
    assert classify(b"<html><body>hi</body></html>", "text/html") == "html"


@pytest.fixture(scope="module")
def site():
    with TestSite(pages=70, feed_items=30) as s:
        yield s


def _fetcher():
    return Fetcher(FetchOptions(timeout=2, retries=0))


def test_feeds_rss_and_atom_without_tracking_params(site):
    for path in ("/feed.xml", "/atom.xml"):
        found = discover([site.url(path)], _fetcher())
        assert found.urls == [site.article_url(i) for i in range(30)], path
        assert not found.errors


def test_sitemap_index_with_gzip_and_news_sitemap(site):
    found = discover([site.url("/sitemap.xml")], _fetcher())
    assert found.urls == [site.article_url(i) for i in range(70)]  # news sitemap URLs are duplicates
    assert found.fetched == 3


def test_listing_pages_depth_and_limits(site):
    f = _fetcher()
    assert len(discover([site.url("/section/0")], f, depth=0).urls) == 20
    assert len(discover([site.url("/section/0")], f, depth=2).urls) == 60
    limited = discover([site.url("/section/0")], f, depth=5, max_pages=25)
    assert len(limited.urls) == 25
    # the ?utm_... and #comments duplicates collapse; other sites are not followed
    everything = discover([site.url("/section/0")], f, depth=5)
    assert sorted(everything.urls) == sorted(site.article_urls())
    assert all(u.startswith(site.base) for u in everything.urls)


def test_same_article_from_every_source_once(site):
    found = discover([site.url("/feed.xml"), site.url("/sitemap.xml"), site.url("/section/0")], _fetcher())
    assert len(found.urls) == len(set(found.urls)) == 70


def test_discovery_obeys_robots_and_reports_bad_seeds(site):
    f = _fetcher()
    found = discover([site.url("/private/list"), site.url("/no-such-feed.xml")], f, RobotsCache(f))
    reasons = dict(found.errors)
    assert "robots" in reasons[site.url("/private/list")]
    assert "404" in reasons[site.url("/no-such-feed.xml")]
    assert article_path(0).startswith("/news/")
