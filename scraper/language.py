"""The language of a page: its declarations, else a guess from its text.

`lang_code` reads a declared value ("en-GB", "pt_BR") as a primary language
code; `guess_language` guesses from the visible text when a page declares none.
"""
from __future__ import annotations

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


_SCRIPT_RANGES = [
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
]
_EN_WORDS = re.compile(r"\b(?:the|and|of|to|in|is|that|for|with|was|on|said)\b", re.I)


_P_TEXT_XPATH = etree.XPath(".//p//text()|.//h1//text()")


def guess_language(doc) -> str:
    body = next(iter(doc.iter("body")), doc)
    try:
        text = " ".join(t for t in _P_TEXT_XPATH(body)[:400])[:6000]
    except Exception:  # noqa: BLE001
        return ""
    letters = sum(1 for ch in text if ch.isalpha())
    if letters < 20:
        return ""
    counts = {code: len(rx.findall(text)) for code, rx in _SCRIPT_RANGES}
    if counts["ja"] > 0.1 * letters:
        return "ja"
    if counts["ko"] > 0.3 * letters:
        return "ko"
    if counts["zh"] > 0.3 * letters:
        return "zh"
    if counts["ru"] > 0.5 * letters:
        return "ru"
    if counts["ar"] > 0.5 * letters:
        return "ar"
    words = len(text.split())
    if words and len(_EN_WORDS.findall(text)) > 0.08 * words:
        return "en"
    return ""
