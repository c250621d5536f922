"""parse-warc as a job: bad inputs, many WARCs (local, http, Common Crawl paths), shards, resume, engines.

Every WARC is built here from the sample pages and generated articles; remote
ones and paths lists come from a local server on 127.0.0.1.
"""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from batch_helpers import comparable, tables
from broadsheet.cli import main
from broadsheet.warc import write_pages
from extract.tables import TABLES, read_dataset, read_table
from warc_helpers import REPO, build_warcs, generated, kill_worker_once, sample_pages, store_reference

Q = ["-q", "--workers", "0"]


def failures(out: Path) -> list[tuple]:
    df = read_table(out / "failures.csv")
    return [(r.url, r.stage, r.error) for r in df.itertuples()]


# --- bad inputs ---------------------------------------------------------------------------

def test_a_file_that_is_not_a_warc_is_a_failure_row_not_empty_tables(tmp_path):
    junk = tmp_path / "page.warc.gz"
    junk.write_bytes(gzip.compress(b"<html><body>not an archive</body></html>"))
    assert main(["parse-warc", str(junk), "-o", str(tmp_path / "out"), *Q]) == 1
    [(url, stage, error)] = failures(tmp_path / "out")
    assert url == str(junk) and stage == "warc" and "not a WARC" in error


def test_a_warc_cut_short_keeps_the_pages_before_the_cut_and_records_a_failure(tmp_path):
    whole = write_pages(tmp_path / "whole.warc.gz", [generated(i) for i in range(4)])
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[:len(data) - 200])  # the last record loses its end
    assert main(["parse-warc", str(cut), "-o", str(tmp_path / "out"), *Q]) == 1
    assert len(tables(tmp_path / "out")["articles"]) == 3
    [(url, stage, error)] = failures(tmp_path / "out")
    assert url == str(cut) and stage == "warc" and "cut short" in error
    plain = write_pages(tmp_path / "plain.warc", [generated(i) for i in range(2)], gzip=False)
    short = tmp_path / "short.warc"
    short.write_bytes(plain.read_bytes()[:-500])
    assert main(["parse-warc", str(short), "-o", str(tmp_path / "out2"), *Q]) == 1
    assert len(tables(tmp_path / "out2")["articles"]) == 1 and failures(tmp_path / "out2")[0][1] == "warc"
    whole = tmp_path / "one-stream.warc.gz"  # gzip of the whole file, not a member per record
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    assert main(["parse-warc", str(whole), "-o", str(tmp_path / "out3"), *Q]) == 0
    assert len(tables(tmp_path / "out3")["articles"]) == 2
    cut_stream = tmp_path / "one-stream-cut.warc.gz"
    cut_stream.write_bytes(whole.read_bytes()[:-300])
    assert main(["parse-warc", str(cut_stream), "-o", str(tmp_path / "out4"), *Q]) == 1
    assert len(tables(tmp_path / "out4")["articles"]) == 1 and "cut short" in failures(tmp_path / "out4")[0][2]


def test_missing_file_unreachable_url_and_junk_list_lines_are_failure_rows(tmp_path, server):
    good = write_pages(tmp_path / "good.warc.gz", [generated(1)])
    gone = server.add("/gone.warc.gz", body=b"", status=404)
    lst = tmp_path / "list.txt"
    lst.write_text(f"# my WARCs\n\n{good}\n{tmp_path / 'missing.warc.gz'}\n{gone}\n"
                   "not a path at all\nftp://host/x.warc.gz\nhttp://127.0.0.1:9/closed.warc.gz\n")
    code = main(["parse-warc", "-i", str(lst), "-o", str(tmp_path / "out"), "--retries", "0", *Q])
    assert code == 1
    assert len(tables(tmp_path / "out")["articles"]) == 1
    rows = {url: (stage, error) for url, stage, error in failures(tmp_path / "out")}
    assert set(rows) == {str(tmp_path / "missing.warc.gz"), gone, "not a path at all", "ftp://host/x.warc.gz",
                         "http://127.0.0.1:9/closed.warc.gz"}
    assert {stage for stage, _ in rows.values()} == {"warc"}
    assert "no such file" in rows[str(tmp_path / "missing.warc.gz")][1]
    assert "404" in rows[gone][1] and "unsupported URL scheme ftp://" in rows["ftp://host/x.warc.gz"][1]


def test_scrape_of_an_ftp_url_is_not_read_as_a_local_file(tmp_path):
    assert main(["scrape", "ftp://host/x", "-o", str(tmp_path / "out"), "-q"]) == 1
    [(url, stage, error)] = failures(tmp_path / "out")
    assert url.startswith("ftp://host/x") and stage == "fetch" and "unsupported URL scheme ftp://" in error
    assert "No such file" not in error


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["parse-warc", "-o", str(tmp_path / "o")]) == 2
    warc = write_pages(tmp_path / "a.warc.gz", [generated(1)])
    (tmp_path / "scraped").mkdir()
    (tmp_path / "scraped" / ".broadsheet.sqlite3").write_bytes(b"")
    assert main(["parse-warc", str(warc), "-o", str(tmp_path / "scraped"), "-q"]) == 2
    assert "job store of a scrape" in capsys.readouterr().err
    assert main(["parse-warc", "x.warc", "--cc-news", "2024-13", "-o", str(tmp_path / "o")]) == 2
    assert "YYYY-MM" in capsys.readouterr().err


# --- many WARCs: local, http(s), Common Crawl paths ----------------------------------------

def test_remote_warcs_cc_paths_and_cc_news_lists_from_a_local_server(tmp_path, server):
    warcs = build_warcs(tmp_path / "w", n_files=3, per_file=3)
    served = [server.add(f"/crawl-data/CC-NEWS/2024/05/{p.name}", body=p.read_bytes(),
                         content_type="application/octet-stream") for p in warcs]
    paths = "".join(f"crawl-data/CC-NEWS/2024/05/{p.name}\n" for p in warcs[1:])
    server.add("/crawl-data/CC-NEWS/2024/05/warc.paths.gz", body=gzip.compress(paths.encode()),
               content_type="application/octet-stream")
    base = server.url("/")
    # one local, one by URL, and the month's paths list (which names that one again: read twice,
    # its pages are duplicates, settled as the store settles them)
    code = main(["parse-warc", str(warcs[0]), served[1], "--cc-news", "2024-05", "--cc-base", base,
                 "-o", str(tmp_path / "job"), *Q])
    assert code == 0
    store_reference(warcs, tmp_path / "ref")
    assert comparable(tmp_path / "job") == comparable(tmp_path / "ref")
    manifest = json.loads((tmp_path / "job" / "job.json").read_text())
    assert [x["spec"] for x in manifest["inputs"]][2:] == [f"crawl-data/CC-NEWS/2024/05/{p.name}"
                                                           for p in warcs[1:]]


def test_hosts_keeps_only_the_listed_sites(tmp_path):
    warc = write_pages(tmp_path / "mixed.warc.gz", sample_pages("https://www.keep.example/")
                       + [generated(7, url="https://drop.example/a/7.html"), generated(8)])
    hosts = tmp_path / "hosts.txt"
    hosts.write_text("# sites\nkeep.example\nnews.example\n")
    assert main(["parse-warc", str(warc), "--hosts", str(hosts), "-o", str(tmp_path / "out"), *Q]) == 0
    urls = set(tables(tmp_path / "out")["articles"].url)
    assert urls and all("keep.example" in u or "news.example" in u for u in urls)
    assert not any("drop.example" in u for u in urls)


# --- output: shards, identical tables, duplicates, resume ----------------------------------

def _duplicates(folder: Path) -> list[Path]:
    """Two WARCs with every kind of duplicate the store settles."""
    from broadsheet.testsite import article_path
    first = [generated(1), generated(2), generated(3), ("https://news.example/empty.html", b"<html></html>"),
             generated(4)]
    second = [generated(1),                                            # same URL, same body: nothing
              generated(2, revision=1),                                # same URL, changed: version 2
              ("https://news.example/empty.html", generated(5)[1]),    # failed before, succeeds now
              generated(3, url="https://news.example" + article_path(3) + "?a=0"),  # same article, other URL
              ("https://news.example" + article_path(4), b"<html>gone</html>")]     # done before, fails now
    return [write_pages(folder / "a.warc.gz", first), write_pages(folder / "b.warc.gz", second)]


@pytest.mark.parametrize("history", [False, True])
def test_duplicates_across_warcs_are_settled_as_the_job_store_settles_them(tmp_path, history):
    warcs = _duplicates(tmp_path / "w")
    extra = ["--history"] if history else []
    assert main(["parse-warc", *map(str, warcs), "-o", str(tmp_path / "job"), *Q, *extra,
                 "--format", "csv,parquet,jsonl"]) == 1
    store_reference(warcs, tmp_path / "ref", ("csv", "parquet", "jsonl"), history=history)
    for name in TABLES:
        for fmt in ("csv", "parquet", "jsonl"):
            job, ref = read_table(tmp_path / "job" / f"{name}.{fmt}"), read_table(tmp_path / "ref" / f"{name}.{fmt}")
            if name == "failures":
                job, ref = job.drop(columns="at"), ref.drop(columns="at")
            pd.testing.assert_frame_equal(job, ref, obj=f"{name}.{fmt}")
    if not history:  # the CSV files are the same bytes (no time column outside failures)
        for name in TABLES:
            if name != "failures":
                assert (tmp_path / "job" / f"{name}.csv").read_bytes() == (tmp_path / "ref" / f"{name}.csv").read_bytes()


def test_read_dataset_gives_the_tables_straight_from_the_shards(tmp_path):
    warcs = _duplicates(tmp_path / "w")
    main(["parse-warc", *map(str, warcs), "-o", str(tmp_path / "job"), *Q])
    shards = sorted(p.relative_to(tmp_path / "job").as_posix() for p in (tmp_path / "job" / "parts").rglob("*"))
    assert "parts/articles/part-00000-000.parquet" in shards and not any(".tmp" in s for s in shards)
    data = read_dataset(tmp_path / "job")
    for name in TABLES:
        on_disk = read_table(tmp_path / "job" / f"{name}.csv")
        got = data[name]
        assert list(got.dtypes) == list(on_disk.dtypes), name
        if name == "failures":
            got, on_disk = got.drop(columns="at"), on_disk.drop(columns="at")
        pd.testing.assert_frame_equal(got, on_disk, obj=name)


def test_slices_of_a_big_file_give_the_same_tables(tmp_path, monkeypatch):
    import broadsheet.warc_job as job

    warc = write_pages(tmp_path / "big.warc.gz", sample_pages() + [generated(i) for i in range(12)])
    main(["parse-warc", str(warc), "-o", str(tmp_path / "one"), *Q])
    monkeypatch.setattr(job, "SLICE_MIN_BYTES", 1)
    from broadsheet.engines import LocalEngine
    summary = job.run_job([str(warc)], tmp_path / "sliced", job.JobOptions(), engine=_Parallel(LocalEngine(0), 3))
    assert summary.tasks == 6 and summary.ran == 6  # one file, 3 workers: 2 slices per worker
    assert comparable(tmp_path / "sliced") == comparable(tmp_path / "one")


class _Parallel:
    """An engine that says it has `n` workers (so the job slices) and runs tasks as `inner` does."""

    def __init__(self, inner, n):
        self.inner, self.n, self.name = inner, n, "local"

    def parallelism(self):
        return self.n

    def run(self, fn, calls, on_result):
        self.inner.run(fn, calls, on_result)

    def close(self):
        pass


def test_rerun_runs_only_unfinished_tasks_and_refuses_other_settings(tmp_path, capsys):
    warcs = build_warcs(tmp_path / "w", n_files=3, per_file=2)
    out = tmp_path / "job"
    args = ["parse-warc", *map(str, warcs), "-o", str(out), *Q]
    assert main(args) == 0
    before = comparable(out)
    manifest = json.loads((out / "job.json").read_text())
    assert [t["state"] for t in manifest["tasks"]] == ["done"] * 3 and manifest["settings_hash"]
    # as after a crash: one task never finished (its shards never renamed into place)
    manifest["tasks"][1]["state"] = "pending"
    (out / "job.json").write_text(json.dumps(manifest))
    for shard in (out / "parts").rglob("part-00001-000.parquet"):
        shard.unlink()
    (out / "articles.csv").unlink()
    from broadsheet.warc_job import JobOptions, run_job
    summary = run_job(list(map(str, warcs)), out, JobOptions(workers=0))
    assert (summary.ran, summary.skipped) == (1, 2)
    assert comparable(out) == before
    assert main(["parse-warc", "-o", str(out), *Q]) == 0  # no inputs: the job in the folder, nothing to do
    assert main([*args, "--ner", "spacy:none_such_model"]) == 2  # (an unknown model is refused first)
    capsys.readouterr()
    hosts = tmp_path / "hosts.txt"
    hosts.write_text("news.example\n")
    assert main([*args, "--hosts", str(hosts)]) == 2
    assert "other settings (hosts)" in capsys.readouterr().err and comparable(out) == before
    assert main([*args, "--hosts", str(hosts), "--restart"]) == 0
    assert all("news.example" in u for u in tables(out)["articles"].url)


def test_local_worker_killed_mid_task_is_retried(tmp_path):
    from broadsheet.engines import LocalEngine
    from broadsheet.warc_job import JobOptions, run_job

    warcs = build_warcs(tmp_path / "w", n_files=2, per_file=2)
    engine = LocalEngine(2)
    try:
        summary = run_job(list(map(str, warcs)), tmp_path / "job", JobOptions(), engine=engine,
                          task_fn=kill_worker_once)
    finally:
        engine.close()
    assert summary.task_errors == 0 and summary.ran == 2
    assert comparable(tmp_path / "job") == comparable(_reference(warcs, tmp_path / "ref"))


def _reference(warcs, out):
    assert main(["parse-warc", *map(str, warcs), "-o", str(out), *Q]) == 0
    return out


@pytest.mark.parametrize("engine", ["local", "ray"])
def test_kill_9_of_the_driver_then_rerun_gives_identical_tables(tmp_path, engine):
    if engine == "ray":
        pytest.importorskip("ray")
    warcs = build_warcs(tmp_path / "w", n_files=6, per_file=25)
    ref = _reference(warcs, tmp_path / "ref")
    out = tmp_path / "job"
    cmd = [sys.executable, "-m", "broadsheet.cli", "parse-warc", *map(str, warcs), "-o", str(out), "-q",
           "--workers", "2", "--engine", engine]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
           "RAY_AUTH_MODE": "disabled"}
    proc = subprocess.Popen(cmd, cwd=str(REPO), env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # kill once some task is done and some is not
        try:
            states = [t["state"] for t in json.loads((out / "job.json").read_text())["tasks"]]
        except (OSError, ValueError):
            states = []
        if "done" in states and "pending" in states:
            break
        assert proc.poll() is None, "the job ended before it could be killed"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)  # the driver only: its local workers notice on their own
    proc.wait()
    time.sleep(1)
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # whatever is left of a local Ray
    except ProcessLookupError:
        pass
    assert not (out / "articles.csv").exists()
    rerun = subprocess.run(cmd, cwd=str(REPO), env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert comparable(out) == comparable(ref)
    manifest = json.loads((out / "job.json").read_text())
    assert all(t["state"] == "done" for t in manifest["tasks"])
    assert any(t["attempts"] == 1 for t in manifest["tasks"])  # the tasks done before the kill did not run again


def test_engine_ray_without_ray_is_a_clear_usage_error(tmp_path, monkeypatch, capsys):
    warc = write_pages(tmp_path / "a.warc.gz", [generated(1)])
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    assert main(["parse-warc", str(warc), "--engine", "ray", "-o", str(tmp_path / "out"), "-q"]) == 2
    assert "pip install 'broadsheet[ray]'" in capsys.readouterr().err


def test_a_ray_address_nobody_answers_at_is_a_usage_error(tmp_path, capsys):
    pytest.importorskip("ray")
    warc = write_pages(tmp_path / "a.warc.gz", [generated(1)])
    assert main(["parse-warc", str(warc), "--engine", "ray", "--ray-address", "127.0.0.1:9",
                 "-o", str(tmp_path / "out"), "-q"]) == 2
    assert "cannot reach the Ray cluster at 127.0.0.1:9" in capsys.readouterr().err


# --- Ray (one local Ray for the module: it takes seconds to start) --------------------------

@pytest.fixture(scope="module")
def ray_session():
    ray = pytest.importorskip("ray")
    # Ray's workers import the task functions by module: they need this checkout and tests/.
    paths = [str(REPO), str(REPO / "tests"), os.environ.get("PYTHONPATH", "")]
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()


def test_ray_engine_gives_the_same_tables_as_local(tmp_path, server, ray_session):
    warcs = build_warcs(tmp_path / "w", n_files=3, per_file=4)
    remote = server.add("/x/part2.warc.gz", body=warcs[2].read_bytes(), content_type="application/octet-stream")
    broken = tmp_path / "w" / "broken.warc.gz"
    broken.write_bytes(warcs[1].read_bytes()[:-100])
    server.add("/crawl-data/x/part1.warc.gz", body=warcs[1].read_bytes(), content_type="application/octet-stream")
    listing = tmp_path / "list.txt"
    listing.write_text(f"{warcs[0]}\ncrawl-data/x/part1.warc.gz\n{remote}\n{broken}\n")
    inputs = [str(warcs[0]), str(warcs[1]), remote, str(broken)]
    assert main(["parse-warc", *inputs, "-o", str(tmp_path / "local"), *Q]) == 1
    assert main(["parse-warc", "-i", str(listing), "--cc-base", server.url("/"), "-o", str(tmp_path / "ray"),
                 "--engine", "ray", "-q", "--format", "csv,parquet"]) == 1
    assert comparable(tmp_path / "ray") == comparable(tmp_path / "local")
    [(url, stage, _)] = failures(tmp_path / "ray")
    assert (url, stage) == (str(broken), "warc")
    hosts = {t["host"] for t in json.loads((tmp_path / "ray" / "job.json").read_text())["tasks"]}
    assert hosts


def test_ray_worker_killed_mid_task_is_retried(tmp_path, ray_session):
    from broadsheet.engines import RayEngine
    from broadsheet.warc_job import JobOptions, run_job

    warcs = build_warcs(tmp_path / "w", n_files=2, per_file=2)
    summary = run_job(list(map(str, warcs)), tmp_path / "job", JobOptions(), engine=RayEngine(max_retries=2),
                      task_fn=kill_worker_once)
    assert summary.task_errors == 0 and summary.ran == 2
    assert all((tmp_path / "job" / f".killed-{t}").exists() for t in ("00000-000", "00001-000"))
    assert comparable(tmp_path / "job") == comparable(_reference(warcs, tmp_path / "ref"))


def test_a_remote_warc_cut_mid_transfer_is_resumed_with_a_range_request(tmp_path):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    warc = write_pages(tmp_path / "a.warc.gz", [generated(i) for i in range(3)])
    data = warc.read_bytes()
    seen = []

    class Flaky(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_GET(self):
            rng = self.headers.get("Range")
            seen.append(rng)
            if rng is None:  # the first answer stops half way through
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[:len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            start = int(rng.split("=")[1].rstrip("-"))
            self.send_response(206)
            self.send_header("Content-Length", str(len(data) - start))
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.end_headers()
            self.wfile.write(data[start:])

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        from broadsheet import warc_sources

        got = warc_sources.download(f"http://127.0.0.1:{httpd.server_port}/a.warc.gz", tmp_path / "got.warc",
                                    retries=2, backoff=0.01)
        assert got.read_bytes() == data
        assert seen == [None, f"bytes={len(data) // 2}-"]
    finally:
        httpd.shutdown()


def test_cc_base_may_be_a_local_folder_such_as_a_mount_of_the_bucket(tmp_path):
    month = tmp_path / "cc" / "crawl-data" / "CC-NEWS" / "2024" / "06"
    warc = write_pages(month / "CC-NEWS-1.warc.gz", [generated(3)])
    (month / "warc.paths.gz").write_bytes(gzip.compress(b"crawl-data/CC-NEWS/2024/06/CC-NEWS-1.warc.gz\n"))
    assert main(["parse-warc", "--cc-news", "2024-06", "--cc-base", str(tmp_path / "cc"),
                 "-o", str(tmp_path / "out"), *Q]) == 0
    assert len(tables(tmp_path / "out")["articles"]) == 1 and warc.exists()


@pytest.mark.parametrize("history", [False, True])
def test_big_tables_are_merged_through_buckets_on_disk_to_the_same_files(tmp_path, monkeypatch, history):
    import extract.dataset as dataset

    warcs = _duplicates(tmp_path / "w") + build_warcs(tmp_path / "w2", n_files=2, per_file=5)
    extra = ["--history"] if history else []
    main(["parse-warc", *map(str, warcs), "-o", str(tmp_path / "memory"), *Q, *extra])
    monkeypatch.setattr(dataset, "MERGE_IN_MEMORY_BYTES", 0)  # every table through the buckets
    main(["parse-warc", *map(str, warcs), "-o", str(tmp_path / "buckets"), *Q, *extra])
    for name in TABLES:
        if name != "failures":
            assert (tmp_path / "buckets" / f"{name}.csv").read_bytes() == \
                (tmp_path / "memory" / f"{name}.csv").read_bytes(), name
    assert not (tmp_path / "buckets" / "parts" / ".merge").exists() or \
        not any((tmp_path / "buckets" / "parts" / ".merge").rglob("*.parquet"))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_mixes_of_duplicates_give_the_store_s_tables(tmp_path, seed):
    """Random WARCs drawn from a few URLs, bodies, revisions and failures: the job equals the store."""
    import random

    from broadsheet.testsite import article_path

    rnd = random.Random(seed)
    base = "https://news.example"

    def page():
        i = rnd.randrange(4)
        url = base + article_path(i) + rnd.choice(["", "", "?via=a", "?via=b"])
        kind = rnd.random()
        if kind < 0.15:
            return (url, b"<html><body><p>no story</p></body></html>")
        return (url, generated(i, revision=rnd.choice([0, 0, 1, 2]))[1])

    warcs = [write_pages(tmp_path / "w" / f"{k}.warc.gz", [page() for _ in range(8)]) for k in range(3)]
    main(["parse-warc", *map(str, warcs), "-o", str(tmp_path / "job"), *Q, "--history"])
    store_reference(warcs, tmp_path / "ref", history=True)
    for name in TABLES:
        job, ref = read_table(tmp_path / "job" / f"{name}.csv"), read_table(tmp_path / "ref" / f"{name}.csv")
        if name == "failures":
            job, ref = job.drop(columns="at"), ref.drop(columns="at")
        pd.testing.assert_frame_equal(job, ref, obj=f"{name} (seed {seed})")


def test_a_task_that_never_finishes_is_a_failure_row_and_the_next_run_finishes_it(tmp_path, monkeypatch):
    import broadsheet.warc_job as job
    from broadsheet.engines import LocalEngine

    warc = write_pages(tmp_path / "big.warc.gz", [generated(i) for i in range(8)])
    monkeypatch.setattr(job, "SLICE_MIN_BYTES", 1)

    def broken(task, settings, out_dir):
        raise RuntimeError("a bug")

    summary = job.run_job([str(warc)], tmp_path / "out", job.JobOptions(workers=0), task_fn=broken,
                          engine=_Parallel(LocalEngine(0), 2))
    assert summary.task_errors == 4  # 4 slices, none finished
    [(url, stage, error)] = failures(tmp_path / "out")
    assert (url, stage) == (str(warc), "warc") and "a bug" in error
    summary = job.run_job([str(warc)], tmp_path / "out", job.JobOptions(workers=0),
                          engine=_Parallel(LocalEngine(0), 2))
    assert summary.ran == 4 and summary.task_errors == 0
    assert failures(tmp_path / "out") == [] and len(tables(tmp_path / "out")["articles"]) == 8
