"""Rule data of the metadata reader, loaded once from ``data/metadata/rules.json``.

The tables (meta names in priority order, byline prefixes, date labels, title
separators, role and organisation words, ...) live in a data file so that they
can be extended without touching code.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["RULES", "RULES_PATH", "clean", "class_tokens"]

RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "metadata" / "rules.json"


@lru_cache(maxsize=1)
def _load() -> dict[str, Any]:
    with open(RULES_PATH, encoding="utf-8") as fh:
        data = json.load(fh)
    for key in [k for k in data if k.startswith("_")]:
        data.pop(key)
    return data


RULES: dict[str, Any] = _load()

_WS_RE = re.compile(r"\s+")
_TOKEN_SPLIT_RE = re.compile(r"[\s_\-]+")


def clean(text: str | None) -> str:
    """Whitespace collapsed (incl. no-break spaces), ends trimmed."""
    if not text:
        return ""
    return _WS_RE.sub(" ", text.replace("\u00a0", " ").replace("\u200b", "")).strip()


def class_tokens(el) -> str:
    """class and id of an element, lower-cased, as one space-joined string."""
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower()
