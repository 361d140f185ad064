"""Command line: ``python -m ml {dedupe,split,stats,train,evaluate,hard,predict}``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ml.corpus import CORPUS_PATH, SPLITS_PATH
from ml.hard_split import HARD_DIR


def cmd_dedupe(args: argparse.Namespace) -> int:
    from ml.corpus import build_corpus

    result = build_corpus(threshold=args.threshold)
    for item in result.rejected:
        print(f"rejected {item['id']}: {item['reason']}")
    for item in result.dropped:
        print(
            f"near-duplicate {item['id']} of {item['duplicate_of']} "
            f"(jaccard {item['jaccard']}): {item['text'][:70]!r}"
        )
    print(
        f"kept {len(result.kept)}, dropped {len(result.dropped)} near-duplicates, "
        f"rejected {len(result.rejected)} invalid lines -> {CORPUS_PATH}"
    )
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    from ml.corpus import (
        EXTENDED_SPLIT_METHOD,
        choose_split,
        extend_split,
        load_corpus,
        read_splits,
        write_splits,
    )

    entries = load_corpus()
    if args.keep:
        split = extend_split(entries, read_splits())
        write_splits(split, method=EXTENDED_SPLIT_METHOD)
    else:
        split = choose_split(entries)
        write_splits(split)
    print(json.dumps(split, indent=1))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from ml.stats import corpus_stats

    print(corpus_stats())
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from ml.train import TrainConfig, train_from_files

    config = TrainConfig(seed=args.seed)
    if args.max_epochs:
        config.max_epochs = args.max_epochs
    if args.threads:
        config.num_threads = args.threads
    corrections = Path(args.corrections) if args.corrections else None
    if corrections is not None:
        from ml.corrections import load_corrections

        try:  # a bad file is refused before any training starts
            load_corrections(corrections)
        except (OSError, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    result = train_from_files(
        Path(args.corpus), Path(args.splits), Path(args.out), config, corrections
    )
    print(json.dumps({"seconds": result.metrics["seconds"], "model_version": result.model_version}))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from ml import load_classifier
    from ml.corpus import read_jsonl
    from ml.evaluate import format_table, score

    try:
        entries = read_jsonl(Path(args.data))
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.split:
        from ml.corpus import read_splits

        batches = set(read_splits()[args.split])
        entries = [e for e in entries if e.batch in batches]
    classifier = load_classifier(args.model)
    texts = [e.text for e in entries]
    gold = ([e.themes for e in entries], [e.focus for e in entries], [e.lang for e in entries])
    predictions = classifier.predict(texts)
    model_scores = score(
        gold[0], [p.labels for p in predictions], gold[1], [p.focus for p in predictions], gold[2]
    )
    columns = {f"attention {classifier.model_version[:8]}": model_scores}
    if not args.no_baseline and Path(CORPUS_PATH).is_file() and Path(SPLITS_PATH).is_file():
        from ml.baseline import fit_baseline
        from ml.corpus import load_corpus, read_splits, split_entries

        parts = split_entries(load_corpus(), read_splits())
        baseline = fit_baseline(parts["train"], parts["validation"])
        labels, focus = baseline.predict(texts)
        columns["tfidf+logreg"] = score(gold[0], labels, gold[1], focus, gold[2])
    if args.json:
        out = model_scores.to_dict()
        out["model_version"] = classifier.model_version
        if "tfidf+logreg" in columns:
            out["baseline"] = columns["tfidf+logreg"].to_dict()
        print(json.dumps(out))
    else:
        print(f"{args.data}: {len(entries)} entries")
        print(format_table(columns))
    return 0


def cmd_hard(args: argparse.Namespace) -> int:
    from ml import load_classifier
    from ml.hard_split import format_hard_report, hard_report, load_hard_split

    try:
        items = load_hard_split(Path(args.data_dir))
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not items:
        print(f"error: no *.jsonl entries in {args.data_dir}", file=sys.stderr)
        return 2
    classifier = load_classifier(args.model)
    predictions = classifier.predict([item.entry.text for item in items])
    report = hard_report(
        items,
        [p.labels for p in predictions],
        [p.focus for p in predictions],
        classifier.model_version,
    )
    print(json.dumps(report.to_dict()) if args.json else format_hard_report(report))
    return 0


def cmd_predict(args: argparse.Namespace) -> int:
    from ml import THEMES, load_classifier

    classifier = load_classifier(args.model)
    out = sys.stdout

    def flush(texts: list[str]) -> None:
        for p in classifier.predict(texts):
            record = {
                "themes": {t: p.themes[t] for t in THEMES},
                "labels": p.labels,
                "focus": p.focus,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()

    pending: list[str] = []
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict) or not isinstance(data.get("text"), str):
                raise ValueError('expected a JSON object with a string "text" field')
        except ValueError as exc:
            flush(pending)  # everything before the bad line is answered, nothing after
            print(f"error: line {number}: {exc}", file=sys.stderr)
            return 2
        pending.append(data["text"])
        if len(pending) >= 64:
            flush(pending)
            pending = []
    flush(pending)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ml", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("dedupe", help="check the batches, drop near-duplicates, write corpus")
    p.add_argument("--threshold", type=float, default=0.7, help="Jaccard of char shingles")
    p.set_defaults(func=cmd_dedupe)

    p = sub.add_parser("split", help="assign batches to train/validation/test")
    p.add_argument(
        "--keep",
        action="store_true",
        help="keep the current assignment and add new batches to train",
    )
    p.set_defaults(func=cmd_split)

    p = sub.add_parser("stats", help="print the data card's tables")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("train", help="train the model and write ml/artifacts/")
    p.add_argument("--seed", type=int, default=1337)
    p.add_argument("--max-epochs", type=int, default=0)
    p.add_argument(
        "--threads",
        type=int,
        default=0,
        help="torch threads (default 2); 1 trained faster on 2 cores busy with other work",
    )
    p.add_argument("--corpus", default=str(CORPUS_PATH))
    p.add_argument("--splits", default=str(SPLITS_PATH))
    p.add_argument("--out", default=str(Path(__file__).resolve().parent / "artifacts"))
    p.add_argument(
        "--corrections",
        default=None,
        help="JSON lines of users' corrections in the corpus format (manage.py "
        "export_corrections); merged into train only",
    )
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", help="score the saved model (and the baseline) on a file")
    p.add_argument("--data", required=True, help="JSON lines with text, themes, focus")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--no-baseline", action="store_true", help="skip the TF-IDF baseline")
    p.add_argument(
        "--split",
        choices=("train", "validation", "test"),
        help="keep only lines whose batch is in this split of ml/data/splits.json",
    )
    p.add_argument("--model", default=None, help="artifact directory (default ml/artifacts)")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser(
        "hard", help="score the saved model on the held-out hard split, per language and kind"
    )
    p.add_argument("--data-dir", default=str(HARD_DIR), help="folder of *.jsonl and mentions.json")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--model", default=None, help="artifact directory (default ml/artifacts)")
    p.set_defaults(func=cmd_hard)

    p = sub.add_parser("predict", help='JSON lines with "text" in, predictions out')
    p.add_argument("--model", default=None, help="artifact directory (default ml/artifacts)")
    p.set_defaults(func=cmd_predict)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except Exception as exc:
        from ml.artifact import ModelLoadError

        if isinstance(exc, ModelLoadError):
            print(f"error: {exc}", file=sys.stderr)
            return 3
        raise


if __name__ == "__main__":
    sys.exit(main())
