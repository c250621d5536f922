"""People across the articles of a job store: entity ids, `entities` and `roles`, computed at export.

The resolution itself is pure (`extract.resolve`); this module feeds it the
latest version of every article's people rows and keeps what it decided in
the store (`entity_keys`: normalised name, evidence key -> entity_id), so
that a later run that adds articles gives the same people the same ids.
"""
from __future__ import annotations

from extract.resolve import CrossArticle, resolve_rows

from .store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS entity_keys (
    name_key TEXT NOT NULL, evidence_key TEXT NOT NULL, entity_id TEXT NOT NULL,
    PRIMARY KEY (name_key, evidence_key)
);
"""


def known_ids(store: Store) -> dict[tuple[str, str], str]:
    store.db.executescript(SCHEMA)
    return {(n, e): i for n, e, i in store.db.execute("SELECT name_key, evidence_key, entity_id FROM entity_keys")}


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
