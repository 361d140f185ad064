import json
import subprocess
import sys
from pathlib import Path

import pytest

from ml.corpus import BATCH_DIR, load_corpus
from ml.hard_split import HARD_DIR, KINDS, hard_report, load_hard_split

ROOT = Path(__file__).resolve().parents[2]

ROWS = {
    "en-a": [
        {
            "text": "phone face down all evening, 4 pomodoros",
            "themes": [],
            "focus": 5,
            "kind": "clean-with-mention",
        },
        {
            "text": "not tired at all; the drilling next door though",
            "themes": ["environment"],
            "focus": 2,
            "kind": "negation",
        },
    ],
    "zh-b": [
        {
            "text": "手机一直在响，但我没看，背完了两章",
            "themes": [],
            "focus": 4,
            "kind": "clean-with-mention",
        },
        {
            "text": "昨晚只睡四个小时，眼睛睁不开",
            "themes": ["fatigue"],
            "focus": 2,
            "kind": "implied",
        },
    ],
}
MENTIONS = {"en-a:1": ["digital"], "en-a:2": ["fatigue"], "zh-b:1": ["digital"]}


def write_hard_dir(folder: Path, mentions: dict = MENTIONS) -> Path:
    folder.mkdir(exist_ok=True)
    for stem, rows in ROWS.items():
        lines = [json.dumps({**r, "batch": stem}, ensure_ascii=False) for r in rows]
        (folder / f"{stem}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "mentions.json").write_text(json.dumps(mentions), encoding="utf-8")
    return folder


def test_entries_carry_their_kind_and_the_themes_they_only_mention(tmp_path):
    items = load_hard_split(write_hard_dir(tmp_path / "hard"))
    assert [i.entry.id for i in items] == ["en-a:1", "en-a:2", "zh-b:1", "zh-b:2"]
    kinds = ["clean-with-mention", "negation", "clean-with-mention", "implied"]
    assert [i.kind for i in items] == kinds
    assert items[1].mentions == ("fatigue",) and items[3].mentions == ()


def test_a_mention_of_an_entry_that_does_not_exist_is_an_error(tmp_path):
    folder = write_hard_dir(tmp_path / "hard", {**MENTIONS, "en-a:9": ["digital"]})
    with pytest.raises(ValueError, match="en-a:9"):
        load_hard_split(folder)


def test_clean_entries_and_mentions_are_counted_per_language_and_kind(tmp_path):
    items = load_hard_split(write_hard_dir(tmp_path / "hard"))
    # The English clean entry is left clean; the Chinese one gets its mentioned theme.
    predicted = [[], ["environment", "fatigue"], ["digital"], ["fatigue"]]
    report = hard_report(items, predicted, [5, 2, 2, 2])
    clean = report.by_kind["clean-with-mention"]
    assert clean["en"].no_theme_kept == 1.0 and clean["zh"].no_theme_kept == 0.0
    assert clean["all"].no_theme_kept == 0.5 and clean["all"].micro_f1 is None
    assert report.by_kind["negation"]["en"].mention_false_theme == 1.0
    assert report.by_language["en"].mention_false_theme == 0.5  # 1 of 2 mentions
    assert report.overall.mention_false_theme == pytest.approx(2 / 3, abs=1e-4)
    assert report.by_kind["implied"]["zh"].exact_match == 1.0
    assert report.by_kind["sarcasm"]["all"].n == 0


def test_hard_command_prints_kinds_and_json(tiny_artifact, tmp_path):
    folder = write_hard_dir(tmp_path / "hard")
    command = [sys.executable, "-m", "ml", "hard", "--data-dir", str(folder)]
    command += ["--model", str(tiny_artifact)]
    text = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert text.returncode == 0, text.stderr
    assert "clean-with-mention" in text.stdout and "mentions predicted" in text.stdout
    out = subprocess.run([*command, "--json"], capture_output=True, text=True, cwd=ROOT)
    data = json.loads(out.stdout)
    assert set(data["by_kind"]) == set(KINDS)
    assert set(data["by_language"]) == {"en", "zh"}
    assert data["overall"]["n"] == 4 and "macro_f1" in data["scores"]


def test_hard_command_names_the_bad_line(tiny_artifact, tmp_path):
    folder = write_hard_dir(tmp_path / "hard")
    (folder / "en-a.jsonl").write_text('{"text": "x", "themes": [], "focus": 3, "kind": "??"}\n')
    command = [sys.executable, "-m", "ml", "hard", "--data-dir", str(folder)]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2 and "line 1" in proc.stderr


def test_the_shipped_hard_split_stays_out_of_training():
    items = load_hard_split(HARD_DIR)
    assert len(items) == 684 and {i.kind for i in items} == set(KINDS)
    batches = {p.stem for p in BATCH_DIR.glob("*.jsonl")}
    assert not batches & {i.entry.batch for i in items}
    corpus_texts = {e.text for e in load_corpus()}
    assert not corpus_texts & {i.entry.text for i in items}
