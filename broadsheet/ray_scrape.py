"""`scrape` / `crawl` / `run` with `--engine ray`: one polite fetcher per actor, one site per actor.

The driver (the command's process) does what the local engine does around
the fetching: it locks the output folder, queues the inputs in the folder's
job store, runs discovery (feeds, sitemaps, listing pages), and at the end
exports the tables from that store. The pages are fetched, parsed and
extracted by Ray actors:

* each pending URL goes to actor `partition(url, N)` (`broadsheet/partition.py`:
  its registered domain, SHA-1, modulo N), so every site is fetched by one
  actor, whose `HostGate` and robots.txt cache then hold for the whole
  cluster, exactly as they do on one machine;
* actor K works through its own job-store shard, `<out>/.shards/actor-K.sqlite3`
  (`broadsheet/store_shards.py`), with the local engine itself (`Engine`: fetch
  threads, parsing in its threads or a worker process, a page's rows and
  state in one transaction), and appends its responses to its own WARC file
  (`raw-K.warc.gz` for `--warc raw.warc.gz`; the driver's discovery
  responses go to `raw.warc.gz` itself);
* when the actors are done, the driver merges the shards into the folder's
  store and exports: the same tables as `--engine local`.

Failures: an actor process that dies (kill -9, out of memory, a crash in a
C library) is restarted by Ray and its `run` call retried; the restarted
actor goes on with what its shard has not settled (and parses in a worker
process, where the local engine finds a page that kills its parser). An
actor that keeps dying is replaced a few times, then given up: its unsettled
pages stay queued for the next run. A driver killed by kill -9 takes its
actors with it (Ray ends the actors of a dead driver); its shards stay on
disk, and the next run merges them before starting, so the rerun's tables
equal an uninterrupted run's.

The shards and WARC files live in the output folder, so the actors must see
it: on one machine always; on a cluster, a shared file system.
"""
from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .partition import partition
from .pipeline import BatchOptions, BatchSummary, Engine, PageResult, Run, input_key, make_fetcher
from .store import UrlState
from .store_shards import (ShardLock, ShardStore, leftovers, merge_and_discard, seed, shard_path, shard_warc,
                     shards_dir)

log = logging.getLogger("broadsheet.ray")

INSTALL_HINT = "pip install 'broadsheet[ray]'"
# Ray restarts a dead actor and retries its call this many times; the driver then starts
# a new actor for the shard this many more times before leaving its pages for the next run.
MAX_RESTARTS = 3
MAX_REPLACEMENTS = 2
# A batch this small is parsed in the actor's fetch threads (a worker process costs more
# to start than it saves), as `default_workers` decides for the local engine.
WORKER_PROCESS_FROM = 64


class RayMissing(Exception):
    """`--engine ray` without Ray installed."""


class RayUnavailable(Exception):
    """The Ray cluster named by `--ray-address` cannot be reached, or a local one cannot start."""


def require_ray():
    """The `ray` module, or RayMissing with the command that installs it."""
    try:
        import ray
        import tldextract  # noqa: F401 - the partition by registered domain, same extra
    except ImportError as exc:
        missing = "tldextract" if exc.name == "tldextract" else "Ray"
        raise RayMissing(f"--engine ray needs {missing}, which is not installed: {INSTALL_HINT}") from exc
    return ray


@dataclass
class RaySettings:
    address: str | None = None   # "auto", "HOST:PORT", "ray://HOST:PORT"; None: a local Ray starts
    actors: int | None = None    # None: one per CPU of the cluster
    log_file: str | None = None  # the actors append their log here too


# ---------------------------------------------------------------------------
# the actor
# ---------------------------------------------------------------------------

class ShardWorker:
    """A Ray actor (see `_actor_class`): scrapes the URLs seeded in its shard with the local engine."""

    def __init__(self, out_dir: str, index: int, options: BatchOptions, log_file: str | None = None):
        self.out_dir, self.index, self.options = Path(out_dir), index, options
        self.settled = 0
        if log_file:
            _log_to(log_file)

    def pid(self) -> int:
        return os.getpid()

    def progress(self) -> tuple[int, int]:
        """(process id, pages it settled so far), for the driver's progress bar (a restarted actor
        is a new process counting from 0)."""
        return os.getpid(), self.settled

    def _tick(self, _result: PageResult) -> None:
        self.settled += 1

    def run(self) -> BatchSummary:
        opts = self.options
        path = shard_path(self.out_dir, self.index)
        with ShardLock(path):
            store = ShardStore(path)
            archive = None
            try:
                if opts.warc:
                    from .warc import WarcArchive
                    archive = WarcArchive(shard_warc(opts.warc, self.index))
                fetcher, _gate, robots = make_fetcher(opts, archive)
                workers = opts.workers
                if workers is None:
                    workers = 1 if store.unsettled() >= WORKER_PROCESS_FROM else 0
                if workers == 0 and _restarted():
                    # this actor died: if a page kills its parser, only a worker process finds which
                    workers = 1
                return Engine(store, opts, fetcher, robots, self._tick).run(workers)
            finally:
                if archive is not None:
                    archive.close()
                store.close()


def _restarted() -> bool:
    import warnings

    import ray

    try:
        with warnings.catch_warnings():  # the property reads a deprecated attribute inside Ray
            warnings.simplefilter("ignore")
            return bool(ray.get_runtime_context().was_current_actor_reconstructed)
    except Exception:  # noqa: BLE001 - outside an actor
        return False


def _log_to(log_file: str) -> None:
    root = logging.getLogger()
    if any(getattr(h, "_broadsheet", False) for h in root.handlers):
        return
    fh = logging.FileHandler(log_file, encoding="utf-8")
    fh.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    fh.setLevel(logging.INFO)
    fh._broadsheet = True
    root.addHandler(fh)
    root.setLevel(logging.INFO)
    logging.getLogger("urllib3").setLevel(logging.ERROR)


def _actor_class(ray):
    # max_concurrency=2: `progress` answers while `run` works (in its own thread).
    return ray.remote(num_cpus=1, max_restarts=MAX_RESTARTS, max_task_retries=MAX_RESTARTS,
                      max_concurrency=2)(ShardWorker)


# ---------------------------------------------------------------------------
# the driver
# ---------------------------------------------------------------------------

def connect(ray, address: str | None) -> bool:
    """Join the cluster at `address` (or start a local Ray); True when this call started Ray."""
    if ray.is_initialized():
        return False
    if address and address != "auto":
        _probe(address)
    kwargs = dict(include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    if address is None and not os.environ.get("RAY_ADDRESS"):
        kwargs["object_store_memory"] = 128 * 1024 * 1024  # only small results travel
    try:
        ray.init(address=address, **kwargs)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        raise RayUnavailable(f"cannot start or reach {where}: {exc}") from exc
    return True


def _probe(address: str, timeout: float = 5.0) -> None:
    """Fail at once on a cluster address nothing answers at (`ray.init` would retry for minutes)."""
    import socket

    hostport = address.split("://", 1)[-1].rstrip("/")
    host, _, port = hostport.rpartition(":")
    if not host or not port.isdigit():
        raise RayUnavailable(f"--ray-address {address!r}: expected auto or HOST:PORT")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise RayUnavailable(f"cannot reach the Ray cluster at {address}: {exc}") from exc


def cluster_cpus(ray) -> int:
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def run_ray_batch(inputs: list[str], out_dir: str | Path, options: BatchOptions | None = None,
                  on_done: Callable[[PageResult], None] | None = None,
                  discover: Callable[[Run], int] | None = None,
                  ray_settings: RaySettings | None = None) -> BatchSummary:
    """`run_batch` with the pages fetched by Ray actors, one site per actor (see the module doc).

    Raises RayMissing / RayUnavailable, and LockHeld like `run_batch`.
    """
    ray = require_ray()
    options = options or BatchOptions()
    settings = ray_settings or RaySettings()
    out = Path(out_dir)
    with Run(out, options) as run:
        for path in leftovers(out):  # shards of a killed run: what they settled is kept
            merged = merge_and_discard(run.store, path)
            log.info("merged %s left by an interrupted run (%d URL(s))", path.name, merged.urls)
        keys = [input_key(item) for item in inputs]
        run.store.enqueue(keys, source="input")
        discovered = discover(run) if discover else 0
        skipped = 0 if options.refresh else run.store.count_settled(keys, options.max_attempts)
        pending = list(run.store.pending(options.max_attempts, options.refresh))
        sizes: dict[int, int] = {}
        left = 0
        if pending:  # (nothing to do, as in most cron runs: no Ray to start)
            started = connect(ray, settings.address)
            try:
                sizes = _seed_shards(out, pending, settings.actors or cluster_cpus(ray))
                time.sleep(min(run.gate.idle_in(), 60.0))  # the discovery requests' delay holds for the actors
                left = _drive(ray, out, options, settings, sizes, on_done)
            finally:
                if started:
                    ray.shutdown()
        summary = BatchSummary(failed=left)
        for index in sizes:
            merged = merge_and_discard(run.store, shard_path(out, index))
            for name in ("ok", "failed", "new", "changed"):
                setattr(summary, name, getattr(summary, name) + getattr(merged, name))
        summary.unchanged = max(0, summary.ok - summary.new - summary.changed)
        summary.skipped, summary.discovered = skipped, discovered
        return run.export(summary)


def _seed_shards(out: Path, pending: list[UrlState], n: int) -> dict[int, int]:
    """Split the pending URLs among `n` shards by site; {shard: URLs} of the non-empty ones."""
    groups: dict[int, list] = {}
    for state in pending:
        groups.setdefault(partition(state.url, n), []).append(state)
    shards_dir(out).mkdir(parents=True, exist_ok=True)
    return {index: seed(shard_path(out, index), states) for index, states in sorted(groups.items())}


def _drive(ray, out: Path, options: BatchOptions, settings: RaySettings, sizes: dict[int, int],
           on_done) -> int:
    """Start one actor per non-empty shard and wait for all, replacing dead ones.

    Returns how many pages were left unsettled by actors given up (they stay
    queued in the folder's store for the next run). What the actors did is
    read from their shards when they are merged, not from their answers: an
    actor that died did work that no answer reports.
    """
    from ray.exceptions import RayError

    actor_class = _actor_class(ray)
    left = 0
    replaced = dict.fromkeys(sizes, 0)
    running: dict = {}   # run() ref -> (shard, actor)
    seen: dict[tuple[int, int], int] = {}  # (shard, actor pid) -> pages settled, as last reported

    def start(index: int) -> None:
        actor = actor_class.remote(str(out), index, options, settings.log_file)
        running[actor.run.remote()] = (index, actor)

    for index in sizes:
        start(index)
    try:
        while running:
            ready, _ = ray.wait(list(running), num_returns=1, timeout=0.5)
            for ref in ready:
                index, actor = running.pop(ref)
                try:
                    summary = ray.get(ref)
                except RayError as exc:
                    ray.kill(actor, no_restart=True)
                    if replaced[index] < MAX_REPLACEMENTS:
                        replaced[index] += 1
                        log.warning("actor %d died (%s); starting a new one", index, type(exc).__name__)
                        start(index)
                    else:
                        log.error("actor %d keeps dying: %d page(s) left for the next run", index,
                                  _unsettled(out, index))
                        left += _unsettled(out, index)
                    continue
                if on_done is not None:  # what it did since the last report
                    _report_progress(ray, {ref: (index, actor)}, seen, on_done, timeout=5.0)
                ray.kill(actor, no_restart=True)
                log.info("actor %d finished: %d page(s) ok, %d failed", index, summary.ok, summary.failed)
            if on_done is not None:
                _report_progress(ray, running, seen, on_done)
    finally:
        for _index, actor in running.values():
            ray.kill(actor, no_restart=True)
    return left


def _report_progress(ray, running: dict, seen: dict[tuple[int, int], int], on_done,
                     timeout: float = 0.2) -> None:
    asks = {actor.progress.remote(): index for index, actor in running.values()}
    ready, _ = ray.wait(list(asks), num_returns=len(asks), timeout=timeout)
    for ref in ready:
        index = asks[ref]
        try:
            pid, now = ray.get(ref)
        except Exception:  # noqa: BLE001 - an actor restarting: ask again next time
            continue
        for _ in range(max(0, now - seen.get((index, pid), 0))):
            on_done(PageResult("", {}, True, ""))
        seen[(index, pid)] = max(now, seen.get((index, pid), 0))


def _unsettled(out: Path, index: int) -> int:
    store = ShardStore(shard_path(out, index))
    try:
        return store.unsettled()
    finally:
        store.close()
