"""Within-article person linking: one person, one entity.

Rule: every accepted multi-word name is an entity ("Zhang Hong").  A single
word ("Zhang", "Ms Zhang", the capitalised surname "He" in "..., He added.")
links to the entity whose first or last word it is; when several entities
share that word, the one mentioned most recently wins.  A single word that no
full name explains becomes its own entity only when it had its own evidence
(honorific, speech verb, role).  The entity's name is its fullest form, and
its id is ``<article_id>-p<n>`` with n counted in reading order.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .people import NameMention

_MALE = frozenset({"Mr", "Sir", "Lord"})
_FEMALE = frozenset({"Ms", "Mrs", "Miss", "Dame", "Madam", "Lady"})


@dataclass
class Entity:
    name: str
    person_id: str = ""
    gender: str = ""          # "m"/"f" when an honorific said so, else ""
    names: set[str] = field(default_factory=set)


def _gender(honorific: str) -> str:
    if honorific in _MALE:
        return "m"
    if honorific in _FEMALE:
        return "f"
    return ""


def link(mentions: list[NameMention], article_id: str, alone: bool = False) -> tuple[list[Entity], list[int | None]]:
    """Entities (ordered by first mention) and, per mention, its entity index.

    ``alone``: the text is one sentence, so a "likely" one-word name has no
    article to find its full name in, and stands on the model's word."""
    if alone:
        mentions = [replace(m, status="accepted") if m.status == "likely" else m for m in mentions]
    full: dict[str, int] = {}
    entities: list[Entity] = []
    # a full name with no evidence of its own counts when its surname comes
    # back alone with its own evidence ("... Kolina Koltai ... Koltai said")
    alone_cued: set[str] = set()
    mention_words = [m.words for m in mentions]      # split once
    for m, mw in zip(mentions, mention_words):
        if len(mw) == 1 and m.status == "accepted":
            alone_cued.add(m.text)
    for m, mw in zip(mentions, mention_words):
        if (m.status == "needs_link" and 2 <= len(mw) <= 3 and m.text not in full
                and all(w[:1].isupper() for w in mw)
                and mw[-1] in alone_cued and not m.sentence_initial):
            full[m.text] = len(entities)
            entities.append(Entity(m.text, names={m.text}))
    for m, mw in zip(mentions, mention_words):
        if m.status == "accepted" and len(mw) >= 2 and m.text not in full:
            full[m.text] = len(entities)
            entities.append(Entity(m.text, names={m.text}))
    # merge "Wang Yi" into "Wang Yi Ming"-style longer names that contain it
    split_names = {name: name.split() for name in full}
    for name, idx in list(full.items()):
        words = split_names[name]
        for other, oidx in full.items():
            ow = split_names[other]
            if oidx != idx and len(ow) > len(words) and _contains(ow, words):
                full[name] = oidx
                break
    singles: dict[str, int] = {}
    assigned: list[int | None] = []
    last_seen: dict[int, int] = {}
    full_words = [(n.split(), i) for n, i in full.items()]      # split once, not per mention
    for pos, m in enumerate(mentions):
        idx: int | None = None
        words = mention_words[pos]
        if len(words) >= 2:
            idx = full.get(m.text)
            if idx is None:
                hits = {i for ws, i in full_words if _contains(ws, words)}
                idx = hits.pop() if len(hits) == 1 else None
        else:
            word = words[0]
            hits = sorted({i for ws, i in full_words if ws[0] == word or _surname(ws) == word})
            if hits:
                idx = max(hits, key=lambda i: last_seen.get(i, -1))
            elif word in singles:
                idx = singles[word]
            elif m.status == "accepted":
                idx = singles[word] = len(entities)
                entities.append(Entity(word, names={word}))
        if idx is not None:
            last_seen[idx] = pos
            ent = entities[idx]
            ent.names.add(m.text)
            ent.gender = ent.gender or _gender(m.honorific)
        assigned.append(idx)
    # drop unreferenced entities and number the rest in reading order
    order: list[int] = []
    for idx in assigned:
        if idx is not None and idx not in order:
            order.append(idx)
    remap = {old: new for new, old in enumerate(order)}
    kept = [entities[old] for old in order]
    for n, ent in enumerate(kept, 1):
        ent.name = max(ent.names, key=lambda s: (len(s.split()), len(s)))
        ent.person_id = f"{article_id}-p{n}"
    return kept, [remap.get(i) if i is not None else None for i in assigned]


# a name with one of these after it is another person than the name without it
_GENERATIONAL = frozenset("Jr. Jr Sr. Sr II III IV".split())


def _surname(words: list[str]) -> str:
    """The last word of a name before "Jr." or "III"."""
    return words[-2] if len(words) > 2 and words[-1] in _GENERATIONAL else words[-1]


def _contains(longer: list[str], shorter: list[str]) -> bool:
    """Is ``shorter`` a run of ``longer`` that names the same person ("Wang Yi"
    in "Wang Yi Ming")?  "Donald Trump" does not name "Donald Trump Jr."."""
    k = len(shorter)
    if longer[-1] in _GENERATIONAL and shorter[-1] not in _GENERATIONAL and longer[-k - 1:-1] == shorter:
        return False
    return any(longer[i:i + k] == shorter for i in range(len(longer) - k + 1))
