"""`scrape` / `crawl` / `run` with `--engine ray`: one site per actor, shards merged, kill -9 safe.

One local Ray (2 CPUs) serves the whole module: starting Ray takes seconds,
so the tests are few and the command-line runs join it with `--ray-address`.
"""
from __future__ import annotations

import hashlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_helpers import REPO, comparable, fast_options, tables

from broadsheet import cli
from broadsheet.partition import partition, shard_of, site_key
from broadsheet.pipeline import run_batch
from broadsheet.store_shards import SEEDED, leftovers, shards_dir
from broadsheet.testsite import TestSite


# ---------------------------------------------------------------------------
# without Ray
# ---------------------------------------------------------------------------

def test_partition_keeps_each_registered_domain_on_one_actor():
    pytest.importorskip("tldextract")
    one_site = ["https://www.bbc.co.uk/news/a.html", "https://news.bbc.co.uk/b", "http://bbc.co.uk:8080/c",
                "https://a.b.sport.bbc.co.uk/d?x=1", "https://WWW.BBC.CO.UK./e"]
    assert {site_key(u) for u in one_site} == {"bbc.co.uk"}
    for n in range(1, 17):
        assert len({partition(u, n) for u in one_site}) == 1
    # no public suffix: the host (and port) is the site, as for the politeness gate
    assert site_key("http://127.0.0.1:8001/x") == "127.0.0.1:8001"
    assert site_key("http://localhost/x") == "localhost"
    assert site_key("file:///tmp/page.html") == ""
    # a stable hash (SHA-1), not Python's salted hash(): every process and run agrees
    expected = int.from_bytes(hashlib.sha1(b"example.com").digest()[:8], "big") % 7
    assert shard_of("example.com", 7) == expected
    assert partition("https://www.example.com/", 7) == expected
    code = "from broadsheet.partition import partition; print(partition('https://x.example.com/', 7))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                           env={**os.environ, "PYTHONHASHSEED": "123"})
    assert other.stdout.strip() == str(expected)
    # different sites spread over the actors
    spread = {partition(f"https://site{i}.com/a", 4) for i in range(200)}
    assert spread == {0, 1, 2, 3}


def test_gate_says_when_its_hosts_may_be_handed_over():
    from broadsheet.politeness import HostGate

    clock = [100.0]
    gate = HostGate(per_host=1, delay=2.0, clock=lambda: clock[0], sleep=lambda s: None)
    assert gate.idle_in() == 0.0
    with gate("http://a.example/1"):
        pass
    clock[0] += 0.5
    with gate("http://b.example/1"):
        pass
    assert gate.idle_in() == 2.0  # b was started just now; a is free in 1.5 s
    clock[0] += 3.0
    assert gate.idle_in() == 0.0


def test_engine_ray_without_ray_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as if it were not installed
    code = cli.main(["scrape", "http://127.0.0.1:9/x.html", "--engine", "ray", "-o", str(tmp_path / "o")])
    assert code == 2
    assert "pip install 'broadsheet[ray]'" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()  # nothing started
    job = tmp_path / "job.toml"
    job.write_text('out = "o"\nurls = ["http://127.0.0.1:9/x.html"]\nengine = "ray"\n')
    assert cli.main(["run", str(job)]) == 2
    job.write_text('out = "o"\nurls = ["http://127.0.0.1:9/x.html"]\nengine = "spark"\n')
    assert cli.main(["run", str(job)]) == 2
    assert cli.main(["scrape", "http://127.0.0.1:9/x.html", "--ray-address", "auto", "-o",
                     str(tmp_path / "o")]) == 2
    assert "--ray-address needs --engine ray" in capsys.readouterr().err


def test_unreachable_ray_address_is_a_usage_error(tmp_path, capsys):
    pytest.importorskip("ray")
    pytest.importorskip("tldextract")
    code = cli.main(["scrape", "http://127.0.0.1:9/x.html", "--engine", "ray", "--ray-address", "127.0.0.1:9",
                     "-o", str(tmp_path / "o")])
    assert code == 2
    assert "cannot reach the Ray cluster at 127.0.0.1:9" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# on a local Ray
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ray_address():
    ray = pytest.importorskip("ray")
    pytest.importorskip("tldextract")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()


def _sites_on_both_actors(stack, pages: int, **kw) -> list[TestSite]:
    """Test sites (each its own host:port) until both of two actors have one, so both work."""
    sites: list[TestSite] = []
    while len({partition(s.base, 2) for s in sites}) < 2:
        sites.append(stack.enter_context(TestSite(pages=pages, **kw)))
    return sites


def _warc_hosts(path: Path) -> set[str]:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        return {rec.rec_headers.get_header("WARC-Target-URI").split("/")[2] for rec in ArchiveIterator(fh)}


def _shard_progress(out: Path) -> dict[Path, int]:
    """Pages settled so far in each shard (read-only; a shard being written may be busy)."""
    done = {}
    for path in leftovers(out):
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
            try:
                done[path] = con.execute("SELECT COUNT(*) FROM urls WHERE updated_at != ?", (SEEDED,)).fetchone()[0]
            finally:
                con.close()
        except sqlite3.Error:
            done[path] = 0
    return done


def _scrape_cmd(urls_file: Path, out: Path, address: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "broadsheet.cli", "scrape", "-i", str(urls_file), "-o", str(out),
            "--engine", "ray", "--ray-address", address, "--delay", "0", "--per-host", "8",
            "--concurrency", "2", "--workers", "0", "--timeout", "2", "--retries", "1", *extra]


def test_same_tables_as_local_one_site_per_actor(tmp_path, ray_address):
    from contextlib import ExitStack

    from broadsheet.ray_scrape import RaySettings, run_ray_batch

    with ExitStack() as stack:
        sites = _sites_on_both_actors(stack, pages=12)
        urls = [u for s in sites for u in s.article_urls()]
        urls += [sites[0].fault_url("404"), sites[-1].fault_url("no-article"), sites[0].fault_url("503"),
                 sites[-1].url("/private/x.html")]  # robots.txt disallows /private/
        local = run_batch(urls, tmp_path / "local", fast_options())
        ray_out = tmp_path / "ray"
        progress = []
        summary = run_ray_batch(urls, ray_out, fast_options(warc=str(tmp_path / "raw.warc.gz")),
                                on_done=progress.append, ray_settings=RaySettings(actors=2))
        assert len(progress) == len(urls)  # the progress bar's ticks
        assert (summary.ok, summary.failed, summary.new) == (local.ok, local.failed, local.new)
        assert comparable(ray_out) == comparable(tmp_path / "local")
        assert len(tables(ray_out)["failures"]) == 3
        # each site was fetched by exactly one actor: the one its registered domain hashes to
        for k in (0, 1):
            hosts = _warc_hosts(tmp_path / f"raw-{k}.warc.gz")
            assert hosts == {s.base.split("/")[2] for s in sites if partition(s.base, 2) == k}
        assert not leftovers(ray_out)  # shards merged and removed

        again = run_ray_batch(urls, ray_out, fast_options(), ray_settings=RaySettings(actors=2))
        assert (again.ok, again.skipped) == (0, len(urls) - 3)  # done pages skipped, failed ones retried
        assert comparable(ray_out) == comparable(tmp_path / "local")
        refreshed = run_ray_batch(urls, ray_out, fast_options(refresh=True), ray_settings=RaySettings(actors=2))
        assert (refreshed.ok, refreshed.unchanged, refreshed.new, refreshed.changed) == (local.ok, local.ok, 0, 0)
        assert comparable(ray_out) == comparable(tmp_path / "local")


def test_run_job_file_crawls_on_ray(tmp_path, ray_address):
    with TestSite(pages=15) as site:
        feed = site.url("/feed.xml")
        local = cli.main(["crawl", feed, "-o", str(tmp_path / "local"), "--delay", "0", "-q"])
        job = tmp_path / "job.toml"
        job.write_text(f'out = "ray"\nfeeds = ["{feed}"]\nengine = "ray"\nray_address = "{ray_address}"\n'
                       '[politeness]\ndelay = 0.0\n')
        run = subprocess.run([sys.executable, "-m", "broadsheet.cli", "run", str(job), "-q"], cwd=REPO,
                             capture_output=True, text=True, timeout=180)
        assert (local, run.returncode) == (0, 0), run.stderr
    assert len(tables(tmp_path / "ray")["articles"]) == 15
    assert comparable(tmp_path / "ray") == comparable(tmp_path / "local")


def test_kill_9_of_the_driver_then_rerun_gives_identical_tables(tmp_path, ray_address):
    with TestSite(pages=60, latency=0.05) as site:
        urls = site.article_urls() + [site.fault_url("404"), site.fault_url("no-article")]
        urls_file = tmp_path / "urls.txt"
        urls_file.write_text("\n".join(urls) + "\n")
        run_batch(urls, tmp_path / "reference", fast_options())
        out = tmp_path / "killed"
        child = subprocess.Popen(_scrape_cmd(urls_file, out, ray_address), cwd=REPO,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90
        while sum(_shard_progress(out).values()) < 15 and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert child.poll() is None, "the run ended before it could be killed"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        assert leftovers(out)  # the killed run's shard is left behind, with its work
        final = subprocess.run(_scrape_cmd(urls_file, out, ray_address), cwd=REPO, capture_output=True,
                               text=True, timeout=180)
        assert final.returncode == 1, final.stderr  # the two fault pages
    assert comparable(out) == comparable(tmp_path / "reference")
    assert len(tables(out)["articles"]) == 60 and not leftovers(out)


def test_an_actor_killed_mid_run_is_restarted_and_nothing_is_lost(tmp_path, ray_address):
    with TestSite(pages=80, latency=0.05) as site:
        urls = site.article_urls() + [site.fault_url("404")]
        urls_file = tmp_path / "urls.txt"
        urls_file.write_text("\n".join(urls) + "\n")
        run_batch(urls, tmp_path / "reference", fast_options())
        out = tmp_path / "out"
        child = subprocess.Popen(_scrape_cmd(urls_file, out, ray_address, "--warc", str(tmp_path / "raw.warc.gz"),
                                             "--log", str(tmp_path / "run.log")),
                                 cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 90
        while max(_shard_progress(out).values(), default=0) < 20 and child.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.02)
        assert child.poll() is None, "the run ended before its actor could be killed"
        lock = next(shards_dir(out).glob("actor-*.sqlite3.lock"))
        actor_pid = int(lock.read_text().strip())
        os.kill(actor_pid, signal.SIGKILL)
        _, err = child.communicate(timeout=180)
        assert child.returncode == 1, err  # the 404 page
    # the restarted actor finished the shard: every page is there, as in the uninterrupted run
    finished = re.findall(r"actor \d+ finished: (\d+) page\(s\) ok, (\d+) failed", (tmp_path / "run.log").read_text())
    assert 0 < sum(int(ok) + int(failed) for ok, failed in finished) < 81  # the rest was done before the kill
    assert comparable(out) == comparable(tmp_path / "reference")
    assert len(tables(out)["articles"]) == 80
