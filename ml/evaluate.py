"""Scores: F1 per theme, micro and macro F1, exact match, focus MAE and Spearman.

``python -m ml evaluate --data FILE.jsonl`` scores the saved model on FILE, overall and per
language, next to a TF-IDF + logistic-regression baseline trained on the same train split.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from ml.themes import THEMES


@dataclass
class ThemeScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Scores:
    n: int
    macro_f1: float
    micro_f1: float
    exact_match: float
    focus_mae: float
    focus_spearman: float
    per_theme: dict[str, ThemeScore]
    by_language: dict[str, Scores] = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["by_language"] = {lang: s.to_dict() for lang, s in self.by_language.items()}
        if not self.by_language:
            del data["by_language"]
        return data


def _f1(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def theme_f1(gold: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """F1 of each column of two (N, L) 0/1 arrays."""
    tp = (gold * pred).sum(0)
    fp = ((1 - gold) * pred).sum(0)
    fn = (gold * (1 - pred)).sum(0)
    return np.array([_f1(*x)[2] for x in zip(tp, fp, fn, strict=True)])


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rank correlation with average ranks for ties; 0.0 when undefined."""

    def ranks(x: np.ndarray) -> np.ndarray:
        order = np.argsort(x, kind="stable")
        r = np.empty(len(x), dtype=np.float64)
        r[order] = np.arange(len(x), dtype=np.float64)
        for value in np.unique(x):
            tied = x == value
            r[tied] = r[tied].mean()
        return r

    if len(a) < 2:
        return 0.0
    ra, rb = ranks(np.asarray(a, np.float64)), ranks(np.asarray(b, np.float64))
    if ra.std() == 0 or rb.std() == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


def label_matrix(themes: Sequence[Sequence[str]]) -> np.ndarray:
    return np.array([[t in row for t in THEMES] for row in themes], dtype=np.float64).reshape(
        len(themes), len(THEMES)
    )


def score(
    gold_themes: Sequence[Sequence[str]],
    pred_themes: Sequence[Sequence[str]],
    gold_focus: Sequence[float],
    pred_focus: Sequence[float],
    langs: Sequence[str] | None = None,
) -> Scores:
    """Score predictions against gold labels; with ``langs``, also per language."""
    gold, pred = label_matrix(gold_themes), label_matrix(pred_themes)
    gf, pf = np.asarray(gold_focus, np.float64), np.asarray(pred_focus, np.float64)
    per_theme = {}
    for j, theme in enumerate(THEMES):
        tp = float((gold[:, j] * pred[:, j]).sum())
        fp = float(((1 - gold[:, j]) * pred[:, j]).sum())
        fn = float((gold[:, j] * (1 - pred[:, j])).sum())
        p, r, f = _f1(tp, fp, fn)
        per_theme[theme] = ThemeScore(round(p, 4), round(r, 4), round(f, 4), int(gold[:, j].sum()))
    micro = _f1(
        float((gold * pred).sum()),
        float(((1 - gold) * pred).sum()),
        float((gold * (1 - pred)).sum()),
    )[2]
    result = Scores(
        n=len(gold),
        macro_f1=round(float(np.mean([s.f1 for s in per_theme.values()])), 4),
        micro_f1=round(micro, 4),
        exact_match=round(float((gold == pred).all(1).mean()) if len(gold) else 0.0, 4),
        focus_mae=round(float(np.abs(gf - pf).mean()) if len(gf) else 0.0, 4),
        focus_spearman=round(spearman(gf, pf), 4),
        per_theme=per_theme,
    )
    if langs is not None:
        for lang in sorted(set(langs)):
            idx = [i for i, x in enumerate(langs) if x == lang]
            result.by_language[lang] = score(
                [gold_themes[i] for i in idx],
                [pred_themes[i] for i in idx],
                [gold_focus[i] for i in idx],
                [pred_focus[i] for i in idx],
            )
    return result


def tune_thresholds(gold: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Per theme, the probability cut-off with the best F1 on held-out data.

    Candidates run from 0.1 to 0.9; among near-equal F1s (within 0.005) the one nearest 0.5
    wins, because a validation split of a few hundred entries rewards lucky extremes.
    """
    grid = np.round(np.arange(0.1, 0.91, 0.025), 3)
    best = np.full(gold.shape[1], 0.5)
    for j in range(gold.shape[1]):
        f1s = np.array([theme_f1(gold[:, j : j + 1], (probs[:, j : j + 1] >= t))[0] for t in grid])
        good = np.flatnonzero(f1s >= f1s.max() - 0.005)
        best[j] = grid[good[np.argmin(np.abs(grid[good] - 0.5))]]
    return best


def format_table(columns: dict[str, Scores]) -> str:
    """A plain-text table with one column per model, overall and per language."""
    names = list(columns)
    width = max(17, *(len(n) + 2 for n in names))
    lines = []

    def row(label: str, values: list[str]) -> None:
        lines.append(f"{label:<32}" + "".join(f"{v:>{width}}" for v in values))

    def block(title: str, scores: list[Scores]) -> None:
        lines.append("")
        row(f"[{title}]  n={scores[0].n}", names)
        row("macro F1", [f"{s.macro_f1:.3f}" for s in scores])
        row("micro F1", [f"{s.micro_f1:.3f}" for s in scores])
        row("exact match", [f"{s.exact_match:.3f}" for s in scores])
        row("focus MAE", [f"{s.focus_mae:.3f}" for s in scores])
        row("focus Spearman", [f"{s.focus_spearman:.3f}" for s in scores])
        for theme in THEMES:
            row(
                f"  {theme} P/R/F1 (n={scores[0].per_theme[theme].support})",
                [
                    f"{t.precision:.2f}/{t.recall:.2f}/{t.f1:.2f}"
                    for t in (s.per_theme[theme] for s in scores)
                ],
            )

    first = columns[names[0]]
    block("all", list(columns.values()))
    for lang in first.by_language:
        block(lang, [columns[n].by_language[lang] for n in names])
    return "\n".join(lines).lstrip("\n")
