#!/usr/bin/env python
"""Benchmark Broadsheet's parser against trafilatura and newspaper4k.

    python benchmarks/bench_parser.py [--set aeb|naeb|webdates|both|all] [--bench-dir PATH]
        [--extractors broadsheet,trafilatura,trafilatura_precision,newspaper4k,htmldate]

Sets: ``aeb`` and ``naeb`` (body, and title/date/authors on naeb) and
``webdates`` (htmldate's evaluation pages, blogs and news in many languages:
the publication day only). ``both`` is aeb + naeb; ``all`` (the default) adds
webdates and closes with the issue's summary table: webdates publication day,
NAEB published day, NAEB body F1, AEB body F1 (with P and R), each beside the
best anchor measured in the same run. Every figure is on the development
halves in ``../shared/bench`` (tuned on), not on held-out pages.

An extractor runs only on the sets it has an answer for: ``htmldate`` (the
date extractor, with its extensive search and ``original_date``) on naeb and
webdates; the body extractors on aeb and naeb. On webdates Broadsheet's child
also reports how often its language guess (the page's declarations ignored)
agrees with the page's ``<html lang>``.

The gold sets and the scoring are described in ``<bench-dir>/README.md``
(default bench dir: ``<repo>/../shared/bench``). Each extractor runs in its
own subprocess (this script re-invoked with ``--only NAME --json``) so that
the peak resident set size is per extractor. Inside that process the pages
are read and decompressed first; only the extraction call is timed, one page
at a time.

Extra extractor names (not run by default): ``broadsheet_meta`` (only
``scraper.metadata.read_metadata`` on an lxml tree: title/date/authors, no
body) — handy when working on metadata alone.

Speed is reported as pages/s of wall-clock time and of CPU time (``time.process_time``
around each extraction call; steadier when the machine is busy), with Broadsheet's
ratio to ``trafilatura`` with ``favor_precision`` on both.

``--rounds N`` runs every extractor N times, in alternating order, and reports the
median speed (and each round's ratio): on a shared machine whose speed drifts
from minute to minute, one run per extractor can be off by a third.

``--dump FILE`` (with ``--only``) writes the per-page predictions and scores
as JSON lines for error analysis.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import metrics  # noqa: E402

DEFAULT_BENCH = REPO.parent / "shared" / "bench"
DEFAULT_EXTRACTORS = ["broadsheet", "trafilatura", "trafilatura_precision", "newspaper4k", "htmldate"]
# which extractors answer on which set (the others are skipped there)
SET_EXTRACTORS = {
    "aeb": {"broadsheet", "broadsheet_meta", "trafilatura", "trafilatura_precision", "newspaper4k"},
    "naeb": {"broadsheet", "broadsheet_meta", "trafilatura", "trafilatura_precision", "newspaper4k", "htmldate"},
    "webdates": {"broadsheet", "broadsheet_meta", "trafilatura", "trafilatura_precision", "newspaper4k", "htmldate"},
}
SETS = ("aeb", "naeb", "webdates")
DATE_ONLY = {"htmldate", "broadsheet_meta"}  # no body: no body columns
DAY_ONLY = {"htmldate"}  # no title or authors either
REFERENCE = "trafilatura_precision"  # the extractor Broadsheet's speed and memory are compared to


# --------------------------------------------------------------------------
# pages
# --------------------------------------------------------------------------


@dataclass
class Page:
    id: str
    url: str
    html: str
    body: str
    title: str | None = None
    date: str | None = None
    authors: str | None = None
    has_meta: bool = False
    has_body: bool = True
    lang: str = ""  # the page's <html lang> (webdates), for the language-guess figure


def _read_gz(path: Path) -> str:
    with gzip.open(path, "rb") as fh:
        return fh.read().decode("utf-8", errors="replace")


def load_pages(bench_dir: Path, name: str, limit: int | None = None) -> list[Page]:
    pages: list[Page] = []
    if name == "aeb":
        gold = json.loads((bench_dir / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
        for pid in sorted(gold):
            item = gold[pid]
            path = bench_dir / "aeb" / "html" / f"{pid}.html.gz"
            if not path.exists():
                continue
            pages.append(Page(pid, item.get("url") or "", _read_gz(path), item.get("articleBody") or ""))
            if limit and len(pages) >= limit:
                break
    elif name == "naeb":
        items = json.loads((bench_dir / "naeb" / "articles.json").read_text(encoding="utf-8"))
        for item in items:
            path = bench_dir / "naeb" / "html" / item["html_file"]
            if not path.exists():
                continue
            pages.append(
                Page(
                    str(item["id"]),
                    item.get("link") or "",
                    _read_gz(path),
                    item.get("articleBody") or "",
                    title=item.get("title") or "",
                    date=item.get("date"),
                    authors=item.get("authors") or "",
                    has_meta=True,
                )
            )
            if limit and len(pages) >= limit:
                break
    elif name == "webdates":
        items = json.loads((bench_dir / "webdates" / "dates.json").read_text(encoding="utf-8"))
        for item in items:
            path = bench_dir / "webdates" / item["file"]
            if not path.exists():
                continue
            pages.append(Page(item["file"], item.get("url") or "", _read_gz(path), "", date=item.get("date"),
                              has_body=False))
            if limit and len(pages) >= limit:
                break
    else:
        raise ValueError(f"unknown set {name!r}")
    return pages


# --------------------------------------------------------------------------
# extractors: each returns a callable html, url -> Prediction
# --------------------------------------------------------------------------


@dataclass
class Prediction:
    body: str = ""
    title: str = ""
    date: Any = None
    authors: list[str] = field(default_factory=list)
    updated: Any = None


def _make_broadsheet() -> Callable[[str, str], Prediction]:
    from scraper import parse

    def run(html: str, url: str) -> Prediction:
        art = parse(html, url)
        return Prediction(art.text, art.title, art.published, list(art.authors), art.updated)

    return run


def _make_broadsheet_meta() -> Callable[[str, str], Prediction]:
    import lxml.html

    from scraper.metadata import read_metadata

    def run(html: str, url: str) -> Prediction:
        try:
            doc = lxml.html.fromstring(html)
        except ValueError:  # a str with an XML encoding declaration
            doc = lxml.html.fromstring(html.encode("utf-8"))
        meta = read_metadata(doc, url)
        return Prediction("", meta.title, meta.published, list(meta.authors), meta.updated)

    return run


def _split_trafilatura_authors(value: str | None) -> list[str]:
    if not value:
        return []
    return [a.strip() for a in value.split(";") if a.strip()]


def _make_trafilatura(precision: bool) -> Callable[[str, str], Prediction]:
    import trafilatura

    def run(html: str, url: str) -> Prediction:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_precision=precision)
        if doc is None:
            return Prediction()
        return Prediction(doc.text or "", doc.title or "", doc.date, _split_trafilatura_authors(doc.author))

    return run


def _make_newspaper() -> Callable[[str, str], Prediction]:
    warnings.filterwarnings("ignore")
    import newspaper

    # No network: newspaper4k would otherwise download images to size them.
    config = newspaper.Config()
    config.fetch_images = False
    config.memoize_articles = False

    def run(html: str, url: str) -> Prediction:
        art = newspaper.Article(url or "http://example.com/", config=config)
        art.download(input_html=html)
        art.parse()
        return Prediction(art.text or "", art.title or "", art.publish_date, list(art.authors or []))

    return run


def _make_htmldate() -> Callable[[str, str], Prediction]:
    from htmldate import find_date

    def run(html: str, url: str) -> Prediction:
        # the settings of htmldate's own figure: extensive search, the original (not the updated) date
        return Prediction(date=find_date(html, url=url or None, extensive_search=True, original_date=True))

    return run


EXTRACTORS: dict[str, Callable[[], Callable[[str, str], Prediction]]] = {
    "broadsheet": _make_broadsheet,
    "broadsheet_meta": _make_broadsheet_meta,
    "trafilatura": lambda: _make_trafilatura(False),
    "trafilatura_precision": lambda: _make_trafilatura(True),
    "newspaper4k": _make_newspaper,
    "htmldate": _make_htmldate,
}


# --------------------------------------------------------------------------
# one extractor on one set (runs in the child process)
# --------------------------------------------------------------------------


def peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return kb / 1024.0


def evaluate(name: str, pages: list[Page], dump: Path | None = None) -> dict[str, Any]:
    factory = EXTRACTORS[name]
    extractor = factory()
    total = 0.0
    cpu_total = 0.0
    errors = 0
    first_error = ""
    preds: list[Prediction] = []
    for page in pages:
        start = time.perf_counter()
        cpu_start = time.process_time()
        try:
            pred = extractor(page.html, page.url)
        except Exception as exc:  # an extractor that crashes on a page scores zero on it
            pred = Prediction()
            errors += 1
            if not first_error:
                first_error = f"{page.id}: {type(exc).__name__}: {exc}"
        total += time.perf_counter() - start
        cpu_total += time.process_time() - cpu_start
        preds.append(pred)

    result: dict[str, Any] = {
        "extractor": name,
        "pages": len(pages),
        "seconds": total,
        "pages_per_s": len(pages) / total if total else 0.0,
        "cpu_seconds": cpu_total,
        "cpu_pages_per_s": len(pages) / cpu_total if cpu_total else 0.0,
        "peak_rss_mb": peak_rss_mb(),
        "errors": errors,
        "first_error": first_error,
    }
    body_pages = [(p, g) for p, g in zip(preds, pages) if g.has_body and name not in DATE_ONLY]
    page_scores = [metrics.page_body_scores(p.body, g.body) for p, g in body_pages]
    if body_pages:
        body = metrics.body_scores((p.body, g.body) for p, g in body_pages)
        result.update(
            body_p=body.precision,
            body_r=body.recall,
            body_f1=body.f1,
            body_acc=body.accuracy,
            body_f1_std=metrics.bootstrap_std(page_scores, rounds=200),
            empty_bodies=body.empty_predictions,
        )
    day_pages = [(p, g) for p, g in zip(preds, pages) if not g.has_body]
    if day_pages:  # webdates: the publication day, else the update day when no publication day is given
        result["pubday"] = metrics.mean(metrics.date_correct(p.date if p.date is not None else p.updated, g.date)
                                        for p, g in day_pages)
        if name == "broadsheet":
            result.update(language_guess(pages))
    meta_pages = [(p, g) for p, g in zip(preds, pages) if g.has_meta]
    if meta_pages:
        author_scores = [metrics.authors_f1(p.authors, g.authors) for p, g in meta_pages]
        named = [s for (p, g), s in zip(meta_pages, author_scores) if metrics.author_set(g.authors, gold=True)]
        result["date"] = metrics.mean(metrics.date_correct(p.date, g.date) for p, g in meta_pages)
        if name not in DAY_ONLY:
            result.update(
                title_exact=metrics.mean(metrics.title_exact(p.title, g.title) for p, g in meta_pages),
                title_relaxed=metrics.mean(metrics.title_relaxed(p.title, g.title) for p, g in meta_pages),
                authors_all=metrics.mean(author_scores),
                authors_named=metrics.mean(named),
            )
    if dump:
        with open(dump, "w", encoding="utf-8") as fh:
            scores = iter(page_scores)
            for p, g in zip(preds, pages):
                row: dict[str, Any] = {"id": g.id, "url": g.url}
                if g.has_body and name not in DATE_ONLY:
                    row["body_p"], row["body_r"] = next(scores)
                else:
                    row.update(date=metrics.date_string(p.date), updated=metrics.date_string(p.updated),
                               gold_date=g.date,
                               date_ok=metrics.date_correct(p.date if p.date is not None else p.updated, g.date))
                if g.has_meta:
                    row.update(
                        title=p.title,
                        gold_title=g.title,
                        title_ok=metrics.title_exact(p.title, g.title),
                        date=metrics.date_string(p.date),
                        gold_date=g.date,
                        date_ok=metrics.date_correct(p.date, g.date),
                        authors=p.authors,
                        gold_authors=g.authors,
                        authors_f1=metrics.authors_f1(p.authors, g.authors),
                    )
                fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    return result


def language_guess(pages: list[Page]) -> dict[str, Any]:
    """How often Broadsheet's language guess (the page's own declarations ignored) agrees with
    the page's ``<html lang>``, over the pages that declare one (untimed)."""
    import lxml.html

    from scraper.language import guess_language

    right = total = 0
    for page in pages:
        try:
            doc = lxml.html.fromstring(page.html.encode("utf-8"))
        except (ValueError, lxml.etree.ParserError):
            continue
        declared = (doc.get("lang") or "").strip().lower().replace("_", "-").split("-")[0]
        if len(declared) not in (2, 3):
            continue
        total += 1
        right += guess_language(doc) == declared
    return {"lang_pages": total, "lang_accuracy": right / total if total else None}


# --------------------------------------------------------------------------
# parent: one subprocess per (set, extractor), then the tables
# --------------------------------------------------------------------------


def run_child(name: str, set_name: str, bench_dir: Path, limit: int | None) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--only", name, "--json", "--set", set_name,
           "--bench-dir", str(bench_dir)]
    if limit:
        cmd += ["--limit", str(limit)]
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(REPO))
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"extractor": name, "failed": " | ".join(tail) or f"exit code {proc.returncode}"}
    return json.loads(lines[-1])


def _fmt(value: Any, kind: str = "pct") -> str:
    if value is None:
        return "-"
    if kind == "pct":
        return f"{value:.3f}"
    if kind == "speed":
        return f"{value:.1f}"
    if kind == "mb":
        return f"{value:.0f}"
    return str(value)


_COLUMNS = [  # (header, result key, format)
    ("P", "body_p", "pct"), ("R", "body_r", "pct"), ("F1", "body_f1", "pct"), ("±", "body_f1_std", "pct"),
    ("title=", "title_exact", "pct"), ("title~", "title_relaxed", "pct"), ("date", "date", "pct"),
    ("auth(all)", "authors_all", "pct"), ("auth(named)", "authors_named", "pct"),
    ("pub day", "pubday", "pct"), ("lang guess", "lang_accuracy", "pct"),
]


def print_table(set_name: str, results: list[dict[str, Any]]) -> None:
    columns = [c for c in _COLUMNS if any(c[1] in r for r in results)]
    header = ["extractor"] + [c[0] for c in columns] + ["pages/s", "cpu p/s", "peak MB", "errors"]
    rows = []
    for r in results:
        if "failed" in r:
            rows.append([r["extractor"], "FAILED: " + r["failed"][:150]])
            continue
        row = [r["extractor"]] + [_fmt(r.get(key), kind) for _, key, kind in columns]
        row += [_fmt(r["pages_per_s"], "speed"), _fmt(r.get("cpu_pages_per_s"), "speed"), _fmt(r["peak_rss_mb"], "mb"),
                str(r["errors"])]
        rows.append(row)
    widths = [max(len(str(row[i])) for row in [header] + [r for r in rows if len(r) == len(header)]) for i in range(len(header))]
    pages = next((r["pages"] for r in results if "pages" in r), 0)
    print(f"\n## {set_name} ({pages} pages)\n")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for row in rows:
        if len(row) != len(header):
            print("  ".join(row))
        else:
            print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))
    by_name = {r["extractor"]: r for r in results if "failed" not in r}
    bs, ref = by_name.get("broadsheet"), by_name.get(REFERENCE)
    if bs and ref and ref["pages_per_s"] and ref["peak_rss_mb"]:
        cpu = ""
        if bs.get("cpu_pages_per_s") and ref.get("cpu_pages_per_s"):
            cpu = f"speed (CPU time) x{bs['cpu_pages_per_s'] / ref['cpu_pages_per_s']:.2f}, "
        print(f"\nbroadsheet vs {REFERENCE}: {cpu}speed (wall clock) x{bs['pages_per_s'] / ref['pages_per_s']:.2f}, "
              f"peak memory x{bs['peak_rss_mb'] / ref['peak_rss_mb']:.2f}")
    if bs and bs.get("lang_pages"):
        print(f"\nlanguage guess (declarations ignored) agrees with <html lang> on "
              f"{bs['lang_accuracy']:.3f} of {bs['lang_pages']} pages")
    for r in results:
        if r.get("first_error"):
            print(f"  {r['extractor']}: {r['errors']} page error(s), first: {r['first_error'][:200]}")


# the table: (measure, set, result key, goal)
SUMMARY = [
    ("publication day, webdates", "webdates", "pubday", 0.93),
    ("published day, NAEB", "naeb", "date", 0.90),
    ("body F1, NAEB", "naeb", "body_f1", 0.94),
    ("body F1, AEB", "aeb", "body_f1", 0.97),
]


def print_summary(by_set: dict[str, list[dict[str, Any]]]) -> None:
    """The issue's table: Broadsheet beside the best anchor of the same run, on the dev halves."""
    lines = []
    for label, set_name, key, goal in SUMMARY:
        results = [r for r in by_set.get(set_name, []) if "failed" not in r and r.get(key) is not None]
        if not results:
            continue
        bs = next((r for r in results if r["extractor"] == "broadsheet"), None)
        anchors = [r for r in results if not r["extractor"].startswith("broadsheet")]
        best = max(anchors, key=lambda r: r[key], default=None)

        def cell(r):
            if r is None:
                return "-"
            text = f"{r[key]:.3f}"
            if key == "body_f1":
                text += f" (P {r['body_p']:.3f}, R {r['body_r']:.3f})"
            return text

        lines.append((label, cell(bs), (f"{best['extractor']} " + cell(best)) if best else "-", f">= {goal:.2f}"))
    if not lines:
        return
    header = ("dev half measure", "broadsheet", "best anchor (same run)", "goal")
    widths = [max(len(row[i]) for row in [header] + lines) for i in range(4)]
    print("\n## summary (the issue's table; dev halves, tuned on)\n")
    for row in [header, tuple("-" * w for w in widths)] + lines:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=[*SETS, "both", "all"], default="all")
    ap.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--extractors", default=",".join(DEFAULT_EXTRACTORS))
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    ap.add_argument("--rounds", type=int, default=1,
                    help="run every extractor N times, in alternating order; speed is the median "
                         "(a shared machine's speed drifts between runs)")
    ap.add_argument("--only", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help="print the result as one JSON line (with --only)")
    ap.add_argument("--dump", type=Path, help="with --only: write per-page predictions (JSON lines)")
    args = ap.parse_args(argv)

    bench_dir: Path = args.bench_dir
    if not (bench_dir / "README.md").exists() and not (bench_dir / "naeb").exists() and not (bench_dir / "aeb").exists():
        print(f"benchmark data not found at {bench_dir}; pass --bench-dir PATH", file=sys.stderr)
        return 0
    sets = {"both": ["aeb", "naeb"], "all": list(SETS)}.get(args.set, [args.set])
    sets = [s for s in sets if (bench_dir / s).exists()]
    if not sets:
        print(f"no benchmark set found under {bench_dir}", file=sys.stderr)
        return 0

    if args.only:
        if args.only not in EXTRACTORS:
            print(f"unknown extractor {args.only!r}; known: {', '.join(EXTRACTORS)}", file=sys.stderr)
            return 2
        for set_name in sets:
            pages = load_pages(bench_dir, set_name, args.limit)
            result = evaluate(args.only, pages, args.dump)
            result["set"] = set_name
            if args.json:
                print(json.dumps(result))
            else:
                print_table(set_name, [result])
        return 0

    names = [n.strip() for n in args.extractors.split(",") if n.strip()]
    unknown = [n for n in names if n not in EXTRACTORS]
    if unknown:
        print(f"unknown extractor(s) {', '.join(unknown)}; known: {', '.join(EXTRACTORS)}", file=sys.stderr)
        return 2
    by_set: dict[str, list[dict[str, Any]]] = {}
    for set_name in sets:
        here = [n for n in names if n in SET_EXTRACTORS[set_name]]
        if not here:
            continue
        rounds: list[list[dict[str, Any]]] = []
        for r in range(max(1, args.rounds)):
            order = here if r % 2 == 0 else here[::-1]  # alternate, so drift hits every extractor alike
            by_name = {name: run_child(name, set_name, bench_dir, args.limit) for name in order}
            rounds.append([by_name[name] for name in here])
        by_set[set_name] = combine_rounds(rounds)
        print_table(set_name, by_set[set_name])
        if len(rounds) > 1:
            print_round_ratios(rounds)
    print_summary(by_set)
    return 0


_SPEED_KEYS = ("seconds", "pages_per_s", "cpu_seconds", "cpu_pages_per_s")


def combine_rounds(rounds: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One result per extractor: quality from the first round (every round scores the same
    pages the same way), speed the median over the rounds, peak memory the largest."""
    out = []
    for per_round in zip(*rounds):
        ok = [r for r in per_round if "failed" not in r]
        if not ok:
            out.append(per_round[0])
            continue
        merged = dict(ok[0])
        for key in _SPEED_KEYS:
            merged[key] = statistics.median(r[key] for r in ok)
        merged["peak_rss_mb"] = max(r["peak_rss_mb"] for r in ok)
        out.append(merged)
    return out


def print_round_ratios(rounds: list[list[dict[str, Any]]]) -> None:
    ratios = []
    for results in rounds:
        by_name = {r["extractor"]: r for r in results if "failed" not in r}
        bs, ref = by_name.get("broadsheet"), by_name.get(REFERENCE)
        if bs and ref and ref.get("cpu_pages_per_s"):
            ratios.append(bs["cpu_pages_per_s"] / ref["cpu_pages_per_s"])
    if ratios:
        print(f"CPU speed ratio to {REFERENCE} in each of {len(ratios)} rounds: "
              + ", ".join(f"x{x:.2f}" for x in ratios))


if __name__ == "__main__":
    sys.exit(main())
