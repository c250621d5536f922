"""The learned PERSON / ORG tagger: a linear-chain CRF shipped in ``data/models``.

Why a CRF (python-crfsuite): it learns from a few hundred thousand words in a
minute on a laptop, tags tens of thousands of words per second in C, needs no
GPU and no download at run time, and its model is one small file.  How it was
trained and on what: ``data/models/README.md``; retrain with
``python -m extract.tagger_train``.

A crfsuite ``Tagger`` is not thread-safe and does not pickle, so each thread
(and each process: a forked worker gets a fresh one) opens its own from the
model file; `spans` is the one entry point.
"""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from . import gazetteer, orgs, people
from .tagger_features import features, tokenize
from .tokens import COMPOUND_ENDING, WHEN_WORDS

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models"
DEFAULT_MODEL = MODEL_DIR / "ner-en.crfsuite"


class TaggerUnavailable(RuntimeError):
    """python-crfsuite or the model file is missing."""


@dataclass(frozen=True)
class Span:
    start: int        # character offsets in the sentence
    end: int
    label: str        # "PERSON" or "ORG"
    text: str
    prob: float = 1.0  # the tagger's confidence: the lowest marginal of the span's tags


_LABELS = {"PER": "PERSON", "ORG": "ORG"}
_DETERMINERS = frozenset("The A An This That".split())
_CLAUSE_OPENERS = frozenset(("-", "–", "—", ":", ";", "(", '"', "“", "‘"))
_CLOSED_CLASS = frozenset(
    "The A An It It's This That These Those There They We I He She You Our Their His Her Its In On At For "
    "But And Or So If When While As After Before Since Although Though Because However Meanwhile Still Yet "
    "Some Many Most All Each Every No Not What Which Who Why How Where Here Now Then Also Even Only Just".split())
# lower-case words that may sit inside a name; any other one ends a person span
# ("Taylor told Dempsey" is two names)
_NAME_PARTICLES = people._PARTICLES | frozenset("della das el y".split())
_local = threading.local()


def model_path() -> Path:
    """The model file: ``BROADSHEET_NER_MODEL`` when set, else the shipped one."""
    return Path(os.environ.get("BROADSHEET_NER_MODEL", DEFAULT_MODEL))


def _tagger():
    """This thread's crfsuite Tagger for the current model file (opened once)."""
    key = (os.getpid(), os.environ.get("BROADSHEET_NER_MODEL"))
    cached = getattr(_local, "tagger", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    path = str(model_path())
    try:
        import pycrfsuite  # noqa: PLC0415 - imported on first use only
    except ImportError as exc:
        raise TaggerUnavailable("the learned tagger needs python-crfsuite (pip install python-crfsuite)") from exc
    if not os.path.exists(path):
        raise TaggerUnavailable(f"tagger model not found: {path} (retrain with python -m extract.tagger_train)")
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    _local.tagger = (key, tagger)
    return tagger


def check() -> None:
    """Raise `TaggerUnavailable` now rather than on the first sentence."""
    _tagger()


def spans(text: str) -> list[Span]:
    """PERSON and ORG spans of one sentence, with character offsets.

    A span starts and ends on a word (a quotation mark or a dash the tagger
    took in is left out), and carries the tagger's confidence, so that the
    caller can ask more evidence of a doubtful one."""
    toks = tokenize(text)
    if not toks:
        return []
    words = [t[2] for t in toks]
    if not any(w[:1].isupper() for w in words[1:]) and (words[0] in _CLOSED_CLASS or not words[0][:1].isupper()):
        return []     # no capitalised word but a function word starting the sentence: no name to find
    tagger = _tagger()
    tags = tagger.tag(features(words))
    predicted = tags
    tags = _split_person_spans(words, tags)
    out: list[Span] = []
    first = None
    for i, tag in enumerate([*tags, "O"]):
        kind, _, lab = tag.partition("-")
        if first is not None and (kind != "I" or lab != tags[first][2:]):
            a, b = first, i
            while a < b and not toks[a][2][0].isalnum():
                a += 1
            while b > a and not toks[b - 1][2][0].isalnum():
                b -= 1
            if tags[first][2:] == "ORG":
                # an organisation's name neither starts nor ends on a lower-case or
                # function word ("US Senate on Monday", "the Fed")
                while a < b and (words[a][:1].islower() or words[a] in _DETERMINERS
                                 or COMPOUND_ENDING.search(words[a])     # "the Oslo-based Acme Group"
                                 or (a == 0 and (words[a] in orgs.LEADING_FUNCTION or people.gerund(words[a])))):
                    a += 1      # ... nor on a sentence's first function word ("While White House")
                # nor on a title: "White House Press Secretary" is the White House and a role
                b = _before_title(words, a, b)
                while b > a and (words[b - 1][:1].islower() or words[b - 1] in WHEN_WORDS):
                    b -= 1
            else:
                # nor does a person's, at a clause's start ("Ocon - Like Gasly, ...") or end ("the S. The")
                while (b - a > 1 and (a == 0 or words[a - 1] in _CLAUSE_OPENERS)
                       and (words[a] in orgs.LEADING_FUNCTION or people.gerund(words[a]))
                       and words[a + 1][:1].isupper()):
                    a += 1      # ... or a verb's "-ing" form ("Hosting Cook at Dreamforce")
                while b - a > 1 and (words[b - 1] in _CLOSED_CLASS or words[b - 1][:1].isdigit()):
                    b -= 1      # ... nor a number ("Martin Truex Jr. 5035" in a table)
                if b - a > 2 and people.nationality(words[a]):
                    a += 1      # "Chilean Tom Bell" is Tom Bell
                if b - a == 1 and len(words[a].rstrip(".")) == 1:
                    a = b          # a lone initial is no name
            end = toks[b - 1][1] if a < b else 0
            if a < b and tags[first][2:] == "PER":
                end = _before_compound(text, toks[a][0], end)
            if a < b:
                prob = min(tagger.marginal(predicted[k], k) for k in range(first, i))
                out.append(Span(toks[a][0], end, _LABELS[tags[first][2:]], text[toks[a][0]:end], prob))
            first = None
        if kind == "B" or (kind == "I" and first is None):
            first = i
    out.extend(_doubtful_spans(tagger, toks, words, tags))
    return out


def _before_compound(text: str, start: int, end: int) -> int:
    """A name ends before a compound ending: "Elon Musk-led", "Biden-era"."""
    m = COMPOUND_ENDING.search(text, start, end)
    return m.start() if m and m.start() > start else end


def _before_title(words: list[str], a: int, b: int) -> int:
    """The end of words[a:b] without the longest role it ends in ("Press
    Secretary", "CEO"), if a name is left before it."""
    g = gazetteer.load()
    for cut in range(a + 1, b):
        tail = words[cut:b]
        if " ".join(tail).lower() in g.role_names or (len(tail) == 1 and tail[0] in g.role_abbreviations):
            return cut
    return b


# a capitalised word the tagger left out that it still thought this likely to
# start a person's name (and likelier a person than an organisation)
_DOUBT = 0.15


def _doubtful_spans(tagger, toks, words: list[str], tags: list[str]) -> list[Span]:
    """One-word spans for capitalised words tagged O: PERSON where the B-PER
    marginal is at least `_DOUBT` and above B-ORG's ("Saqib said."), which with
    their low confidence the caller keeps only with more evidence (a speech verb
    beside them, or a full name in the article to link to); ORG where the B-ORG
    marginal reaches `_ORG_DOUBT` and is above B-PER's."""
    out = []
    for k, (w, t) in enumerate(zip(words, tags)):
        if t != "O" or not w[:1].isupper() or w in _CLOSED_CLASS:
            continue
        per, org = tagger.marginal("B-PER", k), tagger.marginal("B-ORG", k)
        if per >= _DOUBT and per > org and w.isalpha() and not w.isupper():
            out.append(Span(toks[k][0], toks[k][1], "PERSON", w, per))
        elif org >= _ORG_DOUBT and org > per:
            out.append(Span(toks[k][0], toks[k][1], "ORG", w, org))
    return out


# a capitalised word tagged O whose B-ORG marginal reaches this is an
# organisation all the same (the tagger's organisation recall is its weakness)
_ORG_DOUBT = 0.45


def _split_person_spans(words: list[str], tags: list[str]) -> list[str]:
    """A person span's lower-case word that is no particle is outside it, and
    the span goes on after it as a new one; its first word too ("of Zscaler",
    "firm Zscaler": a name starts capitalised, or with a particle, "de Blasio").
    A particle between two person spans joins them ("Laurence des Cars")."""
    out = list(tags)
    for i in range(1, len(tags) - 1):
        # and a particle the tagger left out between two person spans joins them: "Laurence des Cars"
        if (tags[i] == "O" and words[i] in _NAME_PARTICLES and tags[i - 1] in ("B-PER", "I-PER")
                and tags[i + 1] == "B-PER"):
            out[i] = out[i + 1] = "I-PER"
    for i, (w, t) in enumerate(zip(words, tags)):
        if t in ("B-PER", "I-PER") and w[:1].islower() and w not in _NAME_PARTICLES:
            out[i] = "O"
            if i + 1 < len(tags) and tags[i + 1] == "I-PER":
                out[i + 1] = "B-PER"
    return out
