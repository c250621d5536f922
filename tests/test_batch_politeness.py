"""Politeness: per-host delay and concurrency, Retry-After, robots.txt."""
from __future__ import annotations

import threading
import time

from batch_helpers import fast_options, tables

from broadsheet.pipeline import run_batch
from broadsheet.politeness import HostGate
from broadsheet.testsite import TestSite


def test_gate_delay_between_requests_to_one_host():
    gate = HostGate(per_host=4, delay=0.1)
    starts = []

    def hit(url):
        with gate(url):
            starts.append(time.monotonic())

    threads = [threading.Thread(target=hit, args=("http://a.example/x",)) for _ in range(4)]
    threads += [threading.Thread(target=hit, args=("http://b.example/x",))]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    starts.sort()
    assert len(starts) == 5
    assert time.monotonic() - t0 >= 0.29  # 4 requests to host a: 3 gaps of 0.1 s
    assert starts[1] - starts[0] < 0.05   # host b did not wait for host a


def test_gate_per_host_concurrency_and_pause():
    gate = HostGate(per_host=2, delay=0)
    active, peak, lock = [0], [0], threading.Lock()

    def hit():
        with gate("http://a.example/x"):
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
            time.sleep(0.05)
            with lock:
                active[0] -= 1

    threads = [threading.Thread(target=hit) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 2
    gate.pause("http://a.example/y", 0.2)
    t0 = time.monotonic()
    with gate("http://a.example/z"):
        pass
    assert time.monotonic() - t0 >= 0.18


def test_batch_is_polite_to_the_site(tmp_path):
    with TestSite(pages=6) as site:
        site.record_requests = True
        run_batch(site.article_urls(), tmp_path, fast_options(delay=0.15, per_host=1))
        starts = [t for t, path in site.requests if path.startswith("/news/")]
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert len(starts) == 6 and min(gaps) >= 0.10  # 0.15 s at the client; server-side jitter


def test_retry_after_is_honoured(tmp_path):
    with TestSite(pages=1) as site:
        site.record_requests = True
        url = site.fault_url("503", 1)
        summary = run_batch([url], tmp_path, fast_options())
        hits = [t for t, path in site.requests if path.startswith("/fault/")]
    assert summary.ok == 1 and summary.failed == 0
    assert len(hits) == 2 and hits[1] - hits[0] >= 0.95  # Retry-After: 1


def test_retry_after_too_long_fails_at_once(tmp_path):
    with TestSite(pages=1) as site:
        t0 = time.monotonic()
        summary = run_batch([site.fault_url("retry-long", 1)], tmp_path, fast_options(max_retry_after=5))
    assert summary.failed == 1 and time.monotonic() - t0 < 3
    fail = tables(tmp_path)["failures"].iloc[0]
    assert "Retry-After 3600" in fail.error and fail.http_status == 503


def test_robots_obeyed_by_default_and_override_logged(tmp_path, caplog):
    with TestSite(pages=2) as site:
        private = site.url("/private/story-about-the-secret-plan.html")
        summary = run_batch([private, site.article_url(0)], tmp_path / "a", fast_options())
        assert summary.ok == 1 and summary.failed == 1
        fail = tables(tmp_path / "a")["failures"].iloc[0]
        assert fail.stage == "robots" and "robots.txt" in fail.error
        with caplog.at_level("WARNING", logger="broadsheet"):
            summary = run_batch([private], tmp_path / "b", fast_options(ignore_robots=True))
        assert summary.ok == 1
        assert "ignore" in caplog.text.lower() and "robots" in caplog.text.lower()


def test_robots_crawl_delay(tmp_path):
    with TestSite(pages=3, crawl_delay=0.2) as site:
        site.record_requests = True
        run_batch(site.article_urls(), tmp_path, fast_options())
        starts = [t for t, path in site.requests if path.startswith("/news/")]
    assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.14


def test_redirect_hops_obey_robots_and_the_delay(tmp_path):
    """Each hop of a redirect is a request of its own: gated per host, checked against robots.txt."""
    with TestSite(pages=2) as site:
        site.record_requests = True
        to_private = site.url("/go?to=/private/story-about-the-secret-plan.html")
        to_article = site.url("/go?to=" + site.article_url(1).split(site.base, 1)[1])
        summary = run_batch([to_private, to_article], tmp_path, fast_options(delay=0.3, per_host=1))
        hits = [(t, path) for t, path in site.requests if path != "/robots.txt"]
    assert summary.ok == 1 and summary.failed == 1
    fail = tables(tmp_path)["failures"].iloc[0]
    assert fail.stage == "robots" and "redirect" in fail.error and "robots.txt" in fail.error
    assert not any(path.startswith("/private/") for _, path in hits)  # never requested
    starts = [t for t, _ in hits]
    assert len(starts) == 3  # two /go hops and the article
    assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.25  # every hop waited for the host
