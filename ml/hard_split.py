"""The held-out hard split: scores per language and per kind, and false themes on mentions.

``ml/data/hard/*.jsonl`` holds entries in the corpus format plus a ``kind`` (negation,
harmless, clean-with-mention, sarcasm, implied, mixed); ``mentions.json`` maps
``"<file stem>:<line>"`` to the themes an entry mentions but denies or calls harmless.
``python -m ml hard`` scores the saved model on them. The split is for reporting only:
training and model selection read ``ml/data/batches`` and validation, never this folder.

Macro-F1 over themes alone hides this family of mistakes (a third of the entries have no
theme), so each group also gets the share of no-theme entries left with no theme and the
share of denied or harmless mentions that were predicted as their theme anyway.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ml.corpus import DATA_DIR, LANGUAGES, Entry, parse_entry
from ml.evaluate import Scores, score
from ml.themes import THEMES

HARD_DIR = DATA_DIR / "hard"
MENTIONS_FILE = "mentions.json"
KINDS = ("negation", "harmless", "clean-with-mention", "sarcasm", "implied", "mixed")


@dataclass(frozen=True)
class HardEntry:
    entry: Entry
    kind: str
    mentions: tuple[str, ...]  # themes the text names but that did not pull focus


def _read_mentions(directory: Path) -> dict[str, tuple[str, ...]]:
    path = directory / MENTIONS_FILE
    raw = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    mentions = {}
    for entry_id, themes in raw.items():
        if not isinstance(themes, list) or any(t not in THEMES for t in themes):
            raise ValueError(f"{path}: {entry_id} must list codes from {THEMES}, got {themes!r}")
        mentions[entry_id] = tuple(t for t in THEMES if t in themes)
    return mentions


def load_hard_split(directory: Path = HARD_DIR) -> list[HardEntry]:
    """Every entry of ``directory/*.jsonl`` with its kind and mentions, files in name order.

    Raises ``ValueError`` naming the file and line of a bad entry, and for a mention whose
    entry does not exist, so a typo in mentions.json cannot silently drop a count.
    """
    directory = Path(directory)
    mentions = _read_mentions(directory)
    result = []
    for path in sorted(directory.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            entry_id = f"{path.stem}:{number}"
            try:
                data = json.loads(line)
                entry = parse_entry(data, entry_id=entry_id, batch=path.stem)
                if data.get("kind") not in KINDS:
                    raise ValueError(f"'kind' must be one of {KINDS}, got {data.get('kind')!r}")
            except (ValueError, AttributeError) as exc:
                raise ValueError(f"{path}, line {number}: {exc}") from exc
            result.append(HardEntry(entry, data["kind"], mentions.get(entry_id, ())))
    unknown = sorted(set(mentions) - {h.entry.id for h in result})
    if unknown:
        raise ValueError(f"{directory / MENTIONS_FILE} names entries that do not exist: {unknown}")
    return result


@dataclass
class GroupScore:
    """How one group of hard entries (a language, a kind, or both) was labelled.

    ``micro_f1`` is None where the group has no gold theme at all (clean-with-mention);
    ``no_theme_kept`` is the share of entries with no gold theme that got no theme, None
    where there are none; ``mention_false_theme`` is the share of denied or harmless
    mentions (entry, theme) that were predicted as that theme, None without mentions.
    """

    n: int
    exact_match: float
    micro_f1: float | None
    no_theme_entries: int
    no_theme_kept: float | None
    mentions: int
    mention_false_theme: float | None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def group_score(items: Sequence[HardEntry], predicted: Sequence[Sequence[str]]) -> GroupScore:
    """Score one group; ``predicted`` holds the predicted theme codes of each item."""
    tp = fp = fn = exact = 0
    no_theme = no_theme_kept = mention_count = mention_hits = 0
    for item, labels in zip(items, predicted, strict=True):
        gold, pred = set(item.entry.themes), set(labels)
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
        exact += gold == pred
        if not gold:
            no_theme += 1
            no_theme_kept += not pred
        mention_count += len(item.mentions)
        mention_hits += len(set(item.mentions) & pred)
    micro = 2 * tp / (2 * tp + fp + fn) if tp + fn else None
    return GroupScore(
        n=len(items),
        exact_match=round(exact / len(items), 4) if items else 0.0,
        micro_f1=round(micro, 4) if micro is not None else None,
        no_theme_entries=no_theme,
        no_theme_kept=_share(no_theme_kept, no_theme),
        mentions=mention_count,
        mention_false_theme=_share(mention_hits, mention_count),
    )


@dataclass
class HardReport:
    model_version: str
    scores: Scores  # macro-F1, per theme and focus, overall and per language
    overall: GroupScore
    by_language: dict[str, GroupScore]
    by_kind: dict[str, dict[str, GroupScore]]  # kind -> language (and "all") -> score

    def to_dict(self) -> dict:
        return {
            "model_version": self.model_version,
            "scores": self.scores.to_dict(),
            "overall": asdict(self.overall),
            "by_language": {lang: asdict(s) for lang, s in self.by_language.items()},
            "by_kind": {
                kind: {lang: asdict(s) for lang, s in groups.items()}
                for kind, groups in self.by_kind.items()
            },
        }


def hard_report(
    items: Sequence[HardEntry],
    predicted: Sequence[Sequence[str]],
    predicted_focus: Sequence[float],
    model_version: str = "",
) -> HardReport:
    """Scores of predictions on the hard split, overall, per language and per kind."""

    def pick(keep) -> GroupScore:
        chosen = [k for k, item in enumerate(items) if keep(item)]
        return group_score([items[k] for k in chosen], [predicted[k] for k in chosen])

    languages = [lang for lang in LANGUAGES if any(i.entry.lang == lang for i in items)]
    by_kind = {}
    for kind in KINDS:
        groups = {
            lang: pick(lambda i, k=kind, g=lang: i.kind == k and i.entry.lang == g)
            for lang in languages
        }
        groups["all"] = pick(lambda i, k=kind: i.kind == k)
        by_kind[kind] = groups
    return HardReport(
        model_version=model_version,
        scores=score(
            [i.entry.themes for i in items],
            predicted,
            [i.entry.focus for i in items],
            predicted_focus,
            [i.entry.lang for i in items],
        ),
        overall=pick(lambda i: True),
        by_language={lang: pick(lambda i, g=lang: i.entry.lang == g) for lang in languages},
        by_kind=by_kind,
    )


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_hard_report(report: HardReport) -> str:
    """Two plain-text tables: per language (with macro-F1 and focus), then per kind."""
    languages = list(report.by_language)
    lines = [f"hard split, model {report.model_version}: {report.overall.n} entries", ""]
    head = f"{'':<26}" + "".join(f"{name:>10}" for name in [*languages, "all"])
    lines.append(head)
    rows_scores = [report.scores.by_language[lang] for lang in languages] + [report.scores]
    rows_groups = [report.by_language[lang] for lang in languages] + [report.overall]

    def row(label: str, values: list[str]) -> None:
        lines.append(f"{label:<26}" + "".join(f"{v:>10}" for v in values))

    row("macro F1", [f"{s.macro_f1:.3f}" for s in rows_scores])
    row("micro F1", [_num(g.micro_f1) for g in rows_groups])
    row("exact match", [f"{g.exact_match:.3f}" for g in rows_groups])
    row("no-theme entries kept", [_pct(g.no_theme_kept) for g in rows_groups])
    row("mentions predicted", [_pct(g.mention_false_theme) for g in rows_groups])
    row("focus MAE", [f"{s.focus_mae:.3f}" for s in rows_scores])
    row("focus Spearman", [f"{s.focus_spearman:.3f}" for s in rows_scores])
    for theme in THEMES:
        row(f"  {theme} F1", [f"{s.per_theme[theme].f1:.2f}" for s in rows_scores])

    lines += [
        "",
        "per kind and language: n, exact match, micro F1, "
        "no-theme entries kept, denied/harmless mentions predicted",
    ]
    lines.append(
        f"{'kind':<20}{'lang':>5}{'n':>5}{'exact':>8}{'micro':>8}"
        f"{'no-theme kept':>16}{'mentions predicted':>22}"
    )
    for kind, groups in report.by_kind.items():
        for lang, g in groups.items():
            kept = f"{_pct(g.no_theme_kept)} of {g.no_theme_entries}"
            hit = f"{_pct(g.mention_false_theme)} of {g.mentions}"
            lines.append(
                f"{kind:<20}{lang:>5}{g.n:>5}{g.exact_match:>8.3f}"
                f"{_num(g.micro_f1):>8}{kept:>16}{hit:>22}"
            )
    return "\n".join(lines)
