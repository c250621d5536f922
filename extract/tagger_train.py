"""Train the PERSON / ORG tagger from the corpora in ``../shared/ner``.

    python -m extract.tagger_train                  # writes data/models/ner-en.crfsuite (+ .json)
    python -m extract.tagger_train --tune           # hold out a tuning split and print its scores

Reproducible: the corpora are read in a fixed order and crfsuite's L-BFGS is
deterministic, so the same corpora and settings give the same model file.

What trains: UNER English-EWT dev, wikigold, WNUT17 train/dev/test and GUM
news/interview/voyage (one span convention: `extract.tagger_corpora`).  What
never trains: UNER English-EWT **test**, the evaluation set of
``benchmarks/bench_extract.py``.  ``--tune`` holds out every fifth sentence of
UNER dev and of GUM news to choose settings without looking at that test set
(``--fold`` says which fifth; the five folds together cross-validate).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from . import tagger_corpora as corpora
from .tagger import DEFAULT_MODEL
from .tagger_corpora import Sentence, _spans
from .tagger_features import features

PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True,
          "feature.minfreq": 2}


def training_sentences(root: Path, tune: bool = False, silver: bool = True,
                       fold: int = 4) -> tuple[list[Sentence], list[Sentence]]:
    """(train, held-out tuning) sentences; the tuning list is empty unless
    ``tune``.  ``fold`` (0-4) picks which fifth is held out: scoring all five
    gives a setting's cross-validated figure, steadier than one small split."""
    train: list[Sentence] = []
    held: list[Sentence] = []
    parts = [corpora.uner("dev", root), corpora.gum("news", root)]
    for part in parts:
        for i, s in enumerate(part):
            (held if tune and i % 5 == fold else train).append(s)
    train += corpora.wikigold(root)
    for split in ("train", "dev", "test"):
        train += corpora.wnut17(split, root)
    train += corpora.gum("interview", root) + corpora.gum("voyage", root)
    if silver:
        train += silver_sentences(root.parent / "bench")
    return train, held


REPO = Path(__file__).resolve().parent.parent
# articles whose gold measures the extractor: never silver (see benchmarks/gold/)
_GOLD_IDS = [REPO / "benchmarks" / "gold" / "news" / "ids.txt", REPO / "benchmarks" / "gold" / "news-dev" / "ids.txt"]


def silver_sentences(bench: Path) -> list[Sentence]:
    """News sentences labelled by the rules' whole-article analysis
    (``ner="rules"``): the persons they accept or link (a surname alone after
    its full name: "Saqib said"), and their well-known organisation names and
    acronyms (a sentence with another organisation of the rules is left out).
    From the article bodies of ``../shared/bench`` (aeb, naeb) except the
    articles of the hand-made gold sets."""
    from .pipeline import mentions
    from .tagger_features import tokenize

    out = []
    for doc, text, ref in news_texts(bench):
        for sentence, found in mentions(text, ref, ner="rules"):
            toks = tokenize(sentence)
            if len(toks) < 3:
                continue
            tags = ["O"] * len(toks)
            if any(label != "PERSON" and not _sure_org(sentence[start:end]) for start, end, label in found):
                continue
            for start, end, label in found:
                inside = [i for i, (s, e, _) in enumerate(toks) if s >= start and e <= end]
                for n, i in enumerate(inside):
                    tags[i] = ("B-" if n == 0 else "I-") + ("PER" if label == "PERSON" else "ORG")
            words = [t[2] for t in toks]
            _label_known_orgs(words, tags)
            if not _unexplained_capitals(words, tags):
                out.append(Sentence(words, tags, "silver", doc))
    return out


def news_texts(bench: Path) -> list[tuple[str, str, date | None]]:
    """(doc id, title and body, publication date) of the development news
    articles of ``../shared/bench`` (aeb, naeb), without those of the gold sets."""
    from datetime import date

    excluded = set()
    for path in _GOLD_IDS:
        if path.exists():
            excluded.update(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    texts: list[tuple[str, str, date | None]] = []
    naeb = bench / "naeb" / "articles.json"
    if naeb.exists():
        for a in json.loads(naeb.read_text(encoding="utf-8")):
            if f"naeb:{a['id']}" not in excluded:
                ref = date.fromisoformat(a["date"]) if a.get("date") else None
                texts.append((f"naeb:{a['id']}", f"{a['title']}\n\n{a['articleBody']}", ref))
    aeb = bench / "aeb" / "ground-truth.json"
    if aeb.exists():
        for k, v in sorted(json.loads(aeb.read_text(encoding="utf-8")).items()):
            if f"aeb:{k[:12]}" not in excluded:
                texts.append((f"aeb:{k[:12]}", v["articleBody"], None))
    return texts


def _sure_org(name: str) -> bool:
    """Is a rules' organisation sure enough to be a silver label: a
    well-known name or a listed acronym?  The rules' other organisations
    (head words, context) are their weakest output, with wrong bounds and
    kinds ("Stadia port of Rockstar"); a sentence with one is left out rather
    than teach the tagger its error.  5-fold CV on UNER dev / GUM news:
    ORG F1 .613 -> .622 / .536 -> .549, PER within 0.003."""
    from . import gazetteer
    g = gazetteer.load()
    return name in g.org_names or name in g.org_acronyms


def _label_known_orgs(words: list[str], tags: list[str]) -> None:
    """Label as ORG the well-known organisations' names (`data/gazetteers/org_names.txt`)
    that the rules left wholly unlabelled, so a sentence naming "Netflix" is
    neither dropped as unexplained nor kept with it as O."""
    from .tagger_features import known_orgs
    for a, b in known_orgs(words):
        if all(t == "O" for t in tags[a:b]):
            tags[a:b] = ["B-ORG"] + ["I-ORG"] * (b - a - 1)


def _unexplained_capitals(words: list[str], tags: list[str]) -> bool:
    """Does the sentence have a capitalised word inside it that the rules
    neither labelled nor know as a non-name (function word, place, title)?
    Such a word ("Google", "Instagram") is often a name the rules missed;
    labelled O it would teach the tagger to miss it too, so the sentence is
    left out of the silver data."""
    from . import gazetteer
    from .tagger_features import lexicons
    g, lex = gazetteer.load(), lexicons()
    seen_word = False
    for w, t in zip(words, tags):
        if w[:1].isupper() and t == "O" and seen_word and not (
                w in g.stopwords or w in g.places or w.rstrip(".") in g.honorifics
                or w.lower() in lex.role_words or w in g.role_abbreviations):
            return True
        seen_word = seen_word or w[:1].isalnum()
    return False


def train(sentences: list[Sentence], out: Path, params: dict | None = None) -> None:
    import pycrfsuite  # noqa: PLC0415
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sentences:
        trainer.append(features(s.words), s.tags)
    trainer.set_params({**PARAMS, **(params or {})})
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    trainer.train(str(tmp))
    tmp.replace(out)


def span_scores(gold: list[Sentence], predicted: list[list[str]]) -> dict[str, tuple[float, float, float]]:
    """Exact-span P, R, F1 per label."""
    out = {}
    for label in ("PER", "ORG"):
        tp = fp = fn = 0
        for s, tags in zip(gold, predicted):
            g = {(a, b) for a, b, lab in _spans(s.tags) if lab == label}
            p = {(a, b) for a, b, lab in _spans(tags) if lab == label}
            tp += len(g & p)
            fp += len(p - g)
            fn += len(g - p)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        out[label] = (prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=corpora.SHARED_NER, help="folder of the corpora (../shared/ner)")
    ap.add_argument("-o", "--out", type=Path, help=f"model file ({DEFAULT_MODEL.name} in data/models; "
                    "/tmp/ner-tune.crfsuite with --tune)")
    ap.add_argument("--tune", action="store_true", help="train without a tuning split and score it")
    ap.add_argument("--fold", type=int, default=4, choices=range(5),
                    help="with --tune: which fifth of UNER dev and GUM news to hold out (default 4)")
    ap.add_argument("--no-silver", action="store_true", help="only the hand-annotated corpora")
    ap.add_argument("--param", action="append", default=[], help="crfsuite setting NAME=VALUE (repeatable)")
    args = ap.parse_args(argv)
    if not corpora.available(args.shared):
        print(f"corpora not found in {args.shared}", file=sys.stderr)
        return 2
    params = {}
    for p in args.param:
        k, _, v = p.partition("=")
        params[k] = float(v) if k.startswith("c") or "." in v else int(v)
    t0 = time.time()
    train_set, held = training_sentences(args.shared, args.tune, not args.no_silver, args.fold)
    out = args.out or (Path("/tmp") / "ner-tune.crfsuite" if args.tune else DEFAULT_MODEL)
    train(train_set, out, params)
    took = time.time() - t0
    print(f"trained on {len(train_set)} sentences in {took:.0f} s -> {out} ({out.stat().st_size / 1e6:.1f} MB)")
    if args.tune:
        import pycrfsuite  # noqa: PLC0415
        tagger = pycrfsuite.Tagger()
        tagger.open(str(out))
        for source in sorted({s.source for s in held}):
            part = [s for s in held if s.source == source]
            scores = span_scores(part, [tagger.tag(features(s.words)) for s in part])
            print(source, len(part), " ".join(f"{k} P={p:.3f} R={r:.3f} F1={f:.3f}" for k, (p, r, f) in scores.items()))
        return 0
    meta = {
        "model": out.name,
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
        "params": {**PARAMS, **params},
        "sentences": len(train_set),
        "words": sum(len(s.words) for s in train_set),
        "sources": sorted({s.source for s in train_set}),
        "never_trained_on": ["uner-test", "benchmarks/gold/news", "benchmarks/gold/news-dev"],
    }
    out.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
