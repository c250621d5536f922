"""Role (job title) spans and their normalised form.

Roles come from the user-extensible lexicon ``data/gazetteers/roles.txt`` plus
abbreviations (``role_abbreviations.tsv``).  Generic modifiers ("deputy",
"vice", "former", "acting" ...) combine with any lexicon role so the lexicon
stays small.  Matching is case-insensitive ("Foreign Minister" and "foreign
minister") except for upper-case abbreviations (so "ceo" in a URL is not a
role but "CEO" is).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import gazetteer

MODIFIERS = (
    "former", "acting", "deputy", "vice", "assistant", "associate", "senior",
    "executive", "interim", "honorary", "outgoing", "incoming", "founding",
    "permanent", "first", "co",
)
_SEP = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class RoleSpan:
    start: int
    end: int
    text: str
    normalised: str


def _key(text: str) -> str:
    return _SEP.sub(" ", text.strip().lower())


@dataclass(frozen=True)
class _Lexicon:
    pattern: re.Pattern[str]
    canonical: dict[str, str]     # key ("vice president") -> canonical ("vice-president")


@lru_cache(maxsize=4)
def _lexicon_for(g: gazetteer.Gazetteers) -> _Lexicon:
    canonical: dict[str, str] = {}
    for role in g.roles:
        canonical.setdefault(_key(role), role)
    case_sensitive: list[str] = []
    for abbr, expansion in g.role_abbreviations.items():
        if any(c.isupper() for c in abbr):
            case_sensitive.append(abbr)
        canonical[_key(abbr)] = expansion
        canonical.setdefault(_key(expansion), expansion)
    variants = sorted(
        {k for k in canonical if not any(a.lower() == k for a in case_sensitive)},
        key=len, reverse=True,
    )
    alts = "|".join(r"[\s\-]+".join(map(re.escape, v.split(" "))) for v in variants)
    mods = r"(?:(?:%s)[\s\-]+)*" % "|".join(MODIFIERS)
    parts = [rf"\b{mods}(?:{alts})\b(?![\-'’]\w)"]
    if case_sensitive:
        abbr_alt = "|".join(sorted(map(re.escape, case_sensitive), key=len, reverse=True))
        parts.append(rf"(?-i:\b(?:{mods})?(?:{abbr_alt})\b)")
    pattern = re.compile("(?i)" + "|".join(parts))
    return _Lexicon(pattern, canonical)


def _lexicon() -> _Lexicon:
    return _lexicon_for(gazetteer.load())


def normalise(role: str) -> str:
    """Lower-case, hyphen/space-insensitive, abbreviations expanded.

    "Vice President", "vice-president" -> "vice-president"; "CEO" and
    "chief executive" -> "chief executive officer"; "deputy director general"
    -> "deputy director-general".  Unknown roles are lower-cased with single
    spaces.
    """
    lex = _lexicon()
    raw = role.strip()
    if raw in lex.canonical:  # exact (case-sensitive) abbreviation
        return lex.canonical[raw]
    words = _key(raw).split(" ")
    mods: list[str] = []
    while words:
        key = " ".join(words)
        base = lex.canonical.get(key)
        if base is None:
            # abbreviations keep their case in the lexicon ("CEO")
            base = lex.canonical.get(key.upper())
        if base is not None:
            out = base
            for mod in reversed(mods):
                out = f"{mod}-{out}" if mod in ("vice", "co") else f"{mod} {out}"
            return out
        mods.append(words.pop(0))
    return _key(raw)


def find(sentence: str) -> list[RoleSpan]:
    """Role spans in one sentence, left to right, non-overlapping."""
    lex = _lexicon()
    out = []
    for m in lex.pattern.finditer(sentence):
        text = m.group(0)
        out.append(RoleSpan(m.start(), m.end(), text, normalise(text)))
    return out
