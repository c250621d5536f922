"""The name-annotated corpora in ``../shared/ner``, read into one convention.

Every reader yields `Sentence` objects: words and BIO tags over two labels,
``PER`` and ``ORG`` (everything else, places included, is ``O``).  The corpora
disagree on what a span covers, so each is normalised to what ``people.csv``
shows:

- a person span is the name only: honorifics and titles before it are
  outside ("President **Bush**", "Dr **Jane Doe**"), as UNER already does;
- a span is capitalised words (with the lower-case particles and connectors
  between them: "Bank **of** England", "Ludwig **van** Beethoven"); GUM marks
  every mention ("the students", "he"), so only its capitalised runs are names;
- WNUT17's ``person`` is PER, ``corporation`` and ``group`` are ORG.

Which file trains and which only evaluates is decided by the caller
(`extract.tagger_train`): UNER English-EWT **test** is never trained on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import gazetteer

SHARED_NER = Path(__file__).resolve().parents[2] / "shared" / "ner"

_CONNECT = frozenset("of for and the de du des del di da la le van von der den bin al & 's".split())
_PRONOUNS = frozenset("I Me My He Him His She Her Hers We Us Our They Them Their You Your It Its Mine "
                      "Myself Himself Herself Yourself Ourselves Themselves Who Whom One".split())


@dataclass
class Sentence:
    words: list[str]
    tags: list[str]
    source: str = ""
    doc: str = ""
    meta: dict = field(default_factory=dict)


def _spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) of the BIO (or IO) spans in ``tags``."""
    out = []
    start, label = None, None
    for i, t in enumerate([*tags, "O"]):
        kind, _, lab = t.partition("-")
        if t == "O" or kind == "B" or lab != label:
            if start is not None:
                out.append((start, i, label))
            start, label = (i, lab) if t != "O" else (None, None)
    return out


def _bio(n: int, spans: list[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * n
    for a, b, lab in spans:
        tags[a] = "B-" + lab
        for i in range(a + 1, b):
            tags[i] = "I-" + lab
    return tags


def _is_title_word(word: str, g: gazetteer.Gazetteers, role_words: frozenset[str]) -> bool:
    bare = word.rstrip(".")
    return (bare in g.honorifics or word in g.role_abbreviations or bare + "." in g.role_abbreviations
            or word.lower() in role_words)


def _role_words() -> frozenset[str]:
    from .tagger_features import lexicons
    return lexicons().role_words


def _cap(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def normalise(words: list[str], spans: list[tuple[int, int, str]], every_mention: bool = False
              ) -> list[tuple[int, int, str]]:
    """Spans cut to the convention above.  ``every_mention``: the corpus marks
    named and unnamed mentions alike (GUM), so keep only capitalised runs."""
    g = gazetteer.load()
    roles = _role_words()
    out = []
    for a, b, lab in spans:
        runs: list[tuple[int, int]] = []
        if every_mention:
            i = a
            while i < b:
                if _cap(words[i]) and words[i] not in _PRONOUNS and not (
                        words[i] in g.stopwords and (i + 1 == b or not _cap(words[i + 1]))):
                    j = i + 1
                    while j < b and (_cap(words[j]) or (words[j] in _CONNECT and j + 1 < b and _cap(words[j + 1])
                                                        and (lab == "ORG" or words[j] not in ("of", "and", "&", "'s")))):
                        j += 1
                    # a person mention's "of X" names where the person is from or
                    # works, not the person; a place before more words of an
                    # organisation mention is an adjective ("the New Zealand government")
                    after_of = lab == "PER" and i > a and words[i - 1] in ("of", "from", "at")
                    place = " ".join(words[i:j]) in g.places
                    modifier = j < b and words[j][:1].islower() and words[j] not in _CONNECT
                    group = lab == "PER" and j - i == 1 and words[i] not in g.surnames and words[i].endswith(
                        ("ans", "ists", "ites", "ian", "ish", "ese"))
                    if lab == "PER" and i > a and words[i - 1] in ("'s", "’s"):
                        after_of = False                   # "Youngspiration 's Baggio Leung"
                    if not (after_of or modifier or group) and not (place and (lab == "PER" or j < b)):
                        runs.append((i, j))
                    i = j
                else:
                    i += 1
        else:
            runs = [(a, b)]
        for s, e in runs:
            while s < e and words[s] in ("The", "the", "A", "An"):
                s += 1
            while e > s and words[e - 1] in ("'s", "’s", "'", "’", ".", ","):
                e -= 1
            if lab == "PER":
                while e - s > 1 and _is_title_word(words[s], g, roles):
                    s += 1       # "President Bush" -> "Bush"
                if every_mention:
                    # "NASA Administrator Charles Bolden", "Environment Minister John Baird":
                    # the name starts after the last title word
                    last = max((k for k in range(s, e - 1) if _is_title_word(words[k], g, roles)), default=None)
                    if last is not None:
                        s = last + 1
                if e - s == 1 and _is_title_word(words[s], g, roles) and words[s][:1].isupper():
                    continue     # a bare title is no name
            if s < e:
                out.append((s, e, lab))
    return out


def _read_columns(path: Path, word_col: int, tag_col: int, sep: str | None = None,
                  comments: bool = False) -> list[tuple[list[str], list[str]]]:
    sents, words, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if comments and line.startswith("#"):
            continue
        if not line.strip():
            if words:
                sents.append((words, tags))
            words, tags = [], []
            continue
        cols = line.split(sep) if sep else line.split()
        if len(cols) <= max(word_col, tag_col):
            continue
        words.append(cols[word_col])
        tags.append(cols[tag_col])
    if words:
        sents.append((words, tags))
    return sents


def _keep(tags: list[str], mapping: dict[str, str]) -> list[tuple[int, int, str]]:
    """Spans of the raw tags with labels mapped (unmapped labels dropped)."""
    raw = _spans([t if t != "B-O" else "O" for t in tags])
    return [(a, b, mapping[lab]) for a, b, lab in raw if lab in mapping]


def uner(split: str, root: Path = SHARED_NER) -> list[Sentence]:
    """UNER English-EWT ``dev`` or ``test`` (PER, ORG kept; LOC, OTH dropped)."""
    path = root / "uner-ewt" / f"en_ewt-ud-{split}.iob2"
    out = []
    for words, tags in _read_columns(path, 1, 2, "\t", comments=True):
        spans = normalise(words, _keep(tags, {"PER": "PER", "ORG": "ORG"}))
        out.append(Sentence(words, _bio(len(words), spans), f"uner-{split}"))
    return out


def wikigold(root: Path = SHARED_NER) -> list[Sentence]:
    out = []
    for words, tags in _read_columns(root / "wikigold" / "wikigold.conll.txt", 0, 1):
        if words == ["-DOCSTART-"]:
            continue
        spans = normalise(words, _keep(tags, {"PER": "PER", "ORG": "ORG"}))
        out.append(Sentence(words, _bio(len(words), spans), "wikigold"))
    return out


def wnut17(split: str, root: Path = SHARED_NER) -> list[Sentence]:
    out = []
    mapping = {"person": "PER", "corporation": "ORG", "group": "ORG"}
    for words, tags in _read_columns(root / "wnut17" / f"{split}.conll", 0, 1, "\t"):
        spans = normalise(words, _keep(tags, mapping))
        out.append(Sentence(words, _bio(len(words), spans), f"wnut17-{split}"))
    return out


def gum(genre: str, root: Path = SHARED_NER) -> list[Sentence]:
    """GUM ``news``, ``interview`` or ``voyage`` (every mention marked; names kept)."""
    docs = [(path.stem, _read_columns(path, 0, 1, "\t")) for path in sorted((root / "gum" / genre).glob("*.tsv"))]
    lower: dict[str, int] = {}
    for _, sents in docs:
        for words, _ in sents:
            for w in words:
                if w[:1].islower():
                    lower[w] = lower.get(w, 0) + 1
    out = []
    for stem, sents in docs:
        for words, tags in sents:
            io = ["I-" + {"person": "PER", "organization": "ORG"}.get(t, "X") if t != "O" else "O" for t in tags]
            spans = normalise(words, [s for s in _spans(io) if s[2] != "X"], every_mention=True)
            # a sentence's first word that is common in lower case ("Critics", "Readers") is no name
            spans = [(a, b, lab) for a, b, lab in spans if not (a == 0 and b == 1 and lower.get(words[0].lower(), 0) >= 2)]
            out.append(Sentence(words, _bio(len(words), spans), f"gum-{genre}", stem))
    return out


def available(root: Path = SHARED_NER) -> bool:
    return (root / "uner-ewt" / "en_ewt-ud-test.iob2").exists()
