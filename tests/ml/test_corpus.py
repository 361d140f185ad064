import json

import pytest

from ml.corpus import (
    build_corpus,
    choose_split,
    dedupe,
    extend_split,
    load_batches,
    parse_entry,
    split_entries,
)
from ml.themes import THEMES


def make_entry(i, batch, lang, themes=("digital",), text=None):
    text = text or (f"entry {i} of {batch}: " + " ".join(f"word{i * 7 + k}" for k in range(8)))
    return parse_entry(
        {"text": text, "themes": list(themes), "focus": 3, "lang": lang},
        entry_id=f"{batch}:{i}",
        batch=batch,
    )


def test_a_near_duplicate_is_dropped_and_points_at_the_entry_it_repeats():
    a = make_entry(1, "en-a", "en", text="Kept checking Instagram instead of doing the essay.")
    b = make_entry(2, "en-b", "en", text="kept checking instagram instead of doing the essay!!")
    c = make_entry(3, "en-b", "en", text="Roommate asked me to help move a couch at 9pm.")
    result = dedupe([a, b, c])
    assert [e.id for e in result.kept] == ["en-a:1", "en-b:3"]
    assert result.dropped[0]["duplicate_of"] == "en-a:1"


def test_chinese_near_duplicates_are_found_too():
    a = make_entry(1, "zh-a", "zh", text="晚上刷抖音停不下来，一个小时就这么没了，作业一点没动")
    b = make_entry(2, "zh-b", "zh", text="晚上刷抖音停不下来，一个小时就这么没了，作业一点都没动")
    assert len(dedupe([a, b]).kept) == 1


def test_different_entries_sharing_a_theme_word_are_kept():
    a = make_entry(1, "en-a", "en", text="Phone in the drawer, four pomodoros done.")
    b = make_entry(2, "en-a", "en", text="Phone buzzing all evening with the group chat.")
    assert len(dedupe([a, b]).kept) == 2


def test_invalid_lines_are_rejected_with_a_reason(tmp_path):
    batches = tmp_path / "batches"
    batches.mkdir()
    lines = [
        {"text": "ok entry here", "themes": ["digital"], "focus": 2, "lang": "en"},
        {"text": "bad theme", "themes": ["phone"], "focus": 2, "lang": "en"},
        {"text": "bad focus", "themes": [], "focus": 9, "lang": "en"},
    ]
    (batches / "en-x.jsonl").write_text(
        "".join(json.dumps(x) + "\n" for x in lines) + '{"text": "half a li'
    )
    report = load_batches(batches)
    assert [e.id for e in report.entries] == ["en-x:1"]
    assert [r["id"] for r in report.rejected] == ["en-x:2", "en-x:3", "en-x:4"]


def test_building_the_corpus_twice_gives_identical_files(tmp_path):
    batches = tmp_path / "batches"
    batches.mkdir()
    (batches / "en-x.jsonl").write_text(
        json.dumps({"text": "one two three four", "themes": [], "focus": 4, "lang": "en"}) + "\n"
    )
    outputs = []
    for k in range(2):
        build_corpus(batches, tmp_path / f"c{k}.jsonl", tmp_path / f"r{k}.json")
        outputs.append(
            ((tmp_path / f"c{k}.jsonl").read_bytes(), (tmp_path / f"r{k}.json").read_bytes())
        )
    assert outputs[0] == outputs[1]


@pytest.fixture
def twelve_batches():
    entries = []
    for lang in ("en", "zh"):
        for b in range(8):
            for i, theme in enumerate(THEMES * 3):
                entries.append(make_entry(i, f"{lang}-b{b}", lang, themes=(theme,)))
    return entries


def test_the_split_keeps_whole_batches_and_covers_both_languages_and_every_theme(twelve_batches):
    split = choose_split(twelve_batches)
    assert sum(len(v) for v in split.values()) == 16
    assert not set(split["train"]) & set(split["test"])
    parts = split_entries(twelve_batches, split)
    for name in ("validation", "test"):
        assert {e.lang for e in parts[name]} == {"en", "zh"}
        for lang in ("en", "zh"):
            themes = {t for e in parts[name] if e.lang == lang for t in e.themes}
            assert themes == set(THEMES)


def test_extending_a_split_keeps_validation_and_test_and_trains_on_new_batches(twelve_batches):
    split = choose_split(twelve_batches)
    new_wave = [make_entry(i, "en-new", "en", themes=("digital",)) for i in range(5)]

    extended = extend_split(twelve_batches + new_wave, split)

    assert extended["validation"] == split["validation"]
    assert extended["test"] == split["test"]
    assert extended["train"] == sorted(split["train"] + ["en-new"])


def test_the_split_is_the_same_every_time(twelve_batches):
    assert choose_split(twelve_batches) == choose_split(list(reversed(twelve_batches)))
