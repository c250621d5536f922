"""Runs the recognisers over an article's paragraphs and captions.

Two passes over the article in reading order (captions sit before the
paragraph at their image's ``position``):
1. per sentence: roles, organisation names and acronym definitions, name
   candidates, dates;
2. article-wide: acronym/back-reference resolution (`orgs.OrgIndex`), person
   linking (`entities.link`), then relations and quotes per sentence.

Row rules (people.csv): one row per distinct (person, role_normalised,
organisation).  When the person appears in a photo with a stated position,
the evidence from that caption is preferred (one row per photo), so
photo_position is not lost; a role-less row is kept only for a person with no
other row (a later photo of a person whose role is known adds no row).
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime

from scraper.model import Article

from . import dates, entities, gazetteer, orgs, people, quotes, relations, roles, sentences
from .sentences import title_cased
from .model import DateRow, OrganisationRow, PersonRow, QuoteRow, Records
from .tokens import _END, _START, COMPOUND_ENDING, DEMONYM, overlaps, tokenize

_PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")
# the name finder used when none is asked for: the shipped CRF tagger under the rules
DEFAULT_NER = "learned"


@dataclass
class _Unit:
    text: str
    paragraph_index: int | None
    image_index: int | None = None
    positions: dict[int, str] = field(default_factory=dict)


@dataclass
class _Sent:
    unit: _Unit
    sentence: sentences.Sentence
    tokens: list
    roles: list
    scan: orgs.SentenceOrgs
    names: list
    dates: list
    orgs: list = field(default_factory=list)
    links: list = field(default_factory=list)   # entity index per name (or None)
    headline: bool = False                       # a title-cased line: capitals are no evidence

    @property
    def text(self) -> str:
        return self.sentence.text


def records(article: Article, ner: str = DEFAULT_NER) -> Records:
    """All records of one article (body paragraphs and image captions).

    ``ner`` picks the name finder: "rules" (default, no dependencies) or
    "spacy:MODEL" (a spaCy pipeline such as "spacy:en_core_web_sm"; see
    `extract.spacy_backend`).
    """
    units: list[_Unit] = []
    images = sorted(enumerate(article.images), key=lambda x: x[1].position)
    k = 0
    for p, text in enumerate(article.paragraphs):
        while k < len(images) and images[k][1].position <= p:
            units.append(_caption_unit(images[k][1].caption, images[k][0]))
            k += 1
        units.append(_Unit(text, p))
    for idx, image in images[k:]:
        units.append(_caption_unit(image.caption, idx))
    return _analyse(units, article.article_id, article.reference_date, ner)


def from_text(text: str, reference_date: date | None = None, ner: str = DEFAULT_NER) -> Records:
    """Records from plain text; paragraphs are separated by blank lines.

    article_id is the first 16 hex digits of the SHA-1 of the text, so the
    same text always gets the same ids.
    """
    if isinstance(reference_date, datetime):
        reference_date = reference_date.date()
    units = _text_units(text)
    article_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return _analyse(units, article_id, reference_date, ner)


def _text_units(text: str) -> list[_Unit]:
    """Plain text's paragraphs (split at blank lines, spaces collapsed) as units."""
    paragraphs = [p.strip() for p in _PARAGRAPH_SPLIT.split(text) if p.strip()]
    return [_Unit(" ".join(p.split()), i) for i, p in enumerate(paragraphs)]


def _caption_unit(caption: str, image_index: int) -> _Unit:
    clean, positions = people.strip_photo_positions(caption or "")
    return _Unit(clean, None, image_index, positions)


def check_ner(ner: str) -> None:
    """Fail fast on a bad ``ner`` value: ValueError for an unknown backend,
    `extract.spacy_backend.SpacyUnavailable` when spaCy or the model is missing
    (the model is loaded, and cached for the later calls)."""
    _backend(ner)


_learned = None


def _backend(ner: str):
    """None for the rules, else the learned tagger's or spaCy's adapter
    (imported only when asked for)."""
    global _learned
    if ner in ("", None):
        ner = DEFAULT_NER
    if ner == "rules":
        return None
    if ner == "learned":
        if _learned is None:
            from .learned_ner import LearnedNer
            _learned = LearnedNer()
        return _learned
    if ner.startswith("spacy:") and ner[6:]:
        from . import spacy_backend
        return spacy_backend.SpacyNer(ner[6:])
    raise ValueError(f"unknown NER backend {ner!r}: use 'learned', 'rules' or 'spacy:MODEL'")


def _analyse(units: list[_Unit], article_id: str, reference: date | None, ner: str = DEFAULT_NER) -> Records:
    sents, ents, index = _read(units, article_id, reference, ner)
    out = Records()
    out.organisations = _organisation_rows(sents, index, article_id)
    out.people = _people_rows(sents, ents, article_id)
    out.dates = [
        DateRow(article_id, d.text, d.value, d.granularity, s.sentence.paragraph_index, s.text)
        for s in sents for d in s.dates
    ]
    out.quotes = _quote_rows(sents, ents, article_id)
    return out


def mentions(text: str, reference_date: date | None = None, ner: str = DEFAULT_NER
             ) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Per sentence of ``text`` (paragraphs at blank lines): the sentence and its
    (start, end, "PERSON"/"ORG") mentions as the whole-article analysis resolved
    them (a surname alone counts when it links to a person of the article;
    back-references and guessed acronyms are left out).
    Used to make silver training data from the rules (`extract.tagger_train`)."""
    sents, _, _ = _read(_text_units(text), "", reference_date, ner)
    out = []
    for s in sents:
        found = [(n.start, n.end, "PERSON") for n, link in zip(s.names, s.links) if link is not None]
        # not back-references ("the university"), nor a guessed acronym (the rules'
        # weakest call: "AWD", "USB")
        found += [(o.start, o.end, "ORG") for o in s.orgs
                  if o.kind != "backref" and not (o.kind == "acronym" and o.name == o.text)]
        out.append((s.text, sorted(found)))
    return out


def _read(units: list[_Unit], article_id: str, reference: date | None, ner: str):
    """The article's sentences with their mentions resolved, its person
    entities and its organisation index."""
    backend = _backend(ner)
    sents: list[_Sent] = []
    spans: list = []
    for unit in units:
        for s in sentences.split(unit.text, unit.paragraph_index, unit.image_index):
            text = s.text
            toks = tokenize(text)
            role_spans = roles.find(text)
            blocked = [(r.start, r.end) for r in role_spans]
            found_dates = dates.find(text, reference)
            if backend is None:
                scan = orgs.scan(text, toks, blocked)
            else:
                ents = backend.entities(text)
                spans.append(ents)
                scan = backend.org_scan(text, toks, blocked, ents)
                found_dates = backend.keep_dates(found_dates, ents)
            sents.append(_Sent(unit, s, toks, role_spans, scan, [], found_dates))
    index = orgs.OrgIndex.build([s.scan for s in sents], repeat=backend is not None)
    for s in sents:
        s.orgs = orgs.resolve(s.text, s.tokens, s.scan, index, [(r.start, r.end) for r in s.roles])
        # a role word inside an organisation's name is part of it ("Hollywood Reporter")
        s.roles = [r for r in s.roles if not any(o.start <= r.start and r.end <= o.end for o in s.orgs)]
    prose = _headline_orgs(sents)
    all_names = []
    for n, s in enumerate(sents):
        role_blocked = [(r.start, r.end) for r in s.roles]
        blocked = role_blocked + [(o.start, o.end) for o in s.orgs]
        if backend is None:
            s.names = people.find(s.text, s.tokens, blocked, role_blocked)
        else:
            s.names = backend.names(s.text, spans[n], role_blocked, s.tokens, blocked)
        all_names.extend(s.names)
    ents, links = entities.link(all_names, article_id, alone=len(sents) == 1)
    named = _person_names(ents)
    pos = 0
    for s in sents:
        s.links = links[pos:pos + len(s.names)]
        if s.roles:
            s.orgs = _with_context_orgs(s)
            if s.headline:      # capitals before a title in a headline are no organisation either
                s.orgs = _named_beyond_headlines(s.orgs, prose)
        if named:
            s.orgs = [o for o in s.orgs if not _a_persons_name(o, named)]
        pos += len(s.names)
    return sents, ents, index


def _headline_orgs(sents: list[_Sent]) -> set[str]:
    """In a title-cased line (a headline, a product list's heading) capitals
    say nothing, and both the tagger and the head-word rule there take
    phrases for organisations ("Ecologists Strive", "Secret Service Probe for
    Threat Against", "Crate & Barrel Pickle Ornament").  An organisation named
    only there counts when it is well known, is an acronym, or is named the
    same way in a sentence of running text; its words are then free to be a
    person's name ("Ruby Leigh Places Second")."""
    for s in sents:
        s.headline = title_cased(s.text, 0)
    prose = {o.name for s in sents if not s.headline for o in s.orgs}
    for s in sents:
        if s.headline:
            s.orgs = _named_beyond_headlines(s.orgs, prose)
    return prose


def _named_beyond_headlines(found: list[orgs.OrgSpan], prose: set[str]) -> list[orgs.OrgSpan]:
    known = gazetteer.load().org_names
    return [o for o in found if o.kind not in ("name", "context") or o.name in prose or o.name in known
            or o.text in known or o.text.isupper()]


def _person_names(ents: list[entities.Entity]) -> frozenset[str]:
    """The names and surnames of the article's people known by a full name."""
    out = set()
    for e in ents:
        words = e.name.split()
        if len(words) > 1:
            out.update(e.names)
            out.add(words[-1])
    return frozenset(out)


def _a_persons_name(o: orgs.OrgSpan, named: frozenset[str]) -> bool:
    """Is this organisation mention exactly the name or surname of a person
    of the article ("Torvalds" tagged ORG in one sentence, "Linus Torvalds" a
    person in another)?  One name, one entity: the article's people win,
    unless the name is a well-known organisation or an acronym ("Bloomberg"
    beside Michael Bloomberg, "Ford")."""
    return (o.name in named and o.kind == "name" and o.name == o.text
            and o.name not in gazetteer.load().org_names)


def _organisation_rows(sents: list[_Sent], index: orgs.OrgIndex, article_id: str) -> list[OrganisationRow]:
    rows: dict[str, OrganisationRow] = {}
    for s in sents:
        for o in s.orgs:
            row = rows.get(o.name)
            if row is None:
                acronym = index.name_to_acronym.get(o.name, o.acronym)
                row = rows[o.name] = OrganisationRow(article_id, o.name, acronym, 0)
            row.mentions += 1
    return list(rows.values())


def _photo_position(s: _Sent, end: int) -> str:
    if not s.unit.positions:
        return ""
    return s.unit.positions.get(s.sentence.start + end, "")


def _people_rows(sents: list[_Sent], ents: list[entities.Entity], article_id: str) -> list[PersonRow]:
    candidates: list[PersonRow] = []
    keys: list[tuple[int, str, str]] = []
    for s in sents:
        items = []
        pi, ii = s.sentence.paragraph_index, s.sentence.image_index
        for name, link in zip(s.names, s.links):
            if link is None:
                continue
            ent = ents[link]
            items.append(relations.Item("P", _outer_start(s.text, name), name.end, link))
            candidates.append(PersonRow(article_id, ent.name, "", "", "", _photo_position(s, name.end),
                                        pi, s.text, ent.person_id, "", ii))
            keys.append((link, "", ""))
        if not items:
            continue
        items += [relations.Item("R", r.start, r.end, r) for r in s.roles]
        items += [relations.Item("O", o.start, o.end, o) for o in s.orgs]
        for rel in relations.find(s.text, items):
            ent = ents[rel.person]
            role = rel.role
            org = rel.org
            candidates.append(PersonRow(
                article_id, ent.name, role.text if role else "", org.name if org else "",
                org.acronym if org else "", _photo_position(s, rel.person_item.end), pi, s.text,
                ent.person_id, role.normalised if role else "", ii,
            ))
            keys.append((rel.person, role.normalised if role else "", org.name if org else ""))

    # one row per key; photo evidence preferred, one per photo
    chosen: dict[tuple, list[PersonRow]] = {}
    for key, row in zip(keys, candidates):
        rows = chosen.setdefault(key, [])
        if row.photo_position:
            if not any(r.photo_position for r in rows):
                rows.clear()
            if all(r.image_index != row.image_index for r in rows):
                rows.append(row)
        elif not rows:
            rows.append(row)
    result: list[PersonRow] = []
    for (ent, role, org), rows in chosen.items():
        others = [k for k in chosen if k[0] == ent and k != (ent, role, org)]
        if not role and not org and others:
            rows = []
        elif not role and org and any(k[2] == org and k[1] for k in others):
            rows = []
        elif role and not org and any(k[1] == role and k[2] for k in others):
            rows = []
        result.extend(rows)
    order = {id(r): n for n, r in enumerate(candidates)}
    result.sort(key=lambda r: order[id(r)])
    return result


_CTX_BEFORE = re.compile(r"(?:['’]s?)?\s+(?:most\s+|own\s+|new\s+)?$")


def _ctx_before(text: str, end: int):
    """``_CTX_BEFORE.search(text[:end])`` without trying every position of a
    long head: the search runs over the last 12 characters first.  A match that
    starts before that window leaves a match of its tail starting within 4
    characters of the window's start (after "’s", or inside "most"), so a
    window match starting later, or none, is the full search's answer."""
    if not text[end - 1:end].isspace():
        return None          # every match ends in white space
    pos = end - 12
    if pos <= 0:
        return _CTX_BEFORE.search(text, 0, end)
    m = _CTX_BEFORE.search(text, pos, end)
    if m is not None and m.start() <= pos + 4:
        m = _CTX_BEFORE.search(text, 0, end)
    return m
# after the role: "of/at/for the", or a lower-case complement and then "at/with"
# ("head of policy at Kestrel", "director of global sales with Acme")
_CTX_AFTER = re.compile(r"\s+(?:(?:of|for|on|in)\s+(?:[a-z][\w/&-]*\s+){1,4}?(?:at|with)|of|at|for|with|to)"
                        r"\s+(?:the\s+)?")
_NOT_ORG_START = frozenset("Retired Former Longtime Veteran Acting Interim Then Ex A An Like Unlike".split())
_CTX_CONNECT = frozenset({"of", "for", "and", "the", "&", "de"})


def _ctx_glue(glue: str, left) -> bool:
    """May two tokens with this text between them sit in one name ("U.S. Patent",
    "King's College")?"""
    return glue in ("", " ", "'s ", "’s ") if glue[:1] != "." else (
        left is not None and len(left.text) == 1 and glue in (".", ". "))


def _with_context_orgs(s: _Sent) -> list[orgs.OrgSpan]:
    """The sentence's organisations plus those known from their place next to a
    role; a context name that runs into a found one absorbs it ("U.S. Patent"
    + "and Trademark Office")."""
    extra = _context_orgs(s)
    if not extra:
        return s.orgs
    kept = []
    for o in s.orgs:
        if any(c.start <= o.start and o.end <= c.end for c in extra):
            continue
        kept.append(o)
    return sorted(kept + extra, key=lambda o: o.start)


_THEN_AT = re.compile(r"\s+(?:at|with)\s+(?:the\s+)?[A-Z]")
_AND = re.compile(r"\s+(?:and|&)\s+")


def _context_orgs(s: _Sent) -> list[orgs.OrgSpan]:
    """Organisations known only from their place next to a role.

    A capitalised phrase right before a title that stands before a person
    ("Apple CEO Tim Cook", "Orlando City head coach Oscar Pareja", "the
    Partnership's president") or right after "<role> of/at/for (the)"
    ("chief executive of the Partnership for New York City").  Single words
    that are places or demonyms are left out ("U.K. Foreign Minister").
    """
    if not s.roles:
        return []
    g = gazetteer.load()
    people_spans = [(n.start, n.end) for n, link in zip(s.names, s.links) if link is not None]
    taken = [(o.start, o.end) for o in s.orgs] + people_spans + \
            [(r.start, r.end) for r in s.roles]
    toks = s.tokens
    out: list[orgs.OrgSpan] = []

    def free(a: int, b: int) -> bool:
        return not overlaps(a, b, taken)

    def add(run: list, possessive: bool = False) -> None:
        while run and not run[-1].is_cap:
            run.pop()
        while run and (not run[0].is_cap or run[0].text in _NOT_ORG_START
                       or (not s.text[:run[0].start].strip() and run[0].text in orgs.LEADING_FUNCTION)):
            run.pop(0)       # "Retired Acme Labs" -> "Acme Labs"; a sentence's first "While"
        if not run:
            return
        words = [t.text for t in run]
        # a party before a possessive is an organisation ("Labour's", "Hamas'")
        stop = orgs.LEADING_FUNCTION if possessive else g.stopwords
        if len(words) == 1 and (words[0] in g.places or words[0] in stop or words[0] in g.given_names
                                or DEMONYM.search(words[0])):
            return
        if all(w in stop for w in words) or any(COMPOUND_ENDING.search(w) for w in words):
            return           # ... or an adjective: "chief executive of the Oslo-based startup Kestrel"
        a, b = run[0].start, run[-1].end
        if all(len(w) == 1 for w in words) and s.text[b:b + 1] == ".":
            b += 1           # "U.N." keeps its last dot
        if all(part in g.places for part in _AND.split(s.text[a:b])):
            return           # "U.S. Ambassador ...", "director for the Middle East and North Africa": places
        if free(a, b):
            name = s.text[a:b]
            out.append(orgs.OrgSpan(a, b, name, name, "", "context"))
            taken.append((a, b))

    for r in s.roles:
        # before: "<Org> <role> <Person>" / "<Org>'s <role>"
        m = _ctx_before(s.text, r.start)
        possessive = bool(m) and m.group(0)[:1] in "'’"
        title = bool(m) and _title_chain_to_person(s.text, r, s.roles, people_spans)   # "Apple CEO Tim Cook"
        if possessive or title:
            run = []
            for t in reversed(toks[:bisect_right(toks, m.start(), key=_END)]):   # tokens ending before m
                glue = s.text[t.end:(run[0].start if run else m.start())]
                if not _ctx_glue(glue, t) or not (t.is_cap or t.text in _CTX_CONNECT) or not free(t.start, t.end):
                    break
                run.insert(0, t)
            if run and any(0 <= run[0].start - x.end <= 1 and not s.text[x.end:run[0].start].strip() for x in s.roles):
                run = []     # right after another role: a domain ("Meta's chief AI scientist")
            add(run, possessive)
        # after: "<role> of the <Org>"
        m = _CTX_AFTER.match(s.text, r.end)
        if m and r.text.lower() not in g.work_roles:     # "author of Davos Man": a work
            run = []
            absorbed = None
            for t in toks[bisect_left(toks, m.end(), key=_START):]:     # tokens from m's end on
                prev_end = run[-1].end if run else m.end()
                if not _ctx_glue(s.text[prev_end:t.start], run[-1] if run else None) or not (
                        t.is_cap or t.text in _CTX_CONNECT):
                    break
                if COMPOUND_ENDING.search(t.text):
                    run = []          # "of the Oslo-based Acme Group": an adjective, not the name's start
                    continue
                if not free(t.start, t.end):
                    found = next((o for o in s.orgs if o.start == t.start and o.kind == "name"), None)
                    if run and found is not None and any(x.is_cap for x in run):
                        absorbed = found          # "U.S. Patent" + "and Trademark Office"
                    break
                run.append(t)
            if absorbed is not None:
                a, b = run[0].start, absorbed.end
                while run and not run[0].is_cap:
                    run.pop(0)
                    a = run[0].start if run else a
                name = s.text[a:b]
                taken[:] = [x for x in taken if x != (absorbed.start, absorbed.end)]
                if free(a, b):
                    out.append(orgs.OrgSpan(a, b, name, name, "", "context"))
                    taken.append((a, b))
            elif not (run and _THEN_AT.match(s.text, run[-1].end)):
                add(run)         # not "Vice President of Global Sales at Acme": a department there
    return out


def _title_chain_to_person(text: str, role, all_roles: list, people_spans: list[tuple[int, int]]) -> bool:
    """Does this role stand before a person's name, alone ("Apple CEO Tim Cook")
    or as the first of coordinated titles ("Salesforce founder and co-CEO Marc
    Benioff", "Apple founder and legendary CEO Steve Jobs")?"""
    end = role.end
    for _ in range(4):
        if any(0 <= a - end <= 1 for a, _ in people_spans):
            return True
        nxt = next((r for r in all_roles if r.start > end and relations.COORD_PRE.fullmatch(text, end, r.start)),
                   None)
        if nxt is None:
            return False
        end = nxt.end
    return False


def _outer_start(text: str, name: people.NameMention) -> int:
    """Start of the mention including its honorific ("Mr Zhao")."""
    if name.honorific:
        at = text.rfind(name.honorific, 0, name.start)
        if at >= 0:
            return at
    return name.start


def _quote_rows(sents: list[_Sent], ents: list[entities.Entity], article_id: str) -> list[QuoteRow]:
    rows: list[QuoteRow] = []
    seen: set[tuple[int, str]] = set()
    last_people: set[int] = set()
    for s in sents:
        in_body = s.sentence.paragraph_index is not None
        speakers = [quotes.Speaker(_outer_start(s.text, n), n.end, link)
                    for n, link in zip(s.names, s.links) if link is not None]
        for start, end, word in people.pronouns(s.text):
            ref = None
            if in_body and len(last_people) == 1:
                cand = next(iter(last_people))
                gender = ents[cand].gender
                if not gender or gender == ("f" if word.lower() == "she" else "m"):
                    ref = cand
            speakers.append(quotes.Speaker(start, end, ref))
        speakers.sort(key=lambda sp: sp.start)
        for q in quotes.find(s.text, speakers):
            key = (q.speaker, q.text)
            if key in seen or not q.text:
                continue
            seen.add(key)
            ent = ents[q.speaker]
            rows.append(QuoteRow(article_id, ent.name, ent.person_id, q.text, s.sentence.paragraph_index))
        mentioned = {link for link in s.links if link is not None}
        if in_body and mentioned:
            last_people = mentioned
    return rows
