"""Pick the articles of the frozen news gold, reproducibly, before any annotation.

The pick only looks at the gold set's own fields (length, language by a crude
ASCII test), never at Broadsheet's output, so the choice cannot favour the
extractor. Run once; the result is ``ids.txt`` beside this file, which is
frozen with the annotations.

    python benchmarks/gold/news/select.py [--n 64] [--dump DIR]

``--dump DIR`` writes each picked article's headline and body (from
``../shared/bench/naeb/articles.json``) to DIR/<id>.txt for the annotators;
those texts are third-party data and stay out of the repository.
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAEB = HERE.parents[3] / "shared" / "bench" / "naeb" / "articles.json"


def candidates(articles: list[dict]) -> list[dict]:
    out = []
    for a in articles:
        body = a.get("articleBody") or ""
        if not 1500 <= len(body) <= 9000:
            continue
        if sum(ch.isascii() for ch in body) / len(body) < 0.97:      # mostly English pages
            continue
        out.append(a)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=64)
    ap.add_argument("--seed", type=int, default=20261204)
    ap.add_argument("--dump", type=Path)
    args = ap.parse_args()
    articles = json.loads(NAEB.read_text(encoding="utf-8"))
    pool = sorted(candidates(articles), key=lambda a: int(a["id"]))
    picked = sorted(random.Random(args.seed).sample(pool, args.n), key=lambda a: int(a["id"]))
    (HERE / "ids.txt").write_text("".join(f"naeb:{a['id']}\n" for a in picked), encoding="utf-8")
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        for a in picked:
            (args.dump / f"naeb-{a['id']}.txt").write_text(f"{a['title']}\n\n{a['articleBody']}\n", encoding="utf-8")
    print(f"{len(pool)} candidates, {len(picked)} picked")


if __name__ == "__main__":
    main()
