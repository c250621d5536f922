"""Scoring of extracted articles against the gold sets in ``shared/bench``.

This is the exact scoring described in ``shared/bench/README.md``:

* body text: 4-token shingles (multisets) -> per-page precision and recall,
  P = mean page precision over pages with a non-empty prediction,
  R = mean page recall over all pages, F1 = harmonic mean of the two means;
* title: exact / relaxed (containment) after the shared normalisation;
* date: the first ten characters of the ISO form, no time-zone conversion;
* authors: set F1 of normalised names, reported over all pages and over the
  pages whose gold names somebody.

Only the standard library is used so the module can be imported anywhere.
"""
from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable, Sequence

__all__ = [
    "tokens",
    "shingles",
    "page_body_scores",
    "BodyScore",
    "body_scores",
    "normalise",
    "title_exact",
    "title_relaxed",
    "date_string",
    "date_correct",
    "author_set",
    "authors_f1",
    "mean",
    "bootstrap_std",
]

SHINGLE_SIZE = 4

# --------------------------------------------------------------------------
# body text
# --------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"\w+")


def tokens(text: str | None) -> list[str]:
    """Every match of ``\\w+`` (Unicode), case kept."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter:
    """The multiset of runs of ``size`` consecutive tokens.

    A text of 1..size-1 tokens gives one shorter shingle; an empty text none.
    """
    toks = tokens(text)
    if not toks:
        return Counter()
    if len(toks) < size:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + size]) for i in range(len(toks) - size + 1))


def page_body_scores(predicted: str | None, gold: str | None) -> tuple[float | None, float]:
    """(precision, recall) of one page.

    Precision is ``None`` when the prediction is empty (it then does not enter
    the precision mean). A page where FP = FN = 0 (including an empty
    prediction for an empty gold) scores 1 for both. A gold text without
    shingles gives recall 1 (nothing to recall).
    """
    pred = shingles(predicted)
    ref = shingles(gold)
    tp = sum((pred & ref).values())
    n_pred = sum(pred.values())
    n_ref = sum(ref.values())
    fp = n_pred - tp
    fn = n_ref - tp
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    precision = tp / n_pred if n_pred else None
    recall = tp / n_ref if n_ref else 1.0
    return precision, recall


@dataclass
class BodyScore:
    precision: float
    recall: float
    f1: float
    accuracy: float  # share of pages whose token sequence equals the gold
    pages: int
    empty_predictions: int


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if (p + r) else 0.0


def body_scores(pairs: Iterable[tuple[str | None, str | None]]) -> BodyScore:
    """Aggregate (predicted, gold) body pairs the benchmark's way."""
    precisions: list[float] = []
    recalls: list[float] = []
    exact = 0
    empty = 0
    for predicted, gold in pairs:
        p, r = page_body_scores(predicted, gold)
        if p is None:
            empty += 1
        else:
            precisions.append(p)
        recalls.append(r)
        if tokens(predicted) == tokens(gold):
            exact += 1
    n = len(recalls)
    P = mean(precisions)
    R = mean(recalls)
    return BodyScore(P, R, _f1(P, R), exact / n if n else 0.0, n, empty)


def body_f1_from_pages(page_scores: Sequence[tuple[float | None, float]]) -> float:
    """F1 of the means from per-page (precision, recall) pairs."""
    P = mean([p for p, _ in page_scores if p is not None])
    R = mean([r for _, r in page_scores])
    return _f1(P, R)


# --------------------------------------------------------------------------
# text normalisation shared by titles and names
# --------------------------------------------------------------------------

_QUOTE_MAP = {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032`\u00b4"}
_QUOTE_MAP.update({c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"})
_QUOTE_MAP.update({chr(c): "-" for c in range(0x2010, 0x2016)})
_QUOTE_MAP["\u2212"] = "-"
_TRANSLATE = str.maketrans(_QUOTE_MAP)
_WS_RE = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """NFKC, quotes and dashes unified, whitespace collapsed, case-folded."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_TRANSLATE)
    text = _WS_RE.sub(" ", text).strip()
    return text.casefold()


# --------------------------------------------------------------------------
# title
# --------------------------------------------------------------------------


def title_exact(predicted: str | None, gold: str | None) -> bool:
    p = normalise(predicted)
    return bool(p) and p == normalise(gold)


def title_relaxed(predicted: str | None, gold: str | None) -> bool:
    p = normalise(predicted)
    g = normalise(gold)
    if not p:
        return False
    if p == g:
        return True
    return bool(g) and (p in g or g in p)


# --------------------------------------------------------------------------
# date
# --------------------------------------------------------------------------


def date_string(value: str | date | datetime | None) -> str | None:
    """``YYYY-MM-DD`` as written (first ten characters of the ISO form)."""
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    value = str(value).strip()
    return value[:10] or None


def date_correct(predicted: str | date | datetime | None, gold: str | None) -> bool:
    p = date_string(predicted)
    if gold is None:
        return p is None
    return p == gold[:10]


# --------------------------------------------------------------------------
# authors
# --------------------------------------------------------------------------

_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"}


def _clean_name(name: str) -> str:
    name = name.replace(".", " ")
    name = normalise(name)
    start, end = 0, len(name)
    while start < end and not name[start].isalnum():
        start += 1
    while end > start and not name[end - 1].isalnum():
        end -= 1
    return name[start:end]


def author_set(names: str | Iterable[str] | None, *, gold: bool = False) -> set[str]:
    """The normalised set of names.

    Gold is a comma-separated string; a prediction is a list of names, each
    also split on commas and semicolons. Passing a string as prediction
    treats it as a one-element list.
    """
    if names is None:
        return set()
    if isinstance(names, str):
        names = [names]
    pattern = r"," if gold else r"[,;]"
    out: set[str] = set()
    for item in names:
        if not item:
            continue
        for part in re.split(pattern, item):
            name = _clean_name(part)
            if not name:
                continue
            if name.replace(" ", "") in _SUFFIXES:
                continue
            out.add(name)
    return out


def authors_f1(predicted: str | Iterable[str] | None, gold: str | None) -> float:
    g = author_set(gold, gold=True)
    p = author_set(predicted)
    if not g:
        return 1.0 if not p else 0.0
    if not p:
        return 0.0
    return 2 * len(g & p) / (len(g) + len(p))


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def mean(values: Sequence[float] | Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def bootstrap_std(page_scores: Sequence[tuple[float | None, float]], rounds: int = 1000, seed: int = 0) -> float:
    """Standard deviation of body F1 over ``rounds`` bootstrap resamples."""
    if not page_scores:
        return 0.0
    rng = random.Random(seed)
    n = len(page_scores)
    values = []
    for _ in range(rounds):
        sample = [page_scores[rng.randrange(n)] for _ in range(n)]
        values.append(body_f1_from_pages(sample))
    m = mean(values)
    return (sum((v - m) ** 2 for v in values) / len(values)) ** 0.5
