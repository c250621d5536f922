"""Sentence splitting tuned for news prose.

A regex splitter rather than a model: it must be fast (thousands of sentences
per second) and predictable.  It does not split after titles and initials
("Mr. Zhang", "J. Smith"), after month abbreviations followed by a number
("Jan. 5"), nor inside an open double quotation, so a quote and its
attribution ("...  It works," she said.) stay in one sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*\s+")
_NEXT_START = re.compile(r"[\"“‘(]?[A-Z0-9\u00C0-\u024F]")
_NO_SPLIT_AFTER = frozenset(
    "Mr Mrs Ms Dr Prof Sr Jr St Mt Rev Gen Col Lt Capt Sgt Gov Sen Rep Hon No Nos Fig vs Messrs".split()
)
_MONTH_ABBR = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}")


@dataclass(frozen=True)
class Sentence:
    """One sentence with where it came from."""

    text: str
    start: int                      # offset in its paragraph / caption
    paragraph_index: int | None     # None for captions
    image_index: int | None = None  # set for captions


_MAX_QUOTE = 800  # an "open" quote older than this is a stray mark, not a quotation


def _inside_quote(text: str) -> bool:
    if text.count("“") > text.count("”"):
        return len(text) - text.rfind("“") < _MAX_QUOTE
    if text.count('"') % 2 == 1:
        return len(text) - text.rfind('"') < _MAX_QUOTE
    return False


def split_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        nxt = m.end()
        if nxt >= len(text) or not _NEXT_START.match(text, nxt):
            continue
        window = text[max(start, m.start() - 40):m.start() + 1].rsplit(None, 1)
        full = window[-1].lstrip("\"“‘'([") if window else ""
        word = full.rstrip(".!?")
        if word in _NO_SPLIT_AFTER:
            continue
        if len(word) == 1 and word.isupper():          # initial: "J. Smith"
            continue
        if _DOTTED.fullmatch(full):                     # "U.S." / "a.m."
            continue
        if word in _MONTH_ABBR and text[nxt:nxt + 1].isdigit():
            continue
        if _inside_quote(text[start:m.end()]):
            continue
        spans.append((start, m.start() + len(m.group(0).rstrip())))
        start = nxt
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        seg = seg.strip()
        if seg:
            out.append((s + lead, s + lead + len(seg)))
    return out


def split(text: str, paragraph_index: int | None = None, image_index: int | None = None) -> list[Sentence]:
    """Sentences of one paragraph or caption."""
    return [
        Sentence(text[s:e], s, paragraph_index, image_index)
        for s, e in split_offsets(text)
    ]


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")   # "Can't", "Solid-state": one word


def title_cased(text: str, at: int) -> bool:
    """Is the line around ``at`` written in title case, as headlines are
    ("Austin Still Together?", "Why Can't Taylor Swift Perform Her Own
    Songs?")?  There a capital letter is no evidence of a name: a one-word
    person span does not stand on the model's confidence alone, and an
    organisation needs more than its capitals (see `pipeline`).  Title case:
    at least three words of four or more letters, and no word in lower case
    but articles, short prepositions and conjunctions ("for", "with":
    `title_case_lower.txt`): a sentence of names still has a verb ("Trump met
    Putin in Helsinki on Monday", "..., said so")."""
    from . import gazetteer  # noqa: PLC0415 - the splitter itself needs no lexicon
    a = text.rfind("\n", 0, at) + 1
    b = text.find("\n", at)
    words = _WORD.findall(text, a, b if b >= 0 else len(text))
    if sum(len(w) >= 4 for w in words) < 3:
        return False
    lower_ok = gazetteer.load().title_case_lower
    return not any(w[0].islower() and w not in lower_ok for w in words)
