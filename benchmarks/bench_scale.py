"""Scaling benchmark of `parse-warc` jobs: pages/s on 1 and 2 workers, local processes vs Ray.

The WARCs are built from the real news pages of ../shared/bench (aeb + naeb
html.gz: development data, 294 pages of 165 sites, ~290 KB of HTML each),
dealt round-robin into `--files` archives; `--copies` repeats the set under
other URLs for a longer run. Each configuration runs the whole job
(plan, tasks writing shards, tables written from the shards) through
`broadsheet.warc_job.run_job`, in rounds that interleave the configurations
(this machine's speed drifts by up to a third over minutes), and the best
round of each is reported, with:

* scaling efficiency: pages/s on 2 workers / (2 x pages/s on 1 worker);
* the CPU time per page: the tasks' own (each task reports its process's
  CPU time) plus the driver's; on the local 1-worker run it is the figure
  docs/scale.md's Common Crawl estimate is made from;
* each engine's per-task overhead, from a job of `--tiny` WARCs holding one
  small page each (the job's time per task, parsing aside), and Ray's extra
  cost per task against local;
* a check that every configuration wrote the same tables.

    python benchmarks/bench_scale.py                 # 8 files, 2 rounds
    python benchmarks/bench_scale.py --copies 2 --rounds 3
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
BENCH = REPO.parent / "shared" / "bench"

from broadsheet.engines import LocalEngine, RayEngine  # noqa: E402
from broadsheet.testsite import article_html  # noqa: E402
from broadsheet.warc import write_pages  # noqa: E402
from broadsheet.warc_job import JobOptions, run_job  # noqa: E402


def real_pages() -> list[tuple[str, bytes]]:
    pages = []
    truth = json.loads((BENCH / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for key, item in sorted(truth.items()):
        pages.append((item["url"], gzip.decompress((BENCH / "aeb" / "html" / f"{key}.html.gz").read_bytes())))
    for item in json.loads((BENCH / "naeb" / "articles.json").read_text(encoding="utf-8")):
        name = item["html_file"] if item["html_file"].endswith(".gz") else item["html_file"] + ".gz"
        pages.append((item["link"], gzip.decompress((BENCH / "naeb" / "html" / name).read_bytes())))
    return pages


def build(folder: Path, files: int, copies: int) -> tuple[list[str], int]:
    pages = real_pages()
    pages = [(url if c == 0 else f"{url}{'&' if '?' in url else '?'}copy={c}", body)
             for c in range(copies) for url, body in pages]
    paths = [str(write_pages(folder / f"real-{f:02d}.warc.gz", pages[f::files])) for f in range(files)]
    return paths, len(pages)


def tiny(folder: Path, n: int) -> list[str]:
    return [str(write_pages(folder / f"tiny-{i:03d}.warc.gz",
                            [(f"https://tiny.example/{i}.html", article_html(i, "https://tiny.example",
                                                                             paragraphs=1))]))
            for i in range(n)]


def compare_readers(paths: list[str], rounds: int = 5) -> tuple[float, float, int]:
    """CPU seconds to read every record's headers and body: (warcio, FastWARC, records), best of rounds."""
    from fastwarc.warc import ArchiveIterator as FastIterator, WarcRecordType
    from warcio.archiveiterator import ArchiveIterator as WarcioIterator

    def warcio_read():
        n = 0
        for path in paths:
            with open(path, "rb") as fh:
                for rec in WarcioIterator(fh):
                    if rec.rec_type == "response":
                        rec.rec_headers.get_header("WARC-Target-URI")
                        rec.http_headers.get_header("Content-Type")
                        rec.content_stream().read()
                        n += 1
        return n

    def fastwarc_read():
        n = 0
        for path in paths:
            with open(path, "rb") as fh:
                for rec in FastIterator(fh, parse_http=False):
                    if rec.record_type == WarcRecordType.response:
                        rec.headers.get("WARC-Target-URI")
                        rec.parse_http(auto_decode="all")
                        rec.http_headers.get("Content-Type")
                        rec.reader.read()
                        n += 1
        return n

    best = {"warcio": float("inf"), "fastwarc": float("inf")}
    n = 0
    for _ in range(rounds):
        for name, fn in (("warcio", warcio_read), ("fastwarc", fastwarc_read)):
            t = time.process_time()
            n = fn()
            best[name] = min(best[name], time.process_time() - t)
    return best["warcio"], best["fastwarc"], n


def run(engine, inputs: list[str], out: Path) -> tuple[float, float, float]:
    """(wall seconds of the job, CPU seconds of its tasks, CPU seconds of the driver)."""
    shutil.rmtree(out, ignore_errors=True)
    t, driver = time.perf_counter(), time.process_time()
    summary = run_job(inputs, out, JobOptions(), engine=engine)
    wall, driver = time.perf_counter() - t, time.process_time() - driver
    assert summary.task_errors == 0, summary
    return wall, summary.cpu, driver


class RaySession:
    """A local Ray of `cpus` CPUs for one configuration (its start-up is timed apart from the job)."""

    def __init__(self, cpus: int):
        import ray

        self.ray = ray
        t = time.perf_counter()
        ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False, configure_logging=False)
        self.start = time.perf_counter() - t
        self.engine = RayEngine()
        # a first task per worker (importing the parser, as the local pool's forkserver preloads
        # it), so worker start-up is counted with Ray's start-up, not as per-task cost
        self.engine.run(_warm, [()] * cpus * 4, lambda *a: None)

    def close(self):
        self.ray.shutdown()


def _warm():
    import broadsheet.warc_task  # noqa: F401
    time.sleep(0.2)  # (held a moment, so the tasks spread over the workers)
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=8, help="WARC files the pages are dealt into")
    ap.add_argument("--copies", type=int, default=1, help="times the 294 pages are repeated")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--tiny", type=int, default=40, help="one-page WARCs for the per-task overhead")
    ap.add_argument("--no-ray", action="store_true")
    args = ap.parse_args()
    if not BENCH.exists():
        print(f"skipped: {BENCH} not found (the real pages of ../shared/bench)")
        return 0
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        inputs, n_pages = build(tmp / "warcs", args.files, args.copies)
        small = tiny(tmp / "tiny", args.tiny)
        mb = sum(os.path.getsize(p) for p in inputs) / 1e6
        print(f"{n_pages} real pages (dev data) in {len(inputs)} WARCs, {mb:.0f} MB; "
              f"{os.cpu_count()} CPUs; {args.rounds} round(s), best shown")
        w, f, n = compare_readers(inputs)
        print(f"reading the records (headers + body) of these WARCs, best of 5, CPU: warcio {w * 1000:.0f} ms, "
              f"FastWARC {f * 1000:.0f} ms ({w / f:.1f}x), {1000 * f / n:.2f} ms per record with FastWARC")
        configs = [("local", 1), ("local", 2)] + ([] if args.no_ray else [("ray", 1), ("ray", 2)])
        best: dict = {}
        overhead: dict = {}
        outputs: dict = {}
        starts = []
        for r in range(args.rounds):
            for name, workers in configs:
                session = RaySession(workers) if name == "ray" else None
                engine = session.engine if session else LocalEngine(workers)
                if not session:  # start the pool's workers outside the timed job, as for Ray
                    engine.run(_warm, [()] * workers * 2, lambda *a: None)
                if session:
                    starts.append(session.start)
                try:
                    out = tmp / f"out-{name}-{workers}"
                    wall, cpu, driver = run(engine, inputs, out)
                    outputs[(name, workers)] = out
                    if (name, workers) not in best or wall < best[(name, workers)][0]:
                        best[(name, workers)] = (wall, cpu, driver)
                    if workers == 2:
                        w, _, _ = run(engine, small, tmp / f"tiny-{name}")
                        overhead[name] = min(overhead.get(name, w), w)
                finally:
                    (session or engine).close()
                print(f"  round {r + 1}: {name:5} x{workers}: {wall:6.1f} s, {n_pages / wall:6.1f} pages/s, "
                      f"CPU: tasks {cpu:6.1f} s, driver {driver:5.1f} s; cores used {(cpu + driver) / wall:.2f}; "
                      f"load average {os.getloadavg()[0]:.1f}", flush=True)
        print()
        print("(`cores used` = CPU seconds of the job / wall seconds: below the workers when other jobs share "
              "the machine; the load average counts everything runnable on it)")
        print("| engine | workers | wall | pages/s | CPU per page (tasks + driver) | scaling 1 -> 2 |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, workers in configs:
            wall, cpu, driver = best[(name, workers)]
            eff = ""
            if workers == 2 and (name, 1) in best:
                eff = f"{best[(name, 1)][0] / (2 * wall):.2f}"
            print(f"| {name} | {workers} | {wall:.1f} s | {n_pages / wall:.1f} | {1000 * cpu / n_pages:.1f} + {1000 * driver / n_pages:.1f} ms | {eff} |")
        print()
        for name, w in overhead.items():
            print(f"per-task overhead, {name} (2 workers, {args.tiny} one-page WARCs): {1000 * w / args.tiny:.0f} ms/task")
        if "ray" in overhead and "local" in overhead:
            print(f"Ray's extra cost per task against local: {1000 * (overhead['ray'] - overhead['local']) / args.tiny:+.0f} ms")
        if starts:
            print(f"local Ray start-up (not in the figures above): {min(starts):.1f}-{max(starts):.1f} s")
        cpu_page = (best[("local", 1)][1] + best[("local", 1)][2]) / n_pages
        print(f"CPU per page on the local 1-worker run: {1000 * cpu_page:.1f} ms "
              f"-> 10M pages = {cpu_page * 1e7 / 3600:.0f} core-hours")
        sys.path.insert(0, str(REPO / "tests"))
        from batch_helpers import comparable
        ref = comparable(outputs[configs[0]])
        same = all(comparable(out) == ref for out in outputs.values())
        print(f"same tables from every configuration: {same}")
        return 0 if same else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
