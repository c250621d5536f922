"""Context cues shared by the recognisers (speech verbs, pronouns, tense).

Kept in one place so people, quotes and dates agree on what "said" means.
"""
from __future__ import annotations

import re

SPEECH_VERBS = (
    "said", "says", "say", "added", "adds", "noted", "notes", "stressed", "stresses",
    "emphasized", "emphasised", "explained", "explains", "argued", "argues", "warned",
    "warns", "insisted", "insists", "claimed", "claims", "remarked", "stated", "states",
    "told", "tells", "wrote", "writes", "asked", "asks", "replied", "announced",
    "announces", "continued", "observed", "acknowledged", "admitted", "believes",
    "believed", "pointed out", "points out", "commented", "suggested", "urged",
)
SPEECH = "|".join(sorted((re.escape(v).replace(r"\ ", r"\s+") for v in SPEECH_VERBS), key=len, reverse=True))
# verbs that introduce the content of what was said ("X said (that) ...")
SAY_VERBS = (
    "said", "says", "added", "adds", "noted", "notes", "stressed", "stresses", "emphasized",
    "emphasised", "explained", "explains", "argued", "argues", "warned", "warns", "insisted",
    "insists", "claimed", "claims", "stated", "remarked", "wrote", "writes", "pointed out",
    "points out", "acknowledged", "admitted",
)
SAY = "|".join(sorted((re.escape(v).replace(r"\ ", r"\s+") for v in SAY_VERBS), key=len, reverse=True))
# a speech verb right after a name: "Zhang said", "Zhang, 45, said" is not handled
SPEECH_AFTER = re.compile(rf"\s+(?:has\s+|had\s+|also\s+|later\s+|then\s+)?(?:{SPEECH})\b")
# a speech verb right before a name: "said Zhang", "according to Zhang"
SPEECH_BEFORE = re.compile(rf"(?:\b(?:{SPEECH})|\baccording\s+to)\s+$", re.IGNORECASE)
PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")
FUTURE = re.compile(
    r"\b(?:will|shall|going\s+to|is\s+(?:scheduled|set|expected|due)\s+to|are\s+(?:scheduled|set|expected|due)\s+to|"
    r"to\s+be\s+held|upcoming|plans?\s+to|planned\s+for)\b",
    re.IGNORECASE,
)
