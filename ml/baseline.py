"""The yardstick: TF-IDF character n-grams with one logistic regression per theme.

Character n-grams (1 to 4, within word boundaries) serve both languages without a
segmenter. Focus is a ridge regression on the same features. Thresholds are tuned on
validation exactly as for the attention model, so the comparison is like for like.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge

from ml.corpus import Entry
from ml.evaluate import label_matrix, tune_thresholds
from ml.themes import THEMES
from ml.tokenizer import normalise


@dataclass
class Baseline:
    vectorizer: TfidfVectorizer
    classifiers: list[LogisticRegression]
    regressor: Ridge
    thresholds: np.ndarray

    def predict_proba(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        x = self.vectorizer.transform([normalise(t) for t in texts])
        probs = np.column_stack([c.predict_proba(x)[:, 1] for c in self.classifiers])
        return probs, np.clip(self.regressor.predict(x), 1.0, 5.0)

    def predict(self, texts: Sequence[str]) -> tuple[list[list[str]], np.ndarray]:
        probs, focus = self.predict_proba(texts)
        labels = [
            [t for j, t in enumerate(THEMES) if row[j] >= self.thresholds[j]] for row in probs
        ]
        return labels, focus


def fit_baseline(train: Sequence[Entry], validation: Sequence[Entry]) -> Baseline:
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(1, 4), min_df=2, sublinear_tf=True, max_features=200000
    )
    x = vectorizer.fit_transform([normalise(e.text) for e in train])
    y = label_matrix([e.themes for e in train])
    classifiers = [
        LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000).fit(x, y[:, j])
        for j in range(len(THEMES))
    ]
    regressor = Ridge(alpha=1.0).fit(x, [e.focus for e in train])
    model = Baseline(vectorizer, classifiers, regressor, np.full(len(THEMES), 0.5))
    if validation:
        probs, _ = model.predict_proba([e.text for e in validation])
        model.thresholds = tune_thresholds(label_matrix([e.themes for e in validation]), probs)
    return model
