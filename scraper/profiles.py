"""Declarative per-site profiles (data/profiles/*.toml).

A profile says where a site keeps its title, byline, date, breadcrumb, body,
captions and next-page links, and what to remove. It applies to a page when
the page's host is one of `hosts` (or a sub-domain of one), or, for pages
served from elsewhere (mirrors, archives, our own samples on 127.0.0.1), when
every selector of `match_selectors` finds something in the page.

Selectors are CSS (translated to XPath by cssselect, lxml's own companion:
everything CSS 3 offers that XPath can express) or XPath (a selector starting
with '/', './' or '(' or prefixed 'xpath:'). See data/profiles/README.md.
Profiles are loaded once (tomllib) and cached.
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from cssselect import HTMLTranslator, SelectorError
from lxml import etree

__all__ = ["Profile", "load_profiles", "find_profile", "css_to_xpath", "select"]

PROFILE_DIR = Path(__file__).resolve().parent.parent / "data" / "profiles"
_FIELDS = ("title", "byline", "date", "section", "body", "captions", "next_pages", "remove")

_TRANSLATOR = HTMLTranslator()


def css_to_xpath(css: str) -> str:
    """A CSS selector as XPath (cssselect, lxml's companion), relative to the element it is run on."""
    return _TRANSLATOR.css_to_xpath(css, prefix="descendant-or-self::")


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
        except (etree.XPathError, SelectorError, ValueError):
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
            except (etree.XPathError, SelectorError, ValueError, TypeError):
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
