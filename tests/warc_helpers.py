"""Helpers for the WARC job tests: archives built from the sample pages, a store-based reference run."""
from __future__ import annotations

import os
from pathlib import Path

from broadsheet.testsite import article_html, article_path
from broadsheet.warc import write_pages

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "data" / "samples"
BASE = "https://news.example"


def sample_pages(prefix: str = "https://samples.example/") -> list[tuple]:
    """The bundled sample pages (a two-page article among them) as WARC records."""
    return [(prefix + p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.html"))]


def generated(i: int, revision: int = 0, url: str | None = None) -> tuple:
    return (url or BASE + article_path(i), article_html(i, BASE, revision=revision))


def build_warcs(folder: Path, n_files: int = 3, per_file: int = 6) -> list[Path]:
    """`n_files` WARCs: the first holds the sample pages, every one `per_file` generated articles."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in range(n_files):
        pages = sample_pages() if f == 0 else []
        pages += [generated(f * 100 + k) for k in range(per_file)]
        paths.append(write_pages(folder / f"part{f}.warc.gz", pages))
    return paths


def store_reference(warcs: list[Path], out: Path, formats=("csv",), history=False) -> None:
    """What one machine did before jobs existed: every WARC in order through the job store.

    The job's tables must equal these (duplicates settled by the store's own
    rules, `Store.record_article`), and multi-page articles joined from their
    continuation pages' records (which are then not articles of their own).
    """
    from broadsheet.export import export_tables
    from broadsheet.pipeline import _parse, article_result, parse_page
    from broadsheet.store import Store, body_hash
    from broadsheet.warc import page_at, read_pages
    from scraper.assemble import follow_pages
    from scraper.multipage import page_key
    from scraper.urls import canonicalize

    with Store.in_folder(out) as store:
        for path in warcs:
            index, firsts = {}, {}
            for page in read_pages(path):
                key = canonicalize(page.url)
                index.setdefault(key, page.offset)
                pk = page_key(key)
                if pk:
                    firsts[pk[0]] = min(firsts.get(pk[0], pk[1]), pk[1])

            def get_page(url, path=path, index=index):
                rec = page_at(path, index[canonicalize(url)])
                return _parse(rec[1], rec[0], rec[2])

            for page in read_pages(path):
                key, digest = canonicalize(page.url), body_hash(page.body)
                pk = page_key(key)
                if pk and pk[1] > firsts.get(pk[0], pk[1]):
                    continue  # a continuation page: joined into its first page
                state = store.get(key)
                if state is not None and state.state == "done" and state.body_hash == digest:
                    continue
                if state is None:
                    store.enqueue([key], source="warc")
                result = parse_page(page.body, page.url, page.fetched_at, True)
                if not hasattr(result, "tables"):  # an Article with continuation pages
                    result = article_result(key, follow_pages(result, get_page, {key}), "rules").prepare()
                failures = result.tables.get("failures") or []
                tables = {k: v for k, v in result.tables.items() if k != "failures"}
                if not tables.get("articles"):
                    store.record_failure(key, failures[0])
                else:
                    store.record_article(key, tables, fetched_at=page.fetched_at.isoformat(), body=digest,
                                         failure=failures[0] if failures else None, encoded=result.encoded,
                                         digest=result.digest, rendered=result.rendered)
        export_tables(store, out, formats, history=history)


def kill_worker_once(task, settings, out_dir):
    """`run_task`, except that the first run of each task kills its worker process mid-task."""
    from broadsheet.warc_task import run_task

    marker = Path(out_dir) / f".killed-{task.id}"
    if not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(137)
    return run_task(task, settings, out_dir)
