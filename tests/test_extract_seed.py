"""Seed acceptance for the extractor: the BSC-CUPES article, built directly.

The article is constructed here from its 10 body paragraphs and 3 captions
(credit stored separately, as the parser does) so this test does not depend
on the HTML parser.
"""
from __future__ import annotations

from datetime import date

import pytest

from extract import records
from scraper.model import Article, Image

BSC = "Biophysical Society of China"
CUPES = "Capital University of Physical Education and Sports"

PARAGRAPHS = [
    "The Biophysical Society of China (BSC) and the Capital University of Physical Education and Sports (CUPES) "
    "signed a strategic cooperation framework agreement at a ceremony in Beijing on March 16.",
    "The event also witnessed the establishment of the popular science education base co-built by the two institutions.",
    "The signing of the agreement marks a successful exploration of the synergies between sports medicine and "
    "biophysics, leading to mutual benefits, said He Ming, Party chief of the university.",
    "The establishment of the popular science education base not only reflects the shared vision for cooperation in "
    "sci-tech popularization between the two parties, but also serves as a vital platform for nurturing talent in "
    "sports science, He added.",
    "The strategic cooperation between the BSC and the CUPES will provide crucial support for the application and "
    "promotion of biophysics in sports medicine, said Zhang Hong, vice-president and secretary-general of the BSC.",
    "Zhang also expressed his hope for continued collaboration in promoting sports knowledge, encouraging active "
    "participation in sports, enhancing physical fitness and upholding the spirit of sports.",
    "He said he believes that the cooperation between the two sides will facilitate interdisciplinary integration, "
    "improve the scientific literacy of the younger generation, and contribute to the development of education and "
    "sports in China.",
    "Subsequent to the ceremony, Liu Pingsheng, director-general of the BSC, delivered an academic report on lipid "
    "droplets and human health.",
    "The construction of popular science education bases is an important part of the BSC's mission to disseminate "
    "science popularization resources.",
    "As of March, the BSC has collaborated with primary and secondary schools, universities and science associations "
    "in establishing 13 popular science bases. It has also conducted various online and offline activities which "
    "have benefited a wide range of audiences.",
]
CREDIT = "WeChat account: BSC"
CAPTIONS = [
    ("1_副本.jpg", 1, "Zhang Hong (L, C), vice-president and secretary-general of the BSC, and He Ming, Party chief of "
                   "the CUPES, sign a strategic cooperation framework agreement."),
    ("2_副本.jpg", 1, "Zhang Hong (L) and He Ming confer the plaque of the BSC-CUPES Popular Science Education Base."),
    ("3_副本.jpg", 7, "Liu Pingsheng, director-general of the BSC, delivers an academic report."),
]


def seed_article() -> Article:
    return Article(
        url="https://example.org/seed/bsc-cupes.html",
        title="BSC, CUPES establish popular science education base",
        updated=date(2024, 3, 25),
        section="News",
        paragraphs=list(PARAGRAPHS),
        images=[Image(src=src, caption=cap, credit=CREDIT, position=pos) for src, pos, cap in CAPTIONS],
    )


@pytest.fixture(scope="module")
def recs():
    return records(seed_article())


def test_people_triples_exactly(recs):
    triples = {(p.person, p.role, p.organisation, p.org_acronym) for p in recs.people if p.role}
    assert triples == {
        ("Zhang Hong", "vice-president", BSC, "BSC"),
        ("Zhang Hong", "secretary-general", BSC, "BSC"),
        ("He Ming", "Party chief", CUPES, "CUPES"),
        ("Liu Pingsheng", "director-general", BSC, "BSC"),
    }


def test_people_are_only_the_three_entities(recs):
    assert {p.person for p in recs.people} == {"Zhang Hong", "He Ming", "Liu Pingsheng"}
    ids = {}
    for p in recs.people:
        ids.setdefault(p.person, set()).add(p.person_id)
    assert all(len(v) == 1 for v in ids.values())
    assert len({next(iter(v)) for v in ids.values()}) == 3


def test_one_row_per_person_role_org(recs):
    keys = [(p.person, p.role_normalised, p.organisation) for p in recs.people if p.role]
    assert len(keys) == len(set(keys))


def test_role_normalised(recs):
    norm = {(p.person, p.role_normalised) for p in recs.people if p.role}
    assert ("He Ming", "party chief") in norm
    assert ("Zhang Hong", "vice-president") in norm


def test_photo_positions(recs):
    zhang = [p for p in recs.people if p.person == "Zhang Hong"]
    cap1 = [p for p in zhang if p.image_index == 0]
    cap2 = [p for p in zhang if p.image_index == 1]
    assert cap1 and all(p.photo_position == "L, C" for p in cap1)
    assert {p.role_normalised for p in cap1} == {"vice-president", "secretary-general"}
    assert cap2 == []  # a second photo of a person with known roles adds no role-less row
    for p in recs.people:
        assert "(" not in p.person
        if p.image_index is not None:
            assert p.paragraph_index is None
        else:
            assert p.photo_position == ""
        assert p.sentence


def test_caption_evidence_rows(recs):
    liu = [p for p in recs.people if p.person == "Liu Pingsheng"]
    assert len(liu) == 1 and liu[0].sentence.startswith("Liu Pingsheng, director-general")


def test_organisations(recs):
    orgs = {o.organisation: o for o in recs.organisations}
    assert orgs[BSC].acronym == "BSC"
    assert orgs[CUPES].acronym == "CUPES"
    # definition, acronyms (incl. BSC-CUPES and the BSC's) and "the university"
    assert orgs[BSC].mentions == 9
    assert orgs[CUPES].mentions == 5
    assert set(orgs) == {BSC, CUPES}


def test_dates(recs):
    got = sorted((d.value, d.granularity) for d in recs.dates)
    assert got == [("2024-03", "month"), ("2024-03-16", "day")]
    by_value = {d.value: d for d in recs.dates}
    assert by_value["2024-03-16"].paragraph_index == 0
    assert by_value["2024-03"].paragraph_index == 9
    assert "March" in by_value["2024-03"].text


def test_quotes(recs):
    by_person = {}
    for q in recs.quotes:
        by_person.setdefault(q.person, []).append(q)
    assert set(by_person) == {"He Ming", "Zhang Hong"}
    he = by_person["He Ming"]
    assert any(q.quote.startswith("The signing of the agreement marks") and q.quote.endswith("mutual benefits")
               and q.paragraph_index == 2 for q in he)
    assert any(q.quote.startswith("The establishment of the popular science education base") and q.paragraph_index == 3
               for q in he)
    zhang = by_person["Zhang Hong"]
    assert any(q.quote.startswith("The strategic cooperation") and q.quote.endswith("sports medicine") for q in zhang)
    ids = {q.person: q.person_id for q in recs.quotes}
    people_ids = {p.person: p.person_id for p in recs.people}
    assert all(ids[k] == people_ids[k] for k in ids)
    # "He said he believes ..." follows a sentence about Zhang only: the pronoun is Zhang Hong
    assert all(q.person == "Zhang Hong" for q in recs.quotes if q.paragraph_index == 6)


def test_article_id_everywhere(recs):
    aid = seed_article().article_id
    for table in (recs.people, recs.organisations, recs.dates, recs.quotes):
        assert all(r.article_id == aid for r in table)
