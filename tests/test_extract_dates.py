"""Date spans and their resolution against the reference date."""
from __future__ import annotations

from datetime import date

import pytest

from extract import dates, from_text

REF = date(2024, 3, 25)   # a Monday


def values(sentence: str, ref: date | None = REF) -> list[tuple[str, str]]:
    return [(d.value, d.granularity) for d in dates.find(sentence, ref)]


@pytest.mark.parametrize("sentence,expected", [
    ("The deal was signed on March 16.", [("2024-03-16", "day")]),
    ("The deal was signed on March 26.", [("2023-03-26", "day")]),       # not after the reference
    ("The deal was signed on March 16, 2022.", [("2022-03-16", "day")]),
    ("The deal was signed on 16 March 2022.", [("2022-03-16", "day")]),
    ("The file is dated 2021-07-09.", [("2021-07-09", "day")]),
    ("As of March, 13 bases were built.", [("2024-03", "month")]),
    ("Sales rose in June.", [("2023-06", "month")]),
    ("Sales rose in June 2021.", [("2021-06", "month")]),
    ("Output rose in 2023.", [("2023", "year")]),
    ("Shares fell last Tuesday.", [("2024-03-19", "day")]),
    ("Shares fell on Friday.", [("2024-03-22", "day")]),
    ("The council voted Monday.", [("2024-03-25", "day")]),              # the reference day itself
    ("The council will vote Wednesday.", [("2024-03-27", "day")]),
    ("The council will vote Monday.", [("2024-03-25", "day")]),
    ("They surrendered in January of last year.", [("2023-01", "month")]),
    ("A November resolution failed.", [("2023-11", "month")]),
    ("Voters backed him in the 2020 election.", [("2020", "year")]),
    ("It was picketed as of Dec. 3, when prices fell.", [("2023-12-03", "day")]),
    ("The season begins in June.", [("2024-06", "month")]),
    ("Last May, there were reports.", [("2023-05", "month")]),
    ("The regular season kicks off April 2 at home.", [("2024-04-02", "day")]),  # no tense: the nearer one
    ("The losing streak started on Oct. 30.", [("2023-10-30", "day")]),
    ("The 2021 Infrastructure Act passed.", [("2021", "year")]),
    ("Shares fell yesterday.", [("2024-03-24", "day")]),
    ("The plant opens next month.", [("2024-04", "month")]),
    ("Prices rose last month.", [("2024-02", "month")]),
    ("The firm was founded three days ago.", [("2024-03-22", "day")]),
    ("The summit will be held on March 30.", [("2024-03-30", "day")]),
])
def test_resolution(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Officials may review the rule.",
    "She will march with the group.",
    "Revenue reached 2,000 units in the second quarter.",
    "The 13 popular science bases benefit 2023 students.",
    "The agreement marks a successful exploration of synergies.",
    "The March for Life drew crowds.",
    "Prices may rise if the COVID-2019 rules stay.",
    "She told the show (via Today) that she skips foundation.",
    "The 2020-21 season was long.",
])
def test_no_spurious_dates(sentence):
    assert values(sentence) == []


def test_without_reference_partial_dates_are_skipped():
    assert values("It opened on March 16 and closed yesterday.", None) == []
    assert values("It opened on March 16, 2022 and in 2023.", None) == [("2022-03-16", "day"), ("2023", "year")]


def test_rows_carry_paragraph_and_sentence():
    rec = from_text("Intro text here.\n\nThe lab opened on Tuesday. It cost a lot.", date(2024, 5, 8))
    assert [(d.text, d.value, d.paragraph_index, d.sentence) for d in rec.dates] == [
        ("Tuesday", "2024-05-07", 1, "The lab opened on Tuesday.")]


def test_datetime_reference_accepted():
    from datetime import datetime

    rec = from_text("It opened yesterday.", datetime(2024, 5, 8, 13, 0))
    assert [d.value for d in rec.dates] == ["2024-05-07"]
