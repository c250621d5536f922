"""The optional spaCy backend, exercised with a fake ``nlp`` (spaCy is not installed)."""
from __future__ import annotations

import re
import sys
from datetime import date

import pytest

from extract import from_text, spacy_backend


class _Span:
    def __init__(self, text: str, start: int, end: int, label: str):
        self.text, self.start_char, self.end_char, self.label_ = text[start:end], start, end, label


class _Doc:
    def __init__(self, ents):
        self.ents = ents


class FakeNlp:
    """Marks fixed phrases with fixed labels, the way a spaCy model would."""

    def __init__(self, table: dict[str, str]):
        self.table = table
        self.calls = 0

    def __call__(self, text: str) -> _Doc:
        self.calls += 1
        ents = []
        for phrase, label in self.table.items():
            for m in re.finditer(re.escape(phrase), text):
                ents.append(_Span(text, m.start(), m.end(), label))
        ents.sort(key=lambda e: (e.start_char, -e.end_char))
        kept = []
        for e in ents:   # spaCy's doc.ents never overlap
            if not kept or e.start_char >= kept[-1].end_char:
                kept.append(e)
        return _Doc(kept)


@pytest.fixture
def fake(monkeypatch):
    nlp = FakeNlp({
        "Tedros Ghebreyesus": "PERSON",     # in no gazetteer: only the model knows it
        "Tedros": "PERSON",
        "Mr. Okonkwo": "PERSON",
        "World Health Organization": "ORG",
        "Zephyr Labs": "ORG",
        "Friday": "DATE",
    })
    monkeypatch.setattr(spacy_backend, "_load_spacy", lambda model: nlp)
    return nlp


TEXT = ("Tedros Ghebreyesus, director-general of the World Health Organization, spoke on Friday. "
        "Tedros said the risk was low.\n\n"
        "Mr. Okonkwo, chief executive of Zephyr Labs, agreed in 2021.")


def test_spacy_backend_feeds_the_shared_logic(fake):
    rec = from_text(TEXT, date(2024, 3, 25), ner="spacy:en_fake")
    assert fake.calls >= 3
    rows = {(p.person, p.role_normalised, p.organisation) for p in rec.people}
    assert ("Tedros Ghebreyesus", "director-general", "World Health Organization") in rows
    assert ("Okonkwo", "chief executive officer", "Zephyr Labs") in rows
    # "Tedros" links to the full name, as on the rules path
    assert len({p.person_id for p in rec.people if p.person.startswith("Tedros")}) == 1
    assert {q.person for q in rec.quotes} == {"Tedros Ghebreyesus"}
    # only dates inside DATE spans are kept, resolved by the shared rules
    assert [d.value for d in rec.dates] == ["2024-03-22"]
    assert {o.organisation for o in rec.organisations} >= {"World Health Organization", "Zephyr Labs"}


def test_rules_path_unchanged_by_option():
    assert from_text(TEXT, date(2024, 3, 25)) == from_text(TEXT, date(2024, 3, 25), ner="rules")


def test_missing_spacy_gives_clear_error(monkeypatch):
    spacy_backend._load_spacy.cache_clear()
    monkeypatch.setitem(sys.modules, "spacy", None)     # "import spacy" raises ImportError
    with pytest.raises(spacy_backend.SpacyUnavailable, match=r"pip install spacy.*en_core_web_sm"):
        from_text("Ann Lee spoke.", ner="spacy:en_core_web_sm")


def test_unknown_backend_rejected():
    with pytest.raises(ValueError, match="unknown NER backend"):
        from_text("Ann Lee spoke.", ner="stanza")


def test_records_accepts_ner(fake):
    from extract import records
    from scraper.model import Article

    art = Article(url="https://example.org/a", paragraphs=["Tedros Ghebreyesus, director-general of the "
                                                           "World Health Organization, spoke."])
    assert [p.person for p in records(art, ner="spacy:x").people] == ["Tedros Ghebreyesus"]


def test_check_ner(fake):
    from extract import check_ner

    check_ner("rules")
    check_ner("spacy:en_fake")          # loads (here: the fake) once
    with pytest.raises(ValueError):
        check_ner("spacy:")
