"""Organisation mentions: names with head words, acronyms, back-references.

Why rules: organisation names in news are capitalised phrases built around a
head word ("... Society", "Ministry of ...", "... Ltd"), often defined once
with an acronym in parentheses and later referred to by the acronym or by
"the <head>" ("the university").  Resolution therefore needs the whole
article: `scan` runs per sentence, `OrgIndex.build` gathers definitions over
the article, and `resolve` turns each sentence's mentions into canonical
organisations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import gazetteer
from .people import gerund
from .tokens import COMPOUND_ENDING, WHEN_WORDS, Token, clause_start, overlapping, overlaps

_COMPLEMENT = frozenset("of for on de du des del di da la le".split())
_RUN_CONNECTORS = _COMPLEMENT | {"and", "the", "&"}
# capitalised function words that start a sentence, not an organisation name
_LEADING_FUNCTION = frozenset(
    "The A An In On At As Of For From To By With And But Or Nor So Yet This That These Those After Before "
    "Since Until During Under Over Between Among Amid Through Subsequent According Following Meanwhile However "
    "Also Its Their Our His Her My Your When While If Although Though Because Despite Both Each Every "
    "Last Next Former Then Now Retired Longtime Veteran Several Many Some Other Like Unlike "
    "Unless Whereas Whether Once Whenever Wherever Where Why How What Which Who Whom Whose Perhaps Maybe "
    "Indeed Instead Otherwise Thus Hence Therefore Moreover Furthermore Nevertheless Nonetheless Besides "
    "Regardless Without Across Behind Toward Towards Upon Via Except Including Considering Regarding "
    "Concerning Yes Not".split()
)
LEADING_FUNCTION = _LEADING_FUNCTION
_DETERMINERS = frozenset("The A An This That These Those Its Their Our".split())
_ACR_DEF = re.compile(r"\s*\(\s*(?:the\s+)?([A-Z][A-Za-z&\-]*[A-Z]s?)\s*\)")


@dataclass(frozen=True)
class OrgSpan:
    start: int
    end: int
    text: str
    name: str          # canonical (full) name
    acronym: str = ""
    kind: str = "name"  # name / acronym / backref


@dataclass
class SentenceOrgs:
    """What `scan` found in one sentence before article-level resolution."""

    names: list[tuple[int, int, str]] = field(default_factory=list)          # head-word names
    definitions: list[tuple[str, str, int, int]] = field(default_factory=list)  # (name, acr, acr_start, acr_end)
    # may an undefined, unlisted 3-6 letter acronym count as an organisation?
    # (the rules guess so; with the tagger, its ORG spans decide instead)
    guess_acronyms: bool = True


def _runs(text: str, tokens: list[Token], blocked: list[tuple[int, int]]) -> list[list[Token]]:
    """Maximal sequences of capitalised words and in-name connectors."""
    runs: list[list[Token]] = []
    cur: list[Token] = []

    def close():
        while cur and not cur[-1].is_cap:
            cur.pop()
        if cur:
            runs.append(list(cur))
        cur.clear()

    flags = overlapping(tokens, blocked)
    for tok, is_blocked in zip(tokens, flags):
        if is_blocked:
            if cur:
                close()
            continue
        if cur:
            glue = text[cur[-1].end:tok.start]
            # the dots of "U.S." stay inside: "the U.S. Capitol Police"
            dotted = glue.strip() == "." and len(cur[-1].text) == 1 and cur[-1].is_cap and (
                len(tok.text) == 1 or text[cur[-1].start - 1:cur[-1].start] == ".")
            if ((glue.strip() not in ("", "&") and not dotted and not _office_of(cur, glue, tok))
                    or "\n" in glue):
                close()
        if tok.is_cap and "-" in tok.text and COMPOUND_ENDING.search(tok.text):
            close()        # "the Oslo-based Kestrel Group": an adjective ("Kim Il-sung University" stays)
        elif tok.is_cap:
            cur.append(tok)
        elif cur and tok.text.lower() in _RUN_CONNECTORS:
            cur.append(tok)
        elif cur:
            close()
    close()
    return runs


def _office_of(run: list[Token], glue: str, tok: Token) -> bool:
    """Is ``glue`` the possessive of an office-holder's title inside one name:
    "County Sheriff's Office", "U.S. Attorney's Office", "Mayor's Office"?
    Only after a listed role word and before Office or Department, so a
    person's possessive still ends a name ("Trump's Justice Department")."""
    if glue not in ("'s ", "’s ") or tok.text not in _OFFICES or not run[-1].is_cap:
        return False
    roles = gazetteer.load().role_names
    title = run[-1].text.lower()
    return title in roles or (len(run) > 1 and f"{run[-2].text.lower()} {title}" in roles)


_OFFICES = frozenset({"Office", "Department"})


# heads of institutions that also name themselves in the plural ("Centers for
# Disease Control", "National Institutes of Health", "Southern Association of
# Colleges and Schools"); not "Groups", "Posts", "Networks", which are mostly
# product features ("Facebook Groups", "Google Posts")
_PLURAL_HEADS = frozenset(
    "Centers Centres Institutes Schools Colleges Hospitals Courts Museums Unions Associations Councils".split())


def _is_head(tok: Token, heads: frozenset[str]) -> bool:
    return tok.text in heads or tok.text in _PLURAL_HEADS


def _initials_fit(acronym: str, words: list[str]) -> bool:
    """Does the acronym plausibly abbreviate these words?"""
    letters = [c.lower() for c in acronym if c.isalpha() and c.isupper()]
    initials = []
    for w in words:
        for part in w.split("-"):
            if part:
                initials.append(part[0].lower())
    i = 0
    for c in letters:
        while i < len(initials) and initials[i] != c:
            i += 1
        if i == len(initials):
            break
        i += 1
    else:
        return True
    return len(letters) >= 2 and set(letters) <= set(initials) and letters[0] in initials[:2]


def _name_starts(run: list[Token], j: int, g: gazetteer.Gazetteers) -> bool:
    """Does a person name start at run[j] (inside an organisation's complement)?

    Either a given name (or a surname-first surname with a romanised given
    name) followed by another capitalised word, or the
    run ends in two capitalised words whose last is a surname
    ("... Institute of Culture Chidi Smith").
    """
    tok = run[j]
    if j + 1 < len(run) and run[j + 1].is_cap and (
        tok.text in g.given_names or (tok.text in g.surnames_first and gazetteer.is_syllabic(run[j + 1].text))
    ):
        return f"{tok.text} {run[j + 1].text}" not in g.not_names
    rest = run[j:]
    return len(rest) == 2 and all(t.is_cap and not t.is_acronym for t in rest) and rest[-1].text in g.surnames


def _and_inside_name(run: list[Token], start: int, k: int, g: gazetteer.Gazetteers) -> bool:
    """Is the "and" at run[k] inside the name being read from run[start]? After
    one capitalised word that is neither a head nor a known organisation of its
    own, before another capitalised word."""
    before = run[k - 1]
    return (run[k].text in ("and", "&") and k > start and run[k + 1].is_cap and before.is_cap
            and len(before.text) > 1 and not _is_head(before, g.org_heads) and before.text not in g.org_names
            and (k - 1 == start or len(run[k - 2].text) == 1 or run[k - 2].text in _LEADING_FUNCTION))


def _orgs_in_run(run: list[Token], g: gazetteer.Gazetteers) -> list[tuple[int, int]]:
    """(first, last) token indices of head-word organisations inside one run."""
    out: list[tuple[int, int]] = []
    i = 0
    n = len(run)
    while i < n:
        h = next((k for k in range(i, n) if _is_head(run[k], g.org_heads)), None)
        if h is None:
            break
        start = i
        for k in range(i, h):
            # "(U.S.) Securities and Exchange Commission", "Food and Drug Administration":
            # an "and" after one capitalised word is inside the name
            if not run[k].is_cap and not _and_inside_name(run, start, k, g):
                start = k + 1
        while start < h and run[start].text in _LEADING_FUNCTION:
            start += 1
        end = h
        j = h + 1
        in_complement = False
        complement_start = None
        while j < n:
            tok = run[j]
            low = tok.text.lower()
            if _is_head(tok, g.org_heads) and (in_complement or run[j - 1].is_cap):
                end = j
            elif low in _COMPLEMENT:
                in_complement = True
                complement_start = complement_start or j + 1
            elif low == "the" and run[j - 1].text.lower() in ("of", "for", "on"):
                pass
            elif low in ("and", "&"):
                rest = run[j + 1:]
                stop = next((k for k, t in enumerate(rest) if t.text.lower() in ("and", "&")), len(rest))
                if not in_complement or not rest or not rest[0].is_cap or any(
                    _is_head(t, g.org_heads) for t in rest[:stop]
                ):
                    break
            elif tok.is_cap:
                if not in_complement or tok.text in WHEN_WORDS:
                    break       # "Council on Foreign Relations", not "US Senate on Monday"
                if j > (complement_start or j) and _name_starts(run, j, g):
                    break  # "Bank of China Zhang Hong": a name starts here
                end = j
            else:
                break
            j += 1
        body = run[start:end + 1]
        if any(not _is_head(t, g.org_heads) and t.is_cap and t.text not in _DETERMINERS for t in body):
            out.append((start, end))
        i = end + 1
    return out


# "the Communist party", "the Democratic Progressive party": some papers (the
# Guardian, the FT) write a party's "party" in lower case.  The word before it
# must read as a party's adjective, so "the Christmas party" is no name.
_LOWER_PARTY = re.compile(r"\s+party\b")
_PARTY_WORD = re.compile(r"(?:ist|ic|al|an|ive|Labour|Labor|Green|Greens|Democrat|Workers|People['’]s)$")


def _party(text: str, run: list[Token]) -> tuple[int, int, str] | None:
    m = _LOWER_PARTY.match(text, run[-1].end)
    if not m or not _PARTY_WORD.search(run[-1].text):
        return None
    a = len(run) - 1          # the capitalised words right before "party"
    while a > 0 and run[a - 1].is_cap and len(run) - a < 3:
        a -= 1
    while a < len(run) - 1 and run[a].text in _LEADING_FUNCTION:
        a += 1
    return run[a].start, m.end(), text[run[a].start:m.end()]


def scan(text: str, tokens: list[Token], blocked: list[tuple[int, int]]) -> SentenceOrgs:
    """Head-word organisation names and acronym definitions in one sentence."""
    g = gazetteer.load()
    found = SentenceOrgs()
    parens = "(" in text          # an acronym definition needs one
    for run in _runs(text, tokens, blocked):
        if len(run) > 1 and gerund(run[0].text) and clause_start(text, run[0].start):
            run = run[1:]     # "Watching NBA League Pass, ...": a clause's first verb
        spans = _orgs_in_run(run, g)
        for a, b in spans:
            found.names.append((run[a].start, run[b].end, text[run[a].start:run[b].end]))
        if not (spans and spans[-1][1] == len(run) - 1):
            party = _party(text, run)
            if party:
                found.names.append(party)
        m = _ACR_DEF.match(text, run[-1].end) if parens else None
        if not m:
            continue
        acronym = m.group(1)
        if spans and spans[-1][1] == len(run) - 1:
            a = spans[-1][0]
        else:
            a = 0
            while a < len(run) - 1 and run[a].text in _LEADING_FUNCTION:
                a += 1
            if len(run) - a < 2:
                continue
        words = [t.text for t in run[a:]]
        if not _initials_fit(acronym, words):
            continue
        name = text[run[a].start:run[-1].end]
        if not spans or spans[-1][1] != len(run) - 1:
            found.names.append((run[a].start, run[-1].end, name))
        found.definitions.append((name, acronym, m.start(1), m.end(1)))
    return found


@dataclass
class OrgIndex:
    """Article-wide knowledge: acronym definitions and the organisations seen."""

    acronym_to_name: dict[str, str] = field(default_factory=dict)
    name_to_acronym: dict[str, str] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    by_head: dict[str, set[str]] = field(default_factory=dict)
    # the article's organisation names as one regex, when every mention of a
    # name found once counts (document consistency; see `build`)
    repeat: re.Pattern[str] | None = None
    # the organisations of the sentence last resolved, for "its chief executive"
    recent: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, scans: list[SentenceOrgs], repeat: bool = False) -> "OrgIndex":
        """The article's index.  With ``repeat``, a name found in one sentence
        ("Google", tagged ORG there) is an organisation wherever it recurs on
        its own, as a model that tags each sentence alone may miss it
        elsewhere."""
        g = gazetteer.load()
        index = cls()
        for found in scans:
            for name, acronym, _, _ in found.definitions:
                index.acronym_to_name.setdefault(acronym, name)
                index.name_to_acronym.setdefault(name, acronym)
        for found in scans:
            for _, _, name in found.names:
                if name not in index.names:
                    index.names.append(name)
                for word in name.split():
                    if word in g.org_heads:
                        index.by_head.setdefault(word.lower(), set()).add(name)
        companies = {n for n in index.names if _company_like(n, g)}
        if companies:
            for noun in g.company_nouns:
                index.by_head.setdefault(noun, set()).update(companies)
        if repeat:
            names = sorted((n for n in index.names if len(n) >= 2 and n[:1].isupper()), key=len, reverse=True)
            if names:
                # on its own: not inside a longer capitalised name ("Mike Ford" is no "Ford")
                index.repeat = re.compile(r"(?<![\w'’.-])(?:%s)(?![\w'’-]|\s[A-Z])"
                                          % "|".join(map(re.escape, names)))
        return index


def _company_like(name: str, g: gazetteer.Gazetteers) -> bool:
    """Could "the company" mean this organisation?  A name with a company head
    ("Acme Inc", "Alibaba Group") or with no organisation head at all
    ("SentinelOne"), unless it is an acronym or a well-known body."""
    words = name.split()
    if name.isupper() or name in g.org_acronyms.values() or name in g.places:
        return False
    if any(w in g.company_heads for w in words):
        return True
    return not any(w in g.org_heads for w in words)


# "its chief executive", "its new president": "its" before a role
_ITS = re.compile(r"\b[Ii]ts\s+")
_ONE_WORD = re.compile(r"[a-z]+\s+")


def _in_capitals_run(text: str, tokens: list[Token], i: int) -> bool:
    """Is tokens[i] next to another all-capitals word ("BEST EARLY DEALS")?"""
    for j in (i - 1, i + 1):
        if 0 <= j < len(tokens) and tokens[j].is_acronym:
            a, b = (tokens[j], tokens[i]) if j < i else (tokens[i], tokens[j])
            if text[a.end:b.start].strip(" ,:;-–") == "":
                return True
    return False


def _backref_pattern(heads: frozenset[str]) -> re.Pattern[str]:
    alts = "|".join(sorted({re.escape(h.lower()) for h in heads if len(h) > 3}, key=len, reverse=True))
    # "\b[Tt]he" written as "[Tt](?<!\w.)he": a leading character class lets the
    # regex engine skip to the next T/t (same matches)
    # a possessive may follow ("the company's chief executive"), another word may not
    return re.compile(rf"[Tt](?<!\w.)he\s+((?i:{alts}))\b(?!-?\w)(?!['’](?!s\b)\w)(?!\s+(?:of|for)\s+[A-Z])")


_BACKREF: dict[int, re.Pattern[str]] = {}
_CAPITAL_BEFORE = re.compile(r"[A-Z][\w'’.-]*\s$")


def resolve(text: str, tokens: list[Token], found: SentenceOrgs, index: OrgIndex,
            blocked: list[tuple[int, int]]) -> list[OrgSpan]:
    """Canonical organisation mentions of one sentence, left to right."""
    g = gazetteer.load()
    spans: list[OrgSpan] = []
    definition_acronyms = {(s, e) for _, _, s, e in found.definitions}
    for s, e, name in found.names:
        others = [(a, b) for a, b, _ in found.names if (a, b) != (s, e)] + list(blocked)
        spans.append(_name_span(s, e, text, name, index, g, others))
    if index.repeat is not None:
        taken = [(sp.start, sp.end) for sp in spans] + list(blocked) + list(definition_acronyms)
        for m in index.repeat.finditer(text):
            if not overlaps(m.start(), m.end(), taken) and not _CAPITAL_BEFORE.search(
                    text, max(0, m.start() - 30), m.start()):
                spans.append(_name_span(m.start(), m.end(), text, m.group(0), index, g))
    if g.dotted_acronyms is not None and "." in text:
        for m in g.dotted_acronyms.finditer(text):        # "U.N.", "E.U."
            if not overlaps(m.start(), m.end(), [(sp.start, sp.end) for sp in spans] + blocked):
                acronym = m.group(0)
                spans.append(OrgSpan(m.start(), m.end(), acronym, g.org_acronyms[acronym], acronym, "acronym"))
    taken = [(sp.start, sp.end) for sp in spans] + list(blocked)
    for t_i, tok in enumerate(tokens):
        if not tok.is_acronym or overlaps(tok.start, tok.end, taken):
            continue
        shouting = _in_capitals_run(text, tokens, t_i)
        offset = tok.start
        for part in tok.text.split("-"):
            ps, pe = offset, offset + len(part)
            offset = pe + 1
            if (ps, pe) in definition_acronyms:
                continue
            name = index.acronym_to_name.get(part)
            if name is None and part.endswith("s") and part[:-1] in index.acronym_to_name:
                name = index.acronym_to_name[part[:-1]]
                part = part[:-1]
            if name is None and part in g.org_acronyms and not shouting:
                longer = _acronym_led_name(text, ps, pe, taken, g)
                if longer is not None:       # "CNN Business", "NBC Latino": a name of its own
                    spans.append(OrgSpan(ps, longer, text[ps:longer], text[ps:longer]))
                    taken.append((ps, longer))
                    continue
                name = g.org_acronyms[part]          # a well-known one: "UN", "WHO", "FBI"
            if name is not None:
                spans.append(OrgSpan(ps, pe, part, name, part, "acronym"))
            elif (
                # an undefined acronym: short, letters only, not inside shouted text
                found.guess_acronyms and 3 <= len(part) <= 6 and part.isalpha() and not shouting
                and part not in g.not_org_acronyms and part not in g.role_abbreviations
            ):
                spans.append(OrgSpan(ps, pe, part, part, part, "acronym"))
    spans.extend(_its(text, spans, index, blocked))
    index.recent = list(dict.fromkeys(sp.name for sp in spans if sp.kind != "backref"))
    if not index.by_head:        # no back-reference can resolve: skip the search
        spans.sort(key=lambda sp: sp.start)
        return spans
    pattern = _BACKREF.get(id(g))
    if pattern is None:
        pattern = _BACKREF[id(g)] = _backref_pattern(g.org_heads | g.company_nouns)
    taken = [(sp.start, sp.end) for sp in spans] + list(blocked)
    for m in pattern.finditer(text):
        if overlaps(m.start(), m.end(), taken):
            continue
        candidates = index.by_head.get(m.group(1).lower(), set())
        if len(candidates) == 1:
            name = next(iter(candidates))
            spans.append(OrgSpan(m.start(), m.end(), m.group(0), name,
                                 index.name_to_acronym.get(name, ""), "backref"))
    spans.sort(key=lambda sp: sp.start)
    return spans


_CAPITALISED_AFTER = re.compile(r" ((?:[A-Z][a-z][\w'’-]*)(?: [A-Z][a-z][\w'’-]*){0,2})")


def _acronym_led_name(text: str, start: int, end: int, taken: list[tuple[int, int]],
                      g: gazetteer.Gazetteers) -> int | None:
    """The end of a name that a well-known acronym starts ("CNN Business",
    "NBC Latino"), or None: the capitalised words right after it, unless the
    first is a title ("FBI Director"), a given name, a place or a function word."""
    m = _CAPITALISED_AFTER.match(text, end)
    if m is None:
        return None
    first = m.group(1).split()[0]
    if (g.is_title_or_function_word(first) or first in g.given_names
            or any(a < m.end() and m.start(1) < b for a, b in taken)):
        return None
    return m.end()


def _name_span(start: int, end: int, text: str, name: str, index: OrgIndex, g: gazetteer.Gazetteers,
               taken: list[tuple[int, int]] | None = None) -> OrgSpan:
    """An organisation name found at text[start:end]; an acronym the article
    defines or the well-known list holds is given its full name ("UN" ->
    United Nations), unless a well-known one starts a longer name ("CNN
    Business"), which is the organisation then."""
    full = index.acronym_to_name.get(name)
    if full is None and name in g.org_acronyms:
        longer = _acronym_led_name(text, start, end, taken, g) if taken is not None else None
        if longer is not None:
            return OrgSpan(start, longer, text[start:longer], text[start:longer])
        full = g.org_acronyms[name]
    if full is not None:
        return OrgSpan(start, end, text[start:end], full, name, "acronym")
    return OrgSpan(start, end, text[start:end], name, index.name_to_acronym.get(name, ""))


def _its(text: str, spans: list[OrgSpan], index: OrgIndex, roles: list[tuple[int, int]]) -> list[OrgSpan]:
    """"its" before a role ("its chief executive") as a back-reference to the
    one organisation named before it in the sentence, or else in the sentence
    before; nothing when there are several."""
    if "its" not in text and "Its" not in text:
        return []
    out = []
    role_starts = {a for a, _ in roles}
    for m in _ITS.finditer(text):
        word = _ONE_WORD.match(text, m.end())
        if m.end() not in role_starts and not (word and word.end() in role_starts):
            continue
        before = list(dict.fromkeys(sp.name for sp in spans if sp.end <= m.start() and sp.kind != "backref"))
        names = before or index.recent
        if len(names) == 1:
            name = names[0]
            out.append(OrgSpan(m.start(), m.start() + 3, text[m.start():m.start() + 3], name,
                               index.name_to_acronym.get(name, ""), "backref"))
    return out
