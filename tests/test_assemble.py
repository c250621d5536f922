"""Joining the pages of a multi-page article."""
from __future__ import annotations

from scraper.assemble import join_pages
from scraper.model import Article, Image


def test_join_keeps_first_page_metadata_and_shifts_image_positions():
    p1 = Article(url="http://x/a.html", title="T", paragraphs=["a", "b"],
                 images=[Image(src="http://x/1.jpg", position=1)], next_pages=["http://x/a_2.html"])
    p2 = Article(url="http://x/a_2.html", title="T (2)", paragraphs=["c"],
                 images=[Image(src="http://x/2.jpg", position=0), Image(src="http://x/3.jpg", position=1)],
                 warnings=["odd"])
    joined = join_pages([p1, p2])
    assert joined.title == "T" and joined.url == "http://x/a.html"
    assert joined.paragraphs == ["a", "b", "c"]
    assert [i.position for i in joined.images] == [1, 2, 3]
    assert joined.next_pages == [] and joined.warnings == ["odd"]
    assert p1.images[0].position == 1  # inputs untouched


def test_fetch_article_follows_pages_once(sample_server):
    from scraper.assemble import fetch_article

    art = fetch_article(sample_server.url("lab-opening.html"))
    assert art.paragraphs[0].startswith("A marine research laboratory")
    assert any("Hainan University" in p for p in art.paragraphs)
    assert len([p for p in art.paragraphs if "Hainan University" in p]) == 1


def test_missing_continuation_page_keeps_first_page(server):
    page = (b"<html><head><title>Story</title></head><body><article><h1>Story</h1>"
            + b"<p>" + b"First page text that is long enough to count as an article body. " * 3 + b"</p>"
            + b"<p>" + b"More first page text, with several words in a real sentence here. " * 3 + b"</p>"
            + b"</article><div id='div_currpage'><a href='/story_2.html'>2</a> <a href='/story_2.html'>Next</a></div>"
            + b"</body></html>")
    url = server.add("/story.html", body=page)
    from scraper import FetchOptions, Fetcher
    from scraper.assemble import fetch_article

    art = fetch_article(url, Fetcher(FetchOptions(retries=0)))
    assert art.paragraphs and "First page text" in art.paragraphs[0]
    assert any("story_2.html" in w for w in art.warnings)
