"""The numbers of the data card (``python -m ml stats``), as Markdown tables."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from ml.corpus import (
    DEDUPE_REPORT_PATH,
    LANGUAGES,
    SPLITS,
    Entry,
    load_corpus,
    read_splits,
    split_entries,
)
from ml.themes import THEMES
from ml.tokenizer import split_tokens


def _length(entry: Entry) -> int:
    """Words for English, characters for Chinese (what a reader would count)."""
    tokens = split_tokens(entry.text)
    kinds = ("cjk",) if entry.lang == "zh" else ("word",)
    return sum(1 for t in tokens if t.kind in kinds)


def _pct(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.1f}%)" if whole else "0"


def _summary_rows(name: str, entries: Sequence[Entry]) -> list[str]:
    n = len(entries)
    none = sum(1 for e in entries if not e.themes)
    multi = sum(1 for e in entries if len(e.themes) >= 2)
    return [f"| {name} | {n} | {_pct(none, n)} | {_pct(multi, n)} |"]


def corpus_stats() -> str:
    entries = load_corpus()
    split = read_splits()
    parts = split_entries(entries, split)
    out: list[str] = []

    report = json.loads(DEDUPE_REPORT_PATH.read_text(encoding="utf-8"))
    out.append(
        f"Lines read: {report['lines_read']}; rejected as invalid: {len(report['rejected'])}; "
        f"dropped as near-duplicates: {len(report['dropped'])}; kept: {report['kept']}.\n"
    )

    out.append("| set | entries | no theme | 2+ themes |")
    out.append("|---|---|---|---|")
    out += _summary_rows("all", entries)
    for lang in LANGUAGES:
        out += _summary_rows(lang, [e for e in entries if e.lang == lang])
    out.append("")

    out.append("| theme | en | zh | all |")
    out.append("|---|---|---|---|")
    for theme in THEMES:
        c = Counter(e.lang for e in entries if theme in e.themes)
        out.append(f"| {theme} | {c['en']} | {c['zh']} | {c['en'] + c['zh']} |")
    out.append("")

    out.append("| focus | en | zh |")
    out.append("|---|---|---|")
    for rating in range(1, 6):
        c = Counter(e.lang for e in entries if e.focus == rating)
        out.append(f"| {rating} | {c['en']} | {c['zh']} |")
    out.append("")

    out.append(
        "| length (en words / zh characters) | min | median | max | share < 10 | share > 80 |"
    )
    out.append("|---|---|---|---|---|---|")
    for lang in LANGUAGES:
        lengths = sorted(_length(e) for e in entries if e.lang == lang)
        if not lengths:
            continue
        short = sum(1 for x in lengths if x < 10) / len(lengths)
        long = sum(1 for x in lengths if x > 80) / len(lengths)
        out.append(
            f"| {lang} | {lengths[0]} | {lengths[len(lengths) // 2]} | {lengths[-1]} | "
            f"{100 * short:.0f}% | {100 * long:.0f}% |"
        )
    out.append("")

    out.append("| split | batches | en | zh | " + " | ".join(THEMES) + " |")
    out.append("|---|---|---|---|" + "---|" * len(THEMES))
    for name in SPLITS:
        part = parts[name]
        langs = Counter(e.lang for e in part)
        themes = [sum(1 for e in part if t in e.themes) for t in THEMES]
        out.append(
            f"| {name} | {', '.join(split[name])} | {langs['en']} | {langs['zh']} | "
            + " | ".join(map(str, themes))
            + " |"
        )
    out.append("")

    out.append("| batch | entries | no theme | 2+ themes |")
    out.append("|---|---|---|---|")
    for batch in sorted({e.batch for e in entries}):
        out += _summary_rows(batch, [e for e in entries if e.batch == batch])
    return "\n".join(out)
