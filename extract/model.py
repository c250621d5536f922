"""Record types: one dataclass per output table, fields = that table's columns.

The field order here *is* the column order of the CSV files (see README,
"Tables"); add new fields at the end so users' scripts keep working.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class PersonRow:
    article_id: str
    person: str
    role: str = ""
    organisation: str = ""
    org_acronym: str = ""
    photo_position: str = ""
    paragraph_index: int | None = None   # None when the evidence is an image caption
    sentence: str = ""
    person_id: str = ""                  # one id per person entity within an article
    role_normalised: str = ""
    image_index: int | None = None       # set when the evidence is an image caption
    entity_id: str = ""                  # the person across articles; filled when a batch exports


@dataclass
class OrganisationRow:
    article_id: str
    organisation: str
    acronym: str = ""
    mentions: int = 0


@dataclass
class DateRow:
    article_id: str
    text: str
    value: str                 # ISO-8601: YYYY-MM-DD, YYYY-MM or YYYY
    granularity: str           # day / month / year
    paragraph_index: int | None = None
    sentence: str = ""


@dataclass
class QuoteRow:
    article_id: str
    person: str
    person_id: str
    quote: str
    paragraph_index: int | None = None
    entity_id: str = ""                  # the speaker across articles; filled when a batch exports


@dataclass
class Records:
    """Everything extracted from one article, one list per table."""

    people: list[PersonRow] = field(default_factory=list)
    organisations: list[OrganisationRow] = field(default_factory=list)
    dates: list[DateRow] = field(default_factory=list)
    quotes: list[QuoteRow] = field(default_factory=list)

    def extend(self, other: "Records") -> None:
        for f in fields(self):
            getattr(self, f.name).extend(getattr(other, f.name))


def columns(row_type: type) -> list[str]:
    return [f.name for f in fields(row_type)]
