"""Hand-computed cases for benchmarks/metrics.py."""
from datetime import date, datetime, timedelta, timezone

import pytest

from benchmarks import metrics as m


def test_tokens_and_shingles():
    assert m.tokens("Hello, world! It's 2024.") == ["Hello", "world", "It", "s", "2024"]
    sh = m.shingles("a b c d e")
    assert sh == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    # fewer than four tokens: one short shingle; empty: none
    assert m.shingles("a b") == {("a", "b"): 1}
    assert m.shingles("  ,, ") == {}
    # repeated shingles are counted
    assert m.shingles("x y z w x y z w")[("x", "y", "z", "w")] == 2


def test_page_scores_hand_computed():
    # gold a..f: 3 shingles (abcd, bcde, cdef); prediction a..e: 2 shingles, both in gold
    p, r = m.page_body_scores("a b c d e", "a b c d e f")
    assert p == 1.0 and r == pytest.approx(2 / 3)
    # prediction with one extra shingle: abcd, bcde, cdez -> 2 TP, 1 FP
    p, r = m.page_body_scores("a b c d e z", "a b c d e f")
    assert p == pytest.approx(2 / 3) and r == pytest.approx(2 / 3)
    # multiset: prediction repeats a shingle the gold has once
    p, r = m.page_body_scores("a b c d a b c d", "a b c d")
    # pred shingles: abcd x2, bcda, cdab, dabc -> 5; TP = 1
    assert p == pytest.approx(1 / 5) and r == 1.0
    # empty prediction: precision undefined, recall 0
    assert m.page_body_scores("", "a b c d") == (None, 0.0)
    # both empty: FP = FN = 0 -> 1 and 1
    assert m.page_body_scores("", "") == (1.0, 1.0)
    # punctuation and spacing are ignored, case is kept
    assert m.page_body_scores("A, b; c\n\nd", "A b c d") == (1.0, 1.0)
    assert m.page_body_scores("a b c d", "A b c d") == (0.0, 0.0)


def test_body_scores_means():
    pairs = [
        ("a b c d e", "a b c d e f"),  # P 1, R 2/3
        ("", "x y z w"),  # P excluded, R 0
        ("a b c d", "a b c d"),  # P 1, R 1, exact
    ]
    s = m.body_scores(pairs)
    assert s.precision == pytest.approx(1.0)
    assert s.recall == pytest.approx((2 / 3 + 0 + 1) / 3)
    R = (2 / 3 + 1) / 3
    assert s.f1 == pytest.approx(2 * 1.0 * R / (1.0 + R))
    assert s.accuracy == pytest.approx(1 / 3)
    assert s.empty_predictions == 1


def test_normalise():
    assert m.normalise("  \u201cIt\u2019s\u201d \u2014 A\u00a0Test  ") == "\"it's\" - a test"
    assert m.normalise("\uff21BC") == "abc"  # NFKC fullwidth
    assert m.normalise("Stra\u00dfe") == "strasse"  # casefold
    assert m.normalise(None) == ""


def test_titles():
    assert m.title_exact("The  Title\u2019s", "the title's")
    assert not m.title_exact("", "")
    assert not m.title_exact("The Title - Site", "The Title")
    assert m.title_relaxed("The Title - Site", "The Title")
    assert m.title_relaxed("Title", "The Title")
    assert not m.title_relaxed("", "The Title")
    assert not m.title_relaxed("Other", "The Title")


def test_dates():
    assert m.date_correct("2023-05-01T23:30:00-07:00", "2023-05-01")
    # no time-zone conversion
    tz = timezone(timedelta(hours=-7))
    assert m.date_correct(datetime(2023, 5, 1, 23, 30, tzinfo=tz), "2023-05-01")
    assert m.date_correct(date(2023, 5, 1), "2023-05-01")
    assert not m.date_correct(date(2023, 5, 2), "2023-05-01")
    assert not m.date_correct(None, "2023-05-01")
    assert m.date_correct(None, None)
    assert not m.date_correct("2023-05-01", None)


def test_author_sets():
    assert m.author_set("Chris E. Hayner, Jane  Doe", gold=True) == {"chris e hayner", "jane doe"}
    assert m.author_set(["Chris E Hayner", "Jane Doe |"]) == {"chris e hayner", "jane doe"}
    # predicted names are split on commas and semicolons; suffixes dropped; duplicates collapse
    assert m.author_set(["A B; C D", "Jr.", "a b", "Ph.D."]) == {"a b", "c d"}
    assert m.author_set("", gold=True) == set()


def test_authors_f1():
    assert m.authors_f1([], "") == 1.0
    assert m.authors_f1(["Someone"], "") == 0.0
    assert m.authors_f1([], "Jane Doe") == 0.0
    assert m.authors_f1(["Jane Doe"], "Jane Doe") == 1.0
    # gold 2 names, prediction 1 correct + 1 wrong -> 2*1/(2+2)
    assert m.authors_f1(["Jane Doe", "Staff"], "Jane Doe, John Roe") == pytest.approx(0.5)
    # gold 1, prediction 2 with one right -> 2*1/3
    assert m.authors_f1(["Jane Doe", "John Roe"], "Jane Doe") == pytest.approx(2 / 3)
    assert m.authors_f1(["By Jane Doe"], "Jane Doe") == 0.0  # no prefix stripping in the metric


def test_bootstrap_std_is_small_and_deterministic():
    pages = [(1.0, 1.0), (0.5, 0.5), (None, 0.0), (1.0, 0.8)]
    a = m.bootstrap_std(pages, rounds=100, seed=1)
    assert a == m.bootstrap_std(pages, rounds=100, seed=1)
    assert 0 <= a < 0.5
