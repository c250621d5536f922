"""Politeness: per-host concurrency, a delay between requests to one host, Retry-After.

`HostGate(per_host=2, delay=1.0)` is the `gate` of a `scraper.Fetcher`:
`with gate(url): ...` holds one of the host's `per_host` slots and starts no
earlier than `delay` seconds after the previous request to that host
started. `gate.pause(url, seconds)` (called by the fetcher on a 429/503 with
Retry-After) holds back every request to the host until then. A delay of 0
and a large `per_host` turn politeness off (benchmarks against 127.0.0.1).
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager

from scraper.urls import host_of


class _Host:
    __slots__ = ("slots", "next_start", "lock")

    def __init__(self, per_host: int):
        self.slots = threading.BoundedSemaphore(per_host)
        self.next_start = 0.0
        self.lock = threading.Lock()


class HostGate:
    def __init__(self, per_host: int = 2, delay: float = 1.0, clock=time.monotonic, sleep=time.sleep):
        if per_host < 1:
            raise ValueError("per_host must be >= 1")
        self.per_host = per_host
        self.delay = max(0.0, float(delay))
        self._hosts: dict[str, _Host] = {}
        self._delays: dict[str, float] = {}
        self._lock = threading.Lock()
        self._clock, self._sleep = clock, sleep

    def _host(self, host: str) -> _Host:
        with self._lock:
            h = self._hosts.get(host)
            if h is None:
                h = self._hosts[host] = _Host(self.per_host)
            return h

    def set_delay(self, url_or_host: str, delay: float) -> None:
        """A host-specific delay (e.g. robots.txt Crawl-delay), used when longer than the default."""
        host = host_of(url_or_host) if "://" in url_or_host else url_or_host
        self._delays[host] = max(0.0, float(delay))

    def delay_for(self, host: str) -> float:
        return max(self.delay, self._delays.get(host, 0.0))

    @contextmanager
    def __call__(self, url: str):
        host = host_of(url)
        h = self._host(host)
        h.slots.acquire()
        try:
            delay = self.delay_for(host)
            while True:
                with h.lock:
                    now = self._clock()
                    wait = h.next_start - now
                    if wait <= 0:
                        h.next_start = now + delay
                        break
                self._sleep(min(wait, 1.0))
            yield
        finally:
            h.slots.release()

    def idle_in(self) -> float:
        """Seconds until every host this gate has seen may be requested again (0: now).

        Another fetcher taking over these hosts (an actor of a scrape on Ray,
        after the driver's discovery) waits this long, so the delay holds
        across the hand-over.
        """
        now = self._clock()
        with self._lock:
            hosts = list(self._hosts.values())
        return max([0.0, *(h.next_start - now for h in hosts)])

    def pause(self, url: str, seconds: float) -> None:
        """No request to this URL's host before `seconds` from now (Retry-After)."""
        h = self._host(host_of(url))
        with h.lock:
            h.next_start = max(h.next_start, self._clock() + max(0.0, seconds))
