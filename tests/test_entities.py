"""People across articles: entity ids, `entities` and `roles` (extract.resolve, broadsheet.entities)."""
from __future__ import annotations

import random

from extract.resolve import cross_article_tables, mentions, name_key, resolve


def person(aid, name, role="", org="", acro="", pid=None, sentence="", paragraph=0):
    return {"article_id": aid, "person": name, "role": role, "role_normalised": role.lower(),
            "organisation": org, "org_acronym": acro, "person_id": pid or f"{aid}-p1",
            "sentence": sentence or f"{name}, {role} of {org or acro}, said.", "paragraph_index": paragraph}


def ids(rows, known=None):
    res = resolve(mentions(rows), known)
    return {(r["article_id"], r["person"]): res.assignments[(r["article_id"], r["person_id"])] for r in rows}, res


ZHANG = [
    person("a1", "Zhang Hong", "vice-president", "Biophysical Society of China", "BSC"),
    person("a2", "Zhang Hong", "secretary-general", "", "BSC"),                # the acronym only
    person("a3", "Zhang Hong"),                                                # no evidence at all
]
SMITHS = [
    person("b1", "John Smith", "chief executive", "Acme Corporation"),
    person("b2", "John Smith", "chief executive", "Globex Industries"),       # same role, other organisation
    person("b3", "John Smith", "chief executive", "Acme Corporation"),
]


def test_the_same_person_across_articles_is_one_entity():
    got, _ = ids(ZHANG)
    assert len(set(got.values())) == 1


def test_namesakes_with_different_organisations_stay_apart():
    got, _ = ids(SMITHS)
    assert got[("b1", "John Smith")] == got[("b3", "John Smith")]
    assert got[("b1", "John Smith")] != got[("b2", "John Smith")]


def test_a_mention_without_organisation_follows_its_role_or_stays_unresolved():
    rows = SMITHS + [person("b4", "John Smith", "chief executive"),          # both entities have that role
                     person("b5", "John Smith", "pianist"),                  # no entity has that role
                     person("b6", "Dr. John Smith", "chief executive", "ACME Corporation")]
    got, _ = ids(rows)
    assert got[("b6", "Dr. John Smith")] == got[("b1", "John Smith")]   # honorific and case folded away
    assert got[("b4", "John Smith")] not in {got[("b1", "John Smith")], got[("b2", "John Smith")]}
    assert got[("b4", "John Smith")] == got[("b5", "John Smith")]        # one "unresolved John Smith"
    rows.append(person("b7", "John Smith", "CFO", "Globex Industries"))
    rows.append(person("b8", "John Smith", "cfo"))                       # only Globex's John Smith is a CFO
    got, _ = ids(rows)
    assert got[("b8", "John Smith")] == got[("b2", "John Smith")]


def test_one_word_names_stay_inside_their_article():
    got, _ = ids([person("c1", "Smith", "mayor", "Springfield Council"),
                  person("c2", "Smith", "mayor", "Springfield Council")])
    assert got[("c1", "Smith")] != got[("c2", "Smith")]
    assert name_key("Smith") is None and name_key("José F. García") == "jose garcia"
    assert name_key("张宏") == "张宏"


def test_ids_do_not_depend_on_row_order():
    rows = ZHANG + SMITHS + [person("d1", "Ana Ruiz", "policy lead", "Oxfam", pid="d1-p1"),
                             person("d1", "Zhang Hong", "professor", "Tsinghua University", pid="d1-p2")]
    want, res = ids(rows)
    rnd = random.Random(3)
    for _ in range(5):
        shuffled = rows[:]
        rnd.shuffle(shuffled)
        got, again = ids(shuffled)
        assert got == want and again.known == res.known
    assert all(v.startswith("E") and len(v) == 13 for v in want.values())


def test_ids_are_kept_when_a_later_run_adds_articles():
    first, res = ids(SMITHS[:1] + ZHANG)
    # the next run: more of the same people, and a namesake of each
    later_rows = SMITHS + ZHANG + [person("e1", "Zhang Hong", "professor", "Tsinghua University")]
    later, res2 = ids(later_rows, res.known)
    for key, eid in first.items():
        assert later[key] == eid
    assert later[("b3", "John Smith")] == first[("b1", "John Smith")]
    assert later[("b2", "John Smith")] != first[("b1", "John Smith")]
    assert later[("e1", "Zhang Hong")] != first[("a1", "Zhang Hong")]
    # the mention without organisation stays with the entity that had it (all at once, it would be
    # apart: with two Zhang Hongs, nothing tells which one it is)
    assert later[("a3", "Zhang Hong")] == first[("a1", "Zhang Hong")]
    assert ids(later_rows)[0][("a3", "Zhang Hong")] not in set(later.values())
    # a third run with nothing new changes nothing
    assert ids(later_rows, res2.known)[0] == later


def test_entities_and_role_timeline_tables():
    rows = [person("a1", "Zhang Hong", "vice-president", "Biophysical Society of China", "BSC",
                   sentence="Zhang Hong, vice-president of the BSC, said."),
            person("a1", "Zhang Hong", "secretary-general", "Biophysical Society of China", "BSC"),
            person("a2", "Zhang Hong", "vice-president", "", "BSC", sentence="BSC vice-president Zhang Hong."),
            person("a3", "Zhang  Hong", "president", "Biophysical Society of China"),
            person("a4", "Li Na", "professor", "Hainan University")]
    dates = {"a1": "2024-03-25", "a2": "2024-01-10", "a3": "2024-06-01", "a4": None}
    res = resolve(mentions(rows))
    t = cross_article_tables(rows, dates, res.assignments)
    ents = {e["name"]: e for e in t["entities"]}
    zh = ents["Zhang Hong"]
    assert zh["articles"] == 3 and zh["first_seen"] == "2024-01-10" and zh["last_seen"] == "2024-06-01"
    assert zh["aliases"] == "Zhang  Hong"
    assert zh["roles"].split(";")[0] == "vice-president" and set(zh["roles"].split(";")) == {
        "vice-president", "secretary-general", "president"}
    assert zh["organisations"] == "Biophysical Society of China"
    assert ents["Li Na"]["first_seen"] is None and ents["Li Na"]["articles"] == 1
    assert t["entities"][0]["name"] == "Zhang Hong"          # most articles first
    roles = {(r["person"], r["role_normalised"]): r for r in t["roles"]}
    vp = roles[("Zhang Hong", "vice-president")]
    # "BSC" alone and "Biophysical Society of China (BSC)" are one organisation of this person
    assert vp["organisation"] == "Biophysical Society of China"
    assert (vp["first_seen"], vp["last_seen"], vp["articles"]) == ("2024-01-10", "2024-03-25", 2)
    assert vp["article_id"] == "a2" and vp["sentence"] == "BSC vice-president Zhang Hong."   # the earliest
    assert roles[("Zhang Hong", "president")]["first_seen"] == "2024-06-01"
    assert all(r["entity_id"] == zh["entity_id"] for (p, _), r in roles.items() if p == "Zhang Hong")
    assert len(t["roles"]) == 4


# ---------------------------------------------------------------------------
# through a batch: the job store keeps the ids
# ---------------------------------------------------------------------------

def _ids(out):
    from extract.tables import read_table

    people = read_table(out / "people.csv")
    return dict(zip(zip(people.article_id, people.person_id), people.entity_id))


def test_batch_ids_survive_an_incremental_run_and_do_not_depend_on_the_engine(tmp_path):
    from batch_helpers import fast_options

    from broadsheet.pipeline import run_batch
    from broadsheet.testsite import TestSite
    from extract.tables import read_table

    with TestSite(pages=30) as site:
        urls = site.article_urls()
        run_batch(urls[:15], tmp_path / "cron", fast_options())
        before = _ids(tmp_path / "cron")
        run_batch(urls, tmp_path / "cron", fast_options())
        after = _ids(tmp_path / "cron")
        run_batch(urls[::-1], tmp_path / "procs", fast_options(workers=2))
        run_batch(urls, tmp_path / "threads", fast_options())
    assert len(before) > 40 and all(v for v in after.values())
    assert {k: after[k] for k in before} == before
    # the same pages all at once, in another order and in worker processes: the same ids
    assert _ids(tmp_path / "procs") == _ids(tmp_path / "threads")
    assert read_table(tmp_path / "procs" / "entities.csv").equals(read_table(tmp_path / "threads" / "entities.csv"))
    out = tmp_path / "cron"
    people, quotes = read_table(out / "people.csv"), read_table(out / "quotes.csv")
    ents = read_table(out / "entities.csv").set_index("entity_id")
    assert set(people.entity_id) == set(ents.index) and set(quotes.entity_id.dropna()) <= set(ents.index)
    per_entity = people.groupby("entity_id").article_id.nunique()
    assert (ents.articles.loc[per_entity.index] == per_entity).all()
    assert str(ents.articles.dtype) == "Int64" and str(ents.first_seen.dtype) == "string"
    roles = read_table(out / "roles.csv")
    assert set(roles.entity_id) <= set(ents.index) and (roles.first_seen <= roles.last_seen).all()
    assert (roles.articles >= 1).all() and roles.sentence.notna().all()


def test_an_organisation_named_in_full_or_in_short_with_the_same_role_is_one_entity():
    rows = [person("f1", "Bukola Saraki", "president", "Nigerian Senate"),
            person("f2", "Bukola Saraki", "president", "Senate"),
            person("f3", "Bukola Saraki", "governor", "Kwara State"),
            person("f4", "John Smith", "chief executive", "Acme"),
            person("f5", "John Smith", "pianist", "Acme Orchestra")]   # contains "Acme", no shared role
    got, _ = ids(rows)
    assert got[("f1", "Bukola Saraki")] == got[("f2", "Bukola Saraki")] != got[("f3", "Bukola Saraki")]
    assert got[("f4", "John Smith")] != got[("f5", "John Smith")]


def test_a_store_written_before_columns_were_appended_exports_whole_rows(tmp_path):
    """Rows stored (with their CSV lines) before `entity_id` and `warnings` existed: exported at full width."""
    import csv

    from broadsheet.export import export_tables
    from broadsheet.store import Store
    from extract.schema import TABLES
    from extract.tables import read_table

    old_people = [c for c in TABLES["people"] if c != "entity_id"]
    old_articles = [c for c in TABLES["articles"] if c != "warnings"]
    with Store.in_folder(tmp_path) as store:
        store.enqueue(["http://x/a"])
        store.record_article("http://x/a", {
            "articles": [{"article_id": "a", "url": "http://x/a", "title": "T", "published": "2024-03-25"}],
            "people": [{"article_id": "a", "person": "Zhang Hong", "person_id": "a-p1", "organisation": "BSC"}]},
            fetched_at=None)
        # as an earlier Broadsheet left it: lines of the old width, and no record of the columns
        for table, line, cols in (("articles", "a,http://x/a", old_articles), ("people", "a,Zhang Hong", old_people)):
            store.db.execute("UPDATE rows SET csv = ? WHERE tbl = ?", (line + "," * (len(cols) - 2) + "\n", table))
        store.db.execute("DELETE FROM meta WHERE key LIKE 'columns:%'")
    with Store.in_folder(tmp_path) as store:
        export_tables(store, tmp_path)
    for name in ("articles", "people"):
        with open(tmp_path / f"{name}.csv", encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == TABLES[name] and all(len(r) == len(TABLES[name]) for r in rows), rows
    people = read_table(tmp_path / "people.csv")
    assert people.entity_id.iloc[0].startswith("E") and people.organisation.iloc[0] == "BSC"
