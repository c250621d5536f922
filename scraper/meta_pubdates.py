"""The publication and update dates of a page, from its most reliable source to its least.

1. the site profile's "date" selector; 2. JSON-LD; 3. meta tags (names in
``data/metadata/rules.json``, in priority order); 4. microdata and ``<time
datetime>`` near the headline; 5. visible date lines near the headline
("Updated: ...", "Published on ..."); 6. the URL (``/2024/03/25/``); 7. a date
alone right after the headline; 8. the page-wide search of
`scraper.page_dates` (date-bearing elements, script data, the text).

Published and updated dates are kept apart: a page that only says "Updated:
..." gets `updated` and no `published` unless other evidence says so. A
metadata publication day that the page never shows, on a page that shows its
update day, gives way to the update day (`_as_shown`); a UTC time stamp of the
day next to the URL's day gives way to the URL's day (`_local_day`).
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from .meta_dates import date_from_url, days_in_text, find_date_in_text, labelled_dates, parse_date
from .meta_page import DATE_CLASS_RE, DateValue, Page, profile_get, select, text_of
from .meta_rules import RULES, class_tokens, clean
from .page_dates import search_page

__all__ = ["read_dates"]


def read_dates(page: Page) -> tuple[DateValue, DateValue]:
    """(published, updated) of a page, from its most reliable source to its least."""
    published_c: list[DateValue] = []
    updated_c: list[DateValue] = []

    def take(p: DateValue, u: DateValue) -> bool:
        """Keep a date line's published/updated values; True when it had either."""
        if p is not None:
            published_c.append(p)
        if u is not None:
            updated_c.append(u)
        return p is not None or u is not None

    # 1. profile selectors
    for el in select(page.doc, profile_get(page.profile, "date")):
        p, u, bare = labelled_dates(text_of(el))
        if p is None and bare is not None and u is None:
            p = bare
        if take(p, u):
            break

    # 2. JSON-LD
    for key, bucket in (("datePublished", published_c), ("dateCreated", published_c),
                        ("uploadDate", published_c), ("dateModified", updated_c)):
        value = page.article.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str):
            parsed = parse_date(value)
            if parsed is not None:
                bucket.append(parsed)

    # 3. meta tags
    for names, bucket in ((RULES["meta_published"], published_c), (RULES["meta_modified"], updated_c)):
        for name in names:
            for v in page.meta.get(name.lower(), []):
                parsed = parse_date(v)
                if parsed is not None:
                    bucket.append(parsed)
                    break

    # 4. microdata and <time datetime>
    for el in page.microdata()[1]:
        if page.excluded(el):
            continue
        raw = el.get("datetime") or el.get("content") or text_of(el)
        parsed = parse_date(raw, fuzzy=True)
        if parsed is not None:
            (updated_c if el.get("itemprop") == "dateModified" else published_c).append(parsed)
    for el in page.near_headline([t for t in page.doc.iter("time") if t.get("datetime")])[:8]:
        raw = el.get("datetime")
        if page.excluded(el):
            continue
        parsed = parse_date(raw)
        if parsed is None:
            continue
        hint = (class_tokens(el) + " " + class_tokens(el.getparent()) if el.getparent() is not None else class_tokens(el)) + " " + text_of(el).lower()[:40]
        if re.search(r"updat|modif", hint):
            updated_c.append(parsed)
        else:
            published_c.append(parsed)
            break

    # 5. visible date lines near the headline (also when machine-readable
    #    dates exist: they tell the local form of a UTC time stamp)
    bare_c: list[DateValue] = []
    shown_line: DateValue = None  # the publication date of the date line under the headline
    for el, strong in page.byline_elements()[:25]:
        p, u, bare = labelled_dates(page.text(el))
        # (a line above the headline may be the site header's date of today)
        under = page.after_headline(el)
        if p is None and u is None and bare is not None and DATE_CLASS_RE.search(class_tokens(el)):
            bare_c.append(bare)
            shown_line = bare if under else None
            break
        if take(p, u):
            shown_line = p if under else None
            break

    # 6. the URL (the page's, else the canonical): better than an unlabelled visible date
    #    (which may be the date of something else), which then only adds precision
    if not published_c:
        for candidate in (page.url, page.canonical_url()):
            d = date_from_url(candidate)
            if d is not None:
                published_c.append(d)
                break
    published_c.extend(bare_c)

    # 7. nothing anywhere: a short text that is only a date, right after the headline
    if not published_c and not updated_c:
        found = _date_after_headline(page)
        if found is not None:
            published_c.append(found)

    # 8. still nothing: date-bearing elements and the text of the whole page
    if not published_c and not updated_c:
        p, u = search_page(page.doc, order=page.near_headline,
                           excluded=page.excluded,
                           fetched_at=page.fetched_at)
        take(p, u)

    published = _refine(published_c)
    updated = _refine(updated_c)
    published = _local_day(published, date_from_url(page.url) or date_from_url(page.canonical_url()))
    published = _line_over_metadata(page.doc, published, shown_line)
    return _as_shown(page.doc, published, updated), updated


def _date_after_headline(page: Page) -> DateValue:
    """A short text that is only a date, right after the headline."""
    h1 = page.h1()
    if h1 is None:
        return None
    seen = 0
    started = False
    for el in page.doc.iter():
        if el is h1:
            started = True
            continue
        if not started:
            continue
        seen += 1
        if seen > 120:
            break
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "a", "p", "figcaption"):
            continue
        text = clean(el.text or "")
        if not text or len(text) > 60:
            continue
        value, pos = find_date_in_text(text)
        if value is not None and pos <= 12 and not page.excluded(el):
            return value
    return None


def _day(value: DateValue) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _local_day(published: DateValue, url_day: date | None) -> DateValue:
    """The URL's day for a UTC time stamp that falls on the next or previous day.

    Sites write the day of publication in local time into their URLs
    (/2019/01/01/) while their metadata gives UTC ("2018-12-31T23:11:59Z",
    "2020-02-18T02:18:11+00:00"). When the URL's day is the neighbour of the UTC
    day and the time of day makes the two the same instant somewhere (at most 14
    hours apart), the URL's day is the one the page was published on; the UTC
    time stamp says nothing more precise about it.
    """
    if (not isinstance(published, datetime) or url_day is None or published.tzinfo is None
            or published.utcoffset() != timedelta(0)):
        return published
    day = published.date()
    minutes = published.hour * 60 + published.minute
    if url_day == day + timedelta(days=1) and minutes >= 10 * 60:
        return url_day
    if url_day == day - timedelta(days=1) and minutes < 14 * 60:
        return url_day
    return published


def _swapped(day: date) -> date | None:
    try:
        return date(day.year, day.day, day.month) if day.day <= 12 else None
    except ValueError:
        return None


def _line_over_metadata(doc, published: DateValue, line: DateValue) -> DateValue:
    """The date line under the headline, when the metadata's publication day is another one
    that the page shows nowhere (a CMS that re-stamps its metadata on a later save): readers
    see, and cite, the day of the line. Nothing changes when the page shows the metadata's
    day, also with day and month swapped (an ambiguous "05/02/2020")."""
    pub_day, line_day = _day(published), _day(line)
    if pub_day is None or line_day is None or pub_day == line_day:
        return published
    shown = _shown_days(doc, {pub_day.year})
    if pub_day in shown or _swapped(pub_day) in shown:
        return published
    return line


def _as_shown(doc, published: DateValue, updated: DateValue) -> DateValue:
    """The publication date the page presents, when its metadata disagrees with what it shows.

    Republished pages ("best X of the year", live guides) keep the first
    publication day in their metadata but show readers only the day of the
    last update, under which the page is cited and indexed. When the update
    day is written on the page and the metadata's publication day is written
    nowhere, the update day is the one the page gives as its date. `updated`
    is kept as it is, so a user can still tell the two apart.
    """
    pub_day, upd_day = _day(published), _day(updated)
    if pub_day is None or upd_day is None or upd_day <= pub_day:
        return published
    shown = _shown_days(doc, {pub_day.year, upd_day.year})
    if upd_day in shown and pub_day not in shown:
        return updated
    return published


_INVISIBLE = frozenset(("script", "style", "noscript", "template", "head", "title", "svg"))
_AROUND_YEAR = 60  # characters either side of a year that a written date can take


def _shown_days(doc, years: set[int]) -> set[date]:
    """The days of those years written in the page's visible text.

    Every written form of a full date holds its year, so only the text around
    the years' occurrences is read: the text nodes holding a year are found by
    XPath (in C), and each is read with its element's whole text when that is
    short, so a date split over inline elements ("<b>Dec 19</b>, 2023") is
    still whole.
    """
    cond = " or ".join(f"contains(., '{y}')" for y in sorted(years))
    seen: set = set()     # the elements themselves: an id() of a freed lxml proxy can come back
    days: set[date] = set()
    for node in doc.xpath(f"//text()[{cond}]"):
        el = node.getparent()
        if el is None:
            continue
        if node.is_tail:
            el = el.getparent() if el.getparent() is not None else el
        if el in seen or any(isinstance(a.tag, str) and a.tag in _INVISIBLE
                             for a in el.iterancestors()) or el.tag in _INVISIBLE:
            continue
        seen.add(el)
        text = el.text_content()
        if len(text) > 400 or any(True for _ in el.iter(*_INVISIBLE)):
            text = str(node)  # a large block (or one holding scripts): the text node alone
        text = " ".join(text.split())
        for y in years:
            start = text.find(str(y))
            while start != -1:
                days |= days_in_text(text[max(0, start - _AROUND_YEAR):start + 4 + _AROUND_YEAR])
                start = text.find(str(y), start + 4)
    return days


def _refine(candidates: list[DateValue]) -> DateValue:
    """The first candidate, made more precise by the others when they agree.

    * a UTC time stamp ("...Z") that another candidate gives in local time
      (the same instant with an offset, or a naive wall time a whole number
      of quarter hours away): the local form, which is the date the page shows;
    * a naive time with the same wall time as an aware candidate: the aware one;
    * a bare day with a time-stamped candidate on the same day: the time stamp.
    """
    if not candidates:
        return None
    first = candidates[0]
    if isinstance(first, datetime) and first.tzinfo is not None and first.utcoffset() == timedelta(0):
        base = first.replace(tzinfo=None)
        for other in candidates[1:]:
            if not isinstance(other, datetime):
                continue
            if other.tzinfo is not None:
                if other.utcoffset() != timedelta(0) and other == first:
                    return other
                continue
            delta = other - base
            quarter = timedelta(minutes=15)
            steps = round(delta / quarter)
            if steps and abs(steps) <= 14 * 4 and abs(delta - steps * quarter) < timedelta(seconds=60):
                try:
                    return (base + steps * quarter).replace(tzinfo=timezone(steps * quarter))
                except ValueError:
                    return other
    if isinstance(first, datetime) and first.tzinfo is None:
        for other in candidates[1:]:
            if isinstance(other, datetime) and other.tzinfo is not None and other.replace(tzinfo=None) == first:
                return other
    if isinstance(first, date) and not isinstance(first, datetime):
        for other in candidates[1:]:
            if isinstance(other, datetime) and other.date() == first:
                return other
    return first
