"""`broadsheet` command line: demo, scrape, parse.

Exit status: 0 every page succeeded, 1 some pages failed, 2 bad usage.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import DEMO_PAGES, SAMPLES_DIR, __version__
from .pipeline import BatchOptions, BatchSummary, read_inputs, run_batch

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 on usage errors; keep the message short
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _add_batch_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--out", default="broadsheet-out", metavar="DIR",
                   help="output folder for the tables (default: %(default)s)")
    p.add_argument("--format", default="csv", metavar="FORMATS",
                   help="comma-separated output formats: csv, parquet, jsonl (default: csv)")
    p.add_argument("--concurrency", type=int, default=4, metavar="N",
                   help="pages fetched at once (default: %(default)s)")
    p.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                   help="connect and read timeout per request (default: %(default)s)")
    p.add_argument("--retries", type=int, default=3, metavar="N",
                   help="retries on connection errors, 429 and 5xx, with backoff (default: %(default)s)")
    p.add_argument("--max-bytes", type=int, default=10 * 1024 * 1024, metavar="N",
                   help="largest page accepted, after decompression (default: 10 MB)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")


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

    scrape = sub.add_parser("scrape", help="fetch and parse URLs or local .html files into tables",
                            description="Fetch URLs (or read local .html files), parse and extract "
                                        "them, and write one table per file into the output folder.")
    scrape.add_argument("inputs", nargs="*", metavar="URL", help="URLs or local .html files")
    scrape.add_argument("-i", "--input", metavar="FILE",
                        help="file with one URL per line (blank lines and # comments ignored)")
    _add_batch_flags(scrape)

    parse_cmd = sub.add_parser("parse", help="parse one saved page and print the Article as JSON",
                               description="Parse one HTML file and print the Article as JSON on stdout.")
    parse_cmd.add_argument("file", help="HTML file ('-' for standard input)")
    parse_cmd.add_argument("--url", help="the page's original URL (resolves links, helps dates)")
    parse_cmd.add_argument("--records", action="store_true",
                           help="also print the extracted records (people, organisations, dates, quotes)")
    return parser


def _options(args) -> BatchOptions:
    from scraper import FetchOptions

    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    bad = [f for f in formats if f not in ("csv", "parquet", "jsonl")]
    if bad or not formats:
        raise _UsageError(f"unknown --format {','.join(bad) or args.format!r}: use csv, parquet, jsonl")
    if args.concurrency < 1 or args.retries < 0 or args.timeout <= 0 or args.max_bytes <= 0:
        raise _UsageError("--concurrency, --timeout and --max-bytes must be positive, --retries >= 0")
    fetch = FetchOptions(timeout=args.timeout, retries=args.retries, max_bytes=args.max_bytes)
    return BatchOptions(concurrency=args.concurrency, formats=formats, fetch=fetch)


class _UsageError(Exception):
    pass


def _run(inputs: list[str], args) -> int:
    options = _options(args)
    show_bar = len(inputs) > 1 and not args.quiet and sys.stderr.isatty()
    bar = None
    if show_bar:
        from tqdm import tqdm
        bar = tqdm(total=len(inputs), unit="page", file=sys.stderr)
    try:
        summary = run_batch(inputs, args.out, options, on_done=(lambda r: bar.update(1)) if bar else None)
    finally:
        if bar:
            bar.close()
    if not args.quiet:
        _report(summary)
    return EXIT_OK if summary.failed == 0 else EXIT_SOME_FAILED


def _report(summary: BatchSummary) -> None:
    print(summary.line(), file=sys.stderr)
    if summary.failed:
        print(f"failures are listed in {summary.files.get('failures')}", file=sys.stderr)


def cmd_demo(args) -> int:
    from .localserver import LocalServer

    with LocalServer(SAMPLES_DIR) as server:
        return _run([server.url(page) for page in DEMO_PAGES], args)


def cmd_scrape(args) -> int:
    try:
        inputs = read_inputs(args.inputs, args.input)
    except OSError as exc:
        raise _UsageError(f"cannot read --input: {exc}") from exc
    if not inputs:
        raise _UsageError("nothing to scrape: give URLs, .html files or -i FILE")
    return _run(inputs, args)


def cmd_parse(args) -> int:
    from scraper import parse

    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        raise _UsageError(f"cannot read {args.file}: {exc}") from exc
    url = args.url or (None if args.file == "-" else Path(args.file).resolve().as_uri())
    article = parse(data, url)
    out = article.to_dict()
    if args.records:
        from dataclasses import asdict

        import extract
        out["records"] = asdict(extract.records(article))
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    commands = {"demo": cmd_demo, "scrape": cmd_scrape, "parse": cmd_parse}
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
