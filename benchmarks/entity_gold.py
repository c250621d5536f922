"""Scoring people, organisations and who-works-where against hand-made gold.

Two kinds of gold:

- **article gold** (``benchmarks/gold/news*/annotations.jsonl``): per article,
  people and organisations with their aliases, and affiliations (person, role,
  organisation); scored as the guidelines in ``benchmarks/gold/news/GUIDELINES.md``
  say: micro P/R/F1 over all articles, a prediction matching a gold name or
  any of its aliases, each gold entry matched once;
- **sentence gold** (UNER English-EWT test): per sentence, the PER and ORG
  spans' strings.

The texts come from ``../shared`` (never copied into the repository).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
NEWS_GOLD = REPO / "benchmarks" / "gold" / "news" / "annotations.jsonl"
NEWS_DEV = REPO / "benchmarks" / "gold" / "news-dev" / "annotations.jsonl"

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
                         "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-"})


def norm(name: str) -> str:
    """NFKC, quotes and dashes folded, case-folded, periods and a possessive
    's dropped, spaces collapsed: the comparison form of a name."""
    s = unicodedata.normalize("NFKC", name).translate(_QUOTES).casefold()
    s = re.sub(r"'s?$", "", s.strip())
    s = s.replace(".", " ")
    s = re.sub(r"^the\s+", "", s)
    return " ".join(s.split())


_ROLE_STOP = frozenset({"the", "a", "an", "of", "former", "then", "its", "his", "her", "their"})


def _abbreviations() -> dict[str, str]:
    out = {}
    path = REPO / "data" / "gazetteers" / "role_abbreviations.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line and not line.startswith("#"):
            abbr, exp = line.split("\t", 1)
            out[abbr.strip().lower().rstrip(".")] = exp.strip().lower()
    return out


_ABBR = _abbreviations()


def role_key(role: str) -> frozenset[str]:
    """A role as a set of words, abbreviations folded ("CEO" = "chief executive officer")."""
    s = unicodedata.normalize("NFKC", role).translate(_QUOTES).lower().replace("-", " ")
    words = []
    for w in s.split():
        w = w.strip(",;:()")
        bare = w.rstrip(".")
        words.extend(_ABBR.get(bare, bare).split())
    return frozenset(w for w in words if w not in _ROLE_STOP)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def __str__(self) -> str:
        p, r, f = self.prf()
        return f"P={p:.3f} R={r:.3f} F1={f:.3f} (tp {self.tp}, fp {self.fp}, fn {self.fn})"


def _match(pred: list, gold: list, same) -> tuple[int, int, int]:
    """Greedy one-to-one matching; ``same(p, g)`` says whether p may match g."""
    used = set()
    tp = 0
    for p in pred:
        for i, g in enumerate(gold):
            if i not in used and same(p, g):
                used.add(i)
                tp += 1
                break
    return tp, len(pred) - tp, len(gold) - tp


@dataclass
class ArticleGold:
    id: str
    people: list[frozenset[str]]            # each: normalised name + aliases
    orgs: list[frozenset[str]]
    pairs: list[tuple[frozenset[str], frozenset[str]]]
    roles: list[tuple[frozenset[str], frozenset[str]]]
    text: str = ""
    date: str | None = None
    raw_people: list[list[str]] = field(default_factory=list)   # each: name and aliases as written
    raw_orgs: list[list[str]] = field(default_factory=list)


def _forms(entry: dict) -> frozenset[str]:
    return frozenset(norm(x) for x in [entry["name"], *entry.get("aliases", [])] if x.strip())


def load_article_gold(path: Path) -> list[ArticleGold]:
    """The gold with each article's text from ``../shared/bench`` (empty list if absent)."""
    texts = _texts()
    if not texts:
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        people = {p["name"]: _forms(p) for p in row["people"]}
        orgs = {o["name"]: _forms(o) for o in row["organisations"]}
        pairs, roles = [], []
        for a in row["affiliations"]:
            who = people.get(a["person"], frozenset({norm(a["person"])}))
            if a.get("org"):
                pair = (who, orgs.get(a["org"], frozenset({norm(a["org"])})))
                if pair not in pairs:
                    pairs.append(pair)
            if a.get("role", "").strip():
                role = (who, frozenset({role_key(a["role"])}))
                if role not in roles:
                    roles.append(role)
        text, date = texts.get(row["id"], ("", None))
        raw_people = [[p["name"], *p.get("aliases", [])] for p in row["people"]]
        raw_orgs = [[o["name"], *o.get("aliases", [])] for o in row["organisations"]]
        out.append(ArticleGold(row["id"], list(people.values()), list(orgs.values()), pairs, roles, text, date,
                               raw_people, raw_orgs))
    return out


def sentences_of(articles: list[ArticleGold]) -> list["SentenceGold"]:
    """Single-sentence gold made from article gold: each sentence of each
    article, with the gold people and organisations one of whose forms it
    contains as whole words.  Scored one sentence at a time, with no article
    around it, this measures what the single-sentence sets measure."""
    import sys
    sys.path.insert(0, str(REPO))
    from extract.sentences import split
    out = []
    for a in articles:
        for para in a.text.split("\n\n"):
            for s in split(" ".join(para.split())):
                folded = s.text.translate(_QUOTES)
                people = [forms for forms in a.raw_people if _contains(folded, forms)]
                orgs = [forms for forms in a.raw_orgs if _contains(folded, forms)]
                out.append(SentenceGold(s.text, [f[0] for f in people], [f[0] for f in orgs],
                                        [_forms_of(f) for f in people], [_forms_of(f) for f in orgs]))
    return out


def _forms_of(forms: list[str]) -> frozenset[str]:
    return frozenset(norm(f) for f in forms if f.strip())


def _contains(text: str, forms: list[str]) -> bool:
    for f in forms:
        f = f.translate(_QUOTES).strip()
        if f and re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", text):
            return True
    return False


def _texts() -> dict[str, tuple[str, str | None]]:
    out: dict[str, tuple[str, str | None]] = {}
    naeb = SHARED / "bench" / "naeb" / "articles.json"
    if naeb.exists():
        for a in json.loads(naeb.read_text(encoding="utf-8")):
            out[f"naeb:{a['id']}"] = (f"{a['title']}\n\n{a['articleBody']}", a.get("date"))
    aeb = SHARED / "bench" / "aeb" / "ground-truth.json"
    if aeb.exists():
        for k, v in json.loads(aeb.read_text(encoding="utf-8")).items():
            out[f"aeb:{k[:12]}"] = (v["articleBody"], None)
    return out


@dataclass
class ArticleScores:
    people: Counts = field(default_factory=Counts)
    orgs: Counts = field(default_factory=Counts)
    pairs: Counts = field(default_factory=Counts)
    roles: Counts = field(default_factory=Counts)
    # roles matched when one word set contains the other ("professor" for
    # "professor of international studies"): a secondary, looser figure
    roles_loose: Counts = field(default_factory=Counts)
    errors: list[tuple[str, str, str]] = field(default_factory=list)   # (article, kind, what)


def score_article(gold: ArticleGold, recs, scores: ArticleScores) -> None:
    """Add one article's records (`extract.Records`) to ``scores``."""
    people = sorted({norm(r.person) for r in recs.people if r.person})
    orgs = set()
    for o in recs.organisations:
        orgs.add((norm(o.organisation), norm(o.acronym) if o.acronym else ""))
    pairs = sorted({(norm(r.person), norm(r.organisation), norm(r.org_acronym) if r.org_acronym else "")
                    for r in recs.people if r.organisation})
    roles = sorted({(norm(r.person), role_key(r.role), role_key(r.role_normalised or r.role))
                    for r in recs.people if r.role})

    def rec(kind, pred, gold_list, same, show):
        tp, fp, fn = _match(pred, gold_list, same)
        for p in pred:
            if not any(same(p, g) for g in gold_list):
                scores.errors.append((gold.id, kind + " fp", show(p)))
        for g in gold_list:
            if not any(same(p, g) for p in pred):
                scores.errors.append((gold.id, kind + " fn", "/".join(sorted(g if isinstance(g, frozenset) else g[0]))))
        return tp, fp, fn

    scores.people.add(*rec("person", people, gold.people, lambda p, g: p in g, str))
    scores.orgs.add(*rec("org", sorted(orgs), gold.orgs, lambda p, g: p[0] in g or (p[1] and p[1] in g),
                         lambda p: p[0]))
    scores.pairs.add(*rec("pair", pairs, gold.pairs,
                          lambda p, g: p[0] in g[0] and (p[1] in g[1] or (p[2] and p[2] in g[1])),
                          lambda p: f"{p[0]} @ {p[1]}"))
    scores.roles.add(*rec("role", roles, gold.roles,
                          lambda p, g: p[0] in g[0] and (p[1] in g[1] or p[2] in g[1]),
                          lambda p: f"{p[0]} : {' '.join(sorted(p[1]))}"))

    def loose(p, g):
        return p[0] in g[0] and any(x and y and (x <= y or y <= x) for x in (p[1], p[2]) for y in g[1])
    scores.roles_loose.add(*_match(roles, gold.roles, loose))


# --- sentence gold: UNER English-EWT test ------------------------------------------------


@dataclass
class SentenceGold:
    text: str
    people: list[str]
    orgs: list[str]
    people_forms: list[frozenset[str]] | None = None     # accepted forms of each (default: the string)
    org_forms: list[frozenset[str]] | None = None


def load_uner_test() -> list[SentenceGold]:
    """UNER English-EWT test sentences with their PER and ORG strings, in the
    span convention of `extract.tagger_corpora` (titles outside names)."""
    path = SHARED / "ner" / "uner-ewt" / "en_ewt-ud-test.iob2"
    if not path.exists():
        return []
    import sys
    sys.path.insert(0, str(REPO))
    from extract import tagger_corpora
    sents = tagger_corpora.uner("test", SHARED / "ner")
    texts = [line[len("# text = "):] for line in path.read_text(encoding="utf-8").splitlines()
             if line.startswith("# text = ")]
    assert len(texts) == len(sents), (len(texts), len(sents))
    out = []
    for text, s in zip(texts, sents):
        people, orgs = [], []
        for a, b, label in tagger_corpora._spans(s.tags):
            words = s.words[a:b]
            name = _join(text, words)
            (people if label == "PER" else orgs).append(name)
        out.append(SentenceGold(text, people, orgs))
    return out


def _join(text: str, words: list[str]) -> str:
    """The words as written in the sentence (UD tokens lose the spacing)."""
    pattern = r"\s*".join(re.escape(w) for w in words)
    m = re.search(pattern, text)
    return m.group(0) if m else " ".join(words)


def score_sentence(gold: SentenceGold, recs, people: Counts, orgs: Counts) -> None:
    pred_people = sorted({norm(r.person) for r in recs.people if r.person})
    gold_people = gold.people_forms or [frozenset({norm(p)}) for p in gold.people]
    people.add(*_match(pred_people, gold_people, lambda p, g: p in g))
    pred_orgs = sorted({(norm(o.organisation), norm(o.acronym) if o.acronym else "") for o in recs.organisations})
    gold_orgs = gold.org_forms or [frozenset({norm(o)}) for o in gold.orgs]
    orgs.add(*_match(pred_orgs, gold_orgs, lambda p, g: p[0] in g or (p[1] and p[1] in g)))
