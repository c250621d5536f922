"""`job.toml`: one scrape job for `broadsheet run` (cron-friendly). Format in docs/batch.md.

    out = "out/news"                 # output folder (store, lock, tables); relative to the job file
    format = "csv,parquet"
    urls = ["https://example.com/news/2024/05/some-story.html"]
    url_files = ["urls.txt"]        # one URL per line, # comments
    feeds = ["https://example.com/rss.xml"]
    sitemaps = ["https://example.com/sitemap.xml"]
    sections = ["https://example.com/news/"]
    log = "out/news/broadsheet.log"
    warc = "out/news/raw.warc.gz"
    engine = "ray"                  # optional: "local" (default) or "ray"
    ray_address = "auto"            # optional, with engine = "ray": the cluster to join
    report = true                   # write out/news/report.html after each run (default)

    [crawl]
    depth = 1
    max_pages = 500

    [politeness]
    concurrency = 8
    per_host = 2
    delay = 1.0
    timeout = 20
    retries = 3
    ignore_robots = false

    [store]
    max_attempts = 3
    refresh = false
    history = false
    workers = 2

Unknown keys are errors (a typo must not silently change what a cron job does).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path


class JobError(Exception):
    """The job file is missing, not TOML, or has a wrong key or value."""


_TOP = {"out": str, "format": str, "urls": list, "url_files": list, "feeds": list, "sitemaps": list,
        "sections": list, "log": str, "warc": str, "max_bytes": int, "ner": str, "engine": str,
        "ray_address": str, "report": bool}
_SECTIONS = {
    "crawl": {"depth": int, "max_pages": int},
    "politeness": {"concurrency": int, "per_host": int, "delay": (int, float), "timeout": (int, float),
                   "retries": int, "ignore_robots": bool},
    "store": {"max_attempts": int, "refresh": bool, "history": bool, "workers": int},
}


@dataclass
class Job:
    path: Path
    out: Path
    format: str = "csv"
    urls: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    log: Path | None = None
    warc: Path | None = None
    max_bytes: int = 10 * 1024 * 1024
    ner: str = "learned"
    engine: str = "local"               # or "ray" (see docs/batch.md, "On Ray")
    ray_address: str | None = None
    report: bool = True              # write report.html at the end of each run
    depth: int = 1
    max_pages: int = 1000
    concurrency: int = 4
    per_host: int = 2
    delay: float = 1.0
    timeout: float = 20.0
    retries: int = 3
    ignore_robots: bool = False
    max_attempts: int = 3
    refresh: bool = False
    history: bool = False
    workers: int | None = None

    @property
    def seeds(self) -> list[str]:
        return self.feeds + self.sitemaps + self.sections


def _check(value, kind, where: str):
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise JobError(f"{where}: expected {names}, got {type(value).__name__}")
    if isinstance(value, list) and not all(isinstance(v, str) for v in value):
        raise JobError(f"{where}: expected a list of strings")
    return value


def load_job(path: str | Path) -> Job:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise JobError(f"cannot read {path}: {exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise JobError(f"{path} is not valid TOML: {exc}") from exc
    here = path.resolve().parent
    values: dict = {}
    for key, value in data.items():
        if key in _SECTIONS:
            if not isinstance(value, dict):
                raise JobError(f"[{key}] must be a table")
            for sub, subvalue in value.items():
                if sub not in _SECTIONS[key]:
                    raise JobError(f"unknown key {key}.{sub} in {path.name} "
                                   f"(known: {', '.join(_SECTIONS[key])})")
                values[sub] = _check(subvalue, _SECTIONS[key][sub], f"{key}.{sub}")
        elif key in _TOP:
            values[key] = _check(value, _TOP[key], key)
        else:
            raise JobError(f"unknown key {key!r} in {path.name} (known: {', '.join(list(_TOP) + list(_SECTIONS))})")
    if "out" not in values:
        raise JobError(f"{path.name}: 'out' (the output folder) is required")
    urls = list(values.pop("urls", []))
    for name in values.pop("url_files", []):
        file = (here / name)
        try:
            for line in file.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    urls.append(line)
        except OSError as exc:
            raise JobError(f"cannot read url file {file}: {exc}") from exc
    job = Job(path=path, out=(here / values.pop("out")).resolve(), urls=urls)
    for key in ("log", "warc"):
        if key in values:
            setattr(job, key, (here / values.pop(key)).resolve())
    for key, value in values.items():
        setattr(job, key, float(value) if key in ("delay", "timeout") else value)
    if job.engine not in ("local", "ray"):
        raise JobError(f"{path.name}: engine must be \"local\" or \"ray\", not {job.engine!r}")
    if not (job.urls or job.seeds):
        raise JobError(f"{path.name}: nothing to do: give urls, url_files, feeds, sitemaps or sections")
    if job.concurrency < 1 or job.per_host < 1 or job.retries < 0 or job.timeout <= 0 or job.delay < 0 \
            or job.depth < 0 or job.max_pages < 1 or job.max_attempts < 1:
        raise JobError(f"{path.name}: concurrency, per_host, timeout, max_pages and max_attempts must be "
                       "positive; retries, delay and depth >= 0")
    return job
