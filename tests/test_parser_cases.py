"""Regression cases for the parser: small hand-written pages, one trap each."""
from __future__ import annotations

import time
from pathlib import Path

import lxml.html
import pytest

from scraper.images import split_credit
from scraper.model import Article
from scraper.parser import parse
from scraper.profiles import css_to_xpath, load_profiles

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "parser"
URL = "https://news.example.com/2024/04/story.html"

P1 = ("The council approved the new budget on Thursday evening after a debate that lasted more than four hours "
      "and drew a crowd of residents to the chamber.")
P2 = ("Most of the extra money will go to road repairs and to the two primary schools whose roofs leaked during "
      "the winter storms, the finance chair said.")
P3 = ("Opposition members argued that the plan relied on optimistic tax forecasts, but they did not call for a "
      "recorded vote on the final motion.")


def page(inner: str, title: str = "Council passes budget", extra: str = "") -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav class='top'><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
            f"<div class='wrap'><article><h1>{title}</h1><div class='article-body'>{inner}</div></article>{extra}</div>"
            f"<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer></body></html>")


def fixture(name: str) -> Article:
    return parse((FIXTURES / name).read_bytes(), URL)


# --- fixture pages -----------------------------------------------------------------------------
def test_related_share_newsletter_comments_left_out():
    a = fixture("related_share_newsletter.html")
    assert len(a.paragraphs) == 4
    text = a.text
    for junk in ("Related", "Storm damage bill", "Share on", "Sign up", "About time too", "Mara Quill",
                 "Copyright", "ferry storm"):
        assert junk not in text
    assert a.paragraphs[0].startswith("The harbour ferry resumed")
    assert a.paragraphs[-1].startswith("The first crossing")


def test_headings_lists_blockquote_kept_byline_and_date_dropped():
    a = fixture("byline_lists_headings.html")
    assert "What is inside" in a.paragraphs and "Who paid for it" in a.paragraphs
    assert "Borrowers can check out up to thirty items at a time with a single card." in a.paragraphs
    assert any(p.startswith('"A library is the one place') for p in a.paragraphs)
    text = a.text
    for junk in ("By Priya", "March 3, 2024", "Read more", "Advertisement", "Most popular", "Bridge closure"):
        assert junk not in text
    assert len(a.paragraphs) == 9


def test_article_split_by_ad_slot_is_joined():
    a = fixture("split_article.html")
    assert len(a.paragraphs) == 4
    assert a.paragraphs[2].startswith("Passengers on the first morning service")
    assert "unlimited access" not in a.text


def test_images_captions_credits_lazy_srcset_and_junk():
    a = fixture("wp_captions_lazy.html")
    assert len(a.paragraphs) == 4
    srcs = [i.src for i in a.images]
    assert srcs == ["https://news.example.com/wp-content/uploads/2024/04/fan.jpg",
                    "https://news.example.com/img/blossom-1200.webp",
                    "https://news.example.com/img/sensor.jpg"]
    fan, blossom, sensor = a.images
    assert (fan.caption, fan.credit, fan.position) == ("A frost fan stands above an orchard near Millbrook.",
                                                       "Jan Ortiz", 1)
    assert (blossom.caption, blossom.credit, blossom.position) == ("Blossom on a Gala tree in April.",
                                                                   "Lee Ann Park", 2)
    assert (sensor.caption, sensor.credit, sensor.position) == ("A canopy sensor reports to the control room.",
                                                                "Reuters", 3)
    assert "canopy sensor reports" not in a.text  # the caption paragraph is not body text
    assert "sensor.jpg" not in a.text


def test_page_without_body_warns():
    a = fixture("no_body.html")
    assert a.paragraphs == []
    assert a.warnings and "no body" in a.warnings[0]


# --- inline pages ---------------------------------------------------------------------------------
def test_plain_article():
    a = parse(page(f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"), URL)
    assert a.paragraphs == [P1, P2, P3]
    assert a.title == "Council passes budget"
    assert a.warnings == []


def test_bytes_input_and_fetched_at():
    from datetime import datetime, timezone
    when = datetime(2024, 4, 1, tzinfo=timezone.utc)
    a = parse(page(f"<p>{P1}</p><p>{P2}</p>").encode("utf-8"), URL, fetched_at=when)
    assert a.paragraphs == [P1, P2] and a.fetched_at == when and a.url == URL


def test_share_bar_inside_body():
    inner = (f"<p>{P1}</p><div class='social-share'><a href='#'>Facebook</a><a href='#'>Twitter</a>"
             f"<a href='#'>WhatsApp</a></div><p>{P2}</p><ul class='share-buttons'><li>Share</li><li>Tweet</li></ul>")
    assert parse(page(inner), URL).paragraphs == [P1, P2]


def test_related_links_list_without_class():
    links = "".join(f"<li><a href='/x{i}'>Another headline about the council number {i}</a></li>" for i in range(5))
    inner = f"<p>{P1}</p><p>{P2}</p><h3>More on this</h3><ul>{links}</ul>"
    a = parse(page(inner), URL)
    assert a.paragraphs[:2] == [P1, P2]
    assert "Another headline" not in a.text


def test_read_more_lines_and_inline_promos():
    inner = (f"<p>{P1}</p><p><strong>READ MORE:</strong> <a href='/a'>Council delays vote on parking</a></p>"
             f"<p>{P2}</p><p>Advertisement</p><p>Story continues below advertisement</p><p>{P3}</p>")
    assert parse(page(inner), URL).paragraphs == [P1, P2, P3]


def test_comments_section_after_article():
    comments = ("<div id='comments'><h3>12 comments</h3>"
                + "".join(f"<div class='comment-body'><p>I think the council has got this completely wrong and "
                          f"should have listened to the residents of ward {i} before voting.</p></div>" for i in range(6))
                + "</div>")
    a = parse(page(f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>", extra=comments), URL)
    assert a.paragraphs == [P1, P2, P3]


def test_byline_and_dateline_inside_body():
    inner = (f"<p class='author'>By Sam Reyes, Staff Writer</p><p>Published: April 2, 2024 at 9:30 a.m.</p>"
             f"<p>{P1}</p><p>{P2}</p><p>Updated 11:04 AM EDT</p>")
    assert parse(page(inner), URL).paragraphs == [P1, P2]


def test_paragraph_starting_with_by_is_kept():
    text = "By contrast, the neighbouring town froze its budget for the third year in a row."
    assert text in parse(page(f"<p>{P1}</p><p>{text}</p><p>{P2}</p>"), URL).paragraphs


def test_list_inside_body_kept():
    items = ["Road repairs on the ring road and the high street", "New roofs for two primary schools",
             "A second bus route to the hospital"]
    inner = f"<p>{P1}</p><p>The budget includes:</p><ul>{''.join(f'<li>{i}</li>' for i in items)}</ul><p>{P2}</p>"
    a = parse(page(inner), URL)
    for item in items:
        assert item in a.paragraphs


def test_br_separated_text_in_div():
    inner = f"<div>{P1}<br><br>{P2}<br><br>{P3}</div>"
    assert parse(page(inner), URL).paragraphs == [P1, P2, P3]


def test_text_directly_in_container_with_empty_spacer_divs():
    inner = f"{P1}<div class='spacer'></div>{P2}<div class='spacer'></div>{P3}"
    assert parse(page(inner), URL).paragraphs == [P1, P2, P3]


def test_figure_caption_forms_and_position():
    inner = (f"<figure><img src='/a.jpg' width='800' height='500'><figcaption>Residents at the meeting. "
             f"[Provided to China Daily]</figcaption></figure><p>{P1}</p>"
             f"<figure class='image'><img data-src='/b.jpg'><figcaption>The chamber. Photo: Ana Ruiz</figcaption></figure>"
             f"<p>{P2}</p><figure><img src='//cdn.example.com/c.jpg'><figcaption>Council leader Tom Bell speaks."
             f" / AFP</figcaption></figure><p>{P3}</p>")
    a = parse(page(inner), URL)
    assert a.paragraphs == [P1, P2, P3]
    got = [(i.src, i.caption, i.credit, i.position) for i in a.images]
    assert got == [
        ("https://news.example.com/a.jpg", "Residents at the meeting.", "Provided to China Daily", 0),
        ("https://news.example.com/b.jpg", "The chamber.", "Ana Ruiz", 1),
        ("https://cdn.example.com/c.jpg", "Council leader Tom Bell speaks.", "AFP", 2),
    ]


def test_separate_credit_element():
    inner = (f"<p>{P1}</p><div class='image-block'><img src='/d.jpg'><p class='caption'>The new bus route map."
             f"</p><p class='photo-credit'>City of Example</p></div><p>{P2}</p>")
    a = parse(page(inner), URL)
    assert a.paragraphs == [P1, P2]
    assert [(i.caption, i.credit, i.position) for i in a.images] == [("The new bus route map.", "City of Example", 1)]


def test_tracking_pixels_logos_icons_avatars_skipped():
    inner = (f"<p>{P1}<img src='https://t.example.com/p.gif' width='1' height='1'></p>"
             f"<p><img src='/static/logo-small.png' alt='logo'> <img src='/icons/print-icon.png'>"
             f"<img class='avatar' src='/u/sam.jpg'><img src='/sprite.svg'></p><p>{P2}</p>")
    a = parse(page(inner), URL)
    assert a.images == []
    assert a.paragraphs == [P1, P2]


def test_image_only_paragraph_followed_by_body_paragraph_is_not_a_caption():
    inner = f"<p>{P1}</p><p><img src='/e.jpg' alt='e.jpg'></p><p>{P2}</p><p>{P3}</p>"
    a = parse(page(inner), URL)
    assert a.paragraphs == [P1, P2, P3]
    assert [(i.src.rsplit('/', 1)[-1], i.caption, i.position) for i in a.images] == [("e.jpg", "", 1)]


def test_lazy_image_in_noscript_duplicate_not_doubled():
    inner = (f"<p>{P1}</p><figure><img class='lazyload' data-src='/f.jpg' src='data:image/gif;base64,AAAA'>"
             f"<noscript><img src='/f.jpg'></noscript><figcaption>Caption here.</figcaption></figure><p>{P2}</p>")
    a = parse(page(inner), URL)
    assert [i.src for i in a.images] == ["https://news.example.com/f.jpg"]


@pytest.mark.parametrize("caption, expected", [
    ("Workers sign the deal. [Photo/WeChat account: BSC]", ("Workers sign the deal.", "WeChat account: BSC")),
    ("A boat on the lake. [Photo/VCG]", ("A boat on the lake.", "VCG")),
    ("Students at work. [Provided to China Daily]", ("Students at work.", "Provided to China Daily")),
    ("The mayor speaks. Photo: Jane Doe", ("The mayor speaks.", "Jane Doe")),
    ("Police at the scene (Reuters)", ("Police at the scene", "Reuters")),
    ("Fans celebrate. Photograph: Tom Jenkins/The Guardian", ("Fans celebrate.", "Tom Jenkins/The Guardian")),
    ("The skyline at dusk. Credit: Ana Lopez", ("The skyline at dusk.", "Ana Lopez")),
    ("The old mill. Image: Heritage Trust", ("The old mill.", "Heritage Trust")),
    ("Protesters march in Paris on Saturday. / AFP", ("Protesters march in Paris on Saturday.", "AFP")),
    ("A view of the harbour at sunset", ("A view of the harbour at sunset", "")),
    ("Delegates meet in Geneva (AP Photo/Markus Schreiber)", ("Delegates meet in Geneva", "AP Photo/Markus Schreiber")),
])
def test_split_credit(caption, expected):
    assert split_credit(caption) == expected


def test_generic_pagination_next_pages_only_forward():
    pager = ("<div class='pagination'><a href='/2024/04/story.html'>1</a><span>2</span>"
             "<a href='/2024/04/story_3.html'>3</a><a href='/2024/04/story_3.html'>Next</a>"
             "<a href='/2024/04/other.html'>Other story</a></div>")
    a = parse(page(f"<p>{P1}</p><p>{P2}</p>", extra=pager), "https://news.example.com/2024/04/story_2.html")
    assert a.next_pages == ["https://news.example.com/2024/04/story_3.html"]
    assert "Other story" not in a.text


def test_rel_next_link():
    html = page(f"<p>{P1}</p>").replace("</head>", "<link rel='next' href='?page=2'></head>")
    assert parse(html, "https://news.example.com/long-read").next_pages == ["https://news.example.com/long-read?page=2"]


def test_single_page_has_no_next_pages():
    assert parse(page(f"<p>{P1}</p>"), URL).next_pages == []


# --- robustness -------------------------------------------------------------------------------------
@pytest.mark.parametrize("junk", [b"", "", None, "   ", b"\x00\x00\x00", "<html></html>", "<<<>>>",
                                  "just some words", "<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p>",
                                  bytes(range(256)) * 20, "\ufffd" * 500, "<p>" * 5000, "</div>" * 1000,
                                  b"\xff\xfe" + "<html><body><p>utf16</p></body></html>".encode("utf-16-le")])
def test_never_raises_on_junk(junk):
    a = parse(junk, URL)
    assert isinstance(a, Article)
    if not a.paragraphs:
        assert a.warnings


def test_empty_input_warns():
    assert parse(b"", URL).warnings == ["empty input"]
    assert parse("", None).warnings == ["empty input"]


def test_deeply_nested_divs():
    html = "<html><body>" + "<div>" * 5000 + f"<p>{P1}</p><p>{P2}</p>" + "</div>" * 5000 + "</body></html>"
    t0 = time.perf_counter()
    a = parse(html, URL)
    assert time.perf_counter() - t0 < 5
    assert isinstance(a, Article)


def test_huge_flat_page_is_fast():
    paras = "".join(f"<p>{P1} {i}</p>" for i in range(3000))
    t0 = time.perf_counter()
    a = parse(page(paras), URL)
    assert time.perf_counter() - t0 < 5
    assert len(a.paragraphs) == 3000


def test_binary_looking_text():
    a = parse("\x01\x02\x03 PNG IHDR \x00\x00 binary " * 200, URL)
    assert isinstance(a, Article)


# --- profiles -----------------------------------------------------------------------------------------
def test_profiles_load_and_css_selectors():
    names = [p.name for p in load_profiles()]
    assert "chinadaily" in names
    root = lxml.html.fromstring(
        "<html><body><div id='Content' class='a b'><h1>H</h1><p data-x='yes'>P</p></div>"
        "<div id='lft-art'><h1>Art</h1><div><h1>Deep</h1></div></div></body></html>")

    def texts(css):
        return [e.text_content() for e in root.xpath(css_to_xpath(css))]

    assert texts("div#Content > h1") == ["H"]
    assert texts("#lft-art > h1") == ["Art"]  # the child combinator
    assert texts("div.b p[data-x^=ye]") == ["P"]  # class, attribute prefix, descendant
    assert texts("div:not(#Content) > div > h1, #Content h1") == ["H", "Deep"]  # beyond the old subset
    from scraper.profiles import select
    assert select(root, ["div.missing", "p[data-x]"])[0].text == "P"  # the first selector that matches
    assert select(root, "div[") == []  # a broken selector selects nothing


def test_chinadaily_profile_by_host_and_structure():
    html = ("<html><body><div id='lft-art'><h1>Headline</h1><div class='info'><span class='info_l'>"
            "Updated: 2024-01-02 10:00</span></div><div id='Content'>"
            f"<p>{P1}</p><p>{P2}</p></div></div><div class='side'><p>{P3}</p></div></body></html>")
    for url in ("https://www.chinadaily.com.cn/a/202401/02/WS1.html", "http://127.0.0.1:8000/x.html"):
        a = parse(html, url)
        assert a.paragraphs == [P1, P2]


def test_gallery_controls_and_bracketed_credit_element():
    inner = (f"<p>{P1}</p><figure><img src='/g.jpg'><figcaption><span class='caption-text'>Enlarge / Riders "
             f"at the start line.</span> <span class='credit'>(Image credit: Sam Lee)</span></figcaption></figure>"
             f"<p>{P2}</p>")
    a = parse(page(inner), URL)
    assert [(i.caption, i.credit) for i in a.images] == [("Riders at the start line.", "Sam Lee")]
    assert a.paragraphs == [P1, P2]


def test_stray_caption_line_with_credit_is_not_body():
    inner = f"<p>{P1}</p><p>A view of the harbour at dawn. (Credit: Jo Park)</p><p>{P2}</p>"
    assert parse(page(inner), URL).paragraphs == [P1, P2]


def test_listicle_items_in_repeated_boxes():
    items = "".join(
        f"<div class='item'><h2>{n}. Item number {n} in our list</h2><div class='item-desc'><p>This is the "
        f"description of item {n}, a thing that many readers have found useful in their daily lives at home.</p>"
        f"</div></div>" for n in range(1, 6))
    html = ("<html><body><div class='menu'><a href='/'>Home</a></div><div class='list-wrap'>" + items +
            "</div><div class='footer-links'><a href='/a'>About</a></div></body></html>")
    a = parse(html, URL)
    assert a.paragraphs[0] == "1. Item number 1 in our list"
    assert len(a.paragraphs) == 10


def test_long_comment_thread_does_not_win_over_short_article():
    thread = "".join(f"<li class='comment'><div class='comment-author'>reader{i}</div><p>I think the council got this "
                     f"completely wrong and should have listened to the residents of ward {i} before voting on "
                     f"anything at all this year.</p></li>" for i in range(40))
    comments = f"<section class='comments-area'><h3>40 comments</h3><ol>{thread}</ol></section>"
    a = parse(page(f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>", extra=comments), URL)
    assert a.paragraphs == [P1, P2, P3]


def test_paywalled_paragraphs_hidden_one_by_one_are_kept():
    hidden = "".join(f"<div class='subscriber-only' style='display:none'><p>{p}</p></div>" for p in (P2, P3))
    assert parse(page(f"<p>{P1}</p>{hidden}"), URL).paragraphs == [P1, P2, P3]


def test_profile_directory_with_broken_files(tmp_path):
    from scraper.profiles import find_profile, load_profiles
    from scraper.dom import build_tree
    (tmp_path / "bad.toml").write_text("name = [unclosed", encoding="utf-8")
    (tmp_path / "badsel.toml").write_text('name = "x"\nhosts = ["x.com"]\n[selectors]\nbody = "//*[("\n',
                                          encoding="utf-8")
    (tmp_path / "good.toml").write_text('name = "good"\nhosts = ["good.example"]\nmatch_selectors = ["div.story"]\n'
                                        '[selectors]\nbody = ["div.story"]\nremove = "div.story > .promo"\n',
                                        encoding="utf-8")
    profiles = load_profiles(str(tmp_path))
    assert [p.name for p in profiles] == ["good"]
    root = build_tree("<html><body><div class='story'><p>x</p></div></body></html>")
    assert find_profile(root, "https://www.good.example/a", str(tmp_path)).name == "good"
    assert find_profile(root, "http://127.0.0.1/a", str(tmp_path)).name == "good"  # by structure
    assert find_profile(build_tree("<p>y</p>"), "http://127.0.0.1/a", str(tmp_path)) is None


def test_table_rows_with_weak_class_words_are_data():
    rows = "".join(f"<tr class='oddrow player-2020-{i}'><td>{i}</td><td>Driver Number{i}</td><td>{5000 - i}</td></tr>"
                   for i in range(1, 8))
    a = parse(page(f"<p>{P1}</p><table><tbody>{rows}</tbody></table><p>{P2}</p>"), URL)
    assert "Driver Number3" in a.text
    assert a.paragraphs[0] == P1


def test_twin_boxes_with_a_modifier_class_are_joined():
    inner = (f"<div class='article-body-text component'><div class='box'><p>{P1}</p><p>{P2}</p></div></div>"
             f"<div class='ad-slot'>Advertisement</div>"
             f"<div class='article-body-text component version-2'><div class='box'><p>{P3}</p><p>{P1[::-1]}</p></div></div>")
    html = (f"<html><head><title>T</title></head><body><article><h1>Council passes budget</h1>{inner}</article>"
            f"</body></html>")
    a = parse(html, URL)
    assert P1 in a.paragraphs and P3 in a.paragraphs


def test_closing_author_bio_is_not_body():
    bio = "Jane Doe is a senior editor at Example News covering city politics and the courts."
    a = parse(page(f"<p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{bio}</p>"), URL)
    assert a.paragraphs[-1] == P3


def test_standfirst_matching_the_meta_description_opens_the_body():
    deck = "The vote ends a long fight over road repairs and leaking school roofs in the town."
    html = (f"<html><head><title>Council passes budget</title><meta name='description' content='{deck}'></head>"
            f"<body><article><h1>Council passes budget</h1><p class='standfirst'>{deck}</p>"
            f"<div class='meta'>By Jane Doe</div><div class='article-body'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
            f"</article></body></html>")
    a = parse(html, URL)
    assert a.paragraphs[0] == deck and a.paragraphs[1] == P1
    # a description that is the lede itself is not repeated
    html2 = html.replace(f"content='{deck}'", f"content='{P1[:150]}'")
    a2 = parse(html2, URL)
    assert a2.paragraphs.count(P1) == 1 and sum(P1[:60] in p for p in a2.paragraphs) == 1
