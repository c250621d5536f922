#!/usr/bin/env python
"""People across articles on real pages: how many entities span several articles, listed for checking by hand.

    python benchmarks/bench_entities.py [--bench-dir PATH] [--out DIR] [--list N]

The pages of both gold sets in ``<bench-dir>`` (default ``<repo>/../shared/bench``:
the development halves) are written, at their original URLs, into a WARC file
and run through the whole batch (`parse_warc`: parser, extractor, job store,
export with entity resolution). It prints the counts (articles, people rows,
entities, entities found in more than one article) and, for every entity of
several articles, each of its mentions (article URL, name as written, role,
organisation, sentence), so the merges can be read and judged by hand. There
is no gold for people across articles: the judgement is the reader's.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def pages(bench: Path):
    """(url, html bytes) of every page of both sets (aeb, then naeb)."""
    aeb = bench / "aeb"
    if (aeb / "ground-truth.json").exists():
        for pid, item in sorted(json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8")).items()):
            path = aeb / "html" / f"{pid}.html.gz"
            if path.exists():
                yield item["url"], gzip.decompress(path.read_bytes())
    naeb = bench / "naeb"
    if (naeb / "articles.json").exists():
        for item in json.loads((naeb / "articles.json").read_text(encoding="utf-8")):
            path = naeb / "html" / item["html_file"]
            if path.exists():
                yield item["link"], gzip.decompress(path.read_bytes())


def write_warc(bench: Path, path: Path) -> int:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    n = 0
    date = datetime(2024, 1, 1, tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, body in pages(bench):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers,
                                            warc_headers_dict={"WARC-Date": date})
            writer.write_record(rec)
            n += 1
    return n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench-dir", default=str(REPO.parent / "shared" / "bench"))
    ap.add_argument("--out", help="output folder (default: a temporary one)")
    ap.add_argument("--list", type=int, default=1000, metavar="N", help="list at most N multi-article entities")
    args = ap.parse_args(argv)
    bench = Path(args.bench_dir)
    if not bench.exists():
        print(f"no benchmark data in {bench}", file=sys.stderr)
        return 0
    from broadsheet.pipeline import BatchOptions, parse_warc
    from extract.tables import read_table

    with tempfile.TemporaryDirectory(prefix="bench-entities-") as tmp:
        out = Path(args.out) if args.out else Path(tmp) / "out"
        warc = Path(tmp) / "pages.warc.gz"
        n = write_warc(bench, warc)
        summary = parse_warc(warc, out, BatchOptions(workers=2, report=bool(args.out)))
        arts = read_table(out / "articles.csv").set_index("article_id")
        people = read_table(out / "people.csv")
        ents = read_table(out / "entities.csv")
        multi = ents[ents.articles > 1]
        print(f"pages {n}: {summary.ok} ok, {summary.failed} failed; articles {len(arts)}, "
              f"people rows {len(people)}, entities {len(ents)}, in more than one article {len(multi)}")
        for ent in multi.head(args.list).to_dict("records"):
            print(f"\n{ent['entity_id']} {ent['name']!r} ({ent['articles']} articles) "
                  f"orgs={ent['organisations']!r} roles={ent['roles']!r}")
            rows = people[people.entity_id == ent["entity_id"]]
            for r in rows.drop_duplicates(["article_id", "person_id"]).to_dict("records"):
                sentence = " ".join(str(r["sentence"]).split())[:160]
                print(f"  {arts.loc[r['article_id'], 'url']}\n    {r['person']!r} | {r['role']} | "
                      f"{r['organisation']} | {sentence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
