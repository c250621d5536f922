"""The learned PERSON/ORG tagger: loading, spans on sentences written here,
thread safety, a missing model, corpus conversion and reproducible training."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from extract import from_text, tagger, tagger_corpora, tagger_train
from extract.tagger_corpora import Sentence
from extract.tagger_features import features, tokenize

SENTENCES = [
    "Tom Hegel, a threat researcher at the company, said the group had been active since May.",
    "Maria Gonzalez, the mayor of the city, opened the new bridge on Tuesday.",
    "The president of Acme Corporation, Daniel Whitfield, announced record profits.",
    "Officials at the World Bank said the loan would be approved next week.",
    "Nothing capitalised here but the first word.",
]


def test_model_loads_and_is_small():
    tagger.check()
    assert tagger.model_path().exists()
    assert tagger.model_path().stat().st_size < 30 * 1024 * 1024


def test_spans_have_offsets_labels_and_confidence():
    text = SENTENCES[0]
    spans = tagger.spans(text)
    people = [s for s in spans if s.label == "PERSON"]
    assert [s.text for s in people] == ["Tom Hegel"]
    for s in spans:
        assert text[s.start:s.end] == s.text
        assert s.label in ("PERSON", "ORG")
        assert 0.0 <= s.prob <= 1.0


def test_a_few_sentences():
    found = {(s.text, s.label) for text in SENTENCES for s in tagger.spans(text)}
    assert ("Maria Gonzalez", "PERSON") in found
    assert ("Daniel Whitfield", "PERSON") in found
    assert ("World Bank", "ORG") in found
    assert not tagger.spans(SENTENCES[-1])


def test_span_never_starts_or_ends_on_punctuation():
    for text in ['"Jane Doe" said it.', "(Acme Corporation) grew.", "— Mike Beauvais (@MikeBeauvais) wrote."]:
        for s in tagger.spans(text):
            assert s.text[0].isalnum() and s.text[-1].isalnum(), s


def test_thread_safety_same_answers_as_one_thread():
    texts = SENTENCES * 20
    expected = [tagger.spans(t) for t in texts]
    results: dict[int, list] = {}

    def work(k: int) -> None:
        results[k] = [tagger.spans(t) for t in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[k] == expected for k in range(4))


def test_threads_meeting_empty_lexicon_caches_build_each_once(monkeypatch):
    """A batch parses in several fetch threads; the first sentence of each must
    wait for one build of the lexicons, not build its own copy under the GIL."""
    from extract import people, tagger_features

    built = {"lex": 0, "cities": 0}
    lex_class, read_cities = tagger_features._Lex, people._read_cities

    def counting_lex():
        built["lex"] += 1
        return lex_class()

    def counting_cities():
        built["cities"] += 1
        return read_cities()

    monkeypatch.setattr(tagger_features, "_Lex", counting_lex)
    monkeypatch.setattr(people, "_read_cities", counting_cities)
    monkeypatch.setattr(tagger_features, "_lex_cache", None)
    monkeypatch.setattr(people, "_CITIES", [])
    start = threading.Barrier(6)

    def work() -> None:
        start.wait()
        from_text("Jane Smith, chief executive of Halden Group, said the company would grow.")

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert built == {"lex": 1, "cities": 1}


def test_missing_model_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("BROADSHEET_NER_MODEL", str(tmp_path / "nope.crfsuite"))
    with pytest.raises(tagger.TaggerUnavailable, match="not found.*tagger_train"):
        tagger.spans("Jane Doe said so.")


def test_tokens_keep_initials_and_split_possessives():
    words = [w for _, _, w in tokenize("Patrick W. Gibson of the U.S. said Biden's plan works.")]
    assert words == ["Patrick", "W.", "Gibson", "of", "the", "U.S.", "said", "Biden", "'s", "plan", "works", "."]


def test_person_spans_are_names_only():
    words = "Environment Minister John Baird met President Bush".split()
    gum_like = tagger_corpora.normalise(words, [(0, 4, "PER"), (5, 7, "PER")], every_mention=True)
    assert [words[a:b] for a, b, _ in gum_like] == [["John", "Baird"], ["Bush"]]
    # every-mention corpora: a lower-case mention is no name, a pronoun neither
    words = "the students and I met Dr Jane Doe".split()
    spans = tagger_corpora.normalise(words, [(0, 2, "PER"), (3, 4, "PER"), (5, 8, "PER")], every_mention=True)
    assert [words[a:b] for a, b, _ in spans] == [["Jane", "Doe"]]


def test_bio_spans_round_trip():
    tags = ["B-PER", "I-PER", "O", "B-ORG", "B-ORG", "I-ORG"]
    spans = tagger_corpora._spans(tags)
    assert spans == [(0, 2, "PER"), (3, 4, "ORG"), (4, 6, "ORG")]
    assert tagger_corpora._bio(6, spans) == tags


def _toy_corpus() -> list[Sentence]:
    out = []
    for first, last, org in [("Anna", "Berg", "Nordbank"), ("Omar", "Haddad", "Riverton Labs"),
                             ("Li", "Wei", "Acme Corporation"), ("Sara", "Lind", "Eastgate Group")]:
        org_words = org.split()
        words = [first, last, ",", "an", "analyst", "at", *org_words, ",", "said", "so", "."]
        tags = ["B-PER", "I-PER", "O", "O", "O", "O", "B-ORG", *["I-ORG"] * (len(org_words) - 1), "O", "O", "O", "O"]
        out.append(Sentence(words, tags, "toy"))
    return out * 5


def test_training_is_reproducible(tmp_path):
    a, b = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    tagger_train.train(_toy_corpus(), a, {"max_iterations": 30})
    tagger_train.train(_toy_corpus(), b, {"max_iterations": 30})
    assert a.read_bytes() == b.read_bytes()
    import pycrfsuite
    t = pycrfsuite.Tagger()
    t.open(str(a))
    words = "Jon Moss , an analyst at Westfield Group , said so .".split()
    assert t.tag(features(words))[:2] == ["B-PER", "I-PER"]


@pytest.mark.skipif(not tagger_corpora.available(), reason="../shared/ner not present")
def test_corpora_read_into_one_convention():
    for sents in (tagger_corpora.uner("dev")[:200], tagger_corpora.wikigold()[:200],
                  tagger_corpora.wnut17("dev")[:200], tagger_corpora.gum("news")[:200]):
        assert sents
        for s in sents:
            assert len(s.words) == len(s.tags)
            assert set(s.tags) <= {"O", "B-PER", "I-PER", "B-ORG", "I-ORG"}


def test_shipped_model_has_its_readme_and_metadata():
    folder = Path(tagger.DEFAULT_MODEL).parent
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "CC BY-SA" in readme and "python -m extract.tagger_train" in readme
    assert (folder / "ner-en.json").exists()


def test_silver_mentions_come_from_the_whole_article():
    from extract.pipeline import mentions
    text = "Aamir Saqib, a professor at Acme University, spoke.\n\nSaqib said the plan works."
    (s1, m1), (s2, m2) = mentions(text, ner="rules")
    assert [(s1[a:b], label) for a, b, label in m1] == [("Aamir Saqib", "PERSON"), ("Acme University", "ORG")]
    assert [(s2[a:b], label) for a, b, label in m2] == [("Saqib", "PERSON")]     # linked to the full name


def test_silver_sentence_with_an_unexplained_capital_is_left_out():
    words = ["Officials", "at", "Google", "said", "so", "."]
    assert tagger_train._unexplained_capitals(words, ["O"] * 6)
    assert not tagger_train._unexplained_capitals(words, ["O", "O", "B-ORG", "O", "O", "O"])


def test_known_organisations_are_matched_longest_first_case_as_written():
    from extract.tagger_features import known_orgs
    words = [t[2] for t in tokenize("Officials of the World Bank Group and of world bank and of Netflix met.")]
    index = {"World": (("World", "Bank", "Group"), ("World", "Bank")), "Netflix": (("Netflix",),)}
    found = [" ".join(words[a:b]) for a, b in known_orgs(words, index)]
    assert found == ["World Bank Group", "Netflix"]
    assert [" ".join(words[a:b]) for a, b in known_orgs(words)][-1] == "Netflix"    # the shipped list
    feats = features(words)
    assert "known_org" in feats[words.index("Netflix")] and "known_org" not in feats[words.index("world")]
    assert "+1:known_org" in feats[words.index("Netflix") - 1]


def test_a_known_name_listed_with_its_the_counts_only_with_it_inside_a_sentence():
    from extract.tagger_features import known_orgs
    index = {"The": (("The", "Hill"),), "Times": (("Times", "of", "India"),)}

    def found(text):
        words = [t[2] for t in tokenize(text)]
        return [" ".join(words[a:b]) for a, b in known_orgs(words, index)]
    assert found("She told The Hill on Monday.") == ["Hill"]        # the name is the words after "The"
    assert found("She walked up the Hill and Capitol Hill.") == []
    assert found("The Hill is steep.") == []                          # a sentence's first "The" proves nothing
    index["The"] = (("The", "Times"),)
    assert found("He told The Times of India so.") == ["Times of India"]   # a longer name after "The" wins


def test_silver_keeps_only_sure_organisations():
    assert tagger_train._sure_org("Netflix") and tagger_train._sure_org("FBI")
    assert not tagger_train._sure_org("Stadia port of Rockstar")


def test_silver_labels_a_known_organisation_the_rules_left_out():
    words = ["Officials", "at", "Netflix", "said", "so", "."]
    tags = ["O"] * 6
    tagger_train._label_known_orgs(words, tags)
    assert tags == ["O", "O", "B-ORG", "O", "O", "O"]
    tags = ["O", "O", "B-PER", "O", "O", "O"]       # the rules' own label stands
    tagger_train._label_known_orgs(words, tags)
    assert tags[2] == "B-PER"


@pytest.mark.parametrize("text,orgs", [
    ("Google Stadia launched on Tuesday.", ["Google"]),                 # a company and its product
    ("Amazon Web Services grew fast.", ["Amazon Web Services"]),        # listed as a whole
    ("Sony Pictures Entertainment said so.", ["Sony Pictures Entertainment"]),   # a head in the rest
])
def test_a_product_after_a_well_known_company_is_cut_off(text, orgs):
    from datetime import date
    from extract import from_text
    assert [o.organisation for o in from_text(text, date(2024, 1, 1)).organisations] == orgs


@pytest.mark.parametrize("line, title_cased", [
    ("Why Does Marlow Still Refuse To Talk?", True),
    ("Senator Quits Over Budget Row With Party Leaders", True),      # "Over", "With" capitalised too
    ("Storm Hits Coast: What Comes Next for Residents", True),       # "for" is a function word
    ("Pickering met Alvarez at the Lakeside Club on Friday.", False),  # a verb in lower case
    ("Nurses didn't expect Hollis at the Riverside Hospital on Monday.", False),
    ("Marlow Quits", False),                                         # too short to tell
])
def test_title_case_lines(line, title_cased):
    """A headline in title case gives a capital letter no weight as evidence
    of a name: a one-word span there needs a link or a speech verb."""
    from extract.sentences import title_cased as is_title_cased
    assert is_title_cased(line, 0) is title_cased


@pytest.mark.parametrize("text", [
    "Jay Chaudhry, the founder and chief executive of Zscaler, said so.",
    "Mr. Chaudhry, who runs the security firm Zscaler, said so.",
])
def test_person_span_never_starts_with_a_common_lower_case_word(text):
    for s in tagger.spans(text):
        if s.label == "PERSON":
            assert s.text[:1].isupper(), s


def test_person_span_may_start_with_a_particle():
    assert "Bill de Blasio" in [s.text for s in tagger.spans("Mayor Bill de Blasio said so.")]


def test_a_particle_between_two_person_spans_joins_them():
    from extract.tagger import _split_person_spans
    words = ["Laurence", "des", "Cars", "runs", "the", "Louvre"]
    tags = ["B-PER", "O", "B-PER", "O", "O", "B-ORG"]
    assert _split_person_spans(words, tags) == ["B-PER", "I-PER", "I-PER", "O", "O", "B-ORG"]
    # a particle after a person and before a non-person stays outside
    assert _split_person_spans(["Smith", "de", "Paris"], ["B-PER", "O", "B-ORG"]) == ["B-PER", "O", "B-ORG"]


@pytest.mark.parametrize("headline, span, status", [
    ("Biden Pardons Thousands More for Pot Offenses", "Biden Pardons", "needs_link"),   # no given name first
    ("Anker Portable Charger", "Anker Portable Charger", "needs_link"),
    ("Florence Pugh Hit By An Object At Film Panel", "Florence Pugh", "accepted"),
    ("The Anker Portable Charger sold out on Friday", "Anker Portable Charger", "accepted"),  # running text
])
def test_a_headline_name_needs_a_given_name_first_or_a_link(headline, span, status):
    from extract.span_ner import Ent, SpanNer
    start = headline.index(span)
    ents = [Ent(start, start + len(span), "PERSON", span, 0.99)]
    assert [m.status for m in SpanNer().names(headline, ents, [])] == [status]


@pytest.mark.parametrize("text, people", [
    ("Marta Ruiz - Like Gasly, Ruiz had a podium in Monaco.", ["Marta Ruiz", "Gasly"]),
    ("Steering assist is added on all but the base S. The top trims also have it.", []),
])
def test_a_name_neither_starts_on_a_clause_opening_function_word_nor_is_a_lone_initial(text, people):
    assert [p.person for p in from_text(text).people] == people


def test_a_well_known_name_replaces_the_pieces_the_tagger_split_it_into():
    from extract.learned_ner import _widened_to_known
    text = "Data from Customs and Border Protection show a rise."
    a, b = text.index("Customs"), text.index("Border")
    names = [(a, a + 7, "Customs"), (b, b + 17, "Border Protection")]
    out, taken = _widened_to_known(text, names, [(n[0], n[1]) for n in names], [], 0.9)
    assert [n[2] for n in out] == ["Customs and Border Protection"]
    # not across a role or another claimed span at its edge, nor over a person the tagger is sure of
    out, _ = _widened_to_known(text, names, [(n[0], n[1]) for n in names] + [(b + 7, b + 40)], [], 0.9)
    assert [n[2] for n in out] == ["Customs", "Border Protection"]


@pytest.mark.parametrize("text, orgs, rows", [
    ("Jack Buser, director for games at Google, tells The Hollywood Reporter.",
     ["Google", "Hollywood Reporter"], [("Jack Buser", "director for games", "Google")]),
    ("Jane Roe, a spokesperson for the U.S. Coast Guard, said so.",
     ["U.S. Coast Guard"], [("Jane Roe", "spokesperson", "U.S. Coast Guard")]),
    # a title that is no well-known name's word stays a title
    ("Press Secretary Karine Jean-Pierre spoke at the White House.",
     ["White House"], [("Karine Jean-Pierre", "Press Secretary", "")]),
])
def test_a_role_word_inside_a_well_known_name_is_part_of_it(text, orgs, rows):
    r = from_text(text)
    assert [o.organisation for o in r.organisations] == orgs
    assert [(p.person, p.role, p.organisation) for p in r.people] == rows


def test_a_well_known_name_going_on_after_a_persons_possessive_is_the_organisation():
    r = from_text("The review ran in Tom's Guide last week, and at Dick's Sporting Goods.")
    assert [o.organisation for o in r.organisations] == ["Tom's Guide", "Dick's Sporting Goods"]
    assert r.people == []
    assert [p.person for p in from_text("Chris Christie's campaign said so.").people] == ["Chris Christie"]


def test_a_person_span_does_not_end_on_a_number():
    spans = tagger.spans("1 Kyle Busch 5040 5 1 17 27 2 Martin Truex Jr. 5035 7 0 15 24")
    assert [s.text for s in spans if s.label == "PERSON"] == ["Kyle Busch", "Martin Truex Jr."]


def test_a_head_word_name_that_joined_a_person_by_and_starts_after_it():
    from extract.learned_ner import _after_a_person
    from extract.span_ner import Ent
    text = "She fought Braun and The Carlyle Group in court."
    a = text.index("Braun")
    name = (a, text.index(" in court"), "Braun and The Carlyle Group")
    assert _after_a_person(text, name, [Ent(a, a + 5, "PERSON", "Braun", 0.87)])[2] == "Carlyle Group"
    assert _after_a_person(text, name, [])[2] == "Braun and The Carlyle Group"   # "Securities and Exchange ..."
