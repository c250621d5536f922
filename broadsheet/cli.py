"""`broadsheet` command line: demo, scrape, crawl, run, parse, parse-warc, report.

Exit status: 0 every page succeeded, 1 some pages failed, 2 bad usage or a
bad job file, 3 another run holds the output folder's lock (see docs/batch.md).
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from . import DEMO_PAGES, SAMPLES_DIR, __version__
from .pipeline import BatchOptions, BatchSummary, read_inputs, run_batch
from .ray_scrape import INSTALL_HINT

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 on usage errors; keep the message short
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _add_batch_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--out", default="broadsheet-out", metavar="DIR",
                   help="output folder for the tables and the job store (default: %(default)s)")
    p.add_argument("--format", default="csv", metavar="FORMATS",
                   help="comma-separated output formats: csv, parquet, jsonl (default: csv)")
    p.add_argument("--concurrency", type=int, default=4, metavar="N",
                   help="pages fetched at once (default: %(default)s)")
    p.add_argument("--per-host", type=int, default=2, metavar="N",
                   help="requests in flight per host (default: %(default)s)")
    p.add_argument("--delay", type=float, default=1.0, metavar="SECONDS",
                   help="seconds between requests to one host; 0 disables (default: %(default)s)")
    p.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                   help="connect and read timeout per request; a whole download may take 3x "
                        "(default: %(default)s)")
    p.add_argument("--retries", type=int, default=3, metavar="N",
                   help="retries on connection errors, 429 and 5xx, with backoff; Retry-After is "
                        "honoured (default: %(default)s)")
    p.add_argument("--ignore-robots", action="store_true",
                   help="do not read robots.txt (logged as a warning); obeyed by default")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="processes that parse and extract (0: in the fetch threads; default: "
                        "one per CPU, up to 4, for batches of 64 pages or more)")
    p.add_argument("--max-attempts", type=int, default=3, metavar="N",
                   help="a failed page is retried by later runs until it failed N times (default: %(default)s)")
    p.add_argument("--refresh", action="store_true",
                   help="fetch pages already done again (conditional GET); changed pages get a new version")
    p.add_argument("--history", action="store_true",
                   help="write every version of changed articles, with a `version` column "
                        "(default: the latest version only)")
    p.add_argument("--warc", metavar="FILE", help="also append every response to this WARC file")
    p.add_argument("--log", metavar="FILE", help="append a log of the run to FILE")
    p.add_argument("--max-bytes", type=int, default=10 * 1024 * 1024, metavar="N",
                   help="largest page accepted, after decompression (default: 10 MB)")
    _add_ner_flag(p)
    _add_engine_flags(p)
    _add_report_flag(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")


def _add_engine_flags(p: argparse.ArgumentParser, ray_does: str = "Ray actors, each site fetched by one actor"
                      ) -> None:
    p.add_argument("--engine", choices=("local", "ray"), default=None,
                   help=f"local: this machine (default); ray: {ray_does} (needs {INSTALL_HINT})")
    p.add_argument("--ray-address", metavar="auto|HOST:PORT", default=None,
                   help="the Ray cluster to join (default: a local Ray is started)")


def _add_report_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-report", dest="report", action="store_false",
                   help="do not write report.html (the run's charts and summary) into the output folder")


def _add_ner_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ner", default="learned", metavar="learned|rules|spacy:MODEL",
                   help="how people and organisations are recognised: the shipped tagger with the rules on top "
                        "(learned, the default), the rules alone (rules), or an installed spaCy model, "
                        "e.g. spacy:en_core_web_sm")


def _ner(value: str) -> str:
    """Check the --ner value up front, so a missing spaCy model is a usage error, not N failures."""
    import extract

    try:
        extract.check_ner(value)
    except Exception as exc:  # noqa: BLE001 - ValueError or the backend's "not installed" error
        raise _UsageError(str(exc)) from exc
    return value


def _add_crawl_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--depth", type=int, default=1, metavar="N",
                   help="how many links away from a listing page to look for more listing pages "
                        "(default: %(default)s)")
    p.add_argument("--max-pages", type=int, default=1000, metavar="N",
                   help="stop discovering after N article URLs (default: %(default)s)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="broadsheet",
                     description="Turn news web pages into tidy tables: articles, paragraphs, images, "
                                 "people with roles and organisations, organisations, dates, quotes.")
    parser.add_argument("--version", action="version", version=f"broadsheet {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = sub.add_parser("demo", help="serve the bundled sample pages on 127.0.0.1 and scrape them",
                          description="Serve the bundled sample pages on 127.0.0.1, scrape them, "
                                      "and write the tables (no network needed).")
    _add_batch_flags(demo)
    demo.set_defaults(delay=0.0)  # our own server on 127.0.0.1

    scrape = sub.add_parser("scrape", help="fetch and parse URLs or local .html files into tables",
                            description="Fetch URLs (or read local .html files), parse and extract "
                                        "them, and write one table per file into the output folder.")
    scrape.add_argument("inputs", nargs="*", metavar="URL", help="URLs or local .html files")
    scrape.add_argument("-i", "--input", metavar="FILE",
                        help="file with one URL per line (blank lines and # comments ignored)")
    _add_batch_flags(scrape)

    crawl = sub.add_parser("crawl", help="discover articles from listing pages, feeds and sitemaps, "
                                         "then scrape them",
                           description="Discover article URLs from section/listing pages (same-site "
                                       "links that look like articles), RSS/Atom feeds and sitemaps "
                                       "(indexes and news sitemaps too), then scrape them like `scrape`.")
    crawl.add_argument("seeds", nargs="*", metavar="URL",
                       help="listing pages, feeds or sitemaps (the kind is detected)")
    crawl.add_argument("--feed", action="append", default=[], metavar="URL", help="an RSS/Atom feed")
    crawl.add_argument("--sitemap", action="append", default=[], metavar="URL", help="a sitemap")
    crawl.add_argument("-i", "--input", metavar="FILE", help="file with one seed URL per line")
    _add_crawl_flags(crawl)
    _add_batch_flags(crawl)

    run = sub.add_parser("run", help="run a job file (cron): URLs, feeds, sitemaps, limits, politeness",
                         description="Run the scrape described by a job.toml (see docs/batch.md). "
                                     "Quiet unless something changed or failed; exit 3 when another "
                                     "run holds the output folder.")
    run.add_argument("job", help="the job.toml file")
    run.add_argument("--log", metavar="FILE", help="append a log of the run to FILE (overrides the job's)")
    _add_engine_flags(run)
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")

    warc = sub.add_parser("parse-warc", help="parse the HTML responses of WARC files into tables "
                                             "(many files, Common Crawl, Ray; resumable)",
                          description="Read WARC files (written with --warc, or Common Crawl's) and turn "
                                      "their HTML responses into the same tables, without fetching pages. "
                                      "One task per file (or slice of a big file), each writing Parquet "
                                      "shards under OUT/parts/; rerun the same command to finish an "
                                      "interrupted job (see docs/scale.md).")
    warc.add_argument("inputs", nargs="*", metavar="WARC",
                      help="local .warc/.warc.gz files, http(s) URLs, or Common Crawl paths (crawl-data/...)")
    warc.add_argument("-i", "--input", metavar="LIST",
                      help="file with one WARC per line (blank lines and # comments ignored), e.g. a "
                           "Common Crawl warc.paths list")
    warc.add_argument("--cc-news", action="append", default=[], metavar="YYYY-MM",
                      help="every CC-NEWS WARC of that month (its warc.paths.gz from --cc-base)")
    warc.add_argument("--cc-base", default="https://data.commoncrawl.org/", metavar="URL",
                      help="where crawl-data/... paths are read from (default: %(default)s)")
    warc.add_argument("--hosts", metavar="FILE",
                      help="keep only records of these sites (one host per line; subdomains included, "
                           "www. ignored), filtered before parsing")
    warc.add_argument("-o", "--out", default="broadsheet-out", metavar="DIR",
                      help="output folder (default: %(default)s)")
    warc.add_argument("--format", default="csv", metavar="FORMATS", help="csv, parquet, jsonl (default: csv)")
    _add_engine_flags(warc, "one Ray task per WARC or slice")
    warc.add_argument("--workers", type=int, default=None, metavar="N",
                      help="local: parsing processes (0: in this process; default: one per CPU, up to 4, "
                           "for jobs of more than one file or 8 MB); ray: CPUs of the local Ray")
    warc.add_argument("--restart", action="store_true",
                      help="throw away the job in the output folder and start again (needed to change "
                           "--ner or --hosts)")
    warc.add_argument("--retries", type=int, default=3, metavar="N",
                      help="retries of a remote WARC download, with backoff (default: %(default)s)")
    warc.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                      help="connect and read timeout of a download (default: %(default)s)")
    warc.add_argument("--history", action="store_true", help="write every version of changed articles")
    warc.add_argument("--log", metavar="FILE", help="append a log of the run to FILE")
    _add_ner_flag(warc)
    _add_report_flag(warc)
    warc.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")

    report = sub.add_parser("report", help="write OUT/report.html: what a run collected and what failed",
                            description="Write OUT/report.html from an output folder's tables and job store: "
                                        "articles per day and source, pages ok/failed by stage and reason, "
                                        "top people, organisations and roles, role timelines, parse warnings, "
                                        "throughput. One self-contained file that opens offline.")
    report.add_argument("out", metavar="OUT", help="an output folder written by scrape, crawl, run or parse-warc")

    parse_cmd = sub.add_parser("parse", help="parse one saved page and print the Article as JSON",
                               description="Parse one HTML file and print the Article as JSON on stdout.")
    parse_cmd.add_argument("file", help="HTML file ('-' for standard input)")
    parse_cmd.add_argument("--url", help="the page's original URL (resolves links, helps dates)")
    parse_cmd.add_argument("--records", action="store_true",
                           help="also print the extracted records (people, organisations, dates, quotes)")
    _add_ner_flag(parse_cmd)
    return parser


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(f.strip() for f in text.split(",") if f.strip())
    bad = [f for f in formats if f not in ("csv", "parquet", "jsonl")]
    if bad or not formats:
        raise _UsageError(f"unknown --format {','.join(bad) or text!r}: use csv, parquet, jsonl")
    return formats


def _options(args) -> BatchOptions:
    from scraper import FetchOptions

    formats = _formats(args.format)
    if args.concurrency < 1 or args.retries < 0 or args.timeout <= 0 or args.max_bytes <= 0:
        raise _UsageError("--concurrency, --timeout and --max-bytes must be positive, --retries >= 0")
    if args.per_host < 1 or args.delay < 0 or (args.workers is not None and args.workers < 0) \
            or args.max_attempts < 1:
        raise _UsageError("--per-host and --max-attempts must be positive, --delay and --workers >= 0")
    fetch = FetchOptions(timeout=args.timeout, total_timeout=3 * args.timeout, retries=args.retries,
                         max_bytes=args.max_bytes)
    return BatchOptions(concurrency=args.concurrency, formats=formats, fetch=fetch, per_host=args.per_host,
                        delay=args.delay, ignore_robots=args.ignore_robots, workers=args.workers,
                        max_attempts=args.max_attempts, refresh=args.refresh, history=args.history,
                        warc=args.warc, ner=_ner(args.ner), report=args.report)


class _UsageError(Exception):
    pass


def _setup_logging(log_file: str | Path | None, quiet: bool) -> None:
    """Log file: everything from INFO. Standard error: warnings on a terminal, errors otherwise."""
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_broadsheet", False):
            root.removeHandler(h)
            h.close()
    root.setLevel(logging.INFO)
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        fh = logging.FileHandler(log_file, encoding="utf-8")
        fh.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
        fh.setLevel(logging.INFO)
        fh._broadsheet = True
        root.addHandler(fh)
    err = logging.StreamHandler(sys.stderr)
    err.setFormatter(logging.Formatter("broadsheet: %(message)s"))
    err.setLevel(logging.ERROR if quiet or not sys.stderr.isatty() else logging.WARNING)
    err.addFilter(lambda record: record.name.startswith("broadsheet"))
    err._broadsheet = True
    root.addHandler(err)
    logging.getLogger("urllib3").setLevel(logging.ERROR)


def _engine(args):
    """run_batch, or its Ray twin (`--engine ray`) set up with the Ray flags; Ray's absence is exit 2."""
    engine = getattr(args, "engine", None) or "local"
    address = getattr(args, "ray_address", None)
    if engine == "local":
        if address:
            raise _UsageError("--ray-address needs --engine ray")
        return run_batch
    from functools import partial

    from .ray_scrape import RayMissing, RaySettings, require_ray, run_ray_batch

    try:
        require_ray()
    except RayMissing as exc:
        raise _UsageError(str(exc)) from exc
    settings = RaySettings(address=address, log_file=str(args.log) if getattr(args, "log", None) else None)
    return partial(run_ray_batch, ray_settings=settings)


def _run(inputs: list[str], args, options: BatchOptions | None = None, discover=None) -> int:
    from .pipeline import LockHeld
    from .ray_scrape import RayUnavailable

    options = options or _options(args)
    runner = _engine(args)
    log = logging.getLogger("broadsheet")
    show_bar = not args.quiet and sys.stderr.isatty() and (len(inputs) > 1 or discover is not None)
    bar = None
    if show_bar:
        from tqdm import tqdm
        bar = tqdm(total=None if discover is not None else len(inputs), unit="page", file=sys.stderr)
    try:
        summary = runner(inputs, args.out, options, on_done=(lambda r: bar.update(1)) if bar is not None else None,
                         discover=discover)
    except RayUnavailable as exc:
        raise _UsageError(str(exc)) from exc
    except LockHeld as exc:
        log.info("%s", exc)
        if not args.quiet:
            print(f"broadsheet: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    finally:
        if bar is not None:
            bar.close()
    log.info("%s", summary.line())
    # On a terminal: always the summary. Elsewhere (cron): only when something changed or failed.
    if not args.quiet and (sys.stderr.isatty() or summary.changed_anything):
        _report(summary)
    return EXIT_OK if summary.failed == 0 else EXIT_SOME_FAILED


def _report(summary: BatchSummary) -> None:
    print(summary.line(), file=sys.stderr)
    if summary.failed:
        print(f"failures are listed in {summary.files.get('failures')}", file=sys.stderr)


def _discoverer(seeds: list[str], depth: int, max_pages: int):
    """A `discover` hook for run_batch: queue what the seeds lead to."""
    def hook(run) -> int:
        from .discovery import discover

        found = discover(seeds, run.fetcher, run.robots, depth=depth, max_pages=max_pages)
        new = run.store.enqueue(found.urls, source="discovery")
        hook.errors = found.errors
        logging.getLogger("broadsheet").info("discovery: %d URL(s) found, %d new, %d error(s)",
                                             len(found.urls), new, len(found.errors))
        return new
    hook.errors = []
    return hook


def cmd_demo(args) -> int:
    from .localserver import LocalServer

    import tempfile

    _setup_logging(args.log, args.quiet)
    options = _options(args)
    # The demo server gets a new port each time, so its URLs are new each time: a store
    # of its own (thrown away) keeps reruns from piling up copies of the same pages.
    with tempfile.TemporaryDirectory(prefix="broadsheet-demo-") as tmp, LocalServer(SAMPLES_DIR) as server:
        options.store_path = str(Path(tmp) / "store.sqlite3")
        return _run([server.url(page) for page in DEMO_PAGES], args, options)


def cmd_scrape(args) -> int:
    _setup_logging(args.log, args.quiet)
    try:
        inputs = read_inputs(args.inputs, args.input)
    except OSError as exc:
        raise _UsageError(f"cannot read --input: {exc}") from exc
    if not inputs:
        raise _UsageError("nothing to scrape: give URLs, .html files or -i FILE")
    return _run(inputs, args)


def _crawl(args, seeds: list[str], urls: list[str], depth: int, max_pages: int,
           options: BatchOptions) -> int:
    """Discover from `seeds`, then scrape those and `urls`; a seed that fails makes the exit 1."""
    hook = _discoverer(seeds, depth, max_pages) if seeds else None
    code = _run(urls, args, options, discover=hook)
    if hook is not None and hook.errors:
        if not args.quiet:
            for url, reason in hook.errors[:10]:
                print(f"broadsheet: discovery failed: {url}: {reason}", file=sys.stderr)
        return EXIT_SOME_FAILED if code == EXIT_OK else code
    return code


def cmd_crawl(args) -> int:
    _setup_logging(args.log, args.quiet)
    seeds = list(args.seeds) + list(args.feed) + list(args.sitemap)
    if args.input:
        try:
            seeds = read_inputs(seeds, args.input)
        except OSError as exc:
            raise _UsageError(f"cannot read --input: {exc}") from exc
    if not seeds:
        raise _UsageError("nothing to crawl: give listing pages, feeds or sitemaps")
    if args.depth < 0 or args.max_pages < 1:
        raise _UsageError("--depth must be >= 0 and --max-pages positive")
    return _crawl(args, seeds, [], args.depth, args.max_pages, _options(args))


def cmd_run(args) -> int:
    from scraper import FetchOptions

    from .jobfile import JobError, load_job

    try:
        job = load_job(args.job)
    except JobError as exc:
        raise _UsageError(str(exc)) from exc
    args.log = args.log or (str(job.log) if job.log else None)
    args.engine = args.engine or job.engine
    args.ray_address = args.ray_address or job.ray_address
    _setup_logging(args.log, args.quiet)
    formats = _formats(job.format)
    fetch = FetchOptions(timeout=job.timeout, total_timeout=3 * job.timeout, retries=job.retries,
                         max_bytes=job.max_bytes)
    options = BatchOptions(concurrency=job.concurrency, formats=formats, fetch=fetch, per_host=job.per_host,
                           delay=job.delay, ignore_robots=job.ignore_robots, workers=job.workers,
                           max_attempts=job.max_attempts, refresh=job.refresh, history=job.history,
                           warc=str(job.warc) if job.warc else None, ner=_ner(job.ner), report=job.report)
    args.out = str(job.out)
    logging.getLogger("broadsheet").info("job %s: %d url(s), %d seed(s) -> %s", job.path, len(job.urls),
                                         len(job.seeds), job.out)
    return _crawl(args, job.seeds, job.urls, job.depth, job.max_pages, options)


def _warc_inputs(args) -> list[str]:
    """The job's inputs: arguments, -i LIST, --cc-news months (each month's WARC list fetched)."""
    from .warc_sources import DownloadError, cc_news_month, cc_news_paths, read_list

    inputs = list(args.inputs)
    if args.input:
        try:
            inputs += read_list(args.input)
        except OSError as exc:
            raise _UsageError(f"cannot read --input: {exc}") from exc
    for month in args.cc_news:
        try:
            cc_news_month(month)
            inputs += cc_news_paths(month, args.cc_base, retries=args.retries, timeout=args.timeout)
        except ValueError as exc:
            raise _UsageError(str(exc)) from exc
        except DownloadError as exc:
            raise _UsageError(f"cannot read the CC-NEWS list of {month}: {exc}") from exc
    return inputs


def _hosts(path: str | None) -> tuple[str, ...] | None:
    if not path:
        return None
    from .warc_sources import read_list

    try:
        hosts = tuple(read_list(path))
    except OSError as exc:
        raise _UsageError(f"cannot read --hosts: {exc}") from exc
    if not hosts:
        raise _UsageError(f"--hosts {path}: no host in it")
    return hosts


def cmd_parse_warc(args) -> int:
    from .engines import EngineUnavailable
    from .lock import LockHeld
    from .warc_job import MANIFEST, JobConflict, JobOptions, run_job

    _setup_logging(args.log, args.quiet)
    formats = _formats(args.format)
    if args.workers is not None and args.workers < 0:
        raise _UsageError("--workers must be >= 0")
    if args.retries < 0 or args.timeout <= 0:
        raise _UsageError("--retries must be >= 0 and --timeout positive")
    if args.ray_address and args.engine != "ray":
        raise _UsageError("--ray-address needs --engine ray")
    inputs = _warc_inputs(args)
    if not inputs and (args.restart or not (Path(args.out) / MANIFEST).exists()):
        raise _UsageError("nothing to parse: give WARC files or URLs, -i LIST or --cc-news YYYY-MM")
    options = JobOptions(formats=formats, history=args.history, ner=_ner(args.ner), hosts=_hosts(args.hosts),
                         cc_base=args.cc_base, engine=args.engine or "local", workers=args.workers,
                         ray_address=args.ray_address, restart=args.restart, retries=args.retries,
                         timeout=args.timeout)
    bar = None
    if not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm
        bar = tqdm(total=None, unit="task", file=sys.stderr)

    def planned(n: int) -> None:
        bar.total = n
        bar.refresh()

    try:
        summary = run_job(inputs, args.out, options, on_task=(lambda t: bar.update(1)) if bar is not None else None,
                          on_plan=planned if bar is not None else None)
    except LockHeld as exc:
        if not args.quiet:
            print(f"broadsheet: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except (JobConflict, EngineUnavailable) as exc:
        raise _UsageError(str(exc)) from exc
    finally:
        if bar is not None:
            bar.close()
    logging.getLogger("broadsheet").info("%s", summary.line())
    if getattr(args, "report", True):
        from .report import REPORT_NAME, write_report
        try:
            write_report(args.out)
        except Exception as exc:  # noqa: BLE001 - the tables are written; the report is a view of them
            logging.getLogger("broadsheet").error("could not write %s: %s: %s", Path(args.out) / REPORT_NAME,
                                                  type(exc).__name__, exc)
    if not args.quiet and (sys.stderr.isatty() or summary.failed or summary.task_errors):
        print(summary.line(), file=sys.stderr)
        if summary.failed or summary.task_errors:
            print(f"failures are listed in {summary.files.get('failures')}", file=sys.stderr)
    return EXIT_OK if not (summary.failed or summary.task_errors) else EXIT_SOME_FAILED


def cmd_report(args) -> int:
    from .report import write_report

    out = Path(args.out)
    if not out.is_dir():
        raise _UsageError(f"{args.out} is not a folder")
    if not any((out / f"articles.{fmt}").exists() for fmt in ("csv", "parquet", "jsonl")):
        raise _UsageError(f"{args.out} holds no articles table: run scrape, crawl or run into it first")
    print(write_report(out))
    return EXIT_OK


def cmd_parse(args) -> int:
    from scraper import parse

    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        raise _UsageError(f"cannot read {args.file}: {exc}") from exc
    url = args.url or (None if args.file == "-" else Path(args.file).resolve().as_uri())
    ner = _ner(args.ner)
    article = parse(data, url)
    out = article.to_dict()
    if args.records:
        from dataclasses import asdict

        import extract
        out["records"] = asdict(extract.records(article, ner=ner))
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    from .malloc import tune_malloc
    tune_malloc()       # before any thread allocates: see broadsheet/malloc.py
    parser = build_parser()
    args = parser.parse_args(argv)
    commands = {"demo": cmd_demo, "scrape": cmd_scrape, "crawl": cmd_crawl, "run": cmd_run,
                "parse": cmd_parse, "parse-warc": cmd_parse_warc, "report": cmd_report}
    if args.command not in commands:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return commands[args.command](args)
    except _UsageError as exc:
        print(f"broadsheet {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
