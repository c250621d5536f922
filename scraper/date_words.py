"""Month names and relative-date words of every language dateparser knows.

Textual dates are written with month names of the page's language ("19. Juli
2014", "20 septembrie 2020", "5 июня 2018"). Rather than keep month tables by
hand, the names are read once from dateparser's own translation data (about
3,400 words of 205 locales, loaded in a few hundredths of a second) and looked
up in a dict, so the date patterns stay fast regular expressions and only the
word is checked. A word that is a month in several languages ("mar": March in
English, May in Malay) takes the month of the most widely used language, in
dateparser's own language order.

The same data gives the words that mark a relative date ("vor", "il y a",
"hace", "назад", "yesterday"), which are read against the fetch time.
"""
from __future__ import annotations

import importlib
import re
from functools import lru_cache

__all__ = ["month_number", "relative_marker_re"]

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")


def _locales() -> list:
    """The translation modules of dateparser, most widely used languages first."""
    try:
        from dateparser.data import date_translation_data
        from dateparser.data.languages_info import language_order
    except ImportError:  # pragma: no cover - dateparser is a dependency
        return []
    import pkgutil

    names = {m.name for m in pkgutil.iter_modules(date_translation_data.__path__)}
    ordered = [n.replace("-", "_") for n in language_order]
    ordered = [n for n in ordered if n in names] + sorted(names - set(ordered))
    out = []
    for name in ordered:
        try:
            out.append(importlib.import_module(f"dateparser.data.date_translation_data.{name}").info)
        except Exception:  # noqa: BLE001 - a broken locale module costs only its words
            continue
    return out


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    table: dict[str, int] = {}
    for info in _locales():
        for number, key in enumerate(_MONTH_KEYS, 1):
            for word in info.get(key, []) or []:
                if isinstance(word, str):
                    table.setdefault(word.casefold().rstrip("."), number)
    return table


def month_number(word: str) -> int | None:
    """The month a word names in some language ("Juli" -> 7, "sept." -> 9), else None."""
    if not word:
        return None
    return _months().get(word.casefold().rstrip("."))


@lru_cache(maxsize=1)
def relative_marker_re() -> re.Pattern:
    """A pattern for the words that make a date expression relative ("3 days ago", "vor 3 Tagen",
    "il y a 3 jours", "hace 2 horas", "yesterday"): dateparser's 'ago' words and its
    one-word relative expressions, of every language."""
    words: set[str] = set()
    for info in _locales():
        for word in info.get("ago", []) or []:
            if isinstance(word, str) and len(word) >= 2:
                words.add(word.casefold())
        for key, values in (info.get("relative-type") or {}).items():
            if key in ("1 day ago", "0 day ago", "in 1 day", "0 second ago", "2 day ago"):
                for word in values or []:
                    if isinstance(word, str) and len(word) >= 3:
                        words.add(word.casefold())
    if not words:
        return re.compile(r"(?!)")
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.I)
