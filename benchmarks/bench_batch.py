"""Batch benchmark: throughput, peak memory, injected faults, kill -9 resume.

Everything runs against the generated test site (`broadsheet.testsite`) served
by its own process on 127.0.0.1, and every scrape is the real command line
(`python -m broadsheet.cli scrape ...`) in a child process, so the figures are
end to end: fetch + parse + extract + store + export of the tables.

    python benchmarks/bench_batch.py                       # 1,000 and 10,000 pages, faults, kill -9
    python benchmarks/bench_batch.py --sizes 300 --faults 300 --kill 300   # a quick run

Peak memory is the largest sum of the RSS of the scrape's whole process tree
(main process + parse workers + forkserver), sampled every 50 ms from /proc;
PSS (shared pages counted once, sampled every 0.5 s) is shown beside it. The
sampler's own CPU is printed too: it runs on the same cores as the scrape.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from broadsheet.store import settled_in_folder  # noqa: E402
from broadsheet.testsite import FAULTS, RECOVERING, article_path, fault_mix  # noqa: E402


class Site:
    """The test site in its own process."""

    def __init__(self, pages: int, slow_seconds: float = 3.0):
        self.proc = subprocess.Popen([sys.executable, "-m", "broadsheet.testsite", "--pages", str(pages),
                                      "--slow-seconds", str(slow_seconds), "--prerender"], cwd=REPO,
                                     stdout=subprocess.PIPE, text=True)
        self.base = self.proc.stdout.readline().strip()

    def close(self):
        self.proc.terminate()
        self.proc.wait()


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return out


_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
_TICK = os.sysconf("SC_CLK_TCK")


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * _PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _pss_kb(pid: int) -> int:
    """Proportional set size: shared pages (forked workers) counted once overall."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return _rss_kb(pid)


def _parent(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return int(fh.read().rsplit(")", 1)[1].split()[1])   # the field after the state
    except (OSError, IndexError, ValueError):
        return None


def process_role(pid: int, root: int) -> str:
    """'main', 'forkserver', 'tracker' or 'worker', from the process's command line and parent
    (a worker forked from the forkserver carries the forkserver's command line)."""
    if pid == root:
        return "main"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            cmd = fh.read()
    except OSError:
        return "gone"
    if b"forkserver import main" in cmd and _parent(pid) == root:
        return "forkserver"
    return "tracker" if b"resource_tracker import main" in cmd else "worker"


def pss_breakdown(sampler: "TreeSampler") -> str:
    """The tree's peak PSS by process role, e.g. 'forkserver 59, main 122, tracker 8, worker 93+91' (MB)."""
    roles: dict[str, list[int]] = {}
    for pid, kb in sampler.peak_pss_by_pid.items():
        roles.setdefault(process_role(pid, sampler.root), []).append(kb // 1024)
    return ", ".join(f"{role} {'+'.join(map(str, sorted(v, reverse=True)))}" for role, v in sorted(roles.items()))


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0.0


class TreeSampler:
    """Peak memory and CPU of a process and all its descendants, read from /proc.

    The sampler shares the 2 cores with the scrape it measures, so it must be
    cheap: reading every thread's children list and every process's
    smaps_rollup 50 times a second took ~28% of a core (a seventh of the
    machine). RSS (statm) is read at every tick (50 ms), CPU (stat) every 4th; the
    process tree (which changes only when workers start or die) and PSS (a
    walk of the page tables, ~1 ms per process) every `slow_every` ticks.
    """

    def __init__(self, pid: int, slow_every: int = 10):
        self.root, self.slow_every = pid, slow_every
        self.pids: list[int] = [pid]
        self.ticks = 0
        self.peak_rss_kb = self.peak_pss_kb = 0
        self.cpu: dict[int, float] = {}
        self.peak_pss_by_pid: dict[int, int] = {}   # each process's own PSS at the tree's peak

    def _tree(self) -> list[int]:
        seen, stack = [], [self.root]
        while stack:
            p = stack.pop()
            if p not in seen:
                seen.append(p)
                stack += _children(p)
        return seen

    def sample(self) -> None:
        slow = self.ticks % self.slow_every == 0
        self.ticks += 1
        if slow:
            self.pids = self._tree()
            by_pid = {p: _pss_kb(p) for p in self.pids}
            if sum(by_pid.values()) > self.peak_pss_kb:
                self.peak_pss_kb, self.peak_pss_by_pid = sum(by_pid.values()), by_pid
        self.peak_rss_kb = max(self.peak_rss_kb, sum(_rss_kb(p) for p in self.pids))
        if self.ticks % 4 == 1:
            for p in self.pids:
                self.cpu[p] = max(self.cpu.get(p, 0.0), _cpu_seconds(p))


def scrape_cmd(urls_file: Path, out: Path, args, *extra) -> list[str]:
    cmd = [sys.executable, "-m", "broadsheet.cli", "scrape", "-i", str(urls_file), "-o", str(out),
           "--delay", "0", "--per-host", str(args.concurrency), "--concurrency", str(args.concurrency),
           "--timeout", str(args.timeout), "--retries", "1", "-q", *extra]
    if args.workers is not None:
        cmd += ["--workers", str(args.workers)]
    return cmd


def run_measured(cmd: list[str], stop_when=None) -> dict:
    """Run a command, sampling its process tree every 50 ms; `stop_when()` -> True sends SIGKILL."""
    started = time.monotonic()
    own = time.process_time()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid)
    killed = False
    while proc.poll() is None:
        sampler.sample()
        if stop_when is not None and stop_when():
            os.kill(proc.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.05)
    proc.wait()
    seconds = time.monotonic() - started
    cpu = sum(sampler.cpu.values())  # CPU of the scrape's process tree (sampled; the last 0.2 s may be missed)
    err = proc.stderr.read()
    if killed:  # the parse workers of a killed run die with it (orphans notice their parent is gone)
        time.sleep(0.2)
    return {"seconds": seconds, "peak_mb": sampler.peak_rss_kb / 1024,
            "peak_pss_mb": sampler.peak_pss_kb / 1024, "cpu": cpu, "code": proc.returncode,
            "sampler_cpu": time.process_time() - own, "killed": killed, "stderr": err}


def count_rows(out: Path) -> dict[str, int]:
    import pandas as pd

    return {name: len(pd.read_csv(out / f"{name}.csv", dtype=str)) for name in
            ("articles", "paragraphs", "people", "dates", "quotes", "failures")}


def bench_throughput(args, work: Path) -> None:
    print("== throughput and memory (articles only, politeness off) ==")
    for n in args.sizes:
        site = Site(n)
        try:
            urls = [site.base + article_path(i) for i in range(n)]
            urls_file = work / f"urls-{n}.txt"
            urls_file.write_text("\n".join(urls) + "\n")
            out = work / f"out-{n}"
            shutil.rmtree(out, ignore_errors=True)
            r = run_measured(scrape_cmd(urls_file, out, args))
            rows = count_rows(out)
            ok = rows["articles"] == n and rows["failures"] == 0
            print(f"{n:>7,} pages: {r['seconds']:7.1f} s  {n / r['seconds']:7.1f} pages/s  "
                  f"CPU {1000 * r['cpu'] / n:5.1f} ms/page -> {os.cpu_count()} idle cores: "
                  f"~{os.cpu_count() * n / max(r['cpu'], 1e-9):4.0f} pages/s (load avg {os.getloadavg()[0]:.1f})  "
                  f"peak RSS {r['peak_mb']:5.0f} MB (PSS {r['peak_pss_mb']:5.0f} MB)  exit {r['code']}  "
                  f"rows {rows}  sampler {100 * r['sampler_cpu'] / r['seconds']:.0f}% of a core  "
                  f"{'OK' if ok else 'MISMATCH'}")
            if r["code"] not in (0, 1):
                print(r["stderr"][-2000:])
        finally:
            site.close()


def bench_faults(args, work: Path) -> None:
    n = args.faults
    print(f"== fault injection: {n} URLs, one fault page in {args.fault_every} ==")
    site = Site(n, slow_seconds=args.timeout * 2)
    try:
        urls = fault_mix(site.base, n, every=args.fault_every)
        urls_file = work / "urls-faults.txt"
        urls_file.write_text("\n".join(urls) + "\n")
        out = work / "out-faults"
        shutil.rmtree(out, ignore_errors=True)
        r = run_measured(scrape_cmd(urls_file, out, args))
        import pandas as pd

        arts = pd.read_csv(out / "articles.csv", dtype=str)
        fails = pd.read_csv(out / "failures.csv", dtype=str)
        done, failed = set(arts.url), set(fails.url)
        missing = [u for u in urls if u not in done and u not in failed]
        kinds = Counter()
        for u in urls:
            if "/fault/" in u:
                kind = u.split("/fault/")[1].split("/")[0]
                kinds[(kind, "done" if u in done else "failed")] += 1
        print(f"{len(urls)} URLs in {r['seconds']:.1f} s (exit {r['code']}): {len(done)} done, "
              f"{len(failed)} failure rows, {len(missing)} unaccounted")
        for kind in FAULTS:
            d, f = kinds[(kind, "done")], kinds[(kind, "failed")]
            reason = ""
            sample = fails[fails.url.str.contains(f"/fault/{kind}/", regex=False)]
            if len(sample):
                reason = f"{sample.stage.iloc[0]}: {str(sample.error.iloc[0])[:90]}"
            note = " (recovers after Retry-After)" if kind in RECOVERING else ""
            print(f"  {kind:<14} done {d:>3}  failed {f:>3}  {reason}{note}")
        print(f"  every URL accounted for: {'yes' if not missing else 'NO'}; "
              f"longest single wait bounded by --timeout {args.timeout:g}s x3")
    finally:
        site.close()


def comparable(out: Path) -> dict:
    import pandas as pd

    from extract.tables import TABLES, read_table

    result = {}
    for name in TABLES:
        df = read_table(out / f"{name}.csv")
        df = df.drop(columns=[c for c in ("fetched_at", "at") if c in df.columns])
        result[name] = sorted(tuple("" if pd.isna(v) else str(v) for v in row) for row in df.itertuples(index=False))
    return result


def bench_kill(args, work: Path) -> None:
    n = args.kill
    print(f"== kill -9 at three random moments during a {n}-page run, resume each time ==")
    site = Site(n, slow_seconds=args.timeout * 2)
    rnd = random.Random(args.seed)
    try:
        urls = fault_mix(site.base, n, every=50)
        urls_file = work / "urls-kill.txt"
        urls_file.write_text("\n".join(urls) + "\n")
        reference, out = work / "kill-reference", work / "kill-resumed"
        for d in (reference, out):
            shutil.rmtree(d, ignore_errors=True)
        ref = run_measured(scrape_cmd(urls_file, reference, args))
        print(f"uninterrupted run: {ref['seconds']:.1f} s, exit {ref['code']}")
        moments = sorted(rnd.sample(range(n // 10, n * 9 // 10), 3))
        for target in moments:
            r = run_measured(scrape_cmd(urls_file, out, args), stop_when=lambda t=target: settled_in_folder(out) >= t)
            print(f"  killed at {settled_in_folder(out):>5} / {n} pages stored: {'yes' if r['killed'] else 'no (finished)'}")
        final = run_measured(scrape_cmd(urls_file, out, args))
        print(f"  resumed run: {final['seconds']:.1f} s, exit {final['code']}")
        a, b = comparable(reference), comparable(out)
        same = a == b
        detail = ", ".join(f"{k} {len(v)}" for k, v in a.items())
        print(f"final tables identical to the uninterrupted run (without fetch times): "
              f"{'YES' if same else 'NO'}  ({detail})")
        if not same:
            for k in a:
                if a[k] != b[k]:
                    print(f"  {k}: reference {len(a[k])} rows, resumed {len(b[k])} rows")
    finally:
        site.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="page counts for the throughput runs (0: skip)")
    ap.add_argument("--faults", type=int, default=2000, help="URLs in the fault-injection run (0: skip)")
    ap.add_argument("--fault-every", type=int, default=10, help="one fault page every N URLs")
    ap.add_argument("--kill", type=int, default=2000, help="pages in the kill -9 run (0: skip)")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--workers", type=int, default=None, help="parse processes (default: the CLI's)")
    ap.add_argument("--timeout", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the output folders")
    args = ap.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip() and int(s) > 0]  # 0: skip
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    print(f"{os.cpu_count()} CPU(s); load average {os.getloadavg()[0]:.1f} at start; work folder {work}")
    try:
        if args.sizes:
            bench_throughput(args, work)
        if args.faults:
            bench_faults(args, work)
        if args.kill:
            bench_kill(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
