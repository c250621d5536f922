"""Incremental and resumable runs: skip what is done, versions on change, kill -9 safe."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from batch_helpers import REPO, comparable, fast_options, tables

from broadsheet.pipeline import process_input, run_batch
from broadsheet.store import settled_in_folder
from broadsheet.testsite import TestSite
from scraper import Fetcher


def _article_hits(site):
    return sum(n for path, n in site.hits.items() if path.startswith("/news/"))


def test_rerun_skips_done_pages(tmp_path):
    with TestSite(pages=5) as site:
        first = run_batch(site.article_urls(), tmp_path, fast_options())
        assert (first.ok, first.new) == (5, 5)
        before = comparable(tmp_path)
        second = run_batch(site.article_urls(), tmp_path, fast_options())
        assert (second.ok, second.failed, second.skipped) == (0, 0, 5)
        assert not second.changed_anything
        assert _article_hits(site) == 5
    assert comparable(tmp_path) == before


def test_tracking_variants_are_one_page(tmp_path):
    with TestSite(pages=2) as site:
        url = site.article_url(0)
        variants = [url, url + "?utm_source=x", url + "?fbclid=1#top", url + "?gclid=2&utm_medium=y"]
        summary = run_batch(variants, tmp_path, fast_options())
        assert summary.ok == 1 and _article_hits(site) == 1
    assert len(tables(tmp_path)["articles"]) == 1


def test_refresh_uses_conditional_get_and_versions_changes(tmp_path):
    with TestSite(pages=3) as site:
        run_batch(site.article_urls(), tmp_path, fast_options())
        same = run_batch(site.article_urls(), tmp_path, fast_options(refresh=True))
        assert (same.unchanged, same.new, same.changed) == (3, 0, 0)  # 304 Not Modified
        site.revise(1)
        changed = run_batch(site.article_urls(), tmp_path, fast_options(refresh=True, history=True))
        assert (changed.unchanged, changed.changed) == (2, 1)
        arts = tables(tmp_path)["articles"]
        assert len(arts) == 4 and sorted(arts.version) == [1, 1, 1, 2]
        run_batch([], tmp_path, fast_options())  # default export: the latest version of each article
        arts = tables(tmp_path)["articles"]
        assert len(arts) == 3 and "version" not in arts.columns
        paras = tables(tmp_path)["paragraphs"]
        revised = arts[arts.url == site.article_url(1)].article_id.iloc[0]
        assert paras[paras.article_id == revised].text.str.startswith("Update 1").any()


def test_multi_page_article_joined_like_fetch_article(tmp_path, sample_server):
    url = sample_server.url("lab-opening.html")
    expected = process_input(url, Fetcher()).tables
    run_batch([url], tmp_path / "threads", fast_options())
    run_batch([url, sample_server.url("bsc-cupes-cms.html")], tmp_path / "procs", fast_options(workers=1))
    for out in ("threads", "procs"):
        paras = tables(tmp_path / out)["paragraphs"]
        aid = expected["articles"][0]["article_id"]
        assert list(paras[paras.article_id == aid].text) == [p["text"] for p in expected["paragraphs"]]
        assert len(paras[paras.article_id == aid]) > 0


def _scrape(urls_file, out):
    return [sys.executable, "-m", "broadsheet.cli", "scrape", "-i", str(urls_file), "-o", str(out),
            "--delay", "0", "--per-host", "8", "--concurrency", "8", "--workers", "0", "--timeout", "2",
            "--retries", "1", "--format", "csv,parquet"]


def test_kill_9_three_times_then_resume_gives_identical_tables(tmp_path):
    rnd = random.Random(7)
    with TestSite(pages=80, latency=0.01) as site:
        urls = site.article_urls() + [site.fault_url(k, i) for i, k in
                                      enumerate(("500", "no-article", "503", "404", "wrong-type"))]
        urls_file = tmp_path / "urls.txt"
        urls_file.write_text("\n".join(urls) + "\n")
        reference = tmp_path / "reference"  # the uninterrupted run, with the same options
        ref = run_batch(urls, reference, fast_options(timeout=2, total_timeout=6, concurrency=8,
                                                      formats=("csv", "parquet")))
        assert ref.failed == 4  # 500, no-article, 404, wrong-type (the 503 recovers)

        out = tmp_path / "killed"
        kills = 0
        for target in sorted(rnd.sample(range(5, 75), 3)):
            child = subprocess.Popen(_scrape(urls_file, out), cwd=REPO, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 60
            while settled_in_folder(out) < target and child.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            if child.poll() is None:
                os.kill(child.pid, signal.SIGKILL)
                kills += 1
            child.wait()
        assert kills >= 2  # the run was really interrupted
        final = subprocess.run(_scrape(urls_file, out), cwd=REPO, capture_output=True, text=True, timeout=120)
        assert final.returncode == 1, final.stderr
    assert comparable(out) == comparable(reference)
    assert len(tables(out)["articles"]) == 81 and len(tables(out)["failures"]) == 4
    assert comparable(out) == comparable(reference)
    assert not list(out.glob("*.tmp"))
