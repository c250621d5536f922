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

from functools import lru_cache

from .span_ner import Ent, SpanNer


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


class SpacyNer(SpanNer):
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

    @staticmethod
    def keep_dates(found: list, ents: list[Ent]) -> list:
        """Rule-resolved dates that fall inside a spaCy DATE span."""
        spans = [(e.start, e.end) for e in ents if e.label == "DATE"]
        return [d for d in found if any(a <= d.start and d.end <= b for a, b in spans)]
