"""Author names from bylines and metadata values.

``clean_names`` turns raw values ("By Jane Doe and John Roe, Staff Writers",
"jane@example.com", "Jane Doe | Reuters") into a list of person names;
``parse_byline`` reads a visible byline line into (authors, source, ...).
Organisations are kept out of the author list: they come back as the
"source" where the caller wants one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .meta_rules import RULES, clean

__all__ = ["clean_names", "parse_byline", "Byline", "looks_like_person", "looks_like_org"]

_PREFIXES = sorted((p.lower() for p in RULES["byline_prefixes"]), key=len, reverse=True)
_PREFIX_RE = re.compile(r"^(?:" + "|".join(re.escape(p) for p in _PREFIXES) + r")\b\s*:?\s*", re.I)
_BY_RE = re.compile(r"^(?:" + "|".join(re.escape(p) for p in _PREFIXES if p.endswith("by")) + r")\b", re.I)
_ROLES = sorted((r.lower() for r in RULES["author_roles"]), key=len, reverse=True)
_ROLE_RE = re.compile(r"(?:^|[\s,;|\-\u2013\u2014(])(?:the\s+|a\s+)?(?:" + "|".join(re.escape(r) for r in _ROLES) + r")s?\b.*$", re.I)
_ORG_WORDS = {w.lower() for w in RULES["organisation_words"]}
_PARTICLES = {p.lower() for p in RULES["name_particles"]}

_EMAIL_RE = re.compile(r"\S+@\S+\.\w+")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.I)
_HANDLE_RE = re.compile(r"(?<!\w)@\w+")
_PAREN_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SPLIT_RE = re.compile(r"\s*(?:,|;|\||/|\s&\s|&|\band\b|\bund\b|(?-i:\bet\b|\by\b|\be\b)|\bwith\b|\u3001|，|\n)\s*", re.I)
_LOCATION_RE = re.compile(r"\s+(?:in|at|from|reporting from)\s+[A-Z][\w.'\- ]*$")
_DATE_WORDS_RE = re.compile(
    r"\b(?:updated|published|posted|modified|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|today|yesterday|ago|am|pm|a\.m|p\.m|edt|est|pst|pdt|gmt|utc|bst|cet)\b.*$",
    re.I,
)
_DOMAIN_RE = re.compile(r"^[\w\-]+(?:\.[\w\-]+)*\.(?:com|cn|org|net|co|uk|de|fr|in|au|ca|io|news|info|gov|edu)(?:\.\w\w)?$", re.I)
_CJK_NAME_RE = re.compile(r"^[\u4e00-\u9fff\u3400-\u4dbf]{2,4}$")
_WORD_RE = re.compile(r"^[^\W\d_][\w'\u2019\-.]*$")


def looks_like_org(text: str, site_names: tuple[str, ...] = ()) -> bool:
    t = clean(text)
    low = t.lower()
    if not t:
        return False
    if _DOMAIN_RE.match(t):
        return True
    for site in site_names:
        s = site.lower().strip()
        if s and (low == s or (len(low) > 3 and (low in s or s in low))):
            return True
    words = re.findall(r"[^\W_]+", low)
    return any(w in _ORG_WORDS for w in words)


def looks_like_person(name: str, site_names: tuple[str, ...] = ()) -> bool:
    name = clean(name)
    if not name or len(name) > 60:
        return False
    if _CJK_NAME_RE.match(name):
        return True
    if any(ch.isdigit() for ch in name) or "@" in name or "://" in name:
        return False
    if looks_like_org(name, site_names):
        return False
    words = name.split()
    if words[0].lower() in ("the", "a", "an", "our", "your", "all", "by"):
        return False  # "The Russian", "Our reporters"
    if len(words) == 1 and name.isupper() and len(name) <= 6:
        return False  # an agency acronym: "ANI", "AFP", "PTI"
    if not 1 <= len(words) <= 5:
        return False
    capitalised = 0
    for w in words:
        if not _WORD_RE.match(w):
            return False
        if w.lower() in _PARTICLES:
            continue
        if w[0].isupper():
            capitalised += 1
        else:
            return False
    return capitalised >= 1


def _strip_name(part: str) -> str:
    part = clean(part)
    part = _PREFIX_RE.sub("", part) if _BY_RE.match(part) else part
    part = _LOCATION_RE.sub("", part)
    part = _ROLE_RE.sub("", part) if len(part.split()) > 1 else part
    part = clean(part).strip(" ,;:|-\u2013\u2014\u00b7•*")
    # names written in capitals ("JANE DOE") -> "Jane Doe"
    if part.isupper() and len(part) > 3 and not _CJK_NAME_RE.match(part):
        part = " ".join(w.capitalize() if w.isalpha() else w for w in part.split())
    return part


# "Amie Mock, as told to Heather Eastman": the one it was told to wrote it
_TOLD_TO_RE = re.compile(r"(?i)^(?:by\s+)?[^|\u00b7•]{2,80}?,?\s+as told to\s+(?=\S)")


def _as_told_to(text: str) -> str:
    m = _TOLD_TO_RE.search(text)
    return "By " + text[m.end():] if m else text


def clean_names(values, site_names: tuple[str, ...] = ()) -> list[str]:
    """Person names from raw author values (strings), in order, duplicates dropped."""
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    seen: set[str] = set()
    for raw in values:
        text = clean(raw)
        if not text or _URL_RE.fullmatch(text):
            continue
        text = _as_told_to(text)
        text = _EMAIL_RE.sub(" ", text)
        text = _URL_RE.sub(" ", text)
        text = _HANDLE_RE.sub(" ", text)
        text = _PAREN_RE.sub(" ", text)
        text = clean(text)
        if _BY_RE.match(text):
            text = _PREFIX_RE.sub("", text)
        for part in _SPLIT_RE.split(text):
            part = _DATE_WORDS_RE.sub("", part) if re.search(r"\d", part) or len(part.split()) > 4 else part
            name = _strip_name(part)
            if not looks_like_person(name, site_names):
                continue
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                out.append(name)
    return out


@dataclass
class Byline:
    authors: list[str] = field(default_factory=list)
    source: str = ""


def parse_byline(text: str, site_names: tuple[str, ...] = (), *, trusted: bool = False) -> Byline:
    """Read a visible byline line such as
    "By Ma Zhiping in Haikou | China Daily | Updated: 2024-05-09 11:02".

    Segments starting with "By" give authors; a segment that is an
    organisation or a domain gives the source. With ``trusted`` (the element
    is known to hold the byline, e.g. class "byline" or a profile selector)
    a bare name without "By" is taken as an author too.
    """
    result = Byline()
    text = clean(text)
    if not text or len(text) > 300:
        return result
    text = _as_told_to(text)
    segments = [clean(s) for s in re.split(r"\s*[|\u00b7•]\s*|\n", text) if clean(s)]
    for seg in segments:
        if re.search(r"\d{4}|\d{1,2}:\d{2}", seg) or re.match(r"(?i)(updated|published|posted|modified|source|来源)\b", seg):
            # a date segment; "Source: X" gives the source
            m = re.match(r"(?i)(?:source|来源)\s*[:：]\s*(.+)$", seg)
            if m and not result.source:
                result.source = clean(m.group(1))
            continue
        seg = clean(_EMAIL_RE.sub(" ", seg))
        if not seg:
            continue
        if _BY_RE.match(seg):
            body = _PREFIX_RE.sub("", seg)
            names = clean_names([body], site_names)
            result.authors.extend(n for n in names if n not in result.authors)
            if not result.source:
                for part in _SPLIT_RE.split(body):
                    part = _strip_name(part)
                    if part and part not in names and looks_like_org(part, site_names) and len(part) <= 60:
                        result.source = part
                        break
            continue
        stripped = _strip_name(seg)
        if looks_like_org(stripped, site_names) or _DOMAIN_RE.match(stripped):
            if not result.source and len(stripped) <= 60:
                result.source = stripped
            continue
        if trusted:
            names = clean_names([seg], site_names)
            result.authors.extend(n for n in names if n not in result.authors)
    return result
