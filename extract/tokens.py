"""Word tokens with offsets, shared by the recognisers.

A token is a run of letters/digits with internal apostrophes or hyphens
("O'Brien", "vice-president", "BSC-CUPES").  A trailing possessive 's is left
out of the token so "BSC's" yields the token "BSC".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W_](?:[^\W_]|['’](?=[^\W_])|-(?=[^\W_]))*")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def is_cap(self) -> bool:
        return self.text[0].isupper()

    @property
    def is_acronym(self) -> bool:
        """All capitals, at least two letters: "BSC", "CUPES", "BSC-CUPES"."""
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


def tokenize(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        s, e = m.start(), m.end()
        word = m.group(0)
        if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
            e -= 2
            word = word[:-2]
        out.append(Token(s, e, word))
    return out
