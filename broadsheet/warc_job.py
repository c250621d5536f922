"""`parse-warc` as a job: many WARCs, one task per file (or slice), sharded, resumable.

    inputs -> plan (job.json: inputs, settings hash, tasks) -> engine runs the
    unfinished tasks (each writes its Parquet shards) -> the table files,
    written from the shards once every task has run.

The manifest `OUT/job.json` is the job's memory, rewritten atomically by the
driver (the only writer) after each task: a rerun of the same command runs
only the tasks not `done` (kill -9 of the driver, a lost node, a download
that failed), then writes the tables again. It records a hash of the
settings that change the rows (`--ner`, `--hosts`, the Broadsheet version):
a rerun with other settings is refused (exit 2) unless `--restart`, since
shards made with different settings would be mixed. New inputs on a rerun
are added to the job (after the earlier ones); the folder is one job.

The tables come from the shards through `extract.dataset.resolve`, which
settles duplicates (the same URL in several WARCs, the same article under
several URLs) as the job store does for a single machine reading the WARCs
in input order, and are written by the same writer as a store's export: the
files equal a single-machine run's, whatever the engine, the number of
workers or the slicing (only failures' `at` times differ).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import __version__
from .engines import TaskEngine, make_engine
from .lock import FolderLock
from .store import STORE_NAME, replace_atomically
from .warc_sources import DEFAULT_CC_BASE, locate
from .warc_task import TaskReport, TaskSettings, WarcTask, run_task

log = logging.getLogger("broadsheet")

MANIFEST = "job.json"
# A local WARC is cut into slices (tasks of their own) of at least this size: a slice
# re-reads the whole file's records (not its pages' parsing), a few % of parsing per extra slice.
SLICE_MIN_BYTES = 8 << 20


class JobConflict(Exception):
    """OUT holds a job made with other settings (exit 2 unless --restart)."""


@dataclass
class JobOptions:
    formats: tuple[str, ...] = ("csv",)
    history: bool = False
    ner: str = "learned"
    hosts: tuple[str, ...] | None = None       # --hosts FILE: keep only these sites' records
    cc_base: str = DEFAULT_CC_BASE
    engine: str = "local"
    workers: int | None = None                 # local: processes (0: this process); ray: local Ray's CPUs
    ray_address: str | None = None
    restart: bool = False
    retries: int = 3                           # download retries of a remote WARC
    timeout: float = 60.0
    max_retries: int = 3                       # runs of a task whose worker died
    lock: bool = True

    def settings(self) -> dict:
        """The settings that change the rows (so shards made under others cannot be mixed)."""
        return {"ner": self.ner, "hosts": sorted(set(self.hosts)) if self.hosts is not None else None,
                "broadsheet": __version__}


def settings_hash(settings: dict) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class TaskState:
    id: str
    input: int
    slice: int = 0
    slices: int = 1
    state: str = "pending"       # pending / done / failed
    attempts: int = 0
    pages: int = 0
    articles: int = 0
    failures: int = 0
    error: str | None = None
    seconds: float | None = None
    cpu: float | None = None
    host: str | None = None


@dataclass
class Manifest:
    settings: dict
    settings_hash: str
    inputs: list[dict] = field(default_factory=list)     # {spec, location, error}
    tasks: list[TaskState] = field(default_factory=list)
    version: int = 1

    @classmethod
    def load(cls, path: Path) -> "Manifest | None":
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        data["tasks"] = [TaskState(**t) for t in data.get("tasks", [])]
        return cls(**data)

    def save(self, path: Path) -> None:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=1, ensure_ascii=False), encoding="utf-8")
        replace_atomically(tmp, path)

    def task(self, state: TaskState) -> WarcTask:
        source = self.inputs[state.input]
        return WarcTask(state.id, state.input, source["spec"], source["location"], source["error"],
                        state.slice, state.slices)


@dataclass
class JobSummary:
    out_dir: Path
    tasks: int = 0               # tasks of the job
    ran: int = 0                 # tasks run now
    skipped: int = 0             # done in an earlier run
    pages: int = 0               # pages parsed now
    articles: int = 0
    failed: int = 0              # failures rows written now (pages and WARCs)
    cpu: float = 0.0             # CPU seconds of the tasks run now
    task_errors: int = 0         # tasks whose worker died max_retries times, or that raised
    rows: dict[str, int] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def changed_anything(self) -> bool:
        return bool(self.ran)

    def line(self) -> str:
        counts = ", ".join(f"{name} {n}" for name, n in self.rows.items() if name != "failures")
        earlier = f", {self.skipped} done earlier" if self.skipped else ""
        return (f"{self.ran} of {self.tasks} WARC task(s) run{earlier}: {self.pages} page(s), "
                f"{self.articles} article(s), {self.failed} failure(s); rows: {counts}; "
                f"tables in {self.out_dir}/")


def plan(out_dir: Path, specs: Iterable[str], options: JobOptions, parallelism: int) -> Manifest:
    """The job's manifest: the one in OUT (checked against these settings) plus any new inputs."""
    path = out_dir / MANIFEST
    if not path.exists() and (out_dir / STORE_NAME).exists():
        raise JobConflict(f"{out_dir} holds the job store of a scrape (or of parse-warc before jobs); "
                          "parse-warc would write other tables over its tables: use another -o")
    settings = options.settings()
    digest = settings_hash(settings)
    manifest = Manifest.load(path)
    if manifest is not None and manifest.settings_hash != digest:
        if not options.restart:
            changed = sorted(k for k in set(settings) | set(manifest.settings)
                             if settings.get(k) != manifest.settings.get(k))
            raise JobConflict(f"{out_dir} holds a job made with other settings ({', '.join(changed)}); "
                              "rerun with the same settings to resume it, use another -o, or add "
                              "--restart to throw its results away and start again")
    if manifest is not None and options.restart:
        manifest = None
    if manifest is None:
        shutil.rmtree(out_dir / "parts", ignore_errors=True)
        manifest = Manifest(settings, digest)
    known = {source["spec"] for source in manifest.inputs}
    new = []
    for spec in specs:
        if spec not in known:
            known.add(spec)
            source = locate(spec, options.cc_base)
            manifest.inputs.append({"spec": source.spec, "location": source.location, "error": source.error})
            new.append(len(manifest.inputs) - 1)
    slices = _slices(manifest, new, parallelism)
    for i in new:
        n = slices.get(i, 1)
        for k in range(n):
            manifest.tasks.append(TaskState(f"{i:05d}-{k:03d}", i, k, n))
    return manifest


def _slices(manifest: Manifest, new: list[int], parallelism: int) -> dict[int, int]:
    """Slices per new local file, so that no task is much longer than the rest.

    A file gets one slice per `target` bytes, where `target` is an even
    share of all new local bytes over twice the workers (and at least
    SLICE_MIN_BYTES): many small files stay whole, one big file keeps every
    worker busy, and a big file among small ones does not finish alone.
    """
    sizes = {}
    for i in new:
        location = manifest.inputs[i]["location"]
        if manifest.inputs[i]["error"] or not location or location.startswith(("http://", "https://")):
            continue
        try:
            sizes[i] = os.path.getsize(location)
        except OSError:
            continue
    if parallelism <= 1 or not sizes:
        return {}
    target = max(SLICE_MIN_BYTES, sum(sizes.values()) / (2 * parallelism))
    return {i: max(1, min(64, round(size / target))) for i, size in sizes.items()}


def run_job(specs: Iterable[str], out_dir: str | Path, options: JobOptions | None = None,
            engine: TaskEngine | None = None, task_fn: Callable = run_task,
            on_task: Callable[[TaskState], None] | None = None,
            on_plan: Callable[[int], None] | None = None) -> JobSummary:
    """Plan, run the unfinished tasks, write the tables. Raises LockHeld, JobConflict, EngineUnavailable.

    `on_plan(n)` is told how many tasks will run, `on_task(state)` of each as it ends.
    """
    options = options or JobOptions()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lock = FolderLock(out) if options.lock else None
    own_engine = engine is None
    started = time.monotonic()
    if lock:
        lock.acquire()
    try:
        specs = list(specs)
        if engine is None:
            engine = make_engine(options.engine, _workers(options, out, specs), options.ray_address,
                                 options.max_retries)
        manifest = plan(out, specs, options, engine.parallelism())
        path = out / MANIFEST
        manifest.save(path)
        summary = JobSummary(out, tasks=len(manifest.tasks))
        todo = [t for t in manifest.tasks if t.state != "done"]
        summary.skipped = len(manifest.tasks) - len(todo)
        if on_plan:
            on_plan(len(todo))
        settings = TaskSettings(ner=options.ner, hosts=options.hosts, retries=options.retries,
                                timeout=options.timeout)

        def on_result(i: int, report: TaskReport | None, error: str | None) -> None:
            state = todo[i]
            state.attempts += 1
            if report is None:
                state.state, state.error = "failed", error
                summary.task_errors += 1
                log.error("task %s (%s) did not finish: %s", state.id, manifest.inputs[state.input]["spec"], error)
            else:
                state.state, state.error = report.state, report.error
                state.pages, state.articles, state.failures = report.pages, report.articles, report.failures
                state.seconds, state.cpu, state.host = round(report.seconds, 3), round(report.cpu, 3), report.host
                summary.pages += report.pages
                summary.articles += report.articles
                summary.failed += report.failures
                summary.cpu += report.cpu
            summary.ran += 1
            manifest.save(path)
            if on_task:
                on_task(state)

        # (an absolute folder: a Ray worker's working directory is not the driver's)
        engine.run(task_fn, [(manifest.task(t), settings, str(out.resolve())) for t in todo], on_result)
        if summary.task_errors:
            _record_lost_tasks(out, manifest)
        write_tables(out, options, summary)
        summary.seconds = time.monotonic() - started
        return summary
    finally:
        if own_engine and engine is not None:
            engine.close()
        if lock:
            lock.release()


def _workers(options: JobOptions, out: Path, specs: list[str]) -> int | None:
    """Local processes when not given: none for a small job (starting them costs more than it saves)."""
    if options.workers is not None or options.engine != "local":
        return options.workers
    manifest = Manifest.load(out / MANIFEST)
    sources = [locate(s, options.cc_base) for s in specs]
    if manifest is not None:
        sources += [locate(x["spec"], options.cc_base) for x in manifest.inputs]
    size = 0
    for source in sources:
        if source.remote:
            return None
        if source.location and os.path.isfile(source.location):
            size += os.path.getsize(source.location)
    return None if size > SLICE_MIN_BYTES or len(sources) > 1 else 0


def _record_lost_tasks(out: Path, manifest: Manifest) -> None:
    """A task that never finished (its worker kept dying) still gets its failures row (stage warc).

    Its rows are missing from the tables until a later run finishes it (its
    shards then replace this one). Each slice's row gets a page number of its
    own below the file's pages, so two lost slices of a file give one row.
    """
    from .pages import failure_row
    from .shards import ShardWriter
    from .warc_task import WARC_PAGE

    for state in manifest.tasks:
        if state.state == "failed" and state.error and not state.pages:
            task = manifest.task(state)
            shard = Path(out) / "parts" / "_pages" / f"part-{state.id}.parquet"
            if shard.exists():
                continue
            writer = ShardWriter(out, state.id, state.input)
            writer.add(WARC_PAGE - state.slice, {"url": task.spec, "body_hash": None, "article_id": None, "digest": None,
                                   "failed": True}, {"failures": [failure_row(task.spec, "warc", state.error)]})
            writer.commit()


def write_tables(out: Path, options: JobOptions, summary: JobSummary) -> None:
    """The table files from the shards (settled as the job store settles them), a piece at a time."""
    from extract.dataset import Resolved

    from .export import CHUNK_ROWS, write_table_files

    resolved = Resolved(out, options.history)

    def chunks_of(name: str):
        for piece in resolved.pieces(name):
            for start in range(0, piece.num_rows, CHUNK_ROWS):
                yield piece.slice(start, CHUNK_ROWS).to_pylist()

    summary.files, summary.rows = write_table_files(out, options.formats, options.history, chunks_of)
