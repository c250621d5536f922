"""Gazetteers shipped as plain data files in ``data/gazetteers/``.

Why data files: users extend the role lexicon, name lists and organisation
heads without touching code.  Files are read once per process (cached) so the
per-sentence path never touches the disk.  Set ``BROADSHEET_GAZETTEERS`` to
point at another directory with the same file names.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteers"


def gazetteer_dir() -> Path:
    return Path(os.environ.get("BROADSHEET_GAZETTEERS", _DEFAULT_DIR))


def _lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of one data file ([] when it is missing)."""
    path = gazetteer_dir() / name
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@dataclass(frozen=True, eq=False)  # hashed by identity: used as a cache key
class Gazetteers:
    surnames: frozenset[str]
    given_names: frozenset[str]
    roles: tuple[str, ...]                 # canonical lower-case role names
    role_abbreviations: dict[str, str]     # "CEO" -> "chief executive officer"
    org_heads: frozenset[str]
    stopwords: frozenset[str]
    honorifics: frozenset[str]
    not_names: frozenset[str]
    not_org_acronyms: frozenset[str]

    def is_name_word(self, word: str) -> bool:
        return word in self.surnames or word in self.given_names


@lru_cache(maxsize=4)
def _load(directory: str) -> Gazetteers:
    abbreviations: dict[str, str] = {}
    for line in _lines("role_abbreviations.tsv"):
        if "\t" in line:
            abbr, expansion = line.split("\t", 1)
            abbreviations[abbr.strip()] = expansion.strip().lower()
    return Gazetteers(
        surnames=frozenset(_lines("surnames.txt")),
        given_names=frozenset(_lines("given_names.txt")),
        roles=tuple(dict.fromkeys(r.lower() for r in _lines("roles.txt"))),
        role_abbreviations=abbreviations,
        org_heads=frozenset(_lines("org_heads.txt")),
        stopwords=frozenset(_lines("stopwords.txt")),
        honorifics=frozenset(_lines("honorifics.txt")),
        not_names=frozenset(_lines("not_names.txt")),
        not_org_acronyms=frozenset(_lines("not_org_acronyms.txt")),
    )


_current: Gazetteers | None = None


def load() -> Gazetteers:
    """The gazetteers, read on first use and cached for the process.

    Called once per sentence by several recognisers, so the fast path is a
    global lookup.  Call `reload()` after changing the files or
    ``BROADSHEET_GAZETTEERS``.
    """
    global _current
    if _current is None:
        _current = _load(str(gazetteer_dir()))
    return _current


def reload() -> Gazetteers:
    """Forget the cached gazetteers and read them again."""
    global _current
    _load.cache_clear()
    _current = None
    return load()
