"""Direct and reported speech with entity linking and the pronoun rule."""
from __future__ import annotations

from extract import from_text


def quotes(text: str) -> list[tuple[str, str]]:
    return [(q.person, q.quote) for q in from_text(text).quotes]


def test_direct_quote_said_name():
    assert quotes('"We will keep investing," said Linda Park, president of Blue Sky Airlines.') == [
        ("Linda Park", "We will keep investing")]


def test_direct_quote_name_said():
    assert quotes('"Prices are stable," John Smith said.') == [("John Smith", "Prices are stable")]


def test_direct_quote_after_colon_links_surname():
    text = 'Linda Park spoke first.\n\nPark said: "The market is recovering."'
    assert quotes(text) == [("Linda Park", "The market is recovering.")]


def test_multi_sentence_direct_quote_stays_whole():
    text = '"It works. It is cheap," said Ann Lee.'
    assert quotes(text) == [("Ann Lee", "It works. It is cheap")]


def test_reported_clause_before_said_name():
    text = "The merger is good for customers, said Ahmed Khan, director of the Nile Trade Association."
    assert quotes(text) == [("Ahmed Khan", "The merger is good for customers")]


def test_reported_name_said_that():
    text = "Wang Lei, director of the Hainan Department of Science, said at the ceremony that the lab would get funding."
    assert quotes(text) == [("Wang Lei", "the lab would get funding")]


def test_according_to():
    assert quotes("According to Maria Garcia, the rates will fall this year.") == [
        ("Maria Garcia", "the rates will fall this year")]


def test_pronoun_after_single_person():
    text = "Ann Lee opened the lab.\n\nShe said the lab would hire ten scientists."
    assert quotes(text) == [("Ann Lee", "the lab would hire ten scientists")]


def test_pronoun_ambiguous_after_two_people_is_dropped():
    text = "Ann Lee met John Smith.\n\nHe said the talks went well."
    assert quotes(text) == []


def test_pronoun_gender_conflict_is_dropped():
    text = "Mr Obi opened the lab.\n\nShe said the lab would hire ten scientists."
    assert quotes(text) == []


def test_he_added_after_quote_by_he_surname():
    text = ("The signing brings mutual benefits, said He Ming, Party chief of the university.\n\n"
            "The base serves as a vital platform for talent, He added.")
    assert quotes(text) == [
        ("He Ming", "The signing brings mutual benefits"),
        ("He Ming", "The base serves as a vital platform for talent"),
    ]


def test_quote_rows_share_person_id_with_people():
    rec = from_text("Prices are stable, said Ann Lee, chair of the Harbour Society.")
    assert rec.quotes[0].person_id == rec.people[0].person_id
    assert rec.quotes[0].paragraph_index == 0


def test_no_quote_without_speech():
    assert quotes("Zhang also expressed his hope for continued collaboration in sports.") == []
