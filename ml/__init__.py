"""FocusWeb's journal classifier: distraction themes, focus and attention spans.

The app's one entry point::

    from ml import load_classifier, Prediction, ModelLoadError, THEMES
    classifier = load_classifier()          # once per process; ModelLoadError if broken
    [prediction] = classifier.predict(["刷抖音停不下来"])

This package never imports Django.
"""

from ml.artifact import ModelLoadError
from ml.inference import EMPTY_TEXT_FOCUS, Classifier, Prediction, load_classifier
from ml.themes import THEMES

__all__ = [
    "EMPTY_TEXT_FOCUS",
    "THEMES",
    "Classifier",
    "ModelLoadError",
    "Prediction",
    "load_classifier",
]
