import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import ml

ROOT = Path(__file__).resolve().parents[2]


def test_the_entry_point_exports_what_the_app_imports():
    from ml import THEMES, ModelLoadError, Prediction, load_classifier  # noqa: F401

    assert {"load_classifier", "Prediction", "ModelLoadError", "THEMES"} <= set(ml.__all__)


def test_themes_are_the_spec_codes_in_the_spec_order():
    assert ml.THEMES == (
        "digital",
        "people",
        "environment",
        "fatigue",
        "stress",
        "body",
        "procrastination",
        "planning",
    )


def test_a_prediction_carries_the_agreed_fields():
    names = [f.name for f in fields(ml.Prediction)]
    assert names == ["themes", "labels", "focus", "attention", "truncated", "model_version"]


def test_a_prediction_has_spans_for_every_theme_as_offsets_with_weights(tiny_classifier):
    text = "kept checking my phone, 图书馆太吵"
    [p] = tiny_classifier.predict([text])
    assert list(p.attention) == list(ml.THEMES)
    for spans in p.attention.values():
        for span in spans:
            assert set(span) == {"start", "end", "weight"}
            assert isinstance(span["start"], int) and isinstance(span["end"], int)
    assert p.labels == [t for t in ml.THEMES if p.themes[t] >= tiny_classifier.thresholds[t]]


def test_importing_and_using_ml_never_imports_django(tiny_artifact):
    code = (
        "import sys, ml; c = ml.load_classifier(sys.argv[1]); c.predict(['phone']); "
        "import ml.train, ml.evaluate, ml.baseline, ml.corpus, ml.stats; "
        "sys.exit(1 if any(m.split('.')[0] == 'django' for m in sys.modules) else 0)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tiny_artifact)], cwd=ROOT, capture_output=True
    )
    assert proc.returncode == 0, proc.stderr.decode()
