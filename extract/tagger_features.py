"""Word tokens and CRF features for the learned name tagger.

Training (`extract.tagger_train`) and tagging (`extract.tagger`) call the same
two functions, so a sentence is cut and described the same way in both.

Why these features: a linear-chain CRF over a few hundred thousand words of
openly licensed text learns which *shapes and contexts* mark a name ("Xxxx
said", "at Xxxx", "Xxxx, a researcher"); the project's lexicons (given names,
surnames, roles, organisation heads, honorifics, speech verbs, places) enter
as features, so the model decides how far to trust them instead of rules
deciding alone.  Word identities are kept only for words seen often enough in
training (crfsuite's ``feature.minfreq``), which keeps the model small.
"""
from __future__ import annotations

import math
import re
import sys
from functools import lru_cache

from . import cues, gazetteer

# A token is a word (letters/digits with inner apostrophes, hyphens, dots of
# abbreviations such as "U.S." or "Jr."), a possessive "'s" split off as in the
# training corpora ("Biden's" -> "Biden", "'s"), or one punctuation mark.
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"                              # U.S., U.N., a.m.
    r"|(?:[A-Z]|Mr|Mrs|Ms|Dr|Jr|Sr|St|Mt|Gov|Sen|Rep|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Prof|Rev|Hon|Inc|Corp|Co|Ltd"
    r"|Bros|No|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.(?!\w)"   # initials and abbreviations keep their dot
    r"|[^\W_]+(?:[’'](?![sS]\b)[^\W_]+|[-.&](?=[^\W_])[^\W_]+)*"   # O'Brien, vice-president, AT&T, 3.5
    r"|['’][sS]\b"                                     # possessive
    r"|\S"
)


@lru_cache(maxsize=64)
def tokenize(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, word) for each token of ``text`` (cached: the tagger and
    the organisation rules both read each sentence's words)."""
    return tuple((m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text))


_SHAPE_MAP = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "XXXXXXXXXXXXXXXXXXXXXXXXXXxxxxxxxxxxxxxxxxxxxxxxxxxxdddddddddd",
)
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=16384)
def _word_features(word: str) -> tuple[str, ...]:
    """Features of a word by itself (cached: words repeat a lot; the cache is
    bounded because a batch worker sees hundreds of thousands of words, and
    65,536 entries of these and of `_context_features` cost ~100 MB a process)."""
    g = gazetteer.load()
    lex = lexicons()
    lower = word.lower()
    shape = word.translate(_SHAPE_MAP)
    if not shape.isascii():
        shape = "".join("X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in word)
    short = _REPEATS.sub(r"\1", shape)
    f = ["w=" + lower, "sh=" + short, "p2=" + lower[:2], "p3=" + lower[:3],
         "s2=" + lower[-2:], "s3=" + lower[-3:], "s4=" + lower[-4:]]
    if len(shape) <= 6:
        f.append("shl=" + shape)
    f.append("zf=" + lex.zipf.get(lower, "0"))
    if word[:1].isupper():
        f.append("cap")
        if word.isupper() and len(word) > 1:
            f.append("allcap")
    elif word[:1].islower():
        f.append("low")
    if word in g.given_names:
        f.append("given")
    if word in g.surnames_last:
        f.append("surname")
    if word[:1].isupper() and word[1:2].islower():
        up = word.upper()
        rank = lex.census_last.get(up)
        if rank:
            f.append("cs_last=" + _rank_bucket(rank))
        rank = lex.census_first.get(up)
        if rank:
            f.append("cs_first=" + _rank_bucket(rank))
    if word in g.surnames_first:
        f.append("surname_cjk")
    if word[:1].isupper() and len(word) > 1 and gazetteer.is_syllabic(word):
        f.append("syllabic")
    if word.rstrip(".") in g.honorifics:
        f.append("honorific")
    if lower in lex.role_words:
        f.append("role")
    if word in g.role_abbreviations or word.rstrip(".") + "." in lex.dotted_titles:
        f.append("role_abbr")
    if word in g.org_heads or word.capitalize() in g.org_heads:
        f.append("org_head")
    if word in g.org_acronyms:
        f.append("org_acr")
    if word in g.places:
        f.append("place")
    if word in g.stopwords:
        f.append("stop")
    if lower in lex.speech:
        f.append("speech")
    if word in g.not_name_heads:
        f.append("not_name_head")
    if "-" in word:
        f.append("hyphen")
    if "." in word:
        f.append("dot")
    if any(c.isdigit() for c in word):
        f.append("digit")
    # shapes, affixes and buckets recur across words: one shared copy of each keeps the cache small
    return (f[0], *map(sys.intern, f[1:]))


def _census(name: str, limit: int | None = None) -> dict[str, int]:
    """{NAME: rank} from a US Census 1990 name list shipped by the ``names``
    package (public-domain data; 88,799 surnames, 5,494 given names)."""
    try:
        from importlib.resources import files  # noqa: PLC0415
        text = files("names").joinpath(name).read_text(encoding="ascii")
    except (ImportError, FileNotFoundError, ModuleNotFoundError):
        return {}
    out: dict[str, int] = {}
    for line in text.splitlines():
        word = line.split(" ", 1)[0]
        if word and word not in out:
            out[word] = len(out) + 1
            if limit and len(out) >= limit:
                break
    return out


class _Lex:
    __slots__ = ("role_words", "dotted_titles", "speech", "census_last", "census_first", "org_names", "zipf")

    def __init__(self) -> None:
        g = gazetteer.load()
        words: set[str] = set()
        for role in g.roles:
            words.update(w for w in re.split(r"[\s-]+", role) if len(w) > 2)
        self.role_words = frozenset(words - {"the", "and", "for", "of"})
        self.dotted_titles = frozenset(a for a in g.role_abbreviations if a.endswith("."))
        self.speech = frozenset(v for v in cues.SPEECH_VERBS if " " not in v)
        self.census_last = _census("dist.all.last")
        first = _census("dist.female.first")
        for w, rank in _census("dist.male.first").items():
            first[w] = min(rank, first.get(w, rank))
        self.census_first = first
        self.zipf = _zipf_buckets()
        # first word -> the known organisation names starting with it, as words, longest first
        index: dict[str, list[tuple[str, ...]]] = {}
        for name in g.org_names:
            words = tuple(t[2] for t in tokenize(name))
            if words:
                index.setdefault(words[0], []).append(words)
        self.org_names = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


def _zipf_buckets() -> dict[str, str]:
    """{word: how common it is in English}, from ``wordfreq``'s large English
    list (drawn from large web, news, book and subtitle corpora), in four
    buckets of Zipf frequency: >= 5, >= 4, >= 3 and >= 2 (1 to 10 per
    million, 0.1 to 1 per million, ...); rarer words (~225,000 more) are left
    out like unknown ones.  Why: a capitalised word that is common in lower
    case ("Officials said") is rarely a name, a word English hardly uses
    ("Saqib said", "at Chainalysis") often is, and the rare-but-known band
    ("Seagal", "Plante", "Hegel": zipf 2-3) is where names and brands
    sit; the training corpora alone have seen too few words to know which is
    which.  (5-fold cross-validation on UNER dev and GUM news: organisations
    F1 +1.2 and +1.4 over the small list's three buckets, people within 0.3.)"""
    try:
        import wordfreq  # noqa: PLC0415
        freqs = wordfreq.get_frequency_dict("en", wordlist="large")
    except (ImportError, LookupError, OSError):
        return {}
    out = {}
    for word, freq in freqs.items():
        zipf = math.log10(freq) + 9
        if zipf >= 2:
            out[word] = "5" if zipf >= 5 else "4" if zipf >= 4 else "3" if zipf >= 3 else "2"
    return out


def _rank_bucket(rank: int) -> str:
    return "1k" if rank <= 1000 else "10k" if rank <= 10000 else "rest"


_lex_cache: tuple[object, _Lex] | None = None


def lexicons() -> _Lex:
    """Word sets derived from the gazetteers, rebuilt when they are reloaded."""
    global _lex_cache
    g = gazetteer.load()
    if _lex_cache is None or _lex_cache[0] is not g:
        with gazetteer.LOADING:   # one thread builds them; the others wait (see gazetteer.LOADING)
            if _lex_cache is None or _lex_cache[0] is not g:
                _lex_cache = (g, _Lex())
                _word_features.cache_clear()
                _context_features.cache_clear()
    return _lex_cache[1]


# features of the neighbours that are worth copying (the rest would only grow
# the model): identity, shape and the lexicon flags
_CONTEXT_KEEP = ("w=", "sh=", "cap", "low", "allcap", "given", "surname", "honorific", "role", "org_head",
                 "org_acr", "place", "speech", "stop", "cs_", "zf=")


_OFFSETS = ("-1:", "+1:", "-2:", "+2:")


@lru_cache(maxsize=8192)
def _context_features(word: str) -> tuple[tuple[str, ...], ...]:
    """The word's features as seen from each neighbour (prefixed "-1:", "+1:",
    "-2:", "+2:"), built once per word: most of a sentence's features are these."""
    kept = [x for x in _word_features(word) if x.startswith(_CONTEXT_KEEP)]
    return tuple(tuple((tag + x) if x.startswith("w=") else sys.intern(tag + x) for x in kept) for tag in _OFFSETS)


_PAD = tuple((tag + "pad",) for tag in _OFFSETS)


def known_orgs(words: list[str], index: dict[str, tuple[tuple[str, ...], ...]] | None = None) -> list[tuple[int, int]]:
    """(first, end) word indices of the well-known organisations' names in
    ``words`` (`data/gazetteers/org_names.txt`: the longest match from the
    left, case as written: "World Bank", "Netflix")."""
    index = lexicons().org_names if index is None else index
    by_length = _by_length(index)
    words = [w.replace("\u2019", "'") for w in words]     # King’s College London
    out = []
    i = 0
    n = len(words)
    while i < n:
        for length, names in by_length.get(words[i], ()):
            if i + length > n or tuple(words[i:i + length]) not in names:
                continue
            if words[i] == "The":
                # a name that is a common word alone ("The Hill", "The Wrap") counts
                # only with its "The", inside a sentence, and is the words after it;
                # a longer name after the "The" wins ("The Times of India")
                if not any(w[:1].isalnum() for w in words[:i]) or any(
                        other >= length and tuple(words[i + 1:i + 1 + other]) in rest
                        for other, rest in by_length.get(words[i + 1], ())):
                    continue
                out.append((i + 1, i + length))
            else:
                out.append((i, i + length))
            i += length - 1
            break
        i += 1
    return out


_BY_LENGTH: tuple = (None, {})


def _by_length(index: dict[str, tuple[tuple[str, ...], ...]]) -> dict[str, tuple[tuple[int, frozenset], ...]]:
    """``index`` regrouped as {first word: ((length, names of that length), ...)},
    longest first: a lookup per distinct length, not per name ("National" starts
    hundreds).  The last index's regrouping is kept (the shipped list's, in use);
    one tuple, read and replaced whole, so threads see a consistent pair."""
    global _BY_LENGTH
    cached = _BY_LENGTH
    if cached[0] is index:
        return cached[1]
    grouped: dict[str, dict[int, set]] = {}
    for first, names in index.items():
        for name in names:
            grouped.setdefault(first, {}).setdefault(len(name), set()).add(name)
    regrouped = {k: tuple((n, frozenset(v)) for n, v in sorted(d.items(), reverse=True)) for k, d in grouped.items()}
    _BY_LENGTH = (index, regrouped)
    return regrouped


def features(words: list[str]) -> list[list[str]]:
    """One feature list per word: the word's own features, its neighbours'
    (two each side), a few pairs, and whether it is inside a well-known
    organisation's name (a sequence feature: it depends on the words around)."""
    lex = lexicons()
    known = [False] * len(words)
    for a, b in known_orgs(words, lex.org_names):
        known[a:b] = [True] * (b - a)
    own = [_word_features(w) for w in words]
    ctx = [_context_features(w) for w in words]
    n = len(words)
    ident = [f[0][2:] for f in own]
    shape = [f[1][3:] for f in own]
    out = []
    for i in range(n):
        f = [*own[i], "bias"]
        if i == 0:
            f.append("BOS")
        # the word before is seen as "-1:" (index 0 of its context tuple), the one after as "+1:" (1), ...
        f.extend(ctx[i - 1][1 - 1] if i >= 1 else _PAD[0])
        f.extend(ctx[i + 1][1] if i + 1 < n else _PAD[1])
        f.extend(ctx[i - 2][2] if i >= 2 else _PAD[2])
        f.extend(ctx[i + 2][3] if i + 2 < n else _PAD[3])
        if i > 0:
            f.append("w-1|w=" + ident[i - 1] + "|" + ident[i])
            f.append("sh-1|sh=" + shape[i - 1] + "|" + shape[i])
        if i + 1 < n:
            f.append("w|w+1=" + ident[i] + "|" + ident[i + 1])
            f.append("sh|sh+1=" + shape[i] + "|" + shape[i + 1])
        if known[i]:
            f.append("known_org")
        if i > 0 and known[i - 1]:
            f.append("-1:known_org")
        if i + 1 < n and known[i + 1]:
            f.append("+1:known_org")
        out.append(f)
    return out
