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
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from . import gazetteer
from .tokens import alnum_split

MODIFIERS = (
    "former", "acting", "deputy", "vice", "assistant", "associate", "senior",
    "executive", "interim", "honorary", "outgoing", "incoming", "founding",
    "permanent", "first", "co", "shadow", "then", "ex", "top", "special",
)
_SEP = re.compile(r"[\s\-]+")
_MODIFIER_SET = frozenset(MODIFIERS)


@dataclass(frozen=True)
class RoleSpan:
    start: int
    end: int
    text: str
    normalised: str


_new = object.__new__
_set = object.__setattr__


def _span(start: int, end: int, text: str, normalised: str) -> RoleSpan:
    """``RoleSpan(start, end, text, normalised)`` without the dataclass
    ``__init__`` frame (the same object; attributes set the way a frozen
    dataclass sets them, so the instance keeps its fast attribute layout)."""
    r = _new(RoleSpan)
    _set(r, "start", start)
    _set(r, "end", end)
    _set(r, "text", text)
    _set(r, "normalised", normalised)
    return r


def _key(text: str) -> str:
    return _SEP.sub(" ", text.strip().lower())


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key
class _Lexicon:
    by_first: dict[str, list[tuple[str, ...]]]   # first word -> word sequences, longest first
    abbreviations: frozenset[str]                # case-sensitive ("CEO")
    canonical: dict[str, str]                    # key ("vice president") -> canonical ("vice-president")
    first_words: frozenset[str]                  # quick "any role here?" test
    dotted: re.Pattern[str] | None               # "Sen.", "Lt. Gov.": need their dots
    domains: frozenset[str]                      # "immigration" (minister), "home affairs" (spokesman)
    abbreviation_re: re.Pattern[str] | None = None   # any abbreviation as a substring
    starts: frozenset[str] = frozenset()         # lower-case words where `find` may start a role
    canonical_values: frozenset[str] = frozenset()
    # first word -> [(length, sequences of that length, their plurals)], longest first
    by_first_len: dict[str, list[tuple[int, frozenset, frozenset]]] = field(default_factory=dict)
    plain_starts: bool = False                   # no word of `starts` has an apostrophe
    # first word -> the entries of by_first_len[first] of length 1 (what is left to try
    # when the next word is not in seconds[first])
    singles: dict[str, list[tuple[int, frozenset, frozenset]]] = field(default_factory=dict)
    # first word -> every second word of its sequences of two or more words (plural forms too)
    seconds: dict[str, frozenset[str]] = field(default_factory=dict)
    # plurals of one-word roles: "senators", "ministers" (word + "s" for each one-word sequence)
    plural_singles: frozenset[str] = frozenset()
    # "Division" (organisation heads), "Initiative" (never a person's last word):
    # a capitalised run a title word stands in that ends so is a name, not a title
    name_heads: frozenset[str] = frozenset()


@lru_cache(maxsize=4)
def _lexicon_for(g: gazetteer.Gazetteers) -> _Lexicon:
    canonical: dict[str, str] = {}
    for role in g.roles:
        canonical.setdefault(_key(role), role)
    case_sensitive: set[str] = set()
    dotted: list[str] = []
    for abbr, expansion in g.role_abbreviations.items():
        if abbr.endswith("."):
            # "Sen.", "Lt. Gov.": matched with their dots only (so "Amartya
            # Sen" is no role); the expansion is not a role word by itself
            # ("general", "major") unless roles.txt lists it.
            dotted.append(abbr)
            canonical[abbr] = expansion
            continue
        if any(c.isupper() for c in abbr):
            case_sensitive.add(abbr)
        canonical[_key(abbr)] = expansion
        canonical.setdefault(_key(expansion), expansion)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    # "CEO" is no role written "ceo", unless the lower-case form is listed too ("vp")
    lowered_abbr = {a.lower() for a in case_sensitive} - set(g.role_abbreviations)
    for key in canonical:
        if key in lowered_abbr or key.endswith("."):
            continue
        words = tuple(key.split(" "))
        by_first.setdefault(words[0], []).append(words)
    for seqs in by_first.values():
        seqs.sort(key=len, reverse=True)
    dotted_re = None
    if dotted:
        ordered = sorted(dotted, key=len, reverse=True)
        if all(a[:1].isascii() and a[:1].isalpha() for a in ordered):
            # "(?<![\w.])(?:Sen\.|...)" with the look-behind after each first letter:
            # every alternative then starts with a letter and the regex engine
            # skips ahead to those letters (same matches, much faster)
            alts = "|".join(a[0] + r"(?<![\w.].)" + re.escape(a[1:]).replace(r"\ ", r"\s+") for a in ordered)
            dotted_re = re.compile(rf"(?:{alts})(?=\s+[A-Z])")
        else:
            alts = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in ordered)
            dotted_re = re.compile(rf"(?<![\w.])(?:{alts})(?=\s+[A-Z])")
    firsts = frozenset(by_first) | frozenset(MODIFIERS)
    firsts |= frozenset(w + "s" for w in firsts)      # plural roles: "prosecutors", "senators"
    abbreviation_re = None
    if case_sensitive:
        abbreviation_re = re.compile("|".join(re.escape(a) for a in sorted(case_sensitive, key=len, reverse=True)))
    starts = frozenset(by_first) | _MODIFIER_SET | frozenset(w + "s" for w in by_first)
    by_first_len: dict[str, list[tuple[int, frozenset, frozenset]]] = {}
    for first, seqs in by_first.items():
        lengths = sorted({len(seq) for seq in seqs}, reverse=True)
        by_first_len[first] = [
            (k, frozenset(seq for seq in seqs if len(seq) == k),
             frozenset(seq[:-1] + (seq[-1] + "s",) for seq in seqs if len(seq) == k and len(seq[-1]) > 3))
            for k in lengths]
    singles = {first: [entry for entry in entries if entry[0] == 1] for first, entries in by_first_len.items()}
    seconds = {first: frozenset(seq[1] for _, exact, plurals in entries for seq in exact | plurals if len(seq) > 1)
               for first, entries in by_first_len.items()}
    return _Lexicon(by_first, frozenset(case_sensitive), canonical, firsts,
                    dotted_re, frozenset(g.role_domains), abbreviation_re, starts, frozenset(canonical.values()),
                    by_first_len, not any("'" in w or "’" in w for w in starts), singles, seconds,
                    frozenset(seq[0] + "s" for seqs in by_first.values() for seq in seqs if len(seq) == 1),
                    frozenset(g.org_heads | g.not_name_heads))


# (gazetteers, lexicon) of the last call: the per-sentence fast path. One tuple,
# replaced whole, so a thread never sees one call's gazetteers with another's lexicon.
_LAST: tuple = (None, None)


def _lexicon() -> _Lexicon:
    global _LAST
    g = gazetteer.load()
    last = _LAST
    if last[0] is not g:
        with gazetteer.LOADING:   # one thread builds it; the others wait (see gazetteer.LOADING)
            last = _LAST = (g, _lexicon_for(g))
    return last[1]


@lru_cache(maxsize=4096)
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


_SUBWORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SUBWORD_SPLIT = re.compile(r"([^\W_]+(?:['’][^\W_]+)*)")
_WORD = re.compile(r"[^\W_]+")
# _SUBWORD_SPLIT for ASCII text, where [^\W_] is [A-Za-z0-9] (same splits, faster)
_SUBWORD_SPLIT_ASCII = re.compile(r"([A-Za-z0-9]+(?:['’][A-Za-z0-9]+)*)")


def find(sentence: str) -> list[RoleSpan]:
    """Role spans in one sentence, left to right, non-overlapping: the
    listed roles (`data/gazetteers/roles.txt`) and the occupations their
    suffix names (`_occupations`)."""
    listed = _listed(sentence)
    if not _OCCUPATION_HINT.search(sentence):
        return listed
    more = [r for r in _occupations(sentence) if not any(x.start < r.end and r.start < x.end for x in listed)]
    return sorted(listed + more, key=lambda r: r.start) if more else listed


# a scientist's or practitioner's occupation by its suffix, after a determiner:
# "a pulmonologist at", "an endocrinologist at", "a physicist at" -- the long
# tail no list holds.  The determiner keeps verbs and other nouns out.
_OCCUPATION_HINT = re.compile(r"olog|icist|ician|iatrist|ographer")
_OCCUPATION = re.compile(r"\b(?:[Aa]n?|[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur)\s+(?:[a-z][\w-]*\s+){0,2}?"
                         r"([a-z]{2,}(?:ologist|icist|ician|iatrist|ographer))\b")


def _occupations(sentence: str) -> list[RoleSpan]:
    return [_span(m.start(1), m.end(1), m.group(1), m.group(1)) for m in _OCCUPATION.finditer(sentence)]


def _listed(sentence: str) -> list[RoleSpan]:
    """The listed roles in one sentence, left to right, non-overlapping.

    Word-based lookup (first word -> candidate sequences) rather than one big
    alternation regex: it is several times faster on long sentences.  Words
    of a role are separated by spaces or hyphens; a role may not end inside
    a hyphenated word ("chairman-designate" is not "chairman").
    """
    lex = _lexicon()
    dotted = []
    if lex.dotted is not None and "." in sentence:
        for m in lex.dotted.finditer(sentence):
            text = re.sub(r"\s+", " ", m.group(0))
            dotted.append(_span(m.start(), m.end(), m.group(0), lex.canonical.get(text, normalise(text))))
    ascii = sentence.isascii()
    if not (ascii and lex.plain_starts):
        # quick "any role word here?" test.  Not needed for ASCII text when no
        # start word has an apostrophe: the word list below then has a candidate
        # only when this test passes (its words are this test's words or hold
        # an apostrophe), so it gives the same answer by itself
        lows_all = _WORD.findall(sentence.lower())
        if lex.first_words.isdisjoint(lows_all) and not (
            lex.abbreviation_re is not None and lex.abbreviation_re.search(sentence)
        ):
            return dotted
    if dotted:
        words = [(m.group(0), m.start(), m.end()) for m in _SUBWORD.finditer(sentence)
                 if not any(d.start <= m.start() < d.end for d in dotted)]
        texts = [w[0] for w in words]
    else:
        # (word, start, end) without a Python-level loop: split keeps the words
        # (odd items) and the glue; offsets are the running lengths
        if not ascii:
            parts = _SUBWORD_SPLIT.split(sentence)
        elif "'" in sentence:
            parts = _SUBWORD_SPLIT_ASCII.split(sentence)
        else:
            parts = alnum_split(sentence)     # no apostrophe: the same split (shared with dates)
        texts = parts[1::2]
    lows = list(map(str.lower, texts))
    # only these words can start a role (or the modifiers before one); others are skipped
    starts, abbreviations, by_first_len = lex.starts, lex.abbreviations, lex.by_first_len
    singles, seconds, plural_singles = lex.singles, lex.seconds, lex.plural_singles
    no_abbreviation = abbreviations.isdisjoint(texts)
    if no_abbreviation:
        candidates = [k for k, w in enumerate(lows) if w in starts]
    else:
        candidates = [k for k, w in enumerate(lows) if w in starts or texts[k] in abbreviations]
    if not candidates:
        return dotted
    if not dotted:
        offsets = list(accumulate(map(len, parts)))
        words = list(zip(texts, offsets[0::2], offsets[1::2]))
    n = len(words)
    next_candidate = 0

    def joined(k: int) -> bool:  # words k and k+1 belong to one phrase
        glue = sentence[words[k][2]:words[k + 1][1]]
        return glue == " " or glue == "-" or (glue.isspace() and "\n" not in glue)

    out: list[RoleSpan] = []
    i = 0
    n_candidates = len(candidates)
    while i < n:
        while next_candidate < n_candidates and candidates[next_candidate] < i:
            next_candidate += 1
        if next_candidate == n_candidates:
            break
        i = candidates[next_candidate]
        j = i
        end = -1
        while True:
            # a role may start here, or after modifiers ("deputy", "vice") that are
            # not themselves the start of a listed role ("executive director")
            if not no_abbreviation and words[j][0] in abbreviations:
                end = j
            else:
                # sequences grouped by length, longest first (whichever sequence of
                # one length matches, the role ends at the same word)
                low = lows[j]
                entries = by_first_len.get(low, ())
                if entries and (j + 1 == n or lows[j + 1] not in seconds[low]):
                    entries = singles[low]      # no longer sequence can match
                for k, exact, plurals in entries:
                    if j + k > n:
                        continue
                    seq = tuple(lows[j:j + k])
                    if (seq in exact or (
                            # plural: "prosecutors Andrea Goldbarg and Monica Castro"
                            seq in plurals and words[j + k - 1][0].islower())) and (
                            k == 1 or all(joined(x) for x in range(j, j + k - 1))):
                        end = j + k - 1
                        break
                # plural, lower-case only: "Society of Economists" is a name
                if end < 0 and low in plural_singles and len(low) > 4 and words[j][0].islower():
                    end = j       # "senators", "ministers"
            if end >= 0 or not (j < n - 1 and lows[j] in _MODIFIER_SET and joined(j)):
                break
            j += 1
        if end >= 0:
            e = words[end][2]
            if e < len(sentence) - 1 and sentence[e] in "-'’" and sentence[e + 1].isalnum():
                end = -1   # role ends inside a hyphenated word
        if end < 0:
            i += 1
            continue
        if (words[end][0][:1].isupper() and end + 1 < n and joined(end)
                and words[end + 1][0] in _ORG_AFTER_TITLE):
            i = end + 1      # "General Motors", "Justice Department": an organisation
            continue
        if words[end][0][:1].isupper() and _inside_org_name(words, end, n, joined, lex.name_heads):
            i = end + 1      # "Criminal Justice Reform Initiative", "Civil Rights Division"
            continue
        if i == end and words[i][0][:1].isupper() and _surname_after_given(words, i, n, joined):
            i = end + 1      # "Stephen King", "John Major", "Martin Luther King": a surname
            continue
        end = _chief_officer(lows, end, n, joined)
        if lows[end] in _DOMAIN_HEADS and i == j:
            i = _extend_domain(sentence, words, lows, i, lex.domains, joined)
        if lows[end] in _DOMAIN_AFTER_HEADS:
            end = _domain_after(lows, end, n, lex.domains, joined)
        if i < end and lows[i] == "first" and i > 0 and _determiner(words[i - 1][0]) and words[i][0].islower():
            i += 1           # "its first chief data officer": an ordinal, not "First Deputy"
        s, e = words[i][1], words[end][2]
        while out and out[-1].end > s:
            out.pop()      # the domain words taken in were a role of their own: "executive" + "chair"
        text = sentence[s:e]
        norm = normalise(text)
        if norm not in lex.canonical_values and lows[end].endswith("s") and not words[end][0].isupper():
            singular = normalise(text[:-1])      # "federal prosecutors" -> "federal prosecutor"
            if singular != text[:-1].lower() or _known(lex, text[:-1]):
                norm = singular
        out.append(_span(s, e, text, norm))
        i = end + 1
    if dotted:
        out = sorted(dotted + [r for r in out if not any(d.start < r.end and r.start < d.end for d in dotted)],
                     key=lambda r: r.start)
    return out


# role heads that take a domain word in front ("immigration minister")
_DOMAIN_HEADS = frozenset(
    "minister secretary spokesman spokeswoman spokesperson adviser advisor director officer correspondent "
    "editor reporter commissioner envoy czar tsar chief critic analyst manager coordinator lead owner marshal "
    "chairman chairwoman chair scientist consultant engineer "
    # occupations that take a field or unit in front as well ("math teacher",
    # "team leader", "state schools superintendent", "public information officer")
    "teacher leader superintendent administrator designer producer writer researcher fellow strategist "
    "specialist supervisor inspector planner architect developer instructor professor physician nurse "
    "counsel attorney lawyer economist columnist photographer anchor host coach captain president head "
    "executive representative liaison organizer organiser worker staffer official expert trainer agent "
    "clerk member".split()
)
# a capitalised title word followed by one of these is part of an organisation name
_ORG_AFTER_TITLE = frozenset(
    "Motors Electric Department Assembly Dynamics Mills Hospital Court Council Committee Staff Office".split()
)


def _inside_org_name(words, end: int, n: int, joined, heads: frozenset[str]) -> bool:
    """Does the capitalised run a capitalised role word stands in end in an
    organisation head or a word no person's name ends in, within three more
    words ("Justice Reform Initiative", "Premier Global Production Group")?
    A possessive ends the run: "Minister Boris Johnson's Conservative Party"."""
    for k in range(end + 1, min(n, end + 4)):
        if not joined(k - 1):
            return False
        w = words[k][0]
        if not w[:1].isupper() or "'" in w or "’" in w:
            return False
        if w in heads:
            return True
    return False


def _surname_after_given(words, i: int, n: int, joined) -> bool:
    """Is the capitalised one-word title at ``i`` a surname: right after a
    given name, directly or with one more capitalised word between ("Mike
    Judge", "Martin Luther King"), and not before another capitalised word
    (then it is a title before a name: "Jordan King Abdullah")?  A place is
    no given name here ("Georgia Governor")."""
    if i + 1 < n and joined(i) and words[i + 1][0][:1].isupper():
        return False
    g = gazetteer.load()
    for k in (i - 1, i - 2):
        if k < 0 or not joined(k):
            return False
        w = words[k][0]
        if not w[:1].isupper() or w in g.places or w in g.stopwords:
            return False
        if w in g.given_names:
            return True
    return False


_DETERMINERS = frozenset("the its their his her our my your a an this".split())


def _determiner(word: str) -> bool:
    """A determiner or a possessive ("the company's"): what an ordinal follows."""
    return word.lower() in _DETERMINERS or word.endswith(("'s", "’s"))


def _chief_officer(lows: list[str], end: int, n: int, joined) -> int:
    """The end of a "chief ... officer" title that the list lacks: "Chief
    Strategy Officer", "chief revenue officer", "Chief Customer Experience
    Officer" (one or two words between), else ``end`` unchanged."""
    if lows[end] != "chief":
        return end
    for k in (2, 3):
        if end + k < n and lows[end + k] == "officer" and all(joined(x) for x in range(end, end + k)):
            return end + k
    return end


@lru_cache(maxsize=4096)
def _known(lex: _Lexicon, text: str) -> bool:
    words = _key(text).split(" ")
    return any(" ".join(words[k:]) in lex.canonical for k in range(len(words)))


# heads whose domain may follow with "of/for" ("Minister of Defense", "secretary for health")
_DOMAIN_AFTER_HEADS = frozenset("minister secretary commissioner".split())


def _domain_after(lows, end, n, domains, joined) -> int:
    """End index of the role once "of/for (the) <domain>" after words[end] is
    included: "Minister of Defense", "Secretary for Foreign Affairs" (one to
    three domain words, joined by "and"); otherwise ``end``."""
    k = end + 1
    if k >= n or lows[k] not in ("of", "for") or not joined(end) or not joined(k):
        return end
    k += 1
    if k < n and lows[k] == "the" and joined(k):
        k += 1
    last = end
    while k < n:
        if k + 1 < n and joined(k) and f"{lows[k]} {lows[k + 1]}" in domains:
            k += 1
        elif lows[k] not in domains:
            break
        last = k
        if not (k + 2 < n and joined(k) and lows[k + 1] == "and" and joined(k + 1)):
            break
        k += 2
    return last


def _extend_domain(sentence, words, lows, i, domains, joined) -> int:
    """Start index of the role once domain words before words[i] are included."""
    k = i
    for _ in range(3):
        if k - 1 < 0 or not joined(k - 1):
            break
        if k - 2 >= 0 and joined(k - 2) and f"{lows[k - 2]} {lows[k - 1]}" in domains:
            k -= 2
        elif lows[k - 1] in domains:
            k -= 1
        else:
            break
    while k - 1 >= 0 and joined(k - 1) and lows[k - 1] in _MODIFIER_SET:
        k -= 1     # "shadow home secretary"
    # a capitalised domain word after a lower-case one is a name ("Trade Minister" is fine,
    # "Biden Treasury" is not our business): keep the case uniform
    while k < i and words[k][0][:1].isupper() != words[i][0][:1].isupper() and words[k][0][:1].isupper():
        if words[k][1] == 0 and all(words[x][0][:1].islower() for x in range(k + 1, i + 1)):
            break  # only the sentence's first word is capitalised: "High school math teacher Angela Cooper"
        k += 1
    return k
