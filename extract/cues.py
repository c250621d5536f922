"""Context cues shared by the recognisers (speech verbs, pronouns, tense).

Kept in one place so people, quotes and dates agree on what "said" means.
"""
from __future__ import annotations

import re


def _phrase_re(phrase: str) -> str:
    """A phrase as a regex: words separated by any whitespace; an apostrophe is either one."""
    return r"\s+".join(re.escape(w).replace("'", "['’]") for w in phrase.split())


SPEECH_VERBS = (
    "said", "says", "say", "added", "adds", "noted", "notes", "stressed", "stresses",
    "emphasized", "emphasised", "explained", "explains", "argued", "argues", "warned",
    "warns", "insisted", "insists", "claimed", "claims", "remarked", "stated", "states",
    "told", "tells", "wrote", "writes", "asked", "asks", "replied", "announced",
    "announces", "continued", "observed", "acknowledged", "admitted", "believes",
    "believed", "pointed out", "points out", "commented", "suggested", "urged",
)
SPEECH = "|".join(sorted((_phrase_re(v) for v in SPEECH_VERBS), key=len, reverse=True))
# verbs that introduce the content of what was said ("X said (that) ...")
SAY_VERBS = (
    "said", "says", "added", "adds", "noted", "notes", "stressed", "stresses", "emphasized",
    "emphasised", "explained", "explains", "argued", "argues", "warned", "warns", "insisted",
    "insists", "claimed", "claims", "stated", "remarked", "wrote", "writes", "pointed out",
    "points out", "acknowledged", "admitted",
)
SAY = "|".join(sorted((_phrase_re(v) for v in SAY_VERBS), key=len, reverse=True))
# a speech verb right after a name: "Zhang said", "Zhang, 45, said" is not handled
SPEECH_AFTER = re.compile(rf"\s+(?:has\s+|had\s+|also\s+|later\s+|then\s+)?(?:{SPEECH})\b")
# a speech verb right before a name: "said Zhang", "according to Zhang".  Verbs
# whose object is the listener ("told CNN", "asked Reuters") are left out:
# after them comes an outlet more often than a person.
_LISTENER = frozenset({"told", "tells", "asked", "asks", "wrote", "writes"})
SPEECH_BEFORE = re.compile(
    rf"(?:\b(?:{'|'.join(v for v in SPEECH.split('|') if v not in _LISTENER)})|\baccording\s+to)\s+$",
    re.IGNORECASE)
# last words of SPEECH_BEFORE's phrases: a cheap test before the regex
SPEECH_BEFORE_ENDINGS = tuple(sorted({v.split()[-1] for v in SPEECH_VERBS if v not in _LISTENER} | {"to"}))
# what follows a person's name rather than a thing's: an age ("Ivo Havranek, 43,"),
# a relative "who" ("Rodolphe Jaar, who hosted ...")
AGE_AFTER = re.compile(r"\s*,\s*(?:\d{1,3}\s*,|aged\s+\d{1,3}\b)")
PERSON_AFTER = re.compile(r"\s*(?:,\s*(?:\d{1,3}\s*,|aged\s+\d{1,3}\b|who\b)|\s\(\d{1,3}\))")
# r"\b(?:[Hh]e|[Ss]he)\b" written to start with a character class, so the regex
# engine skips to the next H/h/S/s instead of trying every position (same matches)
PRONOUN = re.compile(r"[HhSs](?<!\w.)(?:(?<=[Hh])|(?<=[Ss])h)e\b")
# Phrases that put a sentence's event in the future (written as `_phrase_re`
# reads them). The STARTS verbs count only before "in", "on" or "next"
# ("opens next week", not "opens the door").
FUTURE_PHRASES = (
    "will", "shall", "won't", "going to", "upcoming", "slated", "to be held",
    "is scheduled to", "is set to", "is expected to", "is due to",
    "are scheduled to", "are set to", "are expected to", "are due to",
    "plan to", "plans to", "planned for",
)
FUTURE_STARTS = ("begins", "starts", "opens", "kicks off", "takes effect", "resumes")



FUTURE = re.compile(
    r"\b(?:" + "|".join(_phrase_re(p) for p in FUTURE_PHRASES) + "|"
    r"(?:" + "|".join(_phrase_re(p) for p in FUTURE_STARTS) + r")(?=\s+(?:in|on|next)\b))\b",
    re.IGNORECASE,
)
# For `has_future`, per phrase: its first word (where a match starts) and the
# letters of all its words (a match needs each of them somewhere in the text).
_FUTURE_WORDS = tuple(
    (words[0], frozenset(words))
    for words in ([re.match(r"[a-z]*", w).group() for w in p.split()]
                  for p in FUTURE_PHRASES + FUTURE_STARTS))
_FUTURE_VOCAB = tuple(sorted({w for _, words in _FUTURE_WORDS for w in words}))


def has_future(text: str) -> bool:
    """``bool(FUTURE.search(text))``, trying FUTURE only where a match can
    start: at the first word of a phrase all of whose words are in the text.
    For ASCII text the lower-cased copy shows those places with plain
    substring searches (IGNORECASE on ASCII is lower-casing); any other text is
    searched whole."""
    if not text.isascii():
        return FUTURE.search(text) is not None
    low = text.lower()
    present = {w for w in _FUTURE_VOCAB if w in low}
    firsts = {first for first, words in _FUTURE_WORDS if words <= present}
    match = FUTURE.match
    for word in firsts:
        at = low.find(word)
        while at >= 0:
            if match(text, at) is not None:
                return True
            at = low.find(word, at + 1)
    return False
