"""The default name finder: the shipped CRF tagger with the rules on top.

The tagger (`extract.tagger`) finds PERSON and ORG spans from word shapes,
context and lexicon features, which is where hand-written rules generalise
badly ("says Tarlo.", "a researcher at SentinelOne").  The rules keep the jobs
they do well:

- their person candidates are kept where the tagger found nothing: those
  with strong evidence (honorific, role, gazetteer shape) stand on their own,
  single words still count only when they link to a person of the article
  (a surname alone, the surname "He" in "..., He added.");
- their negative knowledge vetoes a tagger span: a phrase ending in a
  non-name head ("Charles Bridge"), a lone place or stop word, a span inside a
  head-word organisation ("Walt Disney Company");
- roles, acronym definitions, back-references, linking and relations run
  unchanged on the merged spans (`extract.pipeline`).
"""
from __future__ import annotations

import re
from dataclasses import replace

from . import gazetteer, orgs, people, tagger
from .people import NameMention
from .span_ner import Ent, SpanNer
from .tagger_features import known_orgs, lexicons, tokenize
from .tokens import DEMONYM, overlaps


class LearnedNer(SpanNer):
    """`SpanNer` over the CRF tagger's spans, merged with the rules' candidates."""

    # chosen on the news dev gold (benchmarks/gold/news-dev), never on the frozen gold
    min_prob = 0.9
    min_prob_multi = 0.6
    min_prob_alone = 0.5

    def __init__(self) -> None:
        tagger.check()

    def entities(self, text: str) -> list[Ent]:
        return [Ent(s.start, s.end, s.label, s.text, s.prob) for s in tagger.spans(text)]

    def org_scan(self, text: str, tokens, blocked: list[tuple[int, int]], ents: list[Ent]):
        """The rules' head-word names and acronym definitions, whose bounds
        are reliable ("Capital University of Physical Education and Sports"),
        plus the tagger's ORG spans that do not overlap them ("SentinelOne")."""
        found = orgs.scan(text, tokens, blocked)
        names = [_after_a_person(text, n, ents) for n in found.names]
        taken = [(a, b) for a, b, _ in names] + [(a, b) for _, _, a, b in found.definitions] + blocked
        for name in _ampersand_names(text, taken):
            names.append(name)
            taken.append(name[:2])
        places = gazetteer.load().places
        for e in ents:
            if (e.label == "ORG" and e.text not in places and not DEMONYM.search(e.text)
                    and not overlaps(e.start, e.end, taken)):   # "Republican state schools Superintendent"
                end = _before_product(text, e)
                names.append((e.start, end, text[e.start:end]))
                taken.append((e.start, end))
        names, taken = _widened_to_known(text, names, taken, ents, self.min_prob, blocked)
        names += _known_orgs(text, taken, ents, self.min_prob, blocked)
        names += _described_orgs(text, taken + [(a, b) for a, b, _ in names], ents, self.min_prob)
        found.names = sorted(names)
        found.guess_acronyms = False      # an unlisted acronym counts when the tagger calls it ORG
        return found

    def names(self, text: str, ents: list[Ent], role_blocked: list[tuple[int, int]],
              tokens: list | None = None, blocked: list[tuple[int, int]] | None = None) -> list[NameMention]:
        g = gazetteer.load()
        blocked = blocked if blocked is not None else role_blocked
        org_spans = [b for b in blocked if b not in role_blocked]
        model = [_without_common_lead(m, g) for m in super().names(text, ents, role_blocked)]
        # a role or a full name, then "of": the one word after is a place or an organisation
        before_of = role_blocked + [(m.start, m.end) for m in model if " " in m.text]
        # an unsure one-word span beside a speech verb, an age or "who" stands
        # ("Saqib said.", "says Tarlo.", "Walesa, 79,"): the rules' context cue
        model = [replace(m, status="accepted")
                 if m.status != "accepted" and " " not in m.text and people._has_cue(text, m.start, m.end, [])
                 else replace(m, status="needs_link") if m.status == "accepted" and _modifier_use(text, m)
                 else m
                 for m in model
                 if _plausible(m, text, org_spans, g)
                 and not (" " not in m.text and _of_a_role(text, m.start, before_of))]
        if tokens is None:
            return model
        out = []
        rules = [r for r in people.find(text, tokens, blocked, role_blocked) if not _a_storm(text, r)]
        for k, m in enumerate(model):
            for r in rules:
                if not (r.start <= m.start and m.end <= r.end):
                    continue
                if (r.start, r.end) == (m.start, m.end):
                    if r.status == "accepted":      # the rules have evidence of their own
                        m = model[k] = replace(m, status="accepted")
                elif r.status == "accepted" or m.status != "accepted":
                    m = model[k] = r      # a longer name: "Linda" -> "Linda Thomas-Greenfield"
                break
            out.append(m)
        for r in rules:
            if not any(r.start < m.end and m.start < r.end for m in model):
                out.append(r)
        out.sort(key=lambda m: m.start)
        return out


_AMPERSAND = re.compile(r"(?<![\w&'’-])((?:[A-Z][\w'’.-]*\s+){0,2}[A-Z][\w'’.-]*)\s+&\s+"
                        r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})")


def _ampersand_names(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Capitalised words joined by "&" name a firm ("Frost & Sullivan",
    "Chapter & Verse", "Procter & Gamble"), not two people; unless the first
    part starts with a given name ("Tom Smith & Jane Doe") or a title or
    function word."""
    if "&" not in text:
        return []
    g = gazetteer.load()
    out = []
    for m in _AMPERSAND.finditer(text):
        left = m.group(1).split()
        if (len(left) > 1 and left[0] in g.given_names) or g.is_title_or_function_word(left[0]):
            continue
        start, end = m.start(1), m.end(2)
        name = text[start:end].rstrip(".")
        end = start + len(name)
        if overlaps(start, end, taken):
            continue
        out.append((start, end, name))
    return out


def _after_a_person(text: str, name: tuple[int, int, str], ents: list[Ent]) -> tuple[int, int, str]:
    """A head-word name that joined a person by "and" starts after it: "Braun
    and The Carlyle Group" is Braun, and the Carlyle Group (the rule keeps
    "Securities and Exchange Commission" whole; the tagger knows Braun)."""
    a, b, words = name
    cut = words.find(" and ")
    if cut < 0:
        return name
    if not any(e.label == "PERSON" and e.prob >= 0.5 and e.start == a and e.end == a + cut for e in ents):
        return name
    start = a + cut + len(" and ")
    if text.startswith("The ", start):
        start += len("The ")
    return (start, b, text[start:b]) if start < b else name


def _widened_to_known(text: str, names: list[tuple[int, int, str]], taken: list[tuple[int, int]],
                      ents: list[Ent], sure: float, roles: list[tuple[int, int]] = ()
                      ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """A well-known name that wholly contains shorter names found in it
    replaces them: the tagger split "Customs and Border Protection" into
    "Customs" and "Border Protection".  Not across anything else claimed (a
    definition, a span across its edge), nor over a person the tagger is sure
    of; a role word inside it is part of the name (`_claimed`)."""
    toks = tokenize(text)
    for a, b in known_orgs([t[2] for t in toks]):
        start, end = toks[a][0], toks[b - 1][1]
        inside = [n for n in names if start <= n[0] and n[1] <= end]
        if not inside or any(e - s >= end - start for s, e, _ in inside):
            continue
        if _claimed(start, end, taken, {(s, e) for s, e, _ in inside}, roles):
            continue              # a definition inside it, or a span across its edge
        if _person_wins(text, start, end, ents, sure):
            continue
        names = [n for n in names if n not in inside] + [(start, end, text[start:end])]
        taken = [t for t in taken if not (start <= t[0] and t[1] <= end)] + [(start, end)]
    return names, taken


def _known_orgs(text: str, taken: list[tuple[int, int]], ents: list[Ent], sure: float,
                roles: list[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
    """Well-known organisations named in ``text`` (`data/gazetteers/org_names.txt`)
    that nothing else claimed: the tagger's organisation recall is its weak
    point ("Huawei said ..."), and the list holds only names that are
    organisations in news almost whenever they are capitalised.  A person the
    tagger is sure of, or a longer name around it, wins ("Michael Bloomberg");
    a role word inside it does not (`_claimed`)."""
    toks = tokenize(text)
    out = []
    for a, b in known_orgs([t[2] for t in toks]):
        start, end = toks[a][0], toks[b - 1][1]
        if _claimed(start, end, taken, set(), roles):
            continue
        if _person_wins(text, start, end, ents, sure):
            continue
        out.append((start, end, text[start:end]))
    return out


def _claimed(start: int, end: int, taken: list[tuple[int, int]], replaced: set[tuple[int, int]],
             roles: list[tuple[int, int]]) -> bool:
    """Does a span already taken overlap the well-known name at start-end,
    other than the ``replaced`` pieces and the roles wholly inside it?  A role
    word inside a longer name is a word of the name ("Hollywood Reporter",
    "U.S. Coast Guard", "Office of the Inspector General"); the pipeline
    drops such roles."""
    own = {(s, e) for s, e in roles if start <= s and e <= end and (s, e) != (start, end)}
    return any(s < end and start < e and (s, e) not in replaced and (s, e) not in own for s, e in taken)


def _before_product(text: str, e: Ent) -> int:
    """The end of an ORG span that is a well-known company and a product
    after it ("Google Stadia", "Apple AirPods", "Nissan Connect"): the company
    alone, unless the rest has an organisation head ("Sony Pictures
    Entertainment") or the whole is listed ("Amazon Web Services").  A unit
    named like a product loses its name too ("Disney Channel" -> Disney)."""
    g = gazetteer.load()
    if e.text in g.org_names:
        return e.end
    toks = tokenize(e.text)
    words = [t[2] for t in toks]
    found = known_orgs(words)
    if not found or found[0][0] != 0 or found[0][1] == len(words):
        return e.end
    rest = words[found[0][1]:]
    if any(w in g.org_heads or w in g.company_heads or not w[:1].isupper() for w in rest):
        return e.end
    return e.start + toks[found[0][1] - 1][1]


def _person_wins(text: str, start: int, end: int, ents: list[Ent], sure: float) -> bool:
    """Does a tagger PERSON span overlap an organisation found by a rule and
    win over it: longer ("Michael Bloomberg"), or one the tagger is sure of,
    unless the organisation's name goes on after the person's possessive
    ("Tom's Guide", "Dick's Sporting Goods"; a bare "Christie's" stays
    ambiguous)?"""
    return any(e.label == "PERSON" and e.start < end and start < e.end
               and (e.end - e.start > end - start or e.prob >= sure)
               and not (start <= e.start and e.end + 2 < end and text[e.end:e.end + 2] in ("'s", "’s"))
               for e in ents)


_DESCRIBED: dict[int, re.Pattern[str]] = {}


def _described_orgs(text: str, taken: list[tuple[int, int]], ents: list[Ent],
                    sure: float) -> list[tuple[int, int, str]]:
    """A name right after a determiner (or preposition) and an organisation noun:
    "the research firm Oanda", "at tech market research firm IDC" (the noun is the
    evidence the tagger lacks for a one-word name it never saw)."""
    g = gazetteer.load()
    pattern = _DESCRIBED.get(id(g))
    if pattern is None:
        nouns = "|".join(sorted((re.escape(n).replace(r"\ ", r"\s+") for n in g.org_descriptors),
                                key=len, reverse=True))
        pattern = _DESCRIBED[id(g)] = re.compile(
            r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|at|with|for|from|by)\s+"
            r"(?:[a-z][\w-]*\s+){0,3}(?:%s)\s*,?\s+"
            r"((?:[A-Z][\w&'’.-]*|[a-z]+\d[\w-]*)(?:\s+(?:of|for|and|&)?\s*[A-Z][\w&'’.-]*){0,4})" % nouns)
    out = []
    for m in pattern.finditer(text):
        start, end = m.span(1)
        name = text[start:end].rstrip(".")
        end = start + len(name)
        first = name.split()[0]
        if (not name or g.is_title_or_function_word(first)
                or overlaps(start, end, taken)
                or _person_wins(text, start, end, ents, sure)):
            continue
        out.append((start, end, name))
    return out


_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_NOUN_AFTER = re.compile(r"\s+[a-z]")


def _modifier_use(text: str, m: NameMention) -> bool:
    """"the Pnina Tornai model", "the Joe Biden campaign": a name between
    "the" and a lower-case word names a thing after the person, so it needs
    the person named elsewhere in the article to count."""
    return not m.honorific and bool(_THE_BEFORE.search(text, max(0, m.start - 5), m.start)) \
        and bool(_NOUN_AFTER.match(text, m.end))


_OF = re.compile(r"\s+of\s+(?:the\s+)?")


def _of_a_role(text: str, start: int, spans: list[tuple[int, int]]) -> bool:
    """Does a role or a person's full name and "of" stand right before
    ``start`` ("mayor of Riverton", "chairman of Halden", "Priya Raman of
    Zscaler")?  A single word there is a place or an organisation, not a
    person."""
    return any(b <= start and _OF.fullmatch(text, b, start) for _, b in spans)


_PARTY_STATE = re.compile(r"[DRI]-[A-Z][a-z]{1,5}\.?")


_STORMS = ("hurricane", "typhoon", "cyclone", "storm")
_STORM_WORDS = frozenset(w + plural for w in _STORMS for plural in ("", "s"))
# the storm word, then any names listed before this one ("hurricanes Harvey, Irma and ")
_STORM_BEFORE = re.compile(r"(?:^|\s)(?:%s)s?\s+(?:[A-Z][a-z]+(?:\s*,\s*|\s+and\s+|\s*,\s+and\s+))*$"
                           % "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in _STORMS))


def _a_storm(text: str, m: NameMention) -> bool:
    """Storms carry people's names: "Hurricane Barry", "hurricanes Harvey and
    Irma", "Tropical Storm Bill".  The word before the name (or its first word)
    says which."""
    return m.words[0].lower() in _STORM_WORDS or bool(_STORM_BEFORE.search(text, max(0, m.start - 60), m.start))


def _without_common_lead(m: NameMention, g: gazetteer.Gazetteers) -> NameMention:
    """A span of three or more words whose first is a common English word and
    not a given name, and whose second is a given name, starts at the second:
    "5 Times Meghan Markle Went ...", "Actress Emma Stone"."""
    words = m.words
    if len(words) < 3 or words[0] in g.given_names or words[1] not in g.given_names:
        return m
    if lexicons().zipf.get(words[0].lower(), "0") not in ("4", "5"):
        return m
    cut = m.text.index(words[1], len(words[0]))
    return replace(m, start=m.start + cut, text=m.text[cut:])


def _plausible(m: NameMention, text: str, org_spans: list[tuple[int, int]], g: gazetteer.Gazetteers) -> bool:
    """May this tagger PERSON span stand, by the rules' negative knowledge?"""
    words = m.words
    if any(a <= m.start and m.end <= b for a, b in org_spans):
        return False                      # inside "Walt Disney Company"
    if m.text in g.not_names or _PARTY_STATE.fullmatch(m.text):
        return False                      # "(D-Minn.)": a US politician's party and state
    if _a_storm(text, m):
        return False                      # "Hurricane Barry", "typhoon Haiyan"
    if len(words) > 1 and words[-1] in g.not_name_heads and words[-1] not in g.surnames:
        return False                      # "Charles Bridge", "Abraham Accords"
    if len(words) <= 2 and not m.honorific and m.text in people.cities():
        return False                      # "Kabul said", "the Argus Leader of Sioux Falls"
    if len(words) == 1:
        w = words[0]
        if w in g.places or w in g.stopwords or w in g.honorifics:
            return False
        if w in people._PRONOUN_HOMOGRAPHS and not text[:m.start].strip(" \"“‘'(") and not m.honorific:
            return False                  # sentence-initial "He said": the pronoun
    return True
