"""The language of a page: its declarations, else a guess from its text.

`lang_code` reads a declared value ("en-GB", "pt_BR") as a primary language
code; `guess_language` guesses from the visible text when a page declares none,
with py3langid, a maintained detector of 97 languages whose model ships inside
the package (no download at run time).
"""
from __future__ import annotations

import math
import re

from lxml import etree

__all__ = ["lang_code", "guess_language"]


def lang_code(value: str | None) -> str:
    if not value:
        return ""
    value = value.strip().replace("_", "-")
    m = re.match(r"^([A-Za-z]{2,3})(?:-|$)", value)
    if not m:
        return ""
    code = m.group(1).lower()
    return "" if code in ("und", "mul", "zxx") else code


_P_TEXT_XPATH = etree.XPath(".//p//text()|.//h1//text()")
_MIN_LETTERS = 20
_MIN_PROBABILITY = 0.5


def guess_language(doc) -> str:
    """The language of the page's paragraphs and headline, by py3langid (97 languages, its model
    shipped in the package and loaded on first use); '' when the text is too short or the
    guess is unsure."""
    body = next(iter(doc.iter("body")), doc)
    try:
        text = " ".join(t for t in _P_TEXT_XPATH(body)[:400])[:6000]
    except Exception:  # noqa: BLE001
        return ""
    if sum(1 for ch in text if ch.isalpha()) < _MIN_LETTERS:
        return ""
    return _identify(text)


def _identify(text: str) -> str:
    try:
        import py3langid  # the model loads on first use (about a second), then ~0.3 ms a page
    except ImportError:  # pragma: no cover - a dependency
        return ""
    try:
        ranked = py3langid.rank(text)
    except Exception:  # noqa: BLE001 - a detector failure is no language
        return ""
    if not ranked:
        return ""
    top_lang, top = ranked[0]
    # the probability of the best language: its share of the (log-domain) scores
    total = sum(math.exp(score - top) for _, score in ranked)
    return top_lang if 1.0 / total >= _MIN_PROBABILITY else ""
