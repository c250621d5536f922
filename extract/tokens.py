"""Word tokens with offsets, shared by the recognisers.

A token is a run of letters/digits with internal apostrophes or hyphens
("O'Brien", "vice-president", "BSC-CUPES").  A trailing possessive 's is left
out of the token so "BSC's" yields the token "BSC".  Flags are computed once
here because every recogniser asks for them.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from operator import attrgetter

# Only capitalised words and the few lower-case words that can sit inside a
# name ("of", "and", "van", ...) are tokens: recognisers build runs of these,
# and the text between two tokens ("glue") shows when a run was interrupted.
_CONNECTORS = "of|for|and|the|on|in|de|du|des|del|di|da|la|le|van|von|der|den|bin|binti|al|dos|ibn|ter"
# The tail "[^\W_]*(?:['’\-][^\W_]+)*" is "(?:[^\W_]|['’](?=[^\W_])|-(?=[^\W_]))*"
# written without a per-character alternation (same matches, faster).
_TOKEN = re.compile(
    r"(?<![\w'’\-])(?:[A-Z\u00C0-\u00DE\u0100-\u024F\u0370-\u03FF\u0400-\u042F]|(?:%s)\b)"
    r"[^\W_]*(?:['’\-][^\W_]+)*" % _CONNECTORS
)
_TOKEN_SPLIT = re.compile("(" + _TOKEN.pattern + ")")


class Token:
    __slots__ = ("start", "end", "text", "is_cap", "is_acronym")

    def __init__(self, start: int, end: int, text: str):
        self.start = start
        self.end = end
        self.text = text
        self.is_cap = text[0].isupper()
        # all capitals, at least two letters: "BSC", "CUPES", "BSC-CUPES"
        self.is_acronym = (
            self.is_cap and len(text) >= 2 and text.isupper() and sum(c.isalpha() for c in text) >= 2
        )

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r})"


_START = attrgetter("start")
_END = attrgetter("end")


# compound endings that make a name an adjective ("Elon Musk-led", "Oslo-based");
# not any lower-case part after a hyphen, which romanised names have ("Tsai
# Ing-wen", "Moon Jae-in")
COMPOUND_ENDING = re.compile(r"-(?:led|based|owned|backed|run|funded|born|era|style|linked|allied|aligned|controlled"
                             r"|affiliated|appointed|endorsed|sponsored|like|esque|type|inspired|themed"
                             r"|dominated|held|focused|oriented|centric|friendly)(?![\w-])")


# "Uruguayan", "Chinese", "Scottish", "Israeli": a nationality, not an organisation
DEMONYM = re.compile(
    r"^[A-Z][a-z]+(?:ian|ean|ese|ish)$|^(?:Israeli|Pakistani|Iraqi|Saudi|Kuwaiti|Omani|Yemeni|Bangladeshi|Somali|"
    r"Nepali|Qatari|Emirati|Afghan|American|Mexican|Cuban|Korean|Moroccan|Kenyan|Ugandan|Thai|Czech|Greek|"
    r"French|Dutch|Swiss|Welsh|Uruguayan|Chilean|Peruvian|Venezuelan|Guatemalan|Dominican|Puerto Rican"
    # party adjectives stand where a nationality does ("Republican Gov. X", "Democrat Jane Doe")
    r"|Republican|Democratic|Democrat)$")


_CLAUSE_START = re.compile(r"(?:^|[:;–—-])[\s\"“‘'(]*$")


def clause_start(text: str, pos: int) -> bool:
    """Does a clause start at ``pos``: at the text's start, or after a colon,
    semicolon or dash, quotation marks and brackets aside ("A: Watching ...")?
    A word there is capitalised by position, not because it is a name."""
    return _CLAUSE_START.search(text, 0, pos) is not None


# days and months: a word of time, not of a name ("US Senate on Monday", "Acme in January")
WHEN_WORDS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Yesterday Tomorrow "
                       "January February April June July August September October November December".split())


def overlaps(start: int, end: int, spans) -> bool:
    """Does [start, end) share a character with one of ``spans`` ((start, end) pairs)?"""
    return any(a < end and start < b for a, b in spans)


def overlapping(tokens: list[Token], spans: list[tuple[int, int]]) -> list[bool]:
    """Per token: does it overlap one of ``spans`` (``s < tok.end and tok.start < e``)?

    ``tokens`` must be in text order, as `tokenize` gives them: then the tokens
    overlapping a span are one stretch, found by bisection instead of testing
    every token against every span."""
    flags = [False] * len(tokens)
    for s, e in spans:
        lo = bisect_right(tokens, s, key=_END)     # first token ending after s
        hi = bisect_left(tokens, e, key=_START)    # first token starting at or after e
        for i in range(lo, hi):
            flags[i] = True
    return flags


_ALNUM_SPLIT = re.compile(r"([A-Za-z0-9]+)")
_last_split: tuple[str, list[str]] = ("", [""])


def alnum_split(text: str) -> list[str]:
    """``re.split(r"([A-Za-z0-9]+)", text)``: ASCII letter/digit runs (odd items)
    and what lies between them.  On ASCII text this is the word split of roles
    (when there is no apostrophe) and of dates (when there is no underscore),
    so the last answer is kept for the next recogniser.  Do not modify it."""
    global _last_split
    last = _last_split
    if last[0] is text:
        return last[1]
    parts = _ALNUM_SPLIT.split(text)
    _last_split = (text, parts)
    return parts


def tokenize(text: str) -> list[Token]:
    """Capitalised words and in-name connectors of ``text`` (see `_TOKEN`)."""
    # one split gives the tokens (odd items) and the text between them; the
    # offsets are running lengths, so there is no per-match method call
    parts = _TOKEN_SPLIT.split(text)
    if len(parts) == 1:
        return []
    offsets = list(accumulate(map(len, parts)))
    if "'" not in text and "’" not in text:     # no possessive to cut off
        return list(map(Token, offsets[0::2], offsets[1::2], parts[1::2]))
    out = []
    for word, start, end in zip(parts[1::2], offsets[0::2], offsets[1::2]):
        if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
            out.append(Token(start, end - 2, word[:-2]))
        else:
            out.append(Token(start, end, word))
    return out
