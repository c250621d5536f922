"""Declarative per-site profiles (data/profiles/*.toml).

A profile says where a site keeps its title, byline, date, breadcrumb, body,
captions and next-page links, and what to remove. It applies to a page when
the page's host is one of `hosts` (or a sub-domain of one), or, for pages
served from elsewhere (mirrors, archives, our own samples on 127.0.0.1), when
every selector of `match_selectors` finds something in the page.

Selectors are a small CSS subset (tag, #id, .class, [attr], [attr=value],
descendant ' ' and child '>' combinators, ',' groups) or XPath (a selector
starting with '/', './' or '(' or prefixed 'xpath:'). See data/profiles/README.md.
Profiles are loaded once (tomllib) and cached.
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

__all__ = ["Profile", "load_profiles", "find_profile", "css_to_xpath", "select"]

PROFILE_DIR = Path(__file__).resolve().parent.parent / "data" / "profiles"
_FIELDS = ("title", "byline", "date", "section", "body", "captions", "next_pages", "remove")

_TOKEN = re.compile(r"""\s*(>|,)\s*|\s+|([a-zA-Z*][\w-]*)|#([\w-]+)|\.([\w-]+)|\[\s*([\w:-]+)\s*(?:([~*^$|]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]*))\s*)?\]""")


def css_to_xpath(css: str) -> str:
    """Translate the supported CSS subset to a relative-to-document XPath."""
    groups = []
    for group in _split_groups(css):
        groups.append(_compile_group(group.strip()))
    return " | ".join(groups)


def _split_groups(css: str) -> list[str]:
    out, depth, cur = [], 0, []
    for ch in css:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "," and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [g for g in out if g.strip()]


def _compile_group(sel: str) -> str:
    parts: list[str] = []
    axis = "//"
    tag, conds = None, []
    pos = 0

    def close():
        nonlocal tag, conds
        if tag is None and not conds:
            return
        step = (tag or "*") + "".join(f"[{c}]" for c in conds)
        parts.append(axis + step)
        tag, conds = None, []

    while pos < len(sel):
        m = _TOKEN.match(sel, pos)
        if not m or m.end() == pos:
            raise ValueError(f"unsupported selector: {sel!r}")
        pos = m.end()
        text = m.group(0)
        if m.group(1) == ">":
            close()
            axis = "/"
        elif not text.strip():
            close()
            axis = "//"
        elif m.group(2):
            tag = m.group(2).lower()
        elif m.group(3):
            conds.append(f"@id='{m.group(3)}'")
        elif m.group(4):
            conds.append(f"contains(concat(' ', normalize-space(@class), ' '), ' {m.group(4)} ')")
        elif m.group(5):
            attr, op = m.group(5), m.group(6)
            val = next((v for v in (m.group(7), m.group(8), m.group(9)) if v is not None), "")
            if not op:
                conds.append(f"@{attr}")
            elif op == "=":
                conds.append(f"@{attr}='{val}'")
            elif op == "*=":
                conds.append(f"contains(@{attr}, '{val}')")
            elif op == "^=":
                conds.append(f"starts-with(@{attr}, '{val}')")
            elif op == "~=":
                conds.append(f"contains(concat(' ', normalize-space(@{attr}), ' '), ' {val} ')")
            else:
                conds.append(f"contains(@{attr}, '{val}')")
    close()
    return "".join(parts)


@functools.lru_cache(maxsize=512)
def _compiled(selector: str) -> etree.XPath:
    s = selector.strip()
    if s.startswith("xpath:"):
        return etree.XPath(s[6:].strip())
    if s.startswith(("/", "./", "(")):
        return etree.XPath(s)
    return etree.XPath(css_to_xpath(s))


def select(root, selector: str | list[str] | None) -> list:
    """Elements matching a selector (or the first selector of a list that matches)."""
    if not selector:
        return []
    selectors = [selector] if isinstance(selector, str) else list(selector)
    for s in selectors:
        try:
            found = [e for e in _compiled(s)(root) if isinstance(getattr(e, "tag", None), str)]
        except (etree.XPathError, ValueError):
            continue
        if found:
            return found
    return []


@dataclass
class Profile:
    name: str
    hosts: list[str] = field(default_factory=list)
    match_selectors: list[str] = field(default_factory=list)
    selectors: dict[str, object] = field(default_factory=dict)
    source: str = ""
    language: str = ""

    def matches(self, root, host: str) -> bool:
        host = (host or "").lower().removeprefix("www.")
        for h in self.hosts:
            h = h.lower().removeprefix("www.")
            if host == h or host.endswith("." + h):
                return True
        if self.match_selectors:
            return all(select(root, s) for s in self.match_selectors)
        return False

    def get(self, name: str) -> object:
        return self.selectors.get(name)

    def select(self, root, name: str) -> list:
        return select(root, self.selectors.get(name))  # type: ignore[arg-type]

    def select_body(self, root) -> list:
        return self.select(root, "body")

    def select_remove(self, root) -> list:
        out = []
        spec = self.selectors.get("remove") or []
        for s in [spec] if isinstance(spec, str) else spec:
            out.extend(select(root, s))
        return out


def _load_one(path: Path) -> Profile | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    sel = data.get("selectors", {}) or {}
    match = data.get("match_selectors", data.get("match_selector", [])) or []
    if isinstance(match, str):
        match = [match]
    prof = Profile(
        name=str(data.get("name", path.stem)),
        hosts=list(data.get("hosts", [])),
        match_selectors=list(match),
        selectors={k: v for k, v in sel.items() if k in _FIELDS},
        source=str(data.get("source", "")),
        language=str(data.get("language", "")),
    )
    # reject profiles with selectors we cannot compile: better no profile than a crash
    for value in list(prof.selectors.values()) + prof.match_selectors:
        for s in [value] if isinstance(value, str) else value:  # type: ignore[union-attr]
            try:
                _compiled(s)
            except (etree.XPathError, ValueError):
                return None
    return prof


@functools.lru_cache(maxsize=4)
def load_profiles(directory: str | None = None) -> tuple[Profile, ...]:
    d = Path(directory) if directory else PROFILE_DIR
    if not d.is_dir():
        return ()
    out = []
    for path in sorted(d.glob("*.toml")):
        prof = _load_one(path)
        if prof is not None:
            out.append(prof)
    return tuple(out)


def find_profile(root, url: str | None, directory: str | None = None) -> Profile | None:
    """The first profile matching the page by host, else by structure."""
    host = ""
    if url:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            host = ""
    profiles = load_profiles(directory)
    for prof in profiles:  # host matches first
        if prof.hosts and prof.matches(root, host) and host:
            h = host.lower().removeprefix("www.")
            if any(h == x.lower().removeprefix("www.") or h.endswith("." + x.lower().removeprefix("www."))
                   for x in prof.hosts):
                return prof
    for prof in profiles:
        if prof.match_selectors and all(select(root, s) for s in prof.match_selectors):
            return prof
    return None
