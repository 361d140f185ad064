"""The one entry point the app uses: ``load_classifier()`` and ``Classifier.predict()``."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from ml.artifact import DEFAULT_DIR, LoadedModel, load_artifact
from ml.model import ThemeClassifier, make_batch
from ml.themes import THEMES
from ml.tokenizer import Encoding, Tokenizer

# An empty or whitespace-only text says nothing about the session, so it gets the middle
# of the scale rather than a guess from the model's bias.
EMPTY_TEXT_FOCUS = 3.0
# Spans shown per theme: tokens whose weight is at least this share of the theme's largest
# weight, at most MAX_SPANS of them, neighbours merged into one span.
SPAN_MIN_RELATIVE_WEIGHT = 0.25
MAX_SPANS = 6
# Texts are run in length-sorted batches of this size. A call with 64 texts ran at about
# 900 entries/s as one batch and about 1,340/s as two of 32 (2 cores): smaller batches pad
# less; 16 was no faster than 32.
BATCH_SIZE = 32


@dataclass
class Prediction:
    """What the model read in one text.

    ``themes`` maps every code in ``THEMES`` to a probability; ``labels`` lists the codes
    above their tuned thresholds, in ``THEMES`` order; ``focus`` is 1.0 to 5.0 (3.0 for an
    empty text); ``attention`` gives, for every theme, spans ``{"start", "end", "weight"}``
    as character offsets into the original text with the weight relative to that theme's
    most attended token (0..1]; ``truncated`` is True when only the first
    ``max_tokens`` tokens were read.
    """

    themes: dict[str, float]
    labels: list[str]
    focus: float
    attention: dict[str, list[dict]] = field(default_factory=dict)
    truncated: bool = False
    model_version: str = ""


def attention_spans(weights: np.ndarray, spans: list[tuple[int, int]]) -> list[list[dict]]:
    """Turn attention over tokens, (L, T), into merged character spans for each of L rows."""
    if len(spans) == 0:
        return [[] for _ in range(len(weights))]
    weights = weights[:, : len(spans)]
    relative = weights / np.maximum(weights.max(axis=1, keepdims=True), 1e-12)
    # One sort for all themes: on 2 cores this was the slowest step after the network.
    top = np.argsort(-relative, axis=1, kind="stable")[:, :MAX_SPANS].tolist()
    result = []
    # Plain lists from here: indexing numpy scalars one by one cost more than the network.
    for row, indices in zip(relative.tolist(), top, strict=True):
        merged: list[dict] = []
        previous = -2
        for i in sorted(i for i in indices if row[i] >= SPAN_MIN_RELATIVE_WEIGHT):
            start, end = spans[i]
            weight = round(row[i], 3)
            if merged and i == previous + 1:
                merged[-1]["end"] = end
                merged[-1]["weight"] = max(merged[-1]["weight"], weight)
            else:
                merged.append({"start": start, "end": end, "weight": weight})
            previous = i
        result.append(merged)
    return result


def run_model(
    model: ThemeClassifier, encodings: Sequence[Encoding], batch_size: int = BATCH_SIZE
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Probabilities (N, L), focus (N,) and per-text label attention (L, T_i), input order."""
    n = len(encodings)
    probs = np.zeros((n, len(THEMES)), dtype=np.float32)
    focus = np.zeros(n, dtype=np.float32)
    attention: list[np.ndarray] = [np.zeros((len(THEMES), 0), np.float32)] * n
    # Texts of similar length share a batch, so little time goes into padding.
    order = sorted(range(n), key=lambda i: len(encodings[i].ids))
    with torch.inference_mode():
        for start in range(0, n, batch_size):
            rows = order[start : start + batch_size]
            p, f, a = (
                t.numpy() for t in model.predict(make_batch([encodings[i].ids for i in rows]))
            )
            for k, i in enumerate(rows):
                probs[i], focus[i] = p[k], f[k]
                attention[i] = a[k, :, : len(encodings[i].ids)]
    return probs, focus, attention


class Classifier:
    """A loaded model. ``predict`` is safe to call from several threads at once."""

    def __init__(self, loaded: LoadedModel):
        self._model: ThemeClassifier = loaded.model
        self._tokenizer: Tokenizer = loaded.tokenizer
        self.thresholds = loaded.thresholds
        self.model_version = loaded.model_version
        self.max_tokens = loaded.model.config.max_tokens
        self.meta = loaded.meta

    def predict(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> list[Prediction]:
        """Predict themes, focus and attention spans for each text, in input order."""
        if isinstance(texts, (str, bytes)) or not isinstance(texts, Sequence):
            raise TypeError(
                f"predict() expects a list of str, got {type(texts).__name__}; "
                "wrap a single text in a list"
            )
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(
                    f"predict() expects a list of str; item {i} is {type(text).__name__}"
                )
        encodings = [self._tokenizer.encode(t, self.max_tokens) for t in texts]
        live = [i for i, enc in enumerate(encodings) if enc.ids]
        probs, focus, attention = run_model(self._model, [encodings[i] for i in live], batch_size)
        results = [self._empty() for _ in texts]
        for k, i in enumerate(live):
            enc = encodings[i]
            results[i] = Prediction(
                themes={t: round(float(probs[k, j]), 4) for j, t in enumerate(THEMES)},
                labels=[t for j, t in enumerate(THEMES) if probs[k, j] >= self.thresholds[t]],
                focus=round(float(focus[k]), 3),
                attention=dict(zip(THEMES, attention_spans(attention[k], enc.spans), strict=True)),
                truncated=enc.truncated,
                model_version=self.model_version,
            )
        return results

    def _empty(self) -> Prediction:
        return Prediction(
            themes={t: 0.0 for t in THEMES},
            labels=[],
            focus=EMPTY_TEXT_FOCUS,
            attention={t: [] for t in THEMES},
            truncated=False,
            model_version=self.model_version,
        )


_cache: dict[Path, Classifier] = {}
_cache_lock = threading.Lock()


def load_classifier(path: str | Path | None = None) -> Classifier:
    """Load the classifier from an artifact directory (default ``ml/artifacts``), once.

    Later calls with the same path return the same object. Raises ``ml.ModelLoadError``
    when the artifact is missing, damaged or of an older format.
    """
    key = Path(path if path is not None else DEFAULT_DIR).resolve()
    with _cache_lock:
        if key not in _cache:
            _cache[key] = Classifier(load_artifact(key))
        return _cache[key]
