"""Plain CMS layouts: title separators, headlines outside headings, breadcrumbs in plain containers.

Every page here is written for the rule it checks (no page of a benchmark set).
"""
from __future__ import annotations

import pytest

from scraper.parser import parse

BODY = "<p>" + "The society held its annual meeting in the city hall and elected a new board of directors. " * 3 + "</p>"


def _page(title: str, body: str, charset: str = "utf-8", head: str = "") -> str:
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{title}</title>{head}</head><body>{body}</body></html>")


def test_gb2312_society_page_title_headline_in_div_and_position_breadcrumb():
    """The issue's page: GB2312, "Headline_Site Name", headline in a div, "Home > News" in div.position."""
    body = ('<div class="top"><img src="/logo.gif" alt="中国科学技术学会"></div>'
            '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/news/">学会新闻</a></div>'
            '<div class="article_title">学会召开第十次全国会员代表大会</div>'
            '<div class="content"><p>' + "学会于今年三月在北京召开第十次全国会员代表大会，选举产生了新一届理事会。" * 4
            + "</p></div>")
    html = _page("学会召开第十次全国会员代表大会_中国科学技术学会", body, charset="gb2312").encode("gb2312")
    article = parse(html, "http://www.society.example.cn/news/2024/0325/123.html")
    assert article.title == "学会召开第十次全国会员代表大会"
    assert article.section == "学会新闻"


@pytest.mark.parametrize("sep", ["_", " _ ", " – ", " — ", " :: ", " » ", "::", "»", " | ", " - "])
def test_title_separators_site_name_last(sep):
    headline = "Council approves the new harbour bridge plan"
    article = parse(_page(f"{headline}{sep}Harbour Town Gazette", f"<h1>{headline}</h1>{BODY}"),
                    "https://gazette.example.org/news/1")
    assert article.title == headline


@pytest.mark.parametrize("sep", [" :: ", " » ", "_", " – "])
def test_title_separator_site_name_first_headline_in_div(sep):
    headline = "Council approves the new harbour bridge plan"
    body = f'<div class="nav">Home</div><div class="news-head">{headline}</div>{BODY}'
    article = parse(_page(f"Harbour Town Gazette{sep}{headline}", body), "https://example.org/n?id=7")
    assert article.title == headline


def test_unknown_site_name_after_underscore_is_cut_for_a_cjk_title():
    # no element shows the headline on its own: the short last part after "_" is the site name
    body = "<div><p>" + "会议选举产生了新一届理事会。" * 6 + "</p></div>"
    article = parse(_page("市科协召开年度工作会议_某某市科学技术协会", body), "http://kx.example.cn/a/1.html")
    assert article.title == "市科协召开年度工作会议"


def test_headline_in_td_matched_against_title():
    headline = "Annual report of the river authority published"
    body = (f'<table><tr><td class="tit">{headline}</td></tr><tr><td>{BODY}</td></tr></table>')
    article = parse(_page(f"{headline} - River Authority", body), "https://river.example.net/show.asp?id=3")
    assert article.title == headline


def test_year_range_is_not_a_separator():
    headline = "The best films of 1990–2000 ranked by our critics"
    article = parse(_page(headline, f"<h1>{headline}</h1>{BODY}"), "https://films.example.com/best")
    assert article.title == headline


@pytest.mark.parametrize("container", [
    '<div class="location">You are here: <a href="/">Home</a> &gt; <a href="/news/">Society News</a></div>',
    '<div id="path"><a href="/">Home</a> » <a href="/news/">Society News</a> » Society elects a new board</div>',
    '<p class="crumb"><a href="/">Home</a> / <a href="/news/">Society News</a></p>',
    '<div class="bread"><a href="/">Home</a> › <a href="/news/">Society News</a></div>',
    '<span class="nav-path"><a href="/">Home</a> &gt; <a href="/news/">Society News</a></span>',
])
def test_breadcrumb_containers(container):
    headline = "Society elects a new board"
    body = f"{container}<h1>{headline}</h1>{BODY}"
    article = parse(_page(headline, body), "https://society.example.org/news/5.html")
    assert article.section == "Society News"


def test_breadcrumb_as_home_trail_text_in_an_unnamed_element():
    headline = "Society elects a new board"
    body = f'<div><span>Home &gt; News &gt; Text</span></div><h1>{headline}</h1>{BODY}'
    article = parse(_page(headline, body), "https://society.example.org/news/5.html")
    assert article.section == "News"


def test_position_class_without_a_trail_is_no_breadcrumb():
    headline = "Society elects a new board"
    body = (f'<div class="position-relative"><a href="/">Menu</a></div><h1>{headline}</h1>{BODY}'
            '<div class="location">12 Harbour Road, Harbour Town</div>')
    article = parse(_page(headline, body), "https://society.example.org/news/5.html")
    assert article.section == ""
