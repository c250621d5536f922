"""The date of a page that says it nowhere near its headline nor in its metadata.

Blogs, forums, society and city websites often carry no metadata date and no
headline with a date line under it; their date sits in an element whose class
or id says "date" ("newsdatum", "date-header", "submitted", "post-footer"), in
an ``<abbr title>``, in a ``<time>`` somewhere in the page, or only in the
text ("Date of Last Revision: August 9, 2017", "Stand: 09.10.2017").
`search_page` is the last resort of the metadata reader, in four steps, as
htmldate's extensive search does (learned from, not copied):

1. elements that bear a date by their name (class, id, itemprop; tokens in
   ``data/metadata/rules.json`` under ``date_element_tokens``), ``<time>`` and
   ``<abbr>``: their machine value or short text, the first that holds a date
   (labelled "updated" ones go to the update date); relative dates ("vor 3
   Tagen") against the fetch time;
2. the publication date of the page's data in its scripts (``"createdAt":
   "2022-01-31T15:58:43+01:00"``; keys under ``script_date_keys``);
3. a short line anywhere that labels its date ("Updated: ...", "Stand: ...");
4. the visible text of the whole page: the day written most often, within the
   bounds of the fetch time and of the copyright year ("© 2012"), which a page
   does not post-date.

Elements outside the article's area (sidebars, footers, teaser lists) come
after those inside it; neither step reads comments or related-article boxes
(``other_text_tokens``): a date there is another text's date.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Callable

from lxml import etree

from .date_words import relative_marker_re
from .meta_dates import days_in_text, labelled_dates, parse_date, plausible
from .meta_rules import RULES, clean

__all__ = ["search_page", "relative_date"]

DateValue = datetime | date | None

_TOKENS = [t.lower() for t in RULES["date_element_tokens"]]
_TOKEN_RE = re.compile("|".join(re.escape(t) for t in _TOKENS))
# candidates: elements with a class or id (tested against the tokens in Python, cheaper than
# a translate() per token in XPath), <time> and <abbr>, microdata dates, in document order
_ELEMENTS_XPATH = etree.XPath(
    "//body//*[@class or @id or self::time or self::abbr or @itemprop='datePublished' "
    "or @itemprop='dateCreated' or @itemprop='dateModified' or @data-utime]")
_TEXT_XPATH = etree.XPath("//body//text()[not(parent::script) and not(parent::style) and not(ancestor::noscript)"
                          " and not(ancestor::template)]")
_COPYRIGHT_RE = re.compile(r"(?:©|&copy;|\(c\)|copyright)\s*(?:\d{4}\s*[-–—]\s*)?((?:19|20)\d{2})(?!\d)", re.I)
_UPDATED_HINT = re.compile(r"updat|modif|aktualisiert|geändert|changed|revis|mis à jour|actualiz|aggiorn", re.I)
_SCRIPT_XPATH = etree.XPath("//script[not(@src)]")
_SCRIPT_DATE_RE = re.compile(r'"(?:' + "|".join(re.escape(k) for k in RULES["script_date_keys"])
                             + r')"\s*:\s*"(\d{4}-\d{2}-\d{2}[^"]{0,30})"')
_MAX_TEXT = 120
_MAX_LINE = 100  # a labelled date line; an article's sentences are longer
_MAX_ELEMENTS = 400


def relative_date(text: str, fetched_at: datetime | None) -> DateValue:
    """A relative date ("3 days ago", "il y a 3 jours", "vor 2 Stunden", "gestern") read against
    the fetch time; None without a fetch time or a relative word (dateparser parses it)."""
    if fetched_at is None or not text or len(text) > 60 or not relative_marker_re().search(text):
        return None
    try:
        import dateparser
    except ImportError:  # pragma: no cover
        return None
    base = fetched_at.replace(tzinfo=None) if fetched_at.tzinfo else fetched_at
    try:
        value = dateparser.parse(text, settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past",
                                                 "RETURN_AS_TIMEZONE_AWARE": False})
    except Exception:  # noqa: BLE001 - dateparser raises on odd input
        return None
    if value is None or value > base + timedelta(minutes=5) or not plausible(value, now=base):
        return None
    return value.date()


def _date_bearing(el) -> bool:
    if el.tag in ("time", "abbr") or el.get("itemprop") or el.get("data-utime"):
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return bool(_TOKEN_RE.search(names))


def _element_values(el) -> list[str]:
    """What an element says of its date: machine values first, then its short text."""
    out = []
    for attr in ("datetime", "content", "data-utime", "title"):
        v = el.get(attr)
        if v and v.strip():
            out.append(v.strip())
    try:
        text = clean(el.text_content())
    except ValueError:
        text = ""
    if text and len(text) <= _MAX_TEXT:
        out.append(text)
    return out


def _element_date(el, fetched_at: datetime | None) -> tuple[DateValue, DateValue]:
    """(published, updated) an element gives."""
    updated_hint = bool(_UPDATED_HINT.search(f"{el.get('class') or ''} {el.get('id') or ''} "
                                             f"{el.get('itemprop') or ''}"))
    for value in _element_values(el):
        published, updated, bare = labelled_dates(value)
        if published is None and updated is None and bare is None:
            # (no dateparser fallback here: the patterns read month names of every language,
            # and on a page-wide search dateparser's language detection costs 0.1 s a call)
            bare = parse_date(value) or relative_date(value, fetched_at)
        if published is None and updated is None and bare is not None:
            if updated_hint:
                updated = bare
            else:
                published = bare
        if published is not None or updated is not None:
            return published, updated
    return None, None


# a class name or id that starts with one of them ("related-posts", "commentlist"; not "category-popular")
_OTHER_TEXT_RE = re.compile(r"(?:^|\s)(?:" + "|".join(RULES["other_text_tokens"]) + ")", re.I)


def _in_other_text(el) -> bool:
    """Inside a comment, a related-article box or a teaser list: the date of another text."""
    node = el
    for _ in range(40):
        if node is None or not isinstance(node.tag, str):
            return False
        if node.tag in ("article", "main", "body"):
            return False
        attrs = f"{node.get('class') or ''} {node.get('id') or ''}"
        if attrs.strip() and _OTHER_TEXT_RE.search(attrs):
            return True
        node = node.getparent()
    return False


def _in_bounds(value: DateValue, latest: date | None) -> bool:
    if value is None:
        return False
    day = value.date() if isinstance(value, datetime) else value
    return latest is None or day <= latest


def _copyright_year(doc) -> int | None:
    """The latest copyright year of the page footer, if any."""
    years = []
    for node in doc.xpath("//body//text()[contains(., '©') or contains(translate(., 'COPYRIGHT', 'copyright'),"
                          " 'copyright') or contains(., '(c)') or contains(., '(C)')]"):
        years.extend(int(y) for y in _COPYRIGHT_RE.findall(str(node)))
    return max(years) if years else None


def search_page(doc, *, order: Callable[[list], list], excluded: Callable[[object], bool],
                fetched_at: datetime | None = None) -> tuple[DateValue, DateValue]:
    """(published, updated) from the whole page, for a page whose metadata and headline area
    gave none. ``order`` sorts elements by closeness to the headline; ``excluded`` tells
    elements in comments, related boxes, sidebars and footers."""
    latest = (fetched_at.date() if fetched_at else datetime.now().date()) + timedelta(days=1)
    year = _copyright_year(doc)
    if year is not None and date(year + 1, 12, 31) < latest:
        # (a footer's year lags behind in the first weeks of a year: one year's grace)
        latest = date(year + 1, 12, 31)
    elements = order([el for el in _ELEMENTS_XPATH(doc) if _date_bearing(el)][:_MAX_ELEMENTS])
    kept = [e for e in elements if not excluded(e)]
    found = _first_element_date(kept, fetched_at, latest)
    if found is not None:
        return found
    for script in _SCRIPT_XPATH(doc):
        m = _SCRIPT_DATE_RE.search(script.text or "")
        if m:
            value = parse_date(m.group(1))
            if _in_bounds(value, latest):
                return value, None
    found = _labelled_line(doc, latest)
    if found is not None:
        return found
    counts = _text_days(doc, latest)
    best = max(counts.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    if best is not None and best[1] >= 2:
        return best[0], None
    # outside the article's area (a sidebar's list of posts, a footer): weaker than a day the
    # text repeats, stronger than one it writes once
    skipped = set(kept)
    found = _first_element_date([e for e in elements if e not in skipped and not _in_other_text(e)],
                                fetched_at, latest)
    if found is not None:
        return found
    return (best[0], None) if best is not None else (None, None)


def _first_element_date(elements: list, fetched_at: datetime | None,
                        latest: date) -> tuple[DateValue, DateValue] | None:
    for el in elements:
        published, updated = _element_date(el, fetched_at)
        if not _in_bounds(published, latest):
            published = None
        if not _in_bounds(updated, latest):
            updated = None
        if published is not None or updated is not None:
            return published, updated
    return None


def _labelled_line(doc, latest: date) -> tuple[DateValue, DateValue] | None:
    """A short line anywhere that labels its date ("Updated: $Date: 2016/11/18 $", "Stand:
    09.10.2017"): the label says what the date is, wherever the line sits."""
    seen = set()
    for node in _TEXT_XPATH(doc):
        text = str(node)
        if not any(ch.isdigit() for ch in text):
            continue
        el = node.getparent()
        if el is None or el in seen or _in_other_text(el):
            continue
        seen.add(el)
        try:
            line = clean(el.text_content())
        except ValueError:
            continue
        if len(line) > _MAX_LINE:
            continue
        published, updated, _ = labelled_dates(line)
        published = published if _in_bounds(published, latest) else None
        updated = updated if _in_bounds(updated, latest) else None
        if published is not None or updated is not None:
            return published, updated
    return None


def _text_days(doc, latest: date) -> Counter:
    """How often each day is written in the visible text (comments and related boxes left out)."""
    counts: Counter = Counter()
    for node in _TEXT_XPATH(doc):
        text = str(node)
        if len(text) < 6 or not any(ch.isdigit() for ch in text):
            continue
        parent = node.getparent()
        if parent is not None and _in_other_text(parent):
            continue
        for day in days_in_text(" ".join(text.split())):
            if _in_bounds(day, latest):
                counts[day] += 1
    return counts
