"""Turning response bytes into text.

Order of evidence: a BOM, the HTTP header, a `<meta charset>` in the first
bytes, then statistical detection (charset-normalizer). Chinese sites often
declare GB2312 while serving GBK/GB18030 characters, so GB-family labels are
widened to GB18030, which is a superset of both.
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE
)
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "iso-8859-1": "cp1252",
          "latin-1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "big5": "big5hkscs"}


class CharsetError(ValueError):
    """The bytes cannot be read as text in any plausible encoding."""


def _normalise(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _WIDER.get(name, _WIDER.get(label, name))


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.IGNORECASE)
    return _normalise(match.group(1)) if match else None


def meta_charset(data: bytes) -> str | None:
    match = _META_RE.search(data[:4096])
    return _normalise(match.group(1).decode("ascii", "ignore")) if match else None


def decode(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). Raises CharsetError on undecodable bytes."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    declared = [c for c in (header_charset(content_type), meta_charset(data)) if c]
    for name in declared:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        name = _normalise(best.encoding) or best.encoding
        text = data.decode(name, errors="replace")
        if _looks_like_text(text):
            return text, name
    if declared:
        # A wrongly declared page: keep what can be read, mark the rest.
        text = data.decode(declared[0], errors="replace")
        if _looks_like_text(text):
            return text, declared[0]
    raise CharsetError("cannot decode page: no declared or detected charset fits the bytes")


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    bad = text.count("\ufffd") + sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\r\n\f")
    return bad / min(len(text), 20000) < 0.05
