"""Dates beyond English news: textual dates of many languages, date-bearing elements of blogs and
plain sites, relative dates against the fetch time, the copyright bound, script data, URL days.

Every page here is written for the rule it checks (no page of a benchmark set).
"""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from scraper.meta_dates import find_date_in_text
from scraper.parser import parse

URL = "https://blog.example.org/beitrag/landesparteitag"
BODY = "<p>" + "Der Landesparteitag wählte einen neuen Vorstand und beschloss das Programm. " * 3 + "</p>"


def _day(value) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>Landesparteitag</title>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize("text, expected", [
    ("Samstag, 19. Juli 2014", date(2014, 7, 19)),             # German, day first, weekday before
    ("Juli 19, 2014", date(2014, 7, 19)),                      # German month name, month first
    ("19/07/2014", date(2014, 7, 19)),                         # numeric, the day cannot be a month
    ("19.07.2014", date(2014, 7, 19)),
    ("mardi 5 juin 2018", date(2018, 6, 5)),                   # French
    ("22 de outubro de 2010 às 20:13", datetime(2010, 10, 22, 20, 13)),  # Portuguese, with a time
    ("20 septembrie 2020 16:20", datetime(2020, 9, 20, 16, 20)),        # Romanian
    ("5 июня 2018 в 10:15", datetime(2018, 6, 5, 10, 15)),     # Russian, genitive month
    ("3 de marzo de 2021", date(2021, 3, 3)),                  # Spanish
    ("12 ottobre 2019", date(2019, 10, 12)),                   # Italian
    ("21. Jan 2022 // Dominik Ricker", date(2022, 1, 21)),     # abbreviated month
    ("Sept. 3, 2021", date(2021, 9, 3)),
    ("2014年7月19日", date(2014, 7, 19)),                       # CJK
])
def test_textual_date_formats(text, expected):
    assert find_date_in_text(text)[0] == expected


def test_words_that_are_no_month_give_no_date():
    assert find_date_in_text("page 12 of 2019 results")[0] is None
    assert find_date_in_text("Top 10 Sports 2014")[0] is None


@pytest.mark.parametrize("element", [
    '<p class="newsdatum">[<a href="/2014/07/19/x/">Samstag, 19. Juli 2014</a>]</p>',   # "datum"
    '<div class="submitted">Gespeichert von <span>rasos</span> am 19. Juli 2014 - 18:55</div>',
    '<h2 class="date-header"><span>Samstag, 19. Juli 2014</span></h2>',
    '<abbr title="Samstag, 19. Juli 2014 um 04:00" data-utime="1405742400">3 Jahre</abbr>',
    '<div class="post-footer">Dieser Artikel wurde am 19. Juli 2014 um 14:48 geschrieben</div>',
    '<span class="fecha">19/07/2014</span>',
])
def test_date_bearing_elements_of_plain_pages(element):
    body = f"<div>{element}</div><div class='entry'><h2>Landesparteitag</h2>{BODY}</div>"
    assert _day(parse(_page(body), URL).published) == date(2014, 7, 19)


def test_date_only_in_the_text_most_frequent_day_wins():
    body = (f"<h1>Terms of Service</h1><p>Date of Last Revision: August 9, 2017</p>{BODY}"
            "<p>These terms replace those of March 1, 2015.</p><p>Effective August 9, 2017.</p>")
    assert _day(parse(_page(body), URL).published or parse(_page(body), URL).updated) == date(2017, 8, 9)


def test_copyright_year_bounds_the_text_dates():
    # an event announced for later is no publication date: the page is of 2014 at the latest + grace
    body = (f"<h1>Termine</h1>{BODY}<p>Nächster Parteitag am 3. März 2019.</p><p>Nächster Parteitag am 3. März 2019.</p>"
            "<p>Bericht vom 19. Juli 2014.</p><div id='legal'>© 2014 Die Partei</div>")
    assert _day(parse(_page(body), URL).published) == date(2014, 7, 19)


def test_dates_in_comments_are_not_the_page_date():
    body = (f"<h1>Landesparteitag</h1>{BODY}"
            "<ol class='commentlist'><li><small class='commentmetadata'>8. Dezember 2010 um 10:56</small></li></ol>")
    assert parse(_page(body), URL).published is None


@pytest.mark.parametrize("text, expected", [
    ("il y a 3 jours", date(2024, 3, 22)),
    ("vor 2 Tagen", date(2024, 3, 23)),
    ("hace 5 días", date(2024, 3, 20)),
    ("3 days ago", date(2024, 3, 22)),
    ("gestern", date(2024, 3, 24)),
])
def test_relative_dates_against_the_fetch_time(text, expected):
    body = f'<div class="entry"><h2>Landesparteitag</h2><span class="post-date">{text}</span>{BODY}</div>'
    fetched = datetime(2024, 3, 25, 12, 0, tzinfo=timezone.utc)
    assert _day(parse(_page(body), URL, fetched_at=fetched).published) == expected
    # without a fetch time a relative date means nothing
    assert parse(_page(body), URL).published is None


def test_publication_date_in_script_data():
    head = ('<script>window.__DATA__ = {"title": "Landesparteitag", "createdAt": "2022-01-31T15:58:43+01:00",'
            ' "updatedAt": "2022-02-01T10:00:00+01:00"};</script>')
    body = f"<h1>Landesparteitag</h1>{BODY}"
    assert _day(parse(_page(body, head), URL).published) == date(2022, 1, 31)


@pytest.mark.parametrize("stamp, url_day, expected", [
    ("2018-12-31T23:11:59+00:00", "2019/01/01", date(2019, 1, 1)),    # local time ahead of UTC
    ("2020-02-18T02:18:11Z", "2020/02/17", date(2020, 2, 17)),        # local time behind UTC
    ("2020-02-18T15:00:00Z", "2020/02/17", date(2020, 2, 18)),        # too far apart: the stamp
])
def test_url_day_for_a_utc_stamp_of_the_neighbouring_day(stamp, url_day, expected):
    head = f'<meta property="article:published_time" content="{stamp}">'
    article = parse(_page(f"<h1>Landesparteitag</h1>{BODY}", head), f"https://blog.example.org/{url_day}/x/")
    assert _day(article.published) == expected


def test_published_and_updated_stay_apart_on_plain_pages():
    body = (f'<h1>Landesparteitag</h1><p class="article_date">Letzte Aktualisierung: 18.01.2018</p>{BODY}')
    article = parse(_page(body), URL)
    assert _day(article.updated) == date(2018, 1, 18)
    assert article.published is None


def test_date_line_under_the_headline_beats_a_metadata_day_the_page_never_shows():
    head = '<meta property="article:published_time" content="2020-04-30T08:00:00+02:00">'
    body = ('<h1>Mieter wehren sich</h1><ul><li class="date"><time>29.04.2020, 12:01 Uhr</time></li></ul>'
            f"{BODY}")
    assert _day(parse(_page(body, head), URL).published) == date(2020, 4, 29)
    # the page also shows the metadata's day: the metadata stands
    body += "<p class='note'>Aktualisiert am 30.04.2020</p>"
    assert _day(parse(_page(body, head), URL).published) == date(2020, 4, 30)


def test_a_labelled_line_anywhere_on_a_page_without_other_dates():
    # (the text names another day twice: the label, not the count, decides)
    body = (f"<h1>GNU General Public License</h1>{BODY}"
            "<p>Version 3 of the license was written on 29 June 2007 after a long public consultation.</p>"
            "<p>Everyone may copy the license of 29 June 2007, but changing it is not allowed at all.</p>"
            "<div id='bottom'><p class='unprintable'>Updated: $Date: 2016/11/18 06:31:41 $</p></div>")
    article = parse(_page(body), "https://www.example.org/licenses/gpl.html")
    assert _day(article.published or article.updated) == date(2016, 11, 18)


def test_a_teaser_card_of_another_article_is_no_date_line():
    head = '<meta property="article:published_time" content="2019-10-01T10:00:00+02:00">'
    body = (f'<article class="single post"><header><h1>FuelCell Echo bringt Speed</h1></header>{BODY}'
            '<div class="related-wrap"><article class="post type-post status-publish">'
            '<div class="entry-meta">31. Mai 2016</div></article></div></article>')
    assert _day(parse(_page(body, head), URL).published) == date(2019, 10, 1)


def test_the_site_header_date_of_today_does_not_beat_the_metadata():
    head = '<meta property="article:published_time" content="2023-11-10T17:19:16+01:00">'
    body = ('<header class="site-header"><span class="date">24 Dicembre 2023</span></header>'
            f'<article><h1>Tipi di validazione</h1>{BODY}</article>')
    assert _day(parse(_page(body, head), URL).published) == date(2023, 11, 10)
