"""Across articles: which people rows are the same person (`entity_id`), and the tables built on it.

`person_id` only holds inside one article; an analyst asks about a person
across a whole run ("who has been chief executive of X since when?"). This
module decides, from the people rows alone, which (article, person_id) pairs
are one person, and builds `entities` and `roles` from that. The rule (also in
docs/extract.md, "People across articles"):

* only names of two words or more (or two CJK characters or more) are matched
  across articles, on a **normalised name**: accents, case, punctuation and
  middle initials dropped ("José F. García" -> "jose garcia"). A one-word
  name ("Smith") stays inside its article;
* people who share a normalised name are one entity when their
  **organisations** agree (the full name or the acronym; a person seen with two
  organisations in one article links them), or when one organisation's name
  contains the other's ("Senate", "Nigerian Senate") and they share a **role**.
  Different organisations and no overlap: different entities, even with the
  same role;
* a mention with **no organisation** joins the one entity of its name whose
  roles it shares; failing that, the only entity of its name. When the name
  has several entities and no role decides, it joins the entity that earlier
  runs gave its bare name to, or else an entity of its own;
* ids come from the content, never from a counter: the SHA-1 of the
  normalised name (when the name has one entity), or of the name and the
  smallest organisation key of the entity (when it has several). So the same
  rows give the same ids in any order, in any process;
* incremental: the ids given before are passed in as `known` (normalised name,
  evidence key) -> entity_id (the batch keeps them in its job store); an
  entity that holds one of those keys keeps that id, so adding articles never
  renames an entity unless new evidence merges two (the smaller id is kept).

Pure: rows in, rows out; no I/O and no pandas (the batch process calls it
while exporting).
"""
from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

# Evidence key of a mention with no organisation (stored for the entity that holds such mentions).
BARE = ""
_HONORIFICS = frozenset("mr mrs ms miss dr prof professor sir dame lord lady madam mme mlle herr frau".split())
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_NON_WORD = re.compile(r"[^\w]+")
_ORG_STOP = frozenset({"the"})


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case, accents, punctuation and spacing folded away (NFKD, combining marks dropped).

    Cached: a run's names, roles and organisations repeat across thousands of rows.
    """
    text = text or ""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def name_key(name: str) -> str | None:
    """The normalised full name, or None for a name too short to match across articles.

    Honorifics and middle initials are dropped: "Dr. John F. Kennedy" -> "john kennedy".
    """
    words = fold(name).split()
    while words and words[0] in _HONORIFICS:
        words = words[1:]
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
    if len(words) >= 2:
        return " ".join(words)
    if words and len(_CJK.findall(words[0])) >= 2:
        return words[0]
    return None


@lru_cache(maxsize=1 << 16)
def org_keys(organisation: str | None, acronym: str | None) -> frozenset[str]:
    """Keys an organisation is known by: its folded name ("o:...") and its acronym ("a:...")."""
    keys = set()
    words = [w for w in fold(organisation or "").split() if w not in _ORG_STOP]
    if words:
        keys.add("o:" + " ".join(words))
    acro = "".join((acronym or "").split())
    if acro:
        keys.add("a:" + acro.upper())
    return frozenset(keys)


def role_key(role_normalised: str | None, role: str | None = None) -> str:
    return fold(role_normalised or role or "")


@lru_cache(maxsize=1 << 12)
def _one(key: str) -> frozenset[str]:
    """A one-key set, shared by every mention that has just that key."""
    return frozenset((key,))


def entity_hash(*parts: str) -> str:
    """`E` + 12 hex digits of SHA-1 over the parts: the same content gives the same id anywhere."""
    return "E" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


@dataclass(slots=True)
class Mention:
    """One person of one article (all its people rows): the unit that is resolved."""

    article_id: str
    person_id: str
    names: Counter = field(default_factory=Counter)     # surface forms -> rows
    orgs: frozenset[str] = frozenset()                   # org keys
    roles: frozenset[str] = frozenset()                  # role keys

    @property
    def key(self) -> tuple[str, str]:
        return self.article_id, self.person_id

    @property
    def name(self) -> str:
        return _best(self.names)


def _best(names: Counter) -> str:
    """The most frequent form; ties: more words, longer, then alphabetical (deterministic)."""
    return min(names, key=lambda s: (-names[s], -len(s.split()), -len(s), s))


def mentions(people_rows: Iterable[dict]) -> list[Mention]:
    """People rows -> one Mention per (article_id, person_id) (the name when a row has no id)."""
    out: dict[tuple[str, str], Mention] = {}
    for row in people_rows:
        person = (row.get("person") or "").strip()
        if not person:
            continue
        aid = row.get("article_id") or ""
        pid = row.get("person_id") or f"name:{person}"
        m = out.get((aid, pid))
        if m is None:   # one small record per person of an article: strings shared, sets frozen
            m = out[(aid, pid)] = Mention(sys.intern(aid), sys.intern(pid))
        m.names[sys.intern(person)] += 1
        ks = org_keys(row.get("organisation"), row.get("org_acronym"))
        if ks and not ks <= m.orgs:
            m.orgs = m.orgs | ks if m.orgs else ks
        rk = role_key(row.get("role_normalised"), row.get("role"))
        if rk and rk not in m.roles:
            m.roles = m.roles | _one(rk) if m.roles else _one(rk)
    return sorted(out.values(), key=lambda m: m.key)


@dataclass
class Resolution:
    assignments: dict[tuple[str, str], str]          # (article_id, person_id) -> entity_id
    known: dict[tuple[str, str], str]                # (name key, evidence key) -> entity_id, to keep


class _Union:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve(units: list[Mention], known: dict[tuple[str, str], str] | None = None) -> Resolution:
    """Entity ids for every mention; `known` is what earlier runs decided (kept where it still holds)."""
    known = dict(known or {})
    assignments: dict[tuple[str, str], str] = {}
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for m in sorted(units, key=lambda m: m.key):
        nk = name_key(m.name)
        if nk is None:
            # a one-word name is only known inside its article
            assignments[m.key] = entity_hash("article", m.article_id, fold(m.name))
        else:
            by_name[nk].append(m)
    new_known: dict[tuple[str, str], str] = {k: v for k, v in known.items() if k[0] not in by_name}
    known_by_name: dict[str, dict[str, str]] = defaultdict(dict)
    for (n, ek), eid in known.items():
        known_by_name[n][ek] = eid
    for nk in sorted(by_name):
        ids, keys = _resolve_name(nk, by_name[nk], known_by_name.get(nk, {}))
        assignments.update(ids)
        new_known.update({(nk, ek): eid for ek, eid in keys.items()})
    return Resolution(assignments, new_known)


def _resolve_name(nk: str, ms: list[Mention], known: dict[str, str]):
    """One normalised name's mentions -> ({mention key: id}, {evidence key: id})."""
    uf = _Union(len(ms))
    owner: dict[str, int] = {}
    for i, m in enumerate(ms):
        for k in sorted(m.orgs):
            uf.union(i, owner.setdefault(k, i))
    _join_org_variants(ms, uf)
    groups: dict[int, list[int]] = defaultdict(list)
    bare: list[int] = []
    for i, m in enumerate(ms):
        (groups[uf.find(i)] if m.orgs else bare).append(i)
    clusters = [sorted(g) for g in groups.values()]
    roles = [set().union(*(ms[i].roles for i in c)) for c in clusters]
    leftover = []
    for i in bare:
        hits = [c for c, r in enumerate(roles) if ms[i].roles & r]
        if len(hits) == 1:
            clusters[hits[0]].append(i)
        elif len(clusters) == 1:
            clusters[0].append(i)
        else:
            leftover.append(i)
    org_keys_of = [sorted(set().union(*(ms[i].orgs for i in c))) for c in clusters]
    order = sorted(range(len(clusters)), key=lambda c: org_keys_of[c][0] if org_keys_of[c] else "")
    single = len(clusters) + (1 if leftover and not clusters else 0) == 1
    taken: set[str] = set()
    cid: dict[int, str] = {}
    # 1. entities that hold evidence keys of earlier runs keep their id (the smallest, after a merge)
    for c in order:
        stored = sorted({known[k] for k in org_keys_of[c] if k in known} - taken)
        if stored:
            cid[c] = stored[0]
            taken.add(stored[0])
    # ... then an entity holding mentions with no organisation keeps the id those had
    bare_id = known.get(BARE)
    if bare_id and bare_id not in taken:
        for c in order:
            if c not in cid and any(not ms[i].orgs for i in clusters[c]):
                cid[c] = bare_id
                taken.add(bare_id)
                break
    # 2. mentions with no organisation that no role decides: the entity that had them before, if any
    if leftover:
        holder = [c for c in cid if cid[c] == bare_id]
        if holder:
            clusters[holder[0]].extend(leftover)
            leftover = []
    # 3. new entities: the name alone when it is the name's only entity, else the name + an anchor
    for c in order:
        if c not in cid:
            cid[c] = _fresh(nk, org_keys_of[c][0] if not single else None, taken, known)
    keys: dict[str, str] = {}
    for c in order:
        for k in org_keys_of[c]:
            keys[k] = cid[c]
        if any(not ms[i].orgs for i in clusters[c]):
            keys[BARE] = cid[c]
    out: dict[tuple[str, str], str] = {}
    if leftover:
        lid = bare_id if bare_id and bare_id not in taken else _fresh(nk, None if single else "?", taken, known)
        keys[BARE] = lid
        for i in leftover:
            out[ms[i].key] = lid
    for c in order:
        for i in clusters[c]:
            out[ms[i].key] = cid[c]
    return out, keys


def _join_org_variants(ms: list[Mention], uf: _Union) -> None:
    """Namesakes whose organisation names contain one another ("Senate", "Nigerian Senate") and who
    share a role are one person. Decided on the groups the organisation keys made, all pairs at once,
    so the outcome does not depend on the order of the mentions."""
    groups: dict[int, list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        if m.orgs:
            groups[uf.find(i)].append(i)
    if len(groups) < 2:
        return
    facts = []
    for root in sorted(groups):
        names = {tuple(k[2:].split()) for i in groups[root] for k in ms[i].orgs if k.startswith("o:")}
        facts.append((root, names, set().union(*(ms[i].roles for i in groups[root]))))
    for a in range(len(facts)):
        for b in range(a + 1, len(facts)):
            (ra, na, rla), (rb, nb, rlb) = facts[a], facts[b]
            if rla & rlb and any(_within(x, y) or _within(y, x) for x in na for y in nb):
                uf.union(ra, rb)


def _within(short: tuple, long: tuple) -> bool:
    k = len(short)
    return 0 < k < len(long) and any(long[i:i + k] == short for i in range(len(long) - k + 1))


def _fresh(nk: str, anchor: str | None, taken: set[str], known: dict[str, str]) -> str:
    """A content-derived id not used by another entity of this name."""
    used = taken | set(known.values())
    candidate = entity_hash(nk) if anchor is None else entity_hash(nk, anchor)
    n = 1
    while candidate in used:
        n += 1
        candidate = entity_hash(nk, anchor or "", str(n))
    taken.add(candidate)
    return candidate


# ---------------------------------------------------------------------------
# the tables
# ---------------------------------------------------------------------------

def article_date(article_row: dict) -> str | None:
    """The day an article is dated: published, else updated, else when it was fetched."""
    for col in ("published", "updated", "fetched_at"):
        value = article_row.get(col)
        if value:
            return str(value)[:10]
    return None


class _OrgGroups:
    """Organisation keys seen together in a row (full name and acronym) are one organisation."""

    __slots__ = ("parent", "names")

    def __init__(self):
        self.parent: dict[str, str] = {}
        self.names: dict[str, Counter] = defaultdict(Counter)   # min key of a row -> names as written

    def find(self, k: str) -> str:
        parent = self.parent
        parent.setdefault(k, k)
        while parent[k] != k:
            k = parent[k]
        return k

    def add(self, organisation: str | None, acronym: str | None) -> str:
        """Record one row's organisation; returns its key ("" for none)."""
        ks = sorted(org_keys(organisation, acronym))
        if not ks:
            return ""
        self.find(ks[0])
        for k in ks[1:]:
            a, b = self.find(ks[0]), self.find(k)
            if a != b:
                self.parent[max(a, b)] = min(a, b)
        self.names[ks[0]][(organisation or acronym or "").strip()] += 1
        return ks[0]

    def display(self) -> dict[str, str]:
        """Group -> the name it is most often written as."""
        merged: dict[str, Counter] = defaultdict(Counter)
        for k, c in self.names.items():
            merged[self.find(k)].update(c)
        return {g: _best(c) for g, c in merged.items()}


def org_groups(rows: list[dict]) -> tuple[dict[str, str], dict[str, str]]:
    """Per org key: its group (full names and acronyms seen together are one) and the group's display name."""
    groups = _OrgGroups()
    for r in rows:
        groups.add(r.get("organisation"), r.get("org_acronym"))
    return {k: groups.find(k) for k in list(groups.parent)}, groups.display()


class _Entity:
    """What the tables need of one entity, gathered row by row (the rows themselves are not kept)."""

    __slots__ = ("forms", "articles", "orgs", "org_articles", "role_articles", "role_names", "combos")

    def __init__(self):
        self.forms: set[tuple[str, str, str]] = set()          # (article_id, person_id, name as written)
        self.articles: set[str] = set()
        self.orgs = _OrgGroups()
        self.org_articles: dict[str, set] = defaultdict(set)    # org key -> articles
        self.role_articles: dict[str, set] = defaultdict(set)   # role key -> articles
        self.role_names: dict[str, Counter] = defaultdict(Counter)
        self.combos: dict[tuple[str, str], list] = {}           # (role key, org key) -> [articles, example]

    def add(self, r: dict, person: str, date: str | None) -> None:
        aid = r.get("article_id") or ""
        self.forms.add((aid, r.get("person_id") or "", person))
        self.articles.add(aid)
        ok = self.orgs.add(r.get("organisation"), r.get("org_acronym"))
        if ok:
            self.org_articles[ok].add(aid)
        rk = role_key(r.get("role_normalised"), r.get("role"))
        if not rk:
            return
        self.role_articles[rk].add(aid)
        self.role_names[rk][(r.get("role_normalised") or r.get("role") or "").strip()] += 1
        example = (date or "9999", aid, _num(r.get("paragraph_index")), _num(r.get("image_index")),
                   r.get("sentence") or "")
        combo = self.combos.get((rk, ok))
        if combo is None:
            self.combos[(rk, ok)] = [{aid}, example]
        else:
            combo[0].add(aid)
            combo[1] = min(combo[1], example)


def cross_article_tables(people_rows: Iterable[dict], article_dates: dict[str, str | None],
                         assignments: dict[tuple[str, str], str]) -> dict[str, list[dict]]:
    """`entities` and `roles` rows from the people rows (read once, not kept) and their entity ids."""
    ents: dict[str, _Entity] = {}
    for r in people_rows:
        person = (r.get("person") or "").strip()
        if not person:
            continue
        aid = r.get("article_id") or ""
        eid = assignments.get((aid, r.get("person_id") or f"name:{person}"))
        if eid:
            ent = ents.get(eid)
            if ent is None:
                ent = ents[eid] = _Entity()
            ent.add(r, person, article_dates.get(aid))
    entities, roles = [], []
    for eid in sorted(ents):
        ent = ents[eid]
        names = Counter(form for _a, _p, form in ent.forms)
        name = _best(names)
        display = ent.orgs.display()
        org_arts: dict[str, set] = defaultdict(set)
        for k, arts in ent.org_articles.items():
            org_arts[ent.orgs.find(k)] |= arts
        dates = sorted(d for d in (article_dates.get(a) for a in ent.articles) if d)
        entities.append({
            "entity_id": eid, "name": name,
            "aliases": ";".join(sorted(n for n in names if n != name)),
            "roles": ";".join(_best(ent.role_names[rk]) for rk in _by_articles(ent.role_articles)),
            "organisations": ";".join(display[og] for og in _by_articles(org_arts)),
            "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None,
            "articles": len(ent.articles),
        })
        combos: dict[tuple[str, str], list] = {}
        for (rk, ok), (arts, example) in ent.combos.items():
            key = (rk, ent.orgs.find(ok) if ok else "")
            if key in combos:
                combos[key] = [combos[key][0] | arts, min(combos[key][1], example)]
            else:
                combos[key] = [set(arts), example]
        for (rk, og), (arts, example) in combos.items():
            rdates = sorted(d for d in (article_dates.get(a) for a in arts) if d)
            roles.append({
                "entity_id": eid, "person": name, "role_normalised": _best(ent.role_names[rk]),
                "organisation": display.get(og) if og else None,
                "first_seen": rdates[0] if rdates else None, "last_seen": rdates[-1] if rdates else None,
                "articles": len(arts), "article_id": example[1], "sentence": example[4] or None,
            })
    entities.sort(key=lambda e: (-e["articles"], e["name"], e["entity_id"]))
    roles.sort(key=lambda r: (r["person"], r["entity_id"], r["first_seen"] or "", r["role_normalised"],
                              r["organisation"] or ""))
    return {"entities": entities, "roles": roles}


def _by_articles(arts: dict[str, set]) -> list[str]:
    return sorted(arts, key=lambda k: (-len(arts[k]), k))


def _num(value) -> int:
    return value if isinstance(value, int) else 10 ** 9


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
