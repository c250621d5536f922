"""Building blocks: sentences, roles, gazetteers, from_text ids, no spaCy."""
from __future__ import annotations

import subprocess
import sys

from extract import from_text, roles, sentences
from extract.gazetteer import load


def test_sentence_split_keeps_titles_initials_and_quotes():
    text = 'Mr. Zhang met J. Smith on Jan. 5 in the U.S. capital. It went well. "It is good. Very good," he said.'
    assert [s.text for s in sentences.split(text)] == [
        "Mr. Zhang met J. Smith on Jan. 5 in the U.S. capital.",
        "It went well.",
        '"It is good. Very good," he said.',
    ]


def test_sentence_offsets():
    text = "One two. Three four."
    assert [(s.start, s.text) for s in sentences.split(text, 3)] == [(0, "One two."), (9, "Three four.")]
    assert all(s.paragraph_index == 3 for s in sentences.split(text, 3))


def test_role_normalisation():
    assert roles.normalise("CEO") == "chief executive officer"
    assert roles.normalise("Chief Executive Officer") == "chief executive officer"
    assert roles.normalise("chief executive") == "chief executive officer"
    assert roles.normalise("Vice President") == "vice-president"
    assert roles.normalise("secretary general") == "secretary-general"
    assert roles.normalise("deputy director general") == "deputy director-general"
    assert roles.normalise("Party chief") == "party chief"


def test_role_spans():
    found = [(r.text, r.normalised) for r in roles.find("Zhang, vice-president and secretary-general of the BSC")]
    assert found == [("vice-president", "vice-president"), ("secretary-general", "secretary-general")]
    assert roles.find("see ceo.html") == []


def test_gazetteers_ship_chinese_surnames_and_roles():
    g = load()
    assert {"Zhang", "He", "Liu", "Wang", "Li", "Chen", "Ma"} <= g.surnames
    assert "president" in g.roles and g.role_abbreviations["CEO"] == "chief executive officer"
    assert {"University", "Society", "Ministry", "Commission", "Inc", "Ltd", "Party", "Association", "Bank"} <= g.org_heads


def test_from_text_article_id_is_a_hash_of_the_text():
    a = from_text("Wang Yi, foreign minister, spoke.")
    b = from_text("Wang Yi, foreign minister, spoke.")
    assert a.people[0].article_id == b.people[0].article_id and len(a.people[0].article_id) == 16
    assert a.people[0].person_id == a.people[0].article_id + "-p1"


def test_paragraphs_split_on_blank_lines():
    rec = from_text("Wang Yi, foreign minister, spoke.\n\nAnn Lee, mayor of Riverton, spoke.")
    assert [(p.person, p.paragraph_index) for p in rec.people] == [("Wang Yi", 0), ("Ann Lee", 1)]


def test_empty_text():
    rec = from_text("")
    assert rec.people == rec.organisations == rec.dates == rec.quotes == []


def test_rule_based_path_does_not_import_spacy():
    code = ("import sys, extract; from datetime import date; "
            "extract.from_text('Wang Yi, foreign minister, said on March 3 it works.', date(2024,3,5)); "
            "assert 'spacy' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_has_future_finds_every_future_phrase_the_regex_does():
    """`has_future` only tries FUTURE where a phrase can start; it must agree with a full search."""
    from extract import cues

    texts = ["He said so on Monday.", "This is the set of plans they had.", "It opens the door to talks."]
    for phrase in cues.FUTURE_PHRASES + cues.FUTURE_STARTS:
        for text in (f"The fair {phrase} next week.", f"THE FAIR {phrase.upper()} ON MONDAY.",
                     f"It {phrase.replace(' ', chr(10) + '  ')} in May.", f"It {phrase}x in May.",
                     f"It re{phrase} in May.", f"It {phrase.replace(chr(39), '’')} in May.", f"It {phrase} the door."):
            texts.append(text)
    for text in texts:
        assert cues.has_future(text) == bool(cues.FUTURE.search(text)), text
    assert cues.has_future("The museum is expected to open in May.")
    assert cues.has_future("The museum opens next week.") and not cues.has_future("She opens the door.")
    assert not cues.has_future("The plan was set in 2020.")
