"""FocusWeb's journal classifier: distraction themes, focus and attention spans.

The app's one entry point::

    from ml import load_classifier, Prediction, ModelLoadError, THEMES
    classifier = load_classifier()          # once per process; ModelLoadError if broken
    [prediction] = classifier.predict(["刷抖音停不下来"])

This package never imports Django. Importing it does not import torch either: the web and
beat processes read ``THEMES`` from here, and only the names that need the model
(``load_classifier``, ``Classifier``, ...) load torch, on first use (PEP 562).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ml.themes import THEMES

if TYPE_CHECKING:
    from ml.artifact import ModelLoadError
    from ml.inference import EMPTY_TEXT_FOCUS, Classifier, Prediction, load_classifier

# Each name that needs torch, and the module that defines it.
_NEEDS_TORCH = {
    "EMPTY_TEXT_FOCUS": "ml.inference",
    "Classifier": "ml.inference",
    "Prediction": "ml.inference",
    "load_classifier": "ml.inference",
    "ModelLoadError": "ml.artifact",
}

__all__ = [
    "EMPTY_TEXT_FOCUS",
    "THEMES",
    "Classifier",
    "ModelLoadError",
    "Prediction",
    "load_classifier",
]


def __getattr__(name: str):
    if name not in _NEEDS_TORCH:
        raise AttributeError(f"module 'ml' has no attribute {name!r}")
    value = getattr(importlib.import_module(_NEEDS_TORCH[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
