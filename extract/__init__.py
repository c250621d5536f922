"""Article -> records -> tables.

Public API: `records(article, ner="learned")`, `from_text(text, reference_date, ner="learned")`,
`check_ner(ner)`, `Records`,
and the table writers in `extract.tables`.

The extraction pipeline (gazetteers, compiled rules) is loaded on first use,
so that importing `extract.schema` or `extract.rows` (what a batch's main
process needs) stays cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .model import DateRow, OrganisationRow, PersonRow, QuoteRow, Records

if TYPE_CHECKING:
    from .pipeline import check_ner, from_text, records

__all__ = ["records", "from_text", "check_ner", "Records", "PersonRow", "OrganisationRow", "DateRow", "QuoteRow"]

_LAZY = {"records", "from_text", "check_ner"}


def __getattr__(name: str):
    if name in _LAZY:
        from . import pipeline
        return getattr(pipeline, name)
    raise AttributeError(f"module 'extract' has no attribute {name!r}")
