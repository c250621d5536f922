"""Name spans from a statistical model, turned into the recognisers' types.

A backend that finds PERSON and ORG spans (the shipped CRF tagger,
`extract.learned_ner`, or a spaCy pipeline, `extract.spacy_backend`) only has
to say where the spans are (`entities`); this base class turns them into the
person-name mentions and organisation scans that the rest of the pipeline
(roles, acronyms, linking, relations, quotes) works on, so every backend ends
in the same kind of `Records`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import gazetteer, orgs, people
from .people import NameMention
from .sentences import title_cased
from .tokens import overlaps

_POSSESSIVE = re.compile(r"['’]s?$")
_HONORIFIC_BEFORE = re.compile(r"\b([A-Z][a-z]{1,3})\.?\s+$")


@dataclass(frozen=True)
class Ent:
    start: int
    end: int
    label: str        # PERSON, ORG (or DATE, from spaCy)
    text: str
    prob: float = 1.0  # the model's confidence, where it gives one


class SpanNer:
    """Base of the model backends: subclasses implement `entities`.

    A PERSON span the model is less sure of than ``min_prob`` (one word) or
    ``min_prob_multi`` (several) is kept as a candidate that counts only when
    it links to a person established elsewhere in the article.  A one-word
    span of at least ``min_prob_alone`` is "likely": it needs that link in an
    article, but stands in a text of one sentence, where no full name could
    come first ("Mayer hinted that ...")."""

    min_prob = 0.0
    min_prob_multi = 0.0
    min_prob_alone = 0.0

    def entities(self, text: str) -> list[Ent]:
        raise NotImplementedError

    def names(self, text: str, ents: list[Ent], blocked: list[tuple[int, int]], tokens: list | None = None,
              all_blocked: list[tuple[int, int]] | None = None) -> list[NameMention]:
        """PERSON spans as name mentions (honorific and possessive split off);
        ``blocked`` are the role spans (``tokens`` and ``all_blocked``, with the
        organisations too, are for subclasses that consult the rules)."""
        g = gazetteer.load()
        out: list[NameMention] = []
        for e in ents:
            if e.label != "PERSON":
                continue
            start, end = e.start, e.end
            span = text[start:end]
            m = _POSSESSIVE.search(span)
            if m and m.start() > 0:
                end -= len(m.group(0))
                span = text[start:end]
            honorific = ""
            while True:
                first = span.split(" ", 1)[0]
                bare = first.rstrip(".")
                if " " in span and bare in g.honorifics:
                    honorific = bare
                    cut = len(first) + 1
                    start += cut
                    span = text[start:end]
                    continue
                break
            # a role spaCy swallowed ("President Joe Biden"): keep the name after it
            for rs, re_ in blocked:
                if rs <= start < re_ < end:
                    start = re_ + (1 if text[re_:re_ + 1] == " " else 0)
                    span = text[start:end]
            span = span.strip()
            if not span or any(rs <= start and end <= re_ for rs, re_ in blocked):
                continue
            initial = not text[:start].strip(" \"“‘'(")
            if not honorific:
                m = _HONORIFIC_BEFORE.search(text, max(0, start - 8), start)
                if m and m.group(1) in g.honorifics:
                    honorific = m.group(1)       # "Mr Obi": the model left the honorific out
            name = " ".join(span.split())
            one_word = " " not in name
            sure = e.prob >= (self.min_prob if one_word else self.min_prob_multi)
            alone = one_word and e.prob >= self.min_prob_alone
            if title_cased(text, start) and (one_word or not people.given_name(name.split(" ", 1)[0])):
                # capitals in a headline say nothing: a name there needs a link to
                # running text, unless it starts with a given name ("Biden Pardons",
                # "Anker Portable Charger" do not; "Florence Pugh Hit By ..." does)
                sure = alone = False
            status = "accepted" if sure or honorific else "likely" if alone else "needs_link"
            out.append(NameMention(start, start + len(span), name, honorific, status, initial))
        return out

    def org_scan(self, text: str, tokens, blocked: list[tuple[int, int]], ents: list[Ent]) -> orgs.SentenceOrgs:
        """ORG spans as organisation names, plus the rules' acronym definitions."""
        found = orgs.scan(text, tokens, blocked)     # acronym definitions "(BSC)" still count
        names = [(e.start, e.end, e.text) for e in ents if e.label == "ORG"
                 and not overlaps(e.start, e.end, blocked)]
        covered = [(a, b) for a, b, _ in names]
        for a, b, name in found.names:
            if not overlaps(a, b, covered):
                names.append((a, b, name))
        found.names = sorted(names)
        return found

    @staticmethod
    def keep_dates(found: list, ents: list[Ent]) -> list:
        """The rule-resolved dates to keep (all of them, unless the model finds dates)."""
        return found
