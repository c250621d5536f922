"""Table writing: contract columns, formula safety that round-trips, joins on article_id."""
from __future__ import annotations

import pandas as pd

from extract.model import PersonRow, Records
from extract.tables import (TABLES, article_rows, escape_formulas, frame, read_table, record_rows,
                            write_tables)
from scraper.model import Article, Image, article_id


def test_article_id_is_stable_hash_of_canonical_url():
    a = Article(url="http://x/a?utm_source=t", canonical_url="http://x/a")
    assert a.article_id == article_id("http://x/a") and len(a.article_id) == 16
    assert Article(url="http://x/a").article_id == a.article_id


def test_formula_cells_escaped_and_read_back_exactly(tmp_path):
    article = Article(url="http://x/a", title="=HYPERLINK(\"http://evil\")",
                      paragraphs=["+1 555 0100 is the number", "-- dash", "@handle", "'=already", "plain"],
                      images=[Image(src="http://x/i.jpg", caption="=1+1", position=1)])
    rows = article_rows(article)
    tables = {name: frame(name, rows.get(name, [])) for name in TABLES}
    write_tables(tables, tmp_path, ("csv",))
    raw = (tmp_path / "paragraphs.csv").read_text(encoding="utf-8")
    for line in raw.splitlines()[1:]:
        cell = line.split(",", 2)[2].strip('"')
        assert not cell.startswith(("=", "+", "-", "@")), line
    back = read_table(tmp_path / "paragraphs.csv")
    assert list(back.text) == article.paragraphs
    assert read_table(tmp_path / "articles.csv").title.iloc[0] == article.title
    assert read_table(tmp_path / "images.csv").caption.iloc[0] == "=1+1"
    assert read_table(tmp_path / "images.csv").position.iloc[0] == 1


def test_escape_leaves_numbers_and_plain_text_alone():
    df = pd.DataFrame({"a": ["x", "-", None], "n": [-1, 2, 3]})
    out = escape_formulas(df)
    assert list(out.n) == [-1, 2, 3] and out.a.iloc[0] == "x" and out.a.iloc[1] == "'-"


def test_people_table_columns_follow_record_fields(tmp_path):
    rec = Records(people=[PersonRow(article_id="abc", person="Zhang Hong", role="vice-president")])
    rows = record_rows(rec)
    df = frame("people", rows["people"])
    assert list(df.columns)[:8] == ["article_id", "person", "role", "organisation", "org_acronym",
                                    "photo_position", "paragraph_index", "sentence"]
    write_tables({"people": df}, tmp_path, ("csv", "parquet", "jsonl"))
    assert read_table(tmp_path / "people.csv").person.iloc[0] == "Zhang Hong"
    assert pd.read_parquet(tmp_path / "people.parquet").person.iloc[0] == "Zhang Hong"
    assert read_table(tmp_path / "people.jsonl").person.iloc[0] == "Zhang Hong"
