"""Injected faults: every URL ends done or as a failures row with its reason, within the timeouts."""
from __future__ import annotations

import time

from batch_helpers import fast_options, tables

from broadsheet.pipeline import run_batch
from broadsheet.testsite import FAULTS, RECOVERING, TestSite

EXPECTED = {  # fault -> (stage, words in the reason)
    "reset": ("fetch", "connection"),
    "timeout": ("fetch", "timed out"),
    "slow": ("fetch", "timeout"),
    "500": ("fetch", "500"),
    "retry-long": ("fetch", "retry-after"),
    "truncated": ("fetch", "body read failed"),
    "gzip-bomb": ("fetch", "too large"),
    "redirect-loop": ("fetch", "redirect"),
    "wrong-type": ("fetch", "not an html page"),
    "huge": ("fetch", "too large"),
    "binary": ("fetch", ""),
    "no-article": ("parse", ""),
    "404": ("fetch", "404"),
}


def test_every_fault_ends_as_done_or_failure_row(tmp_path):
    with TestSite(pages=10, slow_seconds=1.5) as site:
        urls = [site.fault_url(kind, i) for i, kind in enumerate(FAULTS)] + site.article_urls()
        t0 = time.monotonic()
        # A 2 MB cap: the gzip bomb trips it within a few chunks, so a loaded CI machine
        # (parsing threads holding the GIL) cannot turn "too large" into the 1 s timeout.
        summary = run_batch(urls, tmp_path, fast_options(timeout=0.5, total_timeout=1.0, retries=1,
                                                         max_bytes=2 * 1024 * 1024))
        elapsed = time.monotonic() - t0
    t = tables(tmp_path)
    failures = {row.url: row for row in t["failures"].itertuples()}
    done = set(t["articles"].url)
    assert summary.ok + summary.failed == len(urls)
    for i, kind in enumerate(FAULTS):
        url = urls[i]
        if kind in RECOVERING:
            assert url in done, kind
        elif kind == "bad-charset":
            assert url in done or url in failures  # either is fine, as long as it ends
        else:
            assert url in failures, kind
            stage, words = EXPECTED[kind]
            assert failures[url].stage == stage, (kind, failures[url].error)
            assert words in failures[url].error.lower(), (kind, failures[url].error)
            assert url not in done
    assert set(site.article_urls()) <= done
    assert elapsed < 15, elapsed


def test_failures_are_retried_next_run_up_to_the_limit(tmp_path):
    with TestSite(pages=2) as site:
        urls = [site.fault_url("500", 1), site.article_url(0)]
        opts = fast_options(retries=0, max_attempts=2)
        assert run_batch(urls, tmp_path, opts).failed == 1
        second = run_batch(urls, tmp_path, opts)
        assert (second.ok, second.failed) == (0, 1)      # the done page is skipped, the failure retried
        third = run_batch(urls, tmp_path, opts)
        assert (third.ok, third.failed, third.skipped) == (0, 0, 2)  # two attempts used: left alone
        assert site.hits["/fault/500/1.html"] == 2
        assert site.hits[site.article_url(0)[len(site.base):]] == 1
    assert len(tables(tmp_path)["failures"]) == 1


def test_a_parse_that_hangs_fails_and_the_batch_goes_on(tmp_path):
    from batch_helpers import hanging_parse

    from broadsheet.pipeline import Engine, Run
    from broadsheet.testsite import article_html

    with TestSite(pages=4) as site:
        opts = fast_options(parse_timeout=1.5)
        with Run(tmp_path, opts) as run:
            run.store.enqueue(site.article_urls())
            # a page whose parse never ends, served from a fault-free URL
            hang = site.url("/hang")
            run.store.enqueue([hang])
            site_handle = site._handle

            def handle(h):
                if h.path == "/hang":
                    return site._send(h, 200, article_html(0, site.base).replace(b"<h1>", b"<h1>HANG "),
                                      "text/html")
                return site_handle(h)
            site._handle = handle
            engine = Engine(run.store, opts, run.fetcher, run.robots)
            engine.parse_fn = hanging_parse
            t0 = time.monotonic()
            summary = engine.run(workers=1)
            elapsed = time.monotonic() - t0
            run.export(summary)
    assert (summary.ok, summary.failed) == (4, 1)
    fail = tables(tmp_path)["failures"].iloc[0]
    assert fail.url == hang and fail.stage == "parse" and "timeout" in fail.error
    assert elapsed < 20


def _engine_run(tmp_path, site, parse_fn, extra: dict[str, bytes] | None = None):
    from broadsheet.pipeline import Engine, Run

    opts = fast_options()
    with Run(tmp_path, opts) as run:
        run.store.enqueue(site.article_urls())
        site_handle = site._handle

        def handle(h):
            if extra and h.path in extra:
                return site._send(h, 200, extra[h.path], "text/html")
            return site_handle(h)
        site._handle = handle
        run.store.enqueue([site.url(p) for p in extra or {}])
        engine = Engine(run.store, opts, run.fetcher, run.robots)
        engine.parse_fn = parse_fn
        summary = engine.run(workers=2)
        run.export(summary)
    return summary


def test_a_page_that_kills_its_parse_worker_fails_and_the_batch_goes_on(tmp_path):
    from batch_helpers import crashing_parse

    from broadsheet.testsite import article_html

    with TestSite(pages=12) as site:
        crash = article_html(0, site.base).replace(b"<h1>", b"<h1>CRASH ")
        summary = _engine_run(tmp_path, site, crashing_parse, {"/crash": crash})
    assert (summary.ok, summary.failed) == (12, 1)
    fail = tables(tmp_path)["failures"]
    assert list(fail.url) == [site.url("/crash")] and "died" in fail.error.iloc[0]
    assert len(tables(tmp_path)["articles"]) == 12


def test_workers_that_cannot_run_leave_the_parsing_to_the_batch_process(tmp_path, caplog):
    from batch_helpers import parse_dying_in_workers

    with TestSite(pages=8) as site, caplog.at_level("ERROR", logger="broadsheet"):
        summary = _engine_run(tmp_path, site, parse_dying_in_workers)
    # each death in the one-worker pool is blamed on its page, until the workers are given up
    assert summary.ok + summary.failed == 8 and summary.ok >= 5
    assert "keep dying" in caplog.text
    assert len(tables(tmp_path)["articles"]) == summary.ok
