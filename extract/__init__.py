"""Article -> records -> tables.

Public API: `records(article, ner="rules")`, `from_text(text, reference_date, ner="rules")`,
`check_ner(ner)`, `Records`,
and the table writers in `extract.tables`.
"""
from .model import DateRow, OrganisationRow, PersonRow, QuoteRow, Records
from .pipeline import check_ner, from_text, records

__all__ = ["records", "from_text", "check_ner", "Records", "PersonRow", "OrganisationRow", "DateRow", "QuoteRow"]
