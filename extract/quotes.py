"""Direct and reported speech, attributed to person entities.

Direct:    "...," said X  /  "...," X said  /  X said: "..."
Reported:  <clause>, said X[, role]   -> quote = <clause>
           <clause>, X added          -> quote = <clause>
           X[, apposition,] said (that) <clause>   -> quote = <clause>
           According to X[, apposition], <clause>  -> quote = <clause>

The speaker X is a linked person mention (so "Zhang", "Ms Zhang" and the
surname "He" in "..., He added." attribute to the full entity) or a pronoun.
Pronoun rule: "he"/"she" attributes to the person of the most recent earlier
body sentence that mentioned people, only when that sentence mentioned exactly
one person entity and no honorific contradicts the pronoun's gender;
otherwise the quote is dropped (never guessed).  The resolution itself is done
by the caller (`pipeline`), which owns the reading order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import cues

_SAID_BEFORE = re.compile(rf",\s*(?:{cues.SPEECH})\s+$")
_SAID_AFTER = re.compile(
    rf"(?:\s*,[^,;\"“”]{{1,160}},)?\s+(?:has\s+|had\s+|also\s+|later\s+|then\s+|further\s+)?"
    rf"(?:(?:told|tells|asked)\s+(?:reporters|journalists|the\s+\w+|[A-Z]\w+(?:\s+[A-Z]\w+)*|him|her|them|us)|{cues.SAY})"
    rf"(?:\s+that)?\b\s*[:,]?\s*"
)
_THAT = re.compile(
    r"^(?:(?:at|in|on|during|after|before|to|when|while|via|through|with|on\s+\w+)\b[^,;\"“”]{0,50}?\s)?that\s+(?=\S)"
)
_QUOTED = re.compile(r"[“\"]([^”\"]{2,})[”\"]")
_ACCORDING = re.compile(r"^\s*(?:[Bb]ut\s+|[Aa]nd\s+)?[Aa]ccording\s+to\s+$")
_LEAD = re.compile(r"^\s*(?:[Bb]ut|[Aa]nd|[Mm]eanwhile|[Hh]owever|[Ss]o)?,?\s*$")


_SPEECH_GLUE = re.compile(rf"\s*,?\s*(?:(?:{cues.SPEECH})\s+)?")
_SPEECH_GLUE_VERB = re.compile(rf"\s*,?\s*(?:{cues.SPEECH})\s+")


@dataclass(frozen=True)
class Speaker:
    start: int
    end: int
    ref: int | None      # entity index, None for an unresolved pronoun


@dataclass(frozen=True)
class Quote:
    speaker: int
    text: str


def _clean(q: str) -> str:
    return q.strip().strip(",;:").strip().strip("\"“”").strip()


def find(sentence: str, speakers: list[Speaker]) -> list[Quote]:
    """Quotes in one sentence given its speaker candidates."""
    out: list[Quote] = []
    if not speakers:
        return out
    quoted = list(_QUOTED.finditer(sentence)) if ('"' in sentence or "“" in sentence) else []
    if quoted:
        for m in quoted:
            for sp in speakers:
                if sp.ref is None:
                    continue
                after = sentence[m.end():sp.start]
                before = sentence[sp.end:m.start()]
                if (sp.start >= m.end() and _SPEECH_GLUE.fullmatch(after)
                        and (_SPEECH_GLUE_VERB.fullmatch(after)
                             or cues.SPEECH_AFTER.match(sentence, sp.end))):
                    out.append(Quote(sp.ref, _clean(m.group(1))))
                    break
                if sp.end <= m.start() and _SAID_AFTER.fullmatch(before):
                    out.append(Quote(sp.ref, _clean(m.group(1))))
                    break
        return out
    for sp in speakers:
        if sp.ref is None:
            continue
        head = sentence[:sp.start]
        m = _SAID_BEFORE.search(head)
        if m and len(head[:m.start()].split()) >= 3:
            out.append(Quote(sp.ref, _clean(head[:m.start()])))
            break
        if len(head.split()) >= 3 and head.rstrip().endswith(",") and cues.SPEECH_AFTER.match(sentence, sp.end):
            tail = sentence[cues.SPEECH_AFTER.match(sentence, sp.end).end():].strip(" .")
            if not tail:
                out.append(Quote(sp.ref, _clean(head.rstrip()[:-1])))
                break
        if _LEAD.match(head):
            m = _SAID_AFTER.match(sentence, sp.end)
            if m:
                rest = sentence[m.end():].rstrip(" .")
                # "said at the opening ceremony that ...": the content starts after "that"
                lead = _THAT.match(rest)
                if lead:
                    rest = rest[lead.end():]
                if len(rest.split()) >= 3:
                    out.append(Quote(sp.ref, _clean(rest)))
                    break
        if _ACCORDING.match(head):
            rest = sentence[sp.end:]
            parts = rest.split(",", 2)
            if len(parts) >= 2:
                body = parts[-1] if len(parts) == 3 and len(parts[1].split()) <= 8 and parts[1].strip()[:1].islower() else ",".join(parts[1:])
                if len(body.split()) >= 3:
                    out.append(Quote(sp.ref, _clean(body.rstrip(" ."))))
                    break
    return out
