import pytest

from ml import EMPTY_TEXT_FOCUS, THEMES


@pytest.mark.parametrize("text", ["", "   ", "\n\t ", "\u200b\u200d\ufeff", "\x00\x07"])
def test_empty_or_invisible_text_gets_no_labels_and_the_documented_focus(tiny_classifier, text):
    [p] = tiny_classifier.predict([text])
    assert p.labels == []
    assert p.focus == EMPTY_TEXT_FOCUS
    assert p.themes == {t: 0.0 for t in THEMES}
    assert p.attention == {t: [] for t in THEMES}


@pytest.mark.parametrize("item", [None, 42, b"bytes", ["nested"]])
def test_a_non_string_item_raises_type_error_saying_what_was_expected(tiny_classifier, item):
    with pytest.raises(TypeError, match="expects a list of str; item 1 is"):
        tiny_classifier.predict(["fine", item])


def test_a_bare_string_instead_of_a_list_raises_type_error(tiny_classifier):
    with pytest.raises(TypeError, match="wrap a single text in a list"):
        tiny_classifier.predict("phone again")


def test_text_longer_than_the_window_is_truncated_and_says_so(tiny_classifier):
    long_text = "phone " * (tiny_classifier.max_tokens + 50)
    short, long = tiny_classifier.predict(["phone again", long_text])
    assert long.truncated and not short.truncated
    for spans in long.attention.values():
        assert all(s["end"] <= len(long_text) for s in spans)


@pytest.mark.parametrize(
    "text",
    [
        "😩😩😩",
        "🔥",
        "phone\x00\x1b[31m red \x7f",
        "zero\u200bwidth\u200djoiner\ufeff",
        "刷抖音 then Instagram, ниже, ελληνικά, العربية, 日本語のテキスト",
        "a" * 5000,
        "\ud83d",  # a lone surrogate, which cannot even be encoded as UTF-8
        "e\u0301\u0301\u0301",
    ],
)
def test_odd_text_never_crashes_and_spans_stay_inside_the_text(tiny_classifier, text):
    [p] = tiny_classifier.predict([text])
    assert 1.0 <= p.focus <= 5.0
    assert set(p.themes) == set(THEMES)
    for spans in p.attention.values():
        for span in spans:
            assert 0 <= span["start"] < span["end"] <= len(text)
            assert 0.0 < span["weight"] <= 1.0


def test_attention_spans_mark_words_of_the_original_text(tiny_classifier):
    text = "My roommate KEPT talking 😤 and 图书馆太吵"
    [p] = tiny_classifier.predict([text])
    for spans in p.attention.values():
        assert spans
        for span in spans:
            assert text[span["start"] : span["end"]].strip() == text[span["start"] : span["end"]]


def test_an_empty_list_gives_an_empty_list(tiny_classifier):
    assert tiny_classifier.predict([]) == []
