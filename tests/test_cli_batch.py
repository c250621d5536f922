"""The batch commands end to end: crawl, run job.toml, exit codes, lock, quiet cron output, WARC."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from batch_helpers import cli, comparable, tables

from broadsheet.cli import main
from broadsheet.lock import FolderLock
from broadsheet.testsite import TestSite

FAST = ["--delay", "0", "--per-host", "8", "--workers", "0", "--timeout", "2", "--retries", "1"]


@pytest.fixture(scope="module")
def site():
    with TestSite(pages=30, feed_items=10) as s:
        yield s


def write_job(tmp_path: Path, site, extra: str = "", **keys) -> Path:
    body = {"out": '"out"', "feeds": f'["{site.url("/feed.xml")}"]',
            "sitemaps": f'["{site.url("/news-sitemap.xml")}"]', "sections": f'["{site.url("/section/0")}"]'}
    body.update(keys)
    text = "\n".join(f"{k} = {v}" for k, v in body.items())
    text += "\n[crawl]\ndepth = 0\nmax_pages = 100\n[politeness]\ndelay = 0\nper_host = 8\ntimeout = 2\n" \
            "retries = 1\n[store]\nworkers = 0\n" + extra
    job = tmp_path / "job.toml"
    job.write_text(text)
    return job


def test_run_job_then_quiet_rerun(tmp_path, site):
    job = write_job(tmp_path, site, log='"run.log"')
    first = cli("run", str(job))
    assert first.returncode == 0, first.stderr
    assert "20 page(s) ok, 0 failed" in first.stderr  # 20 on the listing page; feed and sitemap repeat them
    assert len(tables(tmp_path / "out")["articles"]) == 20
    again = cli("run", str(job))  # cron: nothing changed -> no output at all
    assert again.returncode == 0 and again.stdout == "" and again.stderr == ""
    log = (tmp_path / "run.log").read_text()
    assert log.count("page(s) ok") == 2 and "discovery" in log


def test_crawl_command_and_formats(tmp_path, site):
    code = main(["crawl", site.url("/section/0"), "--depth", "1", "--max-pages", "25", "-o", str(tmp_path),
                 "--format", "csv,parquet", "-q", *FAST])
    assert code == 0
    csv = tables(tmp_path)["articles"]
    assert len(csv) == 25
    pq = pd.read_parquet(tmp_path / "articles.parquet")
    assert list(pq.article_id) == list(csv.article_id) and list(pq.columns) == list(csv.columns)


def test_exit_1_when_a_page_fails(tmp_path, site, capsys):
    code = main(["scrape", site.article_url(0), site.fault_url("404", 1), "-o", str(tmp_path), *FAST])
    assert code == 1
    err = capsys.readouterr().err
    assert "1 page(s) ok, 1 failed" in err and "failures.csv" in err


@pytest.mark.parametrize("job_text, message", [
    ("out = 'x'\nurls = ['http://a/b']\nspeed = 3\n", "unknown key"),
    ("out = 'x'\nurls = ['http://a/b']\n[politeness]\ndelay = 'fast'\n", "expected"),
    ("out = 'x'\nurls = [", "not valid TOML"),
    ("urls = ['http://a/b']\n", "'out'"),
    ("out = 'x'\n", "nothing to do"),
])
def test_exit_2_on_bad_job_file(tmp_path, capsys, job_text, message):
    job = tmp_path / "job.toml"
    job.write_text(job_text)
    assert main(["run", str(job)]) == 2
    assert message in capsys.readouterr().err


def test_exit_2_on_bad_flags(tmp_path, capsys):
    assert main(["run", str(tmp_path / "missing.toml")]) == 2
    assert main(["scrape", "http://x/y", "--per-host", "0", "-o", str(tmp_path)]) == 2
    assert main(["crawl", "-o", str(tmp_path)]) == 2
    assert main(["scrape", "http://x/y", "--format", "xls", "-o", str(tmp_path)]) == 2


def test_exit_3_when_another_run_holds_the_lock(tmp_path, site):
    job = write_job(tmp_path, site)
    with FolderLock(tmp_path / "out"):
        proc = cli("run", str(job))
    assert proc.returncode == 3 and "another broadsheet run" in proc.stderr
    assert main(["run", str(job), "-q"]) == 0  # the lock is gone with its holder


def test_warc_archive_then_parse_warc_gives_the_same_tables(tmp_path, site):
    warc = tmp_path / "raw.warc.gz"
    urls = [site.article_url(i) for i in range(5)] + [site.fault_url("no-article", 1)]
    code = main(["scrape", *urls, "-o", str(tmp_path / "live"), "--warc", str(warc), "-q", *FAST])
    assert code == 1 and warc.stat().st_size > 0
    code = main(["parse-warc", str(warc), "-o", str(tmp_path / "offline"), "--workers", "0", "-q"])
    assert code == 1
    live, offline = comparable(tmp_path / "live"), comparable(tmp_path / "offline")
    assert live["articles"] == offline["articles"] and live["paragraphs"] == offline["paragraphs"]
    assert live["people"] == offline["people"]
    # robots.txt is archived too, but only HTML responses become pages
    assert [r[0] for r in offline["failures"]] == [site.fault_url("no-article", 1)]


def test_warc_holds_redirect_hops_and_error_responses(tmp_path, site):
    """Every response goes in the archive, as a crawler's WARC has it, but only 2xx HTML becomes a page."""
    from warcio.archiveiterator import ArchiveIterator

    warc = tmp_path / "raw.warc.gz"
    article = site.article_url(2)
    hop = site.url("/go?to=" + article.split(site.base, 1)[1])
    missing, typed = site.fault_url("404", 1), site.fault_url("wrong-type", 2)
    code = main(["scrape", hop, missing, typed, "-o", str(tmp_path / "live"), "--warc", str(warc), "-q", *FAST])
    assert code == 1
    with open(warc, "rb") as fh:
        statuses = {r.rec_headers.get_header("WARC-Target-URI"): r.http_headers.get_statuscode()
                    for r in ArchiveIterator(fh) if r.rec_type == "response"}
    hops = [status for url, status in statuses.items() if url.startswith(site.url("/go?"))]
    assert hops == ["302"] and statuses[article] == "200"  # (the hop's URL is stored canonical)
    assert statuses[missing] == "404" and statuses[typed] == "200"
    assert main(["parse-warc", str(warc), "-o", str(tmp_path / "offline"), "--workers", "0", "-q"]) == 0
    assert [r[0] for r in comparable(tmp_path / "offline")["articles"]] == \
        [r[0] for r in comparable(tmp_path / "live")["articles"]]


def test_parse_warc_reads_common_crawl_style_records(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from broadsheet.testsite import article_html

    path = tmp_path / "cc.warc.gz"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i, (ctype, body) in enumerate([("text/html; charset=utf-8", article_html(3, "https://news.example")),
                                           ("image/jpeg", b"\xff\xd8\xff" + b"\x00" * 100)]):
            url = f"https://news.example/a/{i}"
            req = w.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            w.write_record(req)
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    assert main(["parse-warc", str(path), "-o", str(tmp_path / "out"), "--workers", "0", "-q"]) == 0
    arts = tables(tmp_path / "out")["articles"]
    assert list(arts.url) == ["https://news.example/a/0"] and arts.title.iloc[0].startswith("Story 3")


def test_parse_warc_joins_multi_page_articles(tmp_path, sample_server):
    warc = tmp_path / "raw.warc.gz"
    url = sample_server.url("lab-opening.html")
    assert main(["scrape", url, "-o", str(tmp_path / "live"), "--warc", str(warc), "-q", *FAST]) == 0
    assert main(["parse-warc", str(warc), "-o", str(tmp_path / "offline"), "--workers", "0", "-q"]) == 0
    live, offline = comparable(tmp_path / "live"), comparable(tmp_path / "offline")
    assert len(live["articles"]) == 1 and live == offline


def test_demo_reruns_do_not_pile_up(tmp_path):
    assert main(["demo", "-o", str(tmp_path), "-q"]) == 0
    assert main(["demo", "-o", str(tmp_path), "-q"]) == 0
    assert len(tables(tmp_path)["articles"]) == 4
    assert not (tmp_path / ".broadsheet.sqlite3").exists()


def test_job_file_paths_and_url_files(tmp_path):
    from broadsheet.jobfile import load_job

    (tmp_path / "urls.txt").write_text("# news\nhttps://ex.com/a-b-c-d\n\nhttps://ex.com/e-f-g-h\n")
    job = tmp_path / "jobs" / "j.toml"
    job.parent.mkdir()
    job.write_text('out = "../out"\nurls = ["https://ex.com/x"]\nurl_files = ["../urls.txt"]\n'
                   'format = "parquet"\n[politeness]\ndelay = 0\nconcurrency = 3\n[store]\nhistory = true\n')
    j = load_job(job)
    assert j.out == (tmp_path / "out").resolve()
    assert j.urls == ["https://ex.com/x", "https://ex.com/a-b-c-d", "https://ex.com/e-f-g-h"]
    assert (j.delay, j.concurrency, j.history, j.format, j.per_host) == (0.0, 3, True, "parquet", 2)


def test_run_batch_raises_lock_held(tmp_path):
    from broadsheet.pipeline import LockHeld, run_batch

    with FolderLock(tmp_path):
        with pytest.raises(LockHeld):
            run_batch([], tmp_path)
