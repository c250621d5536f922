"""The language of a page: its declarations, else a guess from its text.

`lang_code` reads a declared value ("en-GB", "pt_BR") as a primary language
code; `guess_language` guesses from the visible text when a page declares none,
with CLD2 (pycld2), whose model is compiled into the package: no download and no
model to load at run time (py3langid, tried first, is as accurate on htmldate's
pages but spends a second loading its model in every process), ~0.2 ms a page.
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


_P_TEXT_XPATH = etree.XPath(".//p//text()|.//h1//text()")
_MIN_LETTERS = 20


def guess_language(doc) -> str:
    """The language of the page's paragraphs and headline, by CLD2 (pycld2: Chromium's compact
    language detector, 80+ languages, its model compiled into the extension); '' when the
    text is too short, or when CLD2 calls its guess unreliable and it covers under half the text."""
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
        import pycld2
    except ImportError:  # pragma: no cover - a dependency
        return ""
    # CLD2 refuses control characters and lone surrogates, which pages carry
    text = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
    try:
        reliable, _, details = pycld2.detect(text.encode("utf-8", "ignore").decode("utf-8"))
    except Exception:  # noqa: BLE001 - pycld2.error: no language rather than a failure
        return ""
    code = lang_code(details[0][1]) if details else ""
    return code if code not in ("un", "xx") and (reliable or details[0][2] >= 50) else ""
