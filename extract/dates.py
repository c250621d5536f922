"""Date expressions: own span detection, dateparser for the arithmetic.

Why not ``dateparser.search.search_dates``: it is slow and finds dates in
words like "may" or "second".  Candidate spans are found here with one
precompiled regex, tried only at words where a date can start (`_matches`).
The common shapes ("March 4, 2024", "4 March", "March", "2024-03-04",
"today", "last month", "next year", "3 weeks ago") are computed directly,
with results identical to dateparser's (checked by
``python benchmarks/bench_extract.py --check-dates --full``); the rest go to a
`DateDataParser` built once per (reference date, tense), with results cached
per (text, reference, tense).

Resolution rules
* RELATIVE_BASE is the article's reference date (updated or published).
* Dates without a year ("on March 16", "As of March", "on Tuesday") resolve
  to the most recent occurrence not after the reference date, unless the
  sentence is about the future ("will", "is scheduled to" ...), in which case
  the next occurrence is used.
* Without a reference date, expressions that need one (no year, "yesterday",
  "last Tuesday", "next month") are skipped; full dates, "March 2024" and
  years are still returned.
* "last/next week" are not reported (the tables have day/month/year only).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate

from . import cues
from .tokens import alnum_split

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_MONTH_FULL = r"(?:January|February|March|April|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_MONTH_CUE = (
    r"(?:[Aa]s\s+of|[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|[Tt]hrough|[Dd]uring|[Bb]efore|[Aa]fter|"
    r"end\s+of|beginning\s+of|start\s+of|[Ee]arly|[Ll]ate|[Mm]id-?|[Ll]ast|[Nn]ext|[Tt]his|[Ee]very)"
)
_YEAR_CUE = (
    r"(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|[Tt]hrough|[Dd]uring|[Bb]efore|[Aa]fter|[Oo]f|"
    r"end\s+of|beginning\s+of|start\s+of|[Ee]arly|[Ll]ate|[Mm]id-?|[Tt]he\s+year|[Ff]iscal|[Yy]ear)"
)

_PATTERN = re.compile(
    rf"(?P<iso>\b{_YEAR}-[01]\d-[0-3]\d\b)"
    rf"|(?P<mdy>\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+[0-3]?\d{_ORD}\b(?:,?\s+(?P<mdy_y>{_YEAR})\b)?)"
    rf"|(?P<dmy>\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?[0-3]?\d{_ORD}\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<dmy_y>{_YEAR})\b)?)"
    rf"|(?P<my>\b{_MONTH},?\s+{_YEAR}\b)"
    rf"|(?P<mcue>\b{_MONTH_CUE}\s+(?P<m>{_MONTH})\b(?!\.?[\s\-]+\d)(?!\.?,?\s+{_YEAR}\b)(?!\s+of\s+(?:last|this|next)\s+year))"
    rf"|(?P<mofy>\b(?P<mo>{_MONTH})\s+of\s+(?P<rely>last|this|next)\s+year\b)"
    rf"|(?P<mdet>\b(?:[Aa]n?|[Tt]he)\s+(?P<md>{_MONTH_FULL})\s+(?=[a-z])(?!(?:for|of|on|to|in|and|or|against|through|across|at|with)\b))"
    rf"|(?P<rel>\b(?:[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming|[Pp]revious)\s+(?:{_WEEKDAY}|month|year)\b)"
    rf"|(?P<wd>\b{_WEEKDAY}\b)"
    rf"|(?P<day>\b(?:[Yy]esterday|[Tt]oday|[Tt]omorrow)\b)"
    rf"|(?P<ago>\b{_NUM}\s+(?:days?|weeks?|months?|years?)\s+ago\b)"
    rf"|(?P<ycue>\b{_YEAR_CUE}\s+(?P<y>{_YEAR})\b(?!\s*[-–/]\s*\d))"
    rf"|(?P<yto>\b(?:to|and|until|through|or)\s+(?P<yt>{_YEAR})\b(?!\s*[-–/]\s*\d))"
    rf"|(?P<ydet>\b(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Tt]his|[Tt]hat|[Ww]hose)\s+(?P<yd>{_YEAR})\s+(?=[A-Za-z]))"
)
# cheap test before the big regex: most sentences have none of these
_PREFILTER = re.compile(r"(?:1[89]|20)\d\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|day|[Tt]o(?:day|morrow)|month|year|ago\b")
# Where a _PATTERN match can start (every alternative starts with \b and a word):
# at a key word (month, weekday, day word, a number) or at a cue word ("in",
# "last", "the", "a" ...) whose next word is one a cue can stand before.
# Matching only there gives exactly the matches of _PATTERN.finditer, several
# times faster on long sentences.
_WORD_RUN = re.compile(r"\w+")
_WORD_RUN_SPLIT = re.compile(r"(\w+)")
_WORD_RUN_SPLIT_ASCII = re.compile(r"([A-Za-z0-9_]+)")    # the same on ASCII text, faster
_MONTH_WORDS = ("January February March April May June July August September October November December "
                "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()
_WEEKDAY_WORDS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_KEY_WORDS = frozenset(_MONTH_WORDS + _WEEKDAY_WORDS + "Yesterday yesterday Today today Tomorrow tomorrow".split())
_CUE_WORDS = frozenset(
    w for c in ("as in since by until till from through during before after end beginning start early late mid "
                "last next this every of the year fiscal a an his her its their that whose coming previous "
                "one two three four five six seven eight nine ten eleven twelve to and or").split()
    for w in (c, c.capitalize()))
_CUE_NEXT = frozenset(_MONTH_WORDS + _WEEKDAY_WORDS + "of year years month months week weeks day days".split())


def _matches(sentence: str):
    """``_PATTERN.finditer(sentence)``, trying only the possible start words."""
    if not sentence.isascii():
        parts = _WORD_RUN_SPLIT.split(sentence)
    elif "_" in sentence:
        parts = _WORD_RUN_SPLIT_ASCII.split(sentence)
    else:
        parts = alnum_split(sentence)     # no underscore: the same split (shared with roles)
    words = parts[1::2]     # words are the odd items
    starts = None
    pos = 0
    last = len(words) - 1
    for k, word in enumerate(words):
        if word in _KEY_WORDS or word[0].isdigit():
            pass
        elif word in _CUE_WORDS and k < last:
            nxt = words[k + 1]
            if nxt not in _CUE_NEXT and not nxt[0].isdigit():
                continue
        else:
            continue
        if starts is None:
            starts = list(accumulate(map(len, parts)))[0::2]
        start = starts[k]
        if start < pos:
            continue
        m = _PATTERN.match(sentence, start)
        if m is not None:
            yield m
            pos = m.end()


_DMY_FILLER = re.compile(r"^the\s+|\bof\s+")
_YEAR_BEFORE = re.compile(rf"\b{_YEAR}\s*$")
_WORD_NUM = {"a": "1", "an": "1", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
             "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
             "twelve": "12"}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str
    granularity: str


@lru_cache(maxsize=64)
def _parser(reference: date | None, prefer: str):
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": False,
                "PREFER_DAY_OF_MONTH": "first"}
    if reference is not None:
        settings["RELATIVE_BASE"] = datetime(reference.year, reference.month, reference.day)
    return DateDataParser(languages=["en"], settings=settings)


_MONTH_NUMBERS = {
    name: n + 1
    for n, names in enumerate((
        ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"), ("May",), ("June", "Jun"),
        ("July", "Jul"), ("August", "Aug"), ("September", "Sep", "Sept"), ("October", "Oct"),
        ("November", "Nov"), ("December", "Dec"),
    ))
    for name in names
}
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)   # February 29 is left to dateparser
# the common shapes of an absolute expression (dots already removed): "March 4", "March 4th, 2024",
# "4 March 2024", "March, 2024", "March", "2024-03-04"; anything else goes to dateparser
_FAST_ABSOLUTE = re.compile(
    r"(?P<m1>[A-Z][a-z]+) (?P<d1>[1-9]\d?)(?P<o1>st|nd|rd|th)?(?:,? (?P<y1>\d{4}))?"
    r"|(?P<d2>[1-9]\d?)(?P<o2>st|nd|rd|th)? (?P<m2>[A-Z][a-z]+)(?:,? (?P<y2>\d{4}))?"
    r"|(?P<m3>[A-Z][a-z]+),? (?P<y3>\d{4})"
    r"|(?P<m4>[A-Z][a-z]+)"
    r"|(?P<iy>\d{4})-(?P<im>\d\d)-(?P<id>\d\d)"
)


def _ordinal_ok(day: int, suffix: str | None) -> bool:
    if suffix is None:
        return True
    if 10 <= day % 100 <= 20:
        return suffix == "th"
    return suffix == {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _fast_absolute(expr: str) -> tuple[int | None, int, int | None] | None:
    """(year or None, month, day or None) of a plain absolute expression, None
    when it is not one of the common shapes (or not a plain valid date): then
    dateparser decides.  Checked against dateparser for every month spelling,
    day, ordinal and comma variant (benchmarks/bench_extract.py --check-dates)."""
    m = _FAST_ABSOLUTE.fullmatch(expr)
    if m is None:
        return None
    if m.group("iy"):
        year, month, day = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        if not (1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]):
            return None
        if not 1800 <= year <= 2099:
            return None
        return year, month, day
    month = _MONTH_NUMBERS.get(m.group("m1") or m.group("m2") or m.group("m3") or m.group("m4"))
    if month is None:
        return None
    y = m.group("y1") or m.group("y2") or m.group("y3")
    year = int(y) if y else None
    if year is not None and not 1800 <= year <= 2099:
        return None
    d = m.group("d1") or m.group("d2")
    if d is None:
        return year, month, None
    day = int(d)
    if day > _DAYS_IN_MONTH[month - 1] or not _ordinal_ok(day, m.group("o1") or m.group("o2")):
        return None
    return year, month, day


_FAST_RELATIVE = re.compile(
    r"(?P<day>[Tt]oday|[Yy]esterday|[Tt]omorrow)"
    r"|(?P<rel>[Tt]his|[Ll]ast|[Nn]ext) (?P<unit>month|year)"
    r"|(?P<n>[1-9]\d?) (?P<agounit>day|week|month|year)s? ago"
)
_DAY_SHIFT = {"today": 0, "yesterday": -1, "tomorrow": 1}
_REL_SHIFT = {"this": 0, "last": -1, "next": 1}


def _fast_relative(expr: str, reference: date) -> tuple[str, str] | None:
    """dateparser's answer for "today", "last month", "next year", "3 weeks ago"
    ..., computed directly; None for other expressions."""
    m = _FAST_RELATIVE.fullmatch(expr)
    if m is None:
        return None
    if m.group("day"):
        return (reference + timedelta(days=_DAY_SHIFT[m.group("day").lower()])).isoformat(), "day"
    if m.group("rel"):
        shift = _REL_SHIFT[m.group("rel").lower()]
        if m.group("unit") == "year":
            return f"{reference.year + shift:04d}", "year"
        months = reference.year * 12 + reference.month - 1 + shift
        return f"{months // 12:04d}-{months % 12 + 1:02d}", "month"
    n = int(m.group("n"))
    unit = m.group("agounit")
    if unit == "day" or unit == "week":
        return (reference - timedelta(days=n * (7 if unit == "week" else 1))).isoformat(), "day"
    if unit == "month":
        months = reference.year * 12 + reference.month - 1 - n
        return f"{months // 12:04d}-{months % 12 + 1:02d}", "month"
    return f"{reference.year - n:04d}", "year"


def _parse(expr: str, reference: date | None, prefer: str) -> tuple[str, str] | None:
    """(value, granularity) of one expression: the common shapes directly,
    the rest through dateparser (cached)."""
    if reference is None:
        fast = _fast_absolute(expr)
        if fast is not None and fast[0] is not None:
            year, month, day = fast
            return (f"{year:04d}-{month:02d}-{day:02d}", "day") if day else (f"{year:04d}-{month:02d}", "month")
    else:
        fast = _fast_relative(expr, reference)
        if fast is not None:
            return fast
    return _dateparser(expr, reference, prefer)


@lru_cache(maxsize=20000)
def _dateparser(expr: str, reference: date | None, prefer: str) -> tuple[str, str] | None:
    try:
        data = _parser(reference, prefer).get_date_data(expr)
    except (ValueError, OverflowError, TypeError):  # e.g. "February 31": not a date
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj
    period = data.period or "day"
    if period == "day":
        return d.strftime("%Y-%m-%d"), "day"
    if period == "month":
        return d.strftime("%Y-%m"), "month"
    if period == "year":
        return d.strftime("%Y"), "year"
    if period == "week" and expr.endswith("ago"):
        return d.strftime("%Y-%m-%d"), "day"   # "three weeks ago": that day
    return None  # "last week" and time periods are not reported


_CLAUSE_START = re.compile(r".*(?:[,;:\"“”(]|\bthat\b)", re.DOTALL)


def _future_clause(sentence: str, start: int) -> bool:
    """Is the clause leading up to the date about the future?

    "said on March 16 that costs will fall" is past for March 16;
    "the meeting will be held on March 30" is future.
    """
    head = sentence[:start]
    m = _CLAUSE_START.match(head)
    return cues.has_future(head[m.end():] if m else head)


_PAST = re.compile(r"\b(?:was|were|had|did|ago|been|\w{2,}ed|began|came|went|took|gave|said|told|won|lost|made|met|"
                   r"left|saw|became|fell|rose|held|ran|wrote|sold|bought|paid|found|got|hit|led|set|put|quit|spoke|thought|"
                   r"brought|felt|kept|sent|built|struck|drew|grew|knew|chose|broke|stood|fought|taught|caught|"
                   r"meant|heard|sat|shot|flew|hid|wore|threw|lent|spent|won|ate|forgot|gave)\b")
_CLAUSE_END = re.compile(r"[,;:\"“”()]|\bthat\b|\bwhen\b|\bwhich\b")


def _tense(sentence: str, start: int, end: int, future_anywhere: bool) -> str:
    """"future", "past" or "nearest" for a date without a year.

    The clause around the date decides: a future marker ("will", "is set
    to", "begins in") gives the next occurrence, a past-tense verb the last
    one; with neither ("the season kicks off Feb. 21", "the losing started
    on Oct. 30") the occurrence nearer to the reference date is used.
    """
    if future_anywhere and _future_clause(sentence, start):
        return "future"
    head = sentence[:start]
    m = _CLAUSE_START.match(head)
    clause = head[m.end():] if m else head
    tail = sentence[end:]
    cut = _CLAUSE_END.search(tail)
    clause += " " + (tail[:cut.start()] if cut else tail)
    return "past" if _PAST.search(clause) else "nearest"


def _month_day(expr: str) -> list[int] | None:
    """[year, month] or [year, month, day] of an expression without a year (the
    year is meaningless), as dateparser reads it; None when it is no date."""
    fast = _fast_absolute(expr)
    if fast is not None and fast[0] is None:
        return [0, fast[1]] if fast[2] is None else [0, fast[1], fast[2]]
    parsed = _parse(expr, None, "past")
    if parsed is None:
        return None
    value, granularity = parsed
    parts = [int(x) for x in value.split("-")]
    return parts if granularity in ("day", "month") else None


def _resolve_partial(expr: str, reference: date, prefer: str) -> tuple[str, str] | None:
    """A month-day or month without a year, placed in the year the rule picks.

    dateparser reads the month (and day) once per expression, whatever the
    article; the year is then the latest one not after the reference date
    (past context) or the earliest one not before it (future context).
    """
    parts = _month_day(expr)
    if parts is None:
        return None
    granularity = "day" if len(parts) == 3 else "month"
    year = reference.year
    if granularity == "day":
        month, day = parts[1], parts[2]

        def make(y: int) -> date | None:
            try:
                return date(y, month, day)
            except ValueError:   # 29 February
                return None

        cand = make(year)
        if prefer == "nearest":
            past = cand if cand is not None and cand <= reference else (make(year - 1) or make(year - 4))
            future = cand if cand is not None and cand >= reference else (make(year + 1) or make(year + 4))
            cand = future if future and past and (future - reference) < (reference - past) else past
        elif prefer == "past" and (cand is None or cand > reference):
            cand = make(year - 1) or make(year - 4)
        elif prefer == "future" and (cand is None or cand < reference):
            cand = make(year + 1) or make(year + 4)
        return (cand.isoformat(), "day") if cand else None
    if granularity == "month":
        month = parts[1]
        if prefer == "nearest":
            # months ahead vs months back; a tie goes to the past
            ahead = (month - reference.month) % 12
            back = (reference.month - month) % 12
            prefer = "future" if 0 < ahead < back else "past"
        if prefer == "past" and month > reference.month:
            year -= 1
        elif prefer == "future" and month < reference.month:
            year += 1
        return f"{year:04d}-{month:02d}", "month"
    return None


def _sentence_start(sentence: str, start: int) -> bool:
    head = sentence[:start].rstrip()
    return not head or head[-1] in "\"“‘'(:—–-"


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(expr: str, reference: date, prefer: str) -> tuple[str, str] | None:
    """A bare weekday: the day of that name in the week up to (and including)
    the reference date, or from it on in a future clause.

    News convention: "the council voted Friday" in an article dated Friday is
    that same day, not a week earlier.
    """
    wd = _WEEKDAYS.index(expr.lower())
    delta = (wd - reference.weekday()) % 7 if prefer == "future" else -((reference.weekday() - wd) % 7)
    return (reference + timedelta(days=delta)).isoformat(), "day"


# _PREFILTER as substring tests (C speed) plus the year test: a little looser, never stricter
_PREFILTER_WORDS = ("day", "year", "month", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                    "Nov", "Dec", "omorrow", "ago")
_PREFILTER_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _maybe_date(sentence: str) -> bool:
    for word in _PREFILTER_WORDS:
        if word in sentence:
            return True
    return _PREFILTER_YEAR.search(sentence) is not None


def find(sentence: str, reference: date | None = None) -> list[DateMention]:
    """Dates mentioned in one sentence, left to right."""
    if not _maybe_date(sentence):
        return []
    future_anywhere = None
    out: list[DateMention] = []
    for m in _matches(sentence):
        if future_anywhere is None:
            future_anywhere = cues.has_future(sentence)
        kind = m.lastgroup
        start, end = m.start(), m.end()
        expr = m.group(0)
        has_year = True
        if kind == "mdy":
            has_year = m.group("mdy_y") is not None
        elif kind == "dmy":
            has_year = m.group("dmy_y") is not None
            expr = _DMY_FILLER.sub("", expr)
        elif kind == "mcue":
            start, end = m.start("m"), m.end("m")
            cue = sentence[m.start():start].strip().lower()
            expr = m.group("m")
            if cue in ("last", "next", "this", "every"):
                if cue == "every":
                    continue
                start, expr = m.start(), f"{cue} {expr}"
            has_year = False
        elif kind == "yto":
            # the second year of a range: "from 2017 to 2019", "in 2010 and 2014"
            if not _YEAR_BEFORE.search(sentence[max(0, m.start() - 12):m.start()]):
                continue
            start, end = m.start("yt"), m.end("yt")
            out.append(DateMention(start, end, m.group("yt"), m.group("yt"), "year"))
            continue
        elif kind in ("ycue", "ydet"):
            group = "y" if kind == "ycue" else "yd"
            start, end = m.start(group), m.end(group)
            expr = m.group(group)
            kind = "ycue"
        elif kind == "mofy":
            # "January of last year": the month in the year the words name
            if reference is None:
                continue
            year = reference.year + {"last": -1, "this": 0, "next": 1}[m.group("rely")]
            month = _month_day(m.group("mo").replace(".", ""))
            if month is None:
                continue
            out.append(DateMention(start, end, expr, f"{year:04d}-{month[1]:02d}", "month"))
            continue
        elif kind == "mdet":
            # "a November resolution", "the March meeting"
            start, end = m.start("md"), m.end("md")
            expr = m.group("md")
            kind = "mcue"
            has_year = False
        elif kind == "day" and expr == "Today" and not _sentence_start(sentence, start):
            continue   # "(via Today)", "Today's Opinions": a name, not the day
        elif kind in ("rel", "wd", "day", "ago"):
            has_year = False
            if kind == "ago":
                num, rest = expr.split(None, 1)
                expr = f"{_WORD_NUM.get(num.lower(), num)} {rest}"
            if kind == "rel" and re.search(r"\b(?:[Cc]oming|[Pp]revious)\b", expr):
                expr = re.sub(r"(?i)coming", "next", re.sub(r"(?i)previous", "last", expr))
        if not has_year and reference is None:
            continue
        expr = expr.replace(".", "")
        prefer = "future" if future_anywhere and _future_clause(sentence, start) else "past"
        month_prefer = prefer
        named = False     # "last May", "next March": the cue names the direction
        if kind == "mcue" and expr.split()[0].lower() in ("last", "next", "this"):
            word, month = expr.split(None, 1)
            month_prefer = {"last": "past", "next": "future"}.get(word.lower(), prefer)
            named = word.lower() in ("last", "next")
            expr = month
        if kind == "ycue":
            parsed = (expr, "year")                   # a bare year needs no parser
        elif kind == "wd":
            parsed = _weekday(expr, reference, prefer)
        elif has_year:
            parsed = _parse(expr, None, "past")       # absolute: one cache entry for all articles
        elif kind in ("mdy", "dmy", "mcue") and expr.split()[0].lower() not in ("last", "next", "this"):
            tense = month_prefer if named else _tense(sentence, start, end, future_anywhere)
            parsed = _resolve_partial(expr, reference, tense)
        else:
            parsed = _parse(expr, reference, month_prefer)
        if parsed is None:
            continue
        value, granularity = parsed
        out.append(DateMention(start, end, sentence[start:end], value, granularity))
    return out
