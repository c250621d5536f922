"""Month names and relative-date words of every language dateparser knows.

Textual dates are written with month names of the page's language ("19. Juli
2014", "20 septembrie 2020", "5 июня 2018"). Rather than keep month tables by
hand, the names are read once from dateparser's own translation data (about
3,400 words of 205 locales, loaded in a few hundredths of a second) and looked
up in a dict, so the date patterns stay fast regular expressions and only the
word is checked. A word that is a month in several languages ("mar": March in
English, May in Malay) takes the month of the most widely used language, in
dateparser's own language order.

Only the forty most used languages are loaded until a word outside ASCII asks for
the others. The same data gives the words that mark a relative date ("vor", "il y a",
"hace", "назад", "yesterday"), which are read against the fetch time.
"""
from __future__ import annotations

import importlib
import importlib.util
import re
from functools import lru_cache
from pathlib import Path

__all__ = ["month_number", "relative_marker_re"]

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")


_MAJOR = 40  # the most widely used languages (dateparser's order), loaded first


@lru_cache(maxsize=1)
def _data_dir() -> Path | None:
    """dateparser's data folder, found without importing dateparser: its data modules are plain
    dicts, while the package itself takes more than half a second to import."""
    spec = importlib.util.find_spec("dateparser")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "data"
    return folder if (folder / "date_translation_data").is_dir() else None


def _data_module(path: Path, attribute: str):
    """One attribute of one of dateparser's data modules, loaded from its file."""
    name = "_broadsheet_dateparser_data_" + path.stem.replace("-", "_")
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return getattr(module, attribute, None)
    except Exception:  # noqa: BLE001 - a broken data module costs only its words
        return None


@lru_cache(maxsize=1)
def _locale_names() -> list[Path]:
    """dateparser's locale modules, most widely used languages first."""
    folder = _data_dir()
    if folder is None:
        return []
    files = {p.stem: p for p in (folder / "date_translation_data").glob("*.py") if p.stem != "__init__"}
    order = _data_module(folder / "languages_info.py", "language_order") or []
    ordered = [files[n] for n in order if n in files]
    seen = set(ordered)
    return ordered + [p for _, p in sorted(files.items()) if p not in seen]


def _locales(start: int = 0, stop: int | None = None) -> list:
    out = []
    for path in _locale_names()[start:stop]:
        info = _data_module(path, "info")
        if isinstance(info, dict):
            out.append(info)
    return out


@lru_cache(maxsize=2)
def _months(major: bool) -> dict[str, int]:
    """Month words of the major languages, or of all the others."""
    table: dict[str, int] = {}
    for info in _locales(0, _MAJOR) if major else _locales(_MAJOR):
        for number, key in enumerate(_MONTH_KEYS, 1):
            for word in info.get(key, []) or []:
                if isinstance(word, str):
                    table.setdefault(word.casefold().rstrip("."), number)
    return table


def month_number(word: str) -> int | None:
    """The month a word names in some language ("Juli" -> 7, "sept." -> 9), else None.

    The forty most used languages are looked up first (about 40 small modules to load);
    the other 165 only for a word outside ASCII that they do not know: an ASCII word
    that no major language calls a month ("windows") is no month, without loading all."""
    if not word:
        return None
    key = word.casefold().rstrip(".")
    found = _months(True).get(key)
    if found is None and not key.isascii():
        found = _months(False).get(key)
    return found


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
