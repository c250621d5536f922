"""The table contract, without pandas: names, column orders, integer columns, CSV cells.

The batch engine's processes only need to know what the tables look like
and how a row is written as CSV; keeping that here (not in `extract.tables`,
which builds DataFrames) spares them the pandas import. Extend the tables by
appending columns, never rename (README, "Tables").
"""
from __future__ import annotations

import csv
import io
import re

from .model import DateRow, OrganisationRow, PersonRow, QuoteRow, columns

ARTICLE_COLUMNS = ["article_id", "url", "canonical_url", "title", "published", "updated", "authors",
                   "source", "section", "language", "paragraphs", "images", "fetched_at", "warnings"]
PARAGRAPH_COLUMNS = ["article_id", "paragraph_index", "text"]
IMAGE_COLUMNS = ["article_id", "image_index", "src", "alt", "caption", "credit", "position"]
FAILURE_COLUMNS = ["url", "stage", "error", "http_status", "at"]
# Tables across articles (`extract.resolve`): computed from the whole store when a batch exports.
ENTITY_COLUMNS = ["entity_id", "name", "aliases", "roles", "organisations", "first_seen", "last_seen",
                  "articles"]
ROLE_COLUMNS = ["entity_id", "person", "role_normalised", "organisation", "first_seen", "last_seen",
                "articles", "article_id", "sentence"]

TABLES: dict[str, list[str]] = {
    "articles": ARTICLE_COLUMNS,
    "paragraphs": PARAGRAPH_COLUMNS,
    "images": IMAGE_COLUMNS,
    "people": columns(PersonRow),
    "organisations": columns(OrganisationRow),
    "dates": columns(DateRow),
    "quotes": columns(QuoteRow),
    "failures": FAILURE_COLUMNS,
    "entities": ENTITY_COLUMNS,
    "roles": ROLE_COLUMNS,
}
# The tables derived from all articles at once (not stored per article).
CROSS_ARTICLE_TABLES = ("entities", "roles")
# Integer columns that may be empty: pandas' nullable Int64 keeps them integers.
INT_COLUMNS = {"paragraph_index", "image_index", "position", "mentions", "http_status",
               "paragraphs", "images", "articles"}

# A cell a spreadsheet would run as a formula (after any apostrophes already escaping one).
FORMULA = re.compile(r"^'*[=+\-@]")
_FORMULA_FIRST = frozenset("'=+-@")
_INT64 = (-2 ** 63, 2 ** 63)


def csv_cells(rows: list[dict], cols: list[str], int_cols: list[bool]) -> list[list] | None:
    """The cells pandas' `to_csv` would write for `frame(...)` of these rows, formulas escaped.

    Only for the common case: text columns hold str or None, integer columns
    int or None. Anything else (a number in a text column, a string in an
    integer column, ...) returns None, and the caller goes through pandas,
    whose type inference decides how it is written.
    """
    match = FORMULA.match
    lo, hi = _INT64
    out = []
    for row in rows:
        get = row.get
        line = []
        for col, is_int in zip(cols, int_cols):
            v = get(col)
            if v is None:
                line.append("")
            elif is_int:
                if type(v) is not int or not lo <= v < hi:
                    return None
                line.append(v)
            elif type(v) is str:
                line.append("'" + v if v[:1] in _FORMULA_FIRST and match(v) else v)
            else:
                return None
        out.append(line)
    return out


def csv_writer(fh):
    """pandas' `to_csv` dialect: QUOTE_MINIMAL, '"' doubled, "\\n" line ends."""
    return csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


_INT_FLAGS = {table: [c in INT_COLUMNS for c in cols] for table, cols in TABLES.items()}


def csv_text(table: str, rows: list[dict]) -> str | None:
    """One article's rows of `table` as the lines of its CSV file (None: only pandas can write them)."""
    cells = csv_cells(rows, TABLES[table], _INT_FLAGS[table])
    if cells is None:
        return None
    buf = io.StringIO()
    csv_writer(buf).writerows(cells)
    return buf.getvalue()
