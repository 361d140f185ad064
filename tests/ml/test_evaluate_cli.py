import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_evaluate(artifact, data: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "ml",
            "evaluate",
            "--data",
            str(data),
            "--model",
            str(artifact),
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def write_data(path: Path) -> Path:
    rows = [
        {"text": "kept checking instagram", "themes": ["digital"], "focus": 2, "lang": "en"},
        {"text": "slept 4 hours, eyes closing", "themes": ["fatigue"], "focus": 2},
        {"text": "四个番茄钟，很专注", "themes": [], "focus": 4},
        {"text": "室友一直找我聊天", "themes": ["people"], "focus": 2},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return path


def test_evaluate_json_has_the_agreed_keys_overall_and_per_language(tiny_artifact, tmp_path):
    proc = run_evaluate(tiny_artifact, write_data(tmp_path / "d.jsonl"), "--json", "--no-baseline")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    keys = {"macro_f1", "micro_f1", "per_theme", "focus_spearman", "focus_mae", "by_language"}
    assert keys <= set(out)
    assert set(out["by_language"]) == {"en", "zh"}  # "lang" detected where missing
    assert {"precision", "recall", "f1"} <= set(out["per_theme"]["digital"])


def test_evaluate_prints_a_table_next_to_the_baseline(tiny_artifact, tmp_path):
    proc = run_evaluate(tiny_artifact, write_data(tmp_path / "d.jsonl"))
    assert proc.returncode == 0, proc.stderr
    assert "macro F1" in proc.stdout and "focus Spearman" in proc.stdout
    assert "tfidf+logreg" in proc.stdout
    assert "[zh]" in proc.stdout


def test_evaluate_names_the_bad_line_of_a_broken_file(tiny_artifact, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok", "themes": [], "focus": 3}\n{"text": "x", "themes": ["nope"]}\n')
    proc = run_evaluate(tiny_artifact, path, "--no-baseline")
    assert proc.returncode != 0
    assert "line 2" in proc.stderr
