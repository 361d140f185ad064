import json
import subprocess
import sys
from pathlib import Path

from ml import THEMES

ROOT = Path(__file__).resolve().parents[2]


def run_predict(artifact, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ml", "predict", "--model", str(artifact)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_predict_writes_one_json_line_per_input_line_in_order(tiny_artifact):
    lines = [
        {"text": "kept checking my phone", "id": 7},
        {"text": ""},
        {"text": "图书馆太吵了", "lang": "zh", "focus": 2},
    ]
    proc = run_predict(tiny_artifact, "".join(json.dumps(x) + "\n" for x in lines))
    assert proc.returncode == 0, proc.stderr
    outputs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(outputs) == 3
    for out in outputs:
        assert set(out) == {"themes", "labels", "focus"}
        assert list(out["themes"]) == list(THEMES)
        assert set(out["labels"]) <= set(THEMES)
        assert 1.0 <= out["focus"] <= 5.0
    assert outputs[1] == {"themes": {t: 0.0 for t in THEMES}, "labels": [], "focus": 3.0}


def test_a_malformed_line_exits_non_zero_naming_the_line_and_writes_nothing_for_it(tiny_artifact):
    stdin = '{"text": "fine"}\n{"text": "also fine"}\n{"text": broken\n{"text": "never read"}\n'
    proc = run_predict(tiny_artifact, stdin)
    assert proc.returncode != 0
    assert "line 3" in proc.stderr
    assert len(proc.stdout.splitlines()) == 2
    assert all(json.loads(line) for line in proc.stdout.splitlines())


def test_a_line_without_a_string_text_is_malformed(tiny_artifact):
    proc = run_predict(tiny_artifact, '{"text": 5}\n')
    assert proc.returncode != 0
    assert "line 1" in proc.stderr and '"text"' in proc.stderr
    assert proc.stdout == ""


def test_a_broken_artifact_is_reported_without_a_traceback(tmp_path):
    proc = run_predict(tmp_path, '{"text": "x"}\n')
    assert proc.returncode != 0
    assert "error:" in proc.stderr and "Traceback" not in proc.stderr
