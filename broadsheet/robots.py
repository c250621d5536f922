"""robots.txt, read once per host (protego), obeyed unless `--ignore-robots`.

Following RFC 9309: a robots.txt answering 4xx (or not there) allows
everything; a 5xx or an unreachable robots.txt disallows the host for this
run (the page becomes a failures row, stage `robots`, and is retried next
run). A `Crawl-delay` longer than the configured delay is applied to the
host through the politeness gate (capped at 60 s).
"""
from __future__ import annotations

import logging
import threading
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

from scraper.fetch import FetchError, Fetcher
from scraper.urls import host_of

log = logging.getLogger("broadsheet.robots")

ROBOTS_AGENT = "Broadsheet"
MAX_CRAWL_DELAY = 60.0


class RobotsDisallowed(Exception):
    pass


class _Rules:
    def __init__(self, parser: Protego | None = None, allow_all: bool = False, reason: str = ""):
        self.parser, self.allow_all, self.reason = parser, allow_all, reason

    def allowed(self, url: str, agent: str) -> bool:
        if self.allow_all:
            return True
        if self.parser is None:
            return False
        return self.parser.can_fetch(url, agent)


class RobotsCache:
    def __init__(self, fetcher: Fetcher, agent: str = ROBOTS_AGENT, gate=None, ignore: bool = False):
        self.fetcher, self.agent, self.gate, self.ignore = fetcher, agent, gate, ignore
        self._rules: dict[str, _Rules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def check(self, url: str) -> None:
        """Raise RobotsDisallowed when robots.txt forbids `url`."""
        if self.ignore or not url.startswith(("http://", "https://")):
            return
        rules = self._for(url)
        if not rules.allowed(url, self.agent):
            raise RobotsDisallowed(rules.reason or "disallowed by robots.txt")

    def allowed(self, url: str) -> bool:
        try:
            self.check(url)
        except RobotsDisallowed:
            return False
        return True

    def _for(self, url: str) -> _Rules:
        host = host_of(url)
        with self._lock:
            if host in self._rules:
                return self._rules[host]
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:  # one download per host, other threads wait for it
            if host not in self._rules:
                self._rules[host] = self._load(url)
            return self._rules[host]

    def _load(self, url: str) -> _Rules:
        parts = urlsplit(url)
        robots_url = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
        try:
            resp = self.fetcher.get(robots_url, any_type=True, check_redirects=False)
        except FetchError as exc:
            status = exc.http_status
            if status is not None and 400 <= status < 500:
                return _Rules(allow_all=True)
            log.warning("robots.txt of %s unreachable (%s): host skipped this run", host_of(url), exc)
            return _Rules(reason=f"robots.txt unreachable: {exc}")
        text = resp.content.decode("utf-8", "replace")
        try:
            parser = Protego.parse(text)
        except Exception as exc:  # noqa: BLE001 - a broken robots.txt allows everything
            log.warning("robots.txt of %s unreadable (%s): treated as allowing all", host_of(url), exc)
            return _Rules(allow_all=True)
        delay = parser.crawl_delay(self.agent)
        if delay and self.gate is not None and hasattr(self.gate, "set_delay"):
            self.gate.set_delay(host_of(url), min(float(delay), MAX_CRAWL_DELAY))
        return _Rules(parser, reason="disallowed by robots.txt")
