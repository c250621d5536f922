"""People across the articles of a job store: entity ids, `entities` and `roles`, computed at export.

The resolution itself is pure (`extract.resolve`); this module feeds it the
latest version of every article's people rows and keeps what it decided in
the store (`entity_keys`: normalised name, evidence key -> entity_id), so
that a later run that adds articles gives the same people the same ids.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extract.resolve import article_date, cross_article_tables, mentions, resolve

from .store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS entity_keys (
    name_key TEXT NOT NULL, evidence_key TEXT NOT NULL, entity_id TEXT NOT NULL,
    PRIMARY KEY (name_key, evidence_key)
);
"""


@dataclass
class CrossArticle:
    """Entity ids per (article_id, person_id), and the rows of the cross-article tables."""

    assignments: dict[tuple[str, str], str] = field(default_factory=dict)
    tables: dict[str, list[dict]] = field(default_factory=dict)
    # (article_id, person) -> entity_id, for rows of earlier versions (--history), whose
    # person_ids may name other people than the latest version's
    by_name: dict[tuple[str, str], str] = field(default_factory=dict)

    def entity_of(self, row: dict) -> str | None:
        person = (row.get("person") or "").strip()
        if not person:
            return None
        aid = row.get("article_id") or ""
        eid = self.assignments.get((aid, row.get("person_id") or f"name:{person}"))
        if eid is not None and self.by_name.get((aid, person)) == eid:
            return eid
        return self.by_name.get((aid, person))


def known_ids(store: Store) -> dict[tuple[str, str], str]:
    store.db.executescript(SCHEMA)
    return {(n, e): i for n, e, i in store.db.execute("SELECT name_key, evidence_key, entity_id FROM entity_keys")}


def resolve_rows(people, articles, known: dict[tuple[str, str], str] | None = None) -> tuple[CrossArticle, dict]:
    """The resolution of people rows given by ``people()`` (called twice: rows
    are streamed, never all held) against the articles' rows; returns it and
    the decisions to keep (``known`` updated)."""
    known = dict(known or {})
    dates = {row["article_id"]: article_date(row) for row in articles}
    units = mentions(people())
    res = resolve(units, known)
    by_name = {}
    for m in units:
        for person in sorted(m.names):
            by_name.setdefault((m.article_id, person), res.assignments[m.key])
    return CrossArticle(res.assignments, cross_article_tables(people(), dates, res.assignments), by_name), res.known


def resolve_store(store: Store, save: bool = True) -> CrossArticle:
    """Resolve the people of every article's latest version; keep the decisions in the store."""
    known = known_ids(store)

    def people():  # read twice, a chunk at a time: the rows are never all in memory at once
        return (row for _v, rows in store.table_rows("people") for row in rows)

    articles = (row for _v, rows in store.table_rows("articles") for row in rows)
    cross, decided = resolve_rows(people, articles, known)
    if save and decided != known:
        with store._tx():
            store.db.execute("DELETE FROM entity_keys")
            store.db.executemany("INSERT INTO entity_keys (name_key, evidence_key, entity_id) VALUES (?, ?, ?)",
                                 [(n, e, i) for (n, e), i in sorted(decided.items())])
    return cross
