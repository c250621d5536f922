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

from dataclasses import replace

from . import gazetteer, orgs, people, tagger
from .people import NameMention
from .span_ner import Ent, SpanNer


class LearnedNer(SpanNer):
    """`SpanNer` over the CRF tagger's spans, merged with the rules' candidates."""

    # chosen on the news dev gold (benchmarks/gold/news-dev), never on the frozen gold
    min_prob = 0.9
    min_prob_multi = 0.6

    def __init__(self) -> None:
        tagger.check()

    def entities(self, text: str) -> list[Ent]:
        return [Ent(s.start, s.end, s.label, s.text, s.prob) for s in tagger.spans(text)]

    def org_scan(self, text: str, tokens, blocked: list[tuple[int, int]], ents: list[Ent]):
        """The rules' head-word names and acronym definitions, whose bounds
        are reliable ("Capital University of Physical Education and Sports"),
        plus the tagger's ORG spans that do not overlap them ("SentinelOne")."""
        found = orgs.scan(text, tokens, blocked)
        names = list(found.names)
        taken = [(a, b) for a, b, _ in found.names] + [(a, b) for _, _, a, b in found.definitions] + blocked
        places = gazetteer.load().places
        for e in ents:
            if e.label == "ORG" and e.text not in places and not any(a < e.end and e.start < b for a, b in taken):
                names.append((e.start, e.end, e.text))
        found.names = sorted(names)
        found.guess_acronyms = False      # an unlisted acronym counts when the tagger calls it ORG
        return found

    def names(self, text: str, ents: list[Ent], role_blocked: list[tuple[int, int]],
              tokens: list | None = None, blocked: list[tuple[int, int]] | None = None) -> list[NameMention]:
        g = gazetteer.load()
        blocked = blocked if blocked is not None else role_blocked
        org_spans = [b for b in blocked if b not in role_blocked]
        # an unsure one-word span beside a speech verb, an age or "who" stands
        # ("Saqib said.", "says Tarlo.", "Walesa, 79,"): the rules' context cue
        model = [replace(m, status="accepted")
                 if m.status != "accepted" and " " not in m.text and people._has_cue(text, m.start, m.end, [])
                 else m
                 for m in super().names(text, ents, role_blocked) if _plausible(m, text, org_spans, g)]
        if tokens is None:
            return model
        out = []
        rules = people.find(text, tokens, blocked, role_blocked)
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


def _plausible(m: NameMention, text: str, org_spans: list[tuple[int, int]], g: gazetteer.Gazetteers) -> bool:
    """May this tagger PERSON span stand, by the rules' negative knowledge?"""
    words = m.words
    if any(a <= m.start and m.end <= b for a, b in org_spans):
        return False                      # inside "Walt Disney Company"
    if m.text in g.not_names:
        return False
    if len(words) > 1 and words[-1] in g.not_name_heads and words[-1] not in g.surnames:
        return False                      # "Charles Bridge", "Abraham Accords"
    if len(words) == 1:
        w = words[0]
        if w in g.places or w in g.stopwords or w in g.honorifics:
            return False
        if w in people._PRONOUN_HOMOGRAPHS and not text[:m.start].strip(" \"“‘'(") and not m.honorific:
            return False                  # sentence-initial "He said": the pronoun
    return True
