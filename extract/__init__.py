"""Article -> records -> tables.

Public API: `records(article)`, `from_text(text, reference_date)`, `Records`,
and the table writers in `extract.tables`.
"""
from .model import DateRow, OrganisationRow, PersonRow, QuoteRow, Records
from .pipeline import from_text, records

__all__ = ["records", "from_text", "Records", "PersonRow", "OrganisationRow", "DateRow", "QuoteRow"]
