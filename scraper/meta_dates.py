"""Date parsing for page metadata: machine-readable values, visible date lines, URLs.

Fast paths first (ISO 8601, common numeric forms, English month names) with
the standard library and regular expressions; ``dateparser`` only as the
last resort for short visible strings. A value with a time of day becomes a
``datetime`` (time-zone aware when the source gives an offset), a value
without one a ``date``.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from .date_words import month_number
from .meta_rules import RULES, clean

__all__ = ["parse_date", "find_date_in_text", "date_from_url", "labelled_dates", "plausible"]

MIN_YEAR = 1990

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH_RE = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
             r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_TZ_RE = r"(?:\s*(Z|[+-]\d{2}:?\d{2}|(?:UTC|GMT)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?))?"
_TIME_RE = r"(?:(?:[T\s,]+|\s*[-\u2013|@\u00b7]\s*)(?:at\s+)?(\d{1,2})[:.h](\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([ap]\.?\s?m\.?)?" + _TZ_RE + r")?"

_ISO_RE = re.compile(
    r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
_YMD_RE = re.compile(r"(?<!\d)(\d{4})\s*[/.年]\s*(\d{1,2})\s*[/.月]\s*(\d{1,2})\s*日?(?!\d)" + _TIME_RE, re.I)
_MDY_NUM_RE = re.compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?!\d)" + _TIME_RE, re.I)
# month names of any language (checked against dateparser's data, see scraper.date_words):
# "Juli 12, 2017", "19. Juli 2014", "22 de outubro de 2010 às 20:13", "5 июня 2018", "3rd of May 2024"
_WORD = r"([^\W\d_]{3,15})"
_INTL_TIME_RE = _TIME_RE.replace(r"(?:at\s+)?", r"(?:(?:at|às|as|a las|à|um|alle|om|o|в)\s+)?")
_MDY_RE = re.compile(
    r"(?<!\w)" + _WORD + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?\.?,?\s+(\d{4})(?!\d)" + _INTL_TIME_RE, re.I
)
_DMY_RE = re.compile(
    r"(?<![\w.])(\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s*(?:(?:of|de)\s+)?" + _WORD
    + r"\.?,?\s+(?:(?:de|del)\s+)?(\d{4})(?!\d)" + _INTL_TIME_RE, re.I
)
_TIME_FIRST_RE = re.compile(
    r"\b(\d{1,2})[:.](\d{2})\s*([ap]\.?\s?m\.?)?\s*(?:[A-Z]{2,4}\s*)?(?:,|on)?\s*" + _MONTH_RE
    + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I
)
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_EPOCH_RE = re.compile(r"^\d{10}(?:\d{3})?$")


def plausible(value: date | datetime | None, *, now: datetime | None = None) -> bool:
    if value is None:
        return False
    year = value.year
    today = (now or datetime.now()).year
    return MIN_YEAR <= year <= today + 1


def _tz(text: str | None):
    if not text:
        return None
    text = text.strip().upper()
    if text == "Z":
        return timezone.utc
    m = re.match(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?$", text)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes > 59:
            return None
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    if text in ("UTC", "GMT"):
        return timezone.utc
    return None


def _build(year, month, day, hour=None, minute=None, second=None, ampm=None, tz=None):
    try:
        year, month, day = int(year), int(month), int(day)
        if hour is None:
            return date(year, month, day)
        hour, minute, second = int(hour), int(minute or 0), int(second or 0)
        if ampm:
            pm = ampm.lower().startswith("p")
            if hour == 12:
                hour = 0 if not pm else 12
            elif pm:
                hour += 12
        return datetime(year, month, day, hour, minute, second, tzinfo=_tz(tz))
    except (ValueError, TypeError):
        return None


def _month(name: str) -> int | None:
    name = name.lower()
    return _MONTHS.get(name) or month_number(name)


def _from_match(kind: str, m: re.Match):
    g = m.groups()
    if kind == "iso":
        return _build(g[0], g[1], g[2], g[3], g[4], g[5], None, g[6])
    if kind == "ymd":
        return _build(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7])
    if kind == "mdy_num":
        a, sep, b, year = g[0], g[1], g[2], g[3]
        # "/" is month/day in the US; "." is day.month in most of the world
        month, day = (a, b) if sep == "/" else (b, a)
        if int(month) > 12 >= int(day):
            month, day = day, month
        return _build(year, month, day, g[4], g[5], g[6], g[7], g[8])
    if kind == "mdy":
        month = _month(g[0])
        return _build(g[2], month, g[1], g[3], g[4], g[5], g[6], g[7]) if month else None
    if kind == "dmy":
        month = _month(g[1])
        return _build(g[2], month, g[0], g[3], g[4], g[5], g[6], g[7]) if month else None
    if kind == "time_first":
        return _build(g[5], _month(g[3]), g[4], g[0], g[1], None, g[2])
    return None


_PATTERNS = [("iso", _ISO_RE), ("ymd", _YMD_RE), ("time_first", _TIME_FIRST_RE), ("mdy", _MDY_RE),
             ("dmy", _DMY_RE), ("mdy_num", _MDY_NUM_RE)]


def find_date_in_text(text: str | None) -> tuple[date | datetime | None, int]:
    """The first plausible date in free text and where it starts (-1 when none)."""
    if not text:
        return None, -1
    best = None
    best_pos = -1
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            value = _from_match(kind, m)
            if value is not None and plausible(value):
                if best is None or m.start() < best_pos:
                    best, best_pos = value, m.start()
                break
    return best, best_pos


def days_in_text(text: str | None) -> set[date]:
    """Every plausible calendar day written in free text (any of the forms above)."""
    days: set[date] = set()
    if not text:
        return days
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            value = _from_match(kind, m)
            if value is not None and plausible(value):
                days.add(value.date() if isinstance(value, datetime) else value)
    return days


def parse_date(text: str | None, *, fuzzy: bool = False) -> date | datetime | None:
    """A date or date-time from a machine-readable value or a short visible string.

    ``fuzzy`` allows the slow ``dateparser`` fallback (visible strings only).
    """
    text = clean(text)
    if not text or len(text) > 300:
        return None
    if _EPOCH_RE.match(text):
        try:
            seconds = int(text[:10])
            value = datetime.fromtimestamp(seconds, tz=timezone.utc)
            return value if plausible(value) else None
        except (ValueError, OverflowError, OSError):
            return None
    m = _ISO_RE.match(text)
    if m:
        value = _from_match("iso", m)
        if value is not None and plausible(value):
            return value
    if re.fullmatch(r"\d{8}", text):
        value = _build(text[:4], text[4:6], text[6:8])
        return value if plausible(value) else None
    value, _ = find_date_in_text(text)
    if value is not None:
        return value
    # (dateparser needs a year too, REQUIRE_PARTS: without one a costly call finds nothing)
    if fuzzy and len(text) <= 80 and _YEAR_RE.search(text):
        return _dateparser(text)
    return None


def _dateparser(text: str) -> date | datetime | None:
    try:
        import dateparser  # slow import and slow parse: the last resort
    except ImportError:  # pragma: no cover
        return None
    try:
        value = dateparser.parse(
            text,
            settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
                      "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                      # a relative date ("3 days ago") is read against the fetch time, not the clock
                      # (scraper.page_dates.relative_date); a bare number is no time stamp
                      "PARSERS": ["absolute-time", "custom-formats"]},
        )
    except Exception:  # noqa: BLE001 - dateparser raises on odd input
        return None
    if value is None or not plausible(value):
        return None
    if value.hour == 0 and value.minute == 0 and value.second == 0 and not re.search(r"\d[:.h]\d\d", text):
        return value.date()
    return value


# --------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------

_URL_PATTERNS = [
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$|[-_])"),  # /2024/03/25/
    re.compile(r"/((?:19|20)\d{2})(\d{2})/(\d{2})(?:/|$)"),  # /a/202403/25/
    re.compile(r"[/_-]((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[/_.-]|$)"),  # /2024-03-25/
    re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)"),  # 20240325
]


_URL_MONTH_RE = re.compile(r"/((?:19|20)\d{2})/" + _MONTH_RE + r"/(\d{1,2})(?:/|$)", re.I)  # /2023/dec/21/


def date_from_url(url: str | None) -> date | None:
    if not url:
        return None
    for pattern in _URL_PATTERNS:
        m = pattern.search(url)
        if m:
            value = _build(*m.groups())
            if value is not None and plausible(value):
                return value
    m = _URL_MONTH_RE.search(url)
    if m:
        value = _build(m.group(1), _month(m.group(2)), m.group(3))
        if value is not None and plausible(value):
            return value
    return None


# --------------------------------------------------------------------------
# labelled visible dates: "Updated: 2024-03-25 14:32", "Published on May 8, 2024"
# --------------------------------------------------------------------------

def _label_re(labels: list[str]) -> str:
    ordered = sorted(labels, key=len, reverse=True)
    return "|".join(re.escape(label) for label in ordered)


_UPDATED_RE = re.compile(r"(?:(?<=\W)|^)(" + _label_re(RULES["updated_labels"]) + r")\s*[:：]?\s*", re.I)
_PUBLISHED_RE = re.compile(r"(?:(?<=\W)|^)(" + _label_re(RULES["published_labels"]) + r")\s*[:：]?\s*", re.I)


def labelled_dates(text: str) -> tuple[date | datetime | None, date | datetime | None, date | datetime | None]:
    """(published, updated, unlabelled) dates of a short visible line.

    A date right after an "Updated" label goes to updated, after a
    "Published"/"Posted" label to published; a date without a label is
    returned as the third value.
    """
    text = clean(text)
    published = updated = bare = None
    if not text or len(text) > 400:
        return None, None, None
    # split the line into segments at each label
    marks: list[tuple[int, int, str]] = []
    for kind, pattern in (("updated", _UPDATED_RE), ("published", _PUBLISHED_RE)):
        for m in pattern.finditer(text):
            marks.append((m.start(), m.end(), kind))
    marks.sort()
    # drop published labels that are inside an updated label ("last updated on" contains "on")
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in marks:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, kind))
    if kept:
        head = text[: kept[0][0]]
        value, _ = find_date_in_text(head)
        bare = value
    else:
        value, _ = find_date_in_text(text)
        return None, None, value
    for i, (start, end, kind) in enumerate(kept):
        stop = kept[i + 1][0] if i + 1 < len(kept) else len(text)
        segment = text[end:stop]
        value, pos = find_date_in_text(segment)
        if value is None or pos > 12:
            # "on" and "date" are weak labels: only when the date follows right away
            continue
        if kind == "updated" and updated is None:
            updated = value
        elif kind == "published" and published is None:
            published = value
    return published, updated, bare
