"""No page may crash the parser: truncated sample pages and random bytes (fixed seed).

`parse` catches everything by contract; these tests also check that no internal
step failed on the way (no "parser error" / "reader failed" warning), so a bug
that the safety net hides still shows up here.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from scraper.model import Article
from scraper.parser import parse

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "data" / "samples").glob("*.html"))
URL = "https://news.example.com/2024/04/03/story.html"
SEED = 20240403
CUTS_PER_SAMPLE = 12


def _internal_failures(article: Article) -> list[str]:
    return [w for w in article.warnings if w.startswith("parser error") or "reader failed" in w
            or w.startswith("profile lookup failed") or w.startswith("next pages:")]


def _check(data, url=URL) -> Article:
    article = parse(data, url)
    assert isinstance(article, Article)
    assert isinstance(article.paragraphs, list)
    assert all(isinstance(p, str) for p in article.paragraphs)
    assert isinstance(article.title, str)
    assert not _internal_failures(article), article.warnings
    return article


def _cuts(size: int, rng: random.Random) -> list[int]:
    cuts = {0, 1, size // 2, max(size - 1, 0)}
    cuts.update(rng.randrange(size) for _ in range(CUTS_PER_SAMPLE))
    return sorted(cuts)


def test_samples_exist():
    assert SAMPLES, "data/samples/*.html is empty"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_truncated_samples(path):
    rng = random.Random(f"{SEED}:{path.name}")
    data = path.read_bytes()
    for cut in _cuts(len(data), rng):
        _check(data[:cut])  # bytes: the charset detection path, cut inside a multi-byte character too
        _check(data[:cut].decode("utf-8", errors="replace"))  # str


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_mangled_samples(path):
    """A slice from the middle of a page, and a page with a random block of bytes overwritten."""
    rng = random.Random(f"{SEED}:mangle:{path.name}")
    data = path.read_bytes()
    for _ in range(4):
        a = rng.randrange(len(data))
        b = min(len(data), a + rng.randrange(1, 20_000))
        _check(data[a:b])
        noisy = bytearray(data)
        start = rng.randrange(len(noisy))
        for i in range(start, min(len(noisy), start + rng.randrange(1, 2_000))):
            noisy[i] = rng.randrange(256)
        _check(bytes(noisy))


def test_random_bytes():
    rng = random.Random(SEED)
    for size in (0, 1, 2, 7, 64, 512, 4096, 65_536):
        for _ in range(3):
            data = bytes(rng.randrange(256) for _ in range(size))
            _check(data)
            _check(data.decode("latin-1"))
            _check(b"<html><body><p>" + data + b"</p></body></html>")


def test_random_markup():
    """Random soup of tags, attributes and text: unbalanced, nested deep, odd attributes."""
    rng = random.Random(SEED + 1)
    tags = ["div", "p", "span", "a", "article", "h1", "time", "meta", "script", "table", "td", "li", "ul",
            "figure", "img", "br", "section", "aside", "nav", "header", "footer", "form", "svg", "title"]
    attrs = ['class="byline"', 'class="author-name"', 'itemprop="datePublished"', 'datetime="2024-13-45T99:99"',
             'content="2024-02-30"', 'class="related"', 'rel="author"', 'href="/author/x/"', 'style="display:none"',
             'hidden', 'itemprop="author"', 'class="breadcrumb"', 'src="data:,"', 'lang="zz-ZZ"', 'id="bread-nav"']
    words = ["By", "Jane", "Doe", "Updated:", "Published", "March", "32,", "2024", "10:61", "am", "\x00", "\ufffd",
             "\u200b", "&amp;", "&#0;", "<!--", "-->", "]]>", "<?xml", "{", '"@type": "NewsArticle"', "é", "汉字"]
    for _ in range(60):
        out = []
        for _ in range(rng.randrange(1, 400)):
            r = rng.random()
            if r < 0.35:
                out.append(f"<{rng.choice(tags)} {' '.join(rng.sample(attrs, rng.randrange(0, 3)))}>")
            elif r < 0.55:
                out.append(f"</{rng.choice(tags)}>")
            else:
                out.append(" ".join(rng.choice(words) for _ in range(rng.randrange(1, 12))))
        _check("".join(out))
        _check("".join(out).encode("utf-8"))


def test_deep_nesting():
    _check("<html><body>" + "<div>" * 5000 + "<p>" + "word " * 50 + "</p>" + "</div>" * 5000 + "</body></html>")
    _check("<p>" + "<b>" * 3000 + "bold text " * 20)


@pytest.mark.parametrize("url", [None, "", "not a url", "http://[::1", "https://example.com/" + "a/" * 2000,
                                 "https://example.com/2024/99/99/x"])
def test_odd_urls(url):
    data = SAMPLES[0].read_bytes() if SAMPLES else b"<p>x</p>"
    _check(data, url)
