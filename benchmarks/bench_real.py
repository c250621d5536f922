"""Single-machine efficiency on real news pages: the scrape's pages/s against the ideal rate.

The ideal rate is what the machine's cores could do if they did nothing but
the per-page work: `cores / CPU seconds of parse_page per page` (parse +
extract + the rows encoded for the store, measured here one page after
another in one process). The scrape is the real command line
(`broadsheet scrape`, politeness off, default workers) over the real pages
of `../shared/bench` (aeb + naeb, dev halves), served by a static server in
its own process on 127.0.0.1; every page is requested `--repeat` times
under distinct URLs (`?r=K`), so the run is long enough to measure.

    python benchmarks/bench_real.py                 # 3 scrapes of 294 x 4 pages, interleaved with CPU runs
    python benchmarks/bench_real.py --repeat 2 --rounds 1

Efficiency = scrape pages/s / ideal pages/s. CPU per page and the scrape are
measured alternately (`--rounds`), because this machine's speed drifts: each
scrape is compared with the CPU measured next to it. Peak memory is the
PSS of the scrape's whole process tree (main process, forkserver, workers).
"""
from __future__ import annotations

import argparse
import gzip
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO.parent / "shared" / "bench"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_batch import TreeSampler, pss_breakdown  # noqa: E402


def run_split(cmd: list[str]) -> dict:
    """Run the scrape, sampling its process tree: wall time, peak PSS/RSS, CPU of the main process
    and of the rest (forkserver, parse workers)."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid)
    breakdown = ""
    while proc.poll() is None:
        peak = sampler.peak_pss_kb
        sampler.sample()
        if sampler.peak_pss_kb > peak:   # roles read while the processes are alive
            breakdown = pss_breakdown(sampler)
        time.sleep(0.05)
    proc.wait()
    main_cpu = sampler.cpu.get(proc.pid, 0.0)
    return {"seconds": time.monotonic() - started, "peak_mb": sampler.peak_rss_kb / 1024,
            "peak_pss_mb": sampler.peak_pss_kb / 1024, "main_cpu": main_cpu,
            "other_cpu": sum(sampler.cpu.values()) - main_cpu, "code": proc.returncode,
            "stderr": proc.stderr.read(), "breakdown": breakdown}


def unpack_pages(site: Path) -> list[str]:
    """The aeb and naeb pages, decompressed under `site/<set>/<id>.html`; their paths."""
    paths = []
    for name in ("aeb", "naeb"):
        (site / name).mkdir(parents=True, exist_ok=True)
        for gz in sorted((BENCH / name / "html").glob("*.html.gz")):
            target = site / name / gz.name[:-3]
            target.write_bytes(gzip.decompress(gz.read_bytes()))
            paths.append(f"{name}/{target.name}")
    return paths


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_per_page(site: Path, base: str, paths: list[str]) -> float:
    """CPU seconds of `parse_page` per page, sequentially in a fresh process (warm: one pass first)."""
    code = (
        "import sys, time; from pathlib import Path; from datetime import datetime, timezone\n"
        "from broadsheet.pipeline import parse_page\n"
        f"site, base, paths = Path({str(site)!r}), {base!r}, {paths!r}\n"
        "pages = [((site / p).read_bytes(), base + p) for p in paths]\n"
        "at = datetime.now(timezone.utc)\n"
        "for body, url in pages[:20]: parse_page(body, url, at)\n"
        "t = time.process_time()\n"
        "for body, url in pages: parse_page(body, url, at)\n"
        "print((time.process_time() - t) / len(pages))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=4, help="times each page is scraped (distinct URLs)")
    ap.add_argument("--rounds", type=int, default=3, help="scrapes, each next to a CPU measurement")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--workers", type=int, default=None, help="parse processes (default: the CLI's)")
    ap.add_argument("--ner", default=None, help="the name finder (default: the CLI's, learned)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()
    if not (BENCH / "aeb" / "html").is_dir():
        print(f"skipped: {BENCH} is not there")
        return
    work = Path(tempfile.mkdtemp(prefix="bench-real-"))
    cores = os.cpu_count() or 1
    server = None
    try:
        site = work / "site"
        paths = unpack_pages(site)
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                   "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}/"
        time.sleep(1.0)
        urls = [f"{base}{p}?r={k}" for k in range(args.repeat) for p in paths]
        urls_file = work / "urls.txt"
        urls_file.write_text("\n".join(urls) + "\n")
        print(f"{len(paths)} real pages (aeb + naeb dev halves) x {args.repeat} = {len(urls)} URLs; "
              f"{cores} CPU(s); load average {os.getloadavg()[0]:.1f}")
        effs = []
        for rnd in range(args.rounds):
            cpu = cpu_per_page(site, base, paths)
            out = work / f"out-{rnd}"
            shutil.rmtree(out, ignore_errors=True)
            cmd = [sys.executable, "-m", "broadsheet.cli", "scrape", "-i", str(urls_file), "-o", str(out),
                   "--delay", "0", "--per-host", str(args.concurrency), "--concurrency", str(args.concurrency),
                   "--timeout", "20", "--retries", "1", "-q"]
            if args.workers is not None:
                cmd += ["--workers", str(args.workers)]
            if args.ner is not None:
                cmd += ["--ner", args.ner]
            load = os.getloadavg()[0]
            r = run_split(cmd)
            n = len(urls)
            rate = n / r["seconds"]
            ideal = cores / cpu
            effs.append(rate / ideal)
            total = r["main_cpu"] + r["other_cpu"]
            # efficiency = (parse_page CPU / all the scrape's CPU) x (the scrape's CPU / (wall x cores)):
            # the first factor is the overhead outside parse_page, the second how busy the cores were
            print(f"round {rnd + 1}: parse_page {1000 * cpu:5.1f} ms CPU/page -> ideal {ideal:5.1f} pages/s; "
                  f"scrape {r['seconds']:5.1f} s = {rate:5.1f} pages/s -> efficiency {rate / ideal:.2f} "
                  f"= CPU share of parse_page {cpu * n / max(total, 1e-9):.2f} x cores busy "
                  f"{total / (r['seconds'] * cores):.2f}; CPU/page: main process {1000 * r['main_cpu'] / n:4.1f} ms, "
                  f"workers {1000 * r['other_cpu'] / n:4.1f} ms; peak PSS {r['peak_pss_mb']:.0f} MB "
                  f"(RSS {r['peak_mb']:.0f} MB; PSS by process, MB: {r['breakdown']}); load average before {load:.1f}; exit {r['code']}")
            if r["code"] not in (0, 1):
                print(r["stderr"][-2000:])
        effs.sort()
        print(f"efficiency (scrape pages/s / ideal pages/s): median {effs[len(effs) // 2]:.2f}, "
              f"range {effs[0]:.2f}-{effs[-1]:.2f}")
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
