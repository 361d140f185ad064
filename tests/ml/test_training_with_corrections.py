"""`python -m ml train --corrections FILE`: users' corrections join the training split,
never validation, test or the hard split, and a bad file is refused before training."""

import json

from ml.__main__ import main
from ml.corpus import Entry, read_splits
from ml.corrections import merge_corrections
from ml.train import training_parts


def entry(text: str, batch: str = "b", themes=("digital",)) -> Entry:
    return Entry(f"{batch}:1", text, tuple(themes), 3, "en", batch)


def write(path, lines) -> None:
    path.write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )


def test_corrections_join_train_and_a_held_out_text_is_dropped():
    train = [entry("trained on")]
    held_out = [entry("A test  entry", "test-batch")]
    corrections = [entry("new text", "corrections"), entry("a test entry", "corrections")]

    merged, dropped = merge_corrections(train, corrections, held_out)

    assert [e.text for e in merged] == ["trained on", "new text"]
    assert [e.text for e in dropped] == ["a test entry"]


def test_training_reads_the_corrections_file_into_train_only(tmp_path):
    parts_before = training_parts()
    test_text = parts_before["test"][0].text
    path = tmp_path / "corrections.jsonl"
    write(
        path,
        [
            {
                "text": "Slack was open but I only looked at it in the breaks.",
                "themes": [],
                "focus": 5,
            },
            {"text": "刷手机刷了一下午，什么都没做完。", "themes": ["digital"], "focus": 1},
            {"text": test_text, "themes": [], "focus": 3},
        ],
    )
    messages = []

    parts = training_parts(corrections_path=path, log=messages.append)

    added = parts["train"][len(parts_before["train"]) :]
    assert [(e.batch, e.lang) for e in added] == [("corrections", "en"), ("corrections", "zh")]
    assert parts["validation"] == parts_before["validation"]
    assert parts["test"] == parts_before["test"]
    assert "corrections" not in {b for split in read_splits().values() for b in split}
    assert messages == ["corrections: 2 added to train, 1 dropped as also held out"]


def test_a_bad_corrections_file_is_refused_before_training(tmp_path, capsys):
    path = tmp_path / "corrections.jsonl"
    write(path, [{"text": "fine", "themes": ["gaming"], "focus": 3}])

    assert main(["train", "--corrections", str(path), "--out", str(tmp_path / "model")]) == 2

    assert "line 1" in capsys.readouterr().err
    assert not (tmp_path / "model").exists()
