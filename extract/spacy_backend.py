"""Optional spaCy NER backend: ``ner="spacy:MODEL"``.

spaCy replaces only the *finding* of names: its PERSON spans become the
person-name candidates, its ORG spans the organisation names, and its DATE
spans select which rule-found dates are kept.  Everything after that is the
shared logic of the rules path: roles (`roles`), acronym definitions and
back-references (`orgs.OrgIndex`), person linking (`entities.link`),
relations, date resolution against the reference date, and quotes.  So both
backends produce the same kind of `Records`.

spaCy is imported lazily, here only; the rules path never imports it.  The
model is loaded once per process and name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import gazetteer, orgs
from .people import NameMention

_POSSESSIVE = re.compile(r"['’]s?$")


class SpacyUnavailable(RuntimeError):
    """spaCy or the requested model is not installed."""


def _message(model: str) -> str:
    return (f"spaCy backend needs `pip install spacy` and the model {model} "
            f"(e.g. `python -m spacy download {model}`); or use ner='rules'")


@lru_cache(maxsize=4)
def _load_spacy(model: str):
    """The spaCy pipeline ``model`` (tests replace this with a fake)."""
    try:
        import spacy  # noqa: PLC0415 - optional dependency, imported on demand
    except ImportError as exc:
        raise SpacyUnavailable(_message(model)) from exc
    try:
        return spacy.load(model, disable=["lemmatizer"])
    except OSError as exc:
        raise SpacyUnavailable(_message(model)) from exc


@dataclass(frozen=True)
class Ent:
    start: int
    end: int
    label: str
    text: str


class SpacyNer:
    """Adapter from a spaCy ``nlp`` to the recognisers' data types."""

    def __init__(self, model: str):
        self.model = model
        self.nlp = _load_spacy(model)

    def entities(self, text: str) -> list[Ent]:
        doc = self.nlp(text)
        out = []
        for e in doc.ents:
            label = e.label_
            if label in ("PERSON", "PER"):
                label = "PERSON"
            if label in ("PERSON", "ORG", "DATE"):
                out.append(Ent(e.start_char, e.end_char, label, e.text))
        return out

    def names(self, text: str, ents: list[Ent], blocked: list[tuple[int, int]]) -> list[NameMention]:
        """PERSON spans as name mentions (honorific and possessive split off)."""
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
            out.append(NameMention(start, start + len(span), " ".join(span.split()), honorific,
                                   "accepted", initial))
        return out

    def org_scan(self, text: str, tokens, blocked: list[tuple[int, int]], ents: list[Ent]) -> orgs.SentenceOrgs:
        """ORG spans as organisation names, plus the rules' acronym definitions."""
        found = orgs.scan(text, tokens, blocked)     # acronym definitions "(BSC)" still count
        names = [(e.start, e.end, e.text) for e in ents if e.label == "ORG"
                 and not any(a < e.end and e.start < b for a, b in blocked)]
        covered = [(a, b) for a, b, _ in names]
        for a, b, name in found.names:
            if not any(x < b and a < y for x, y in covered):
                names.append((a, b, name))
        found.names = sorted(names)
        return found

    @staticmethod
    def keep_dates(found: list, ents: list[Ent]) -> list:
        """Rule-resolved dates that fall inside a spaCy DATE span."""
        spans = [(e.start, e.end) for e in ents if e.label == "DATE"]
        return [d for d in found if any(a <= d.start and d.end <= b for a, b in spans)]
