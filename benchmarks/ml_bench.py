"""Speed of the journal classifier, with the TF-IDF baseline in the same run for a ratio.

    .venv/bin/python benchmarks/ml_bench.py [--model DIR] [--threads N]

Prints one table: median single-entry latency, batch-64 throughput, load time (a fresh
process importing ml and loading the artifact) and the resident memory of a process that
has loaded the model and predicted. Texts are the test split of ml/data/corpus.jsonl.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Runs in a fresh interpreter: what a Celery worker pays when it starts.
LOAD_PROBE = """
import json, sys, time
t0 = time.perf_counter()
import torch
torch.set_num_threads({threads})
import ml
classifier = ml.load_classifier({model!r})
t1 = time.perf_counter()
classifier.predict(["warm-up: phone kept buzzing", "图书馆太吵"] * 32)
rss = 0
for line in open("/proc/self/status"):
    if line.startswith("VmRSS:"):
        rss = int(line.split()[1]) / 1024
print(json.dumps({{"load_s": t1 - t0, "rss_mb": rss}}))
"""


def time_single(predict, texts: list[str], repeats: int) -> float:
    """Median seconds for one text at a time."""
    samples = []
    for i in range(repeats):
        text = [texts[i % len(texts)]]
        start = time.perf_counter()
        predict(text)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def time_batches(predict, texts: list[str], batch: int, rounds: int) -> float:
    """Entries per second predicting ``batch`` texts per call."""
    chunks = [texts[i : i + batch] for i in range(0, len(texts) - batch + 1, batch)]
    start = time.perf_counter()
    done = 0
    for i in range(rounds):
        chunk = chunks[i % len(chunks)]
        predict(chunk)
        done += len(chunk)
    return done / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="artifact directory (default ml/artifacts)")
    parser.add_argument("--threads", type=int, default=2, help="torch intra-op threads")
    parser.add_argument("--repeats", type=int, default=300)
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    from ml import load_classifier
    from ml.baseline import fit_baseline
    from ml.corpus import load_corpus, read_splits, split_entries

    parts = split_entries(load_corpus(), read_splits())
    texts = [e.text for e in parts["test"]]

    probe = subprocess.run(
        [sys.executable, "-c", LOAD_PROBE.format(threads=args.threads, model=args.model)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    loaded = json.loads(probe.stdout.strip().splitlines()[-1])

    classifier = load_classifier(args.model)
    classifier.predict(texts[:64])  # warm-up
    model_single = time_single(classifier.predict, texts, args.repeats)
    model_batch = time_batches(classifier.predict, texts, 64, 40)

    start = time.perf_counter()
    baseline = fit_baseline(parts["train"], parts["validation"])
    baseline_fit = time.perf_counter() - start
    baseline_single = time_single(baseline.predict, texts, args.repeats)
    baseline_batch = time_batches(baseline.predict, texts, 64, 40)

    rows = [
        ("median single entry (ms)", model_single * 1e3, baseline_single * 1e3, "<= 5"),
        ("batch of 64 (entries/s)", model_batch, baseline_batch, ">= 1000"),
        ("load, fresh process (s)", loaded["load_s"], baseline_fit, "< 2"),
        ("RSS after load+predict (MB)", loaded["rss_mb"], float("nan"), "< 400"),
    ]
    header = f"model {classifier.model_version}, torch threads {args.threads}"
    print(f"{header}, {len(texts)} test-split texts")
    print(f"{'measure':<30}{'attention':>12}{'tfidf+LR':>12}{'ratio':>8}{'bar':>10}")
    for name, ours, theirs, bar in rows:
        ratio = ours / theirs if theirs == theirs and theirs else float("nan")
        print(f"{name:<30}{ours:>12.2f}{theirs:>12.2f}{ratio:>8.2f}{bar:>10}")
    print("(baseline 'load' is its fit time on the train split; it has no saved artifact)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
