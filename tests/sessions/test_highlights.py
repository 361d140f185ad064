"""The session page marks the words the model attended to, in each labelled theme's colour."""

from coach.models import SessionAnalysis
from coach.sessions.highlights import Segment, journal_segments
from tests.factories import StudySessionFactory

JOURNAL = "Phone kept buzzing, then I was <b>so</b> tired."


def spans(text, word, weight):
    start = text.index(word)
    return {"start": start, "end": start + len(word), "weight": weight}


def test_segments_cover_the_journal_and_mark_labelled_spans_only():
    attention = {
        "digital": [spans(JOURNAL, "Phone", 1.0), spans(JOURNAL, "buzzing", 0.6)],
        "fatigue": [spans(JOURNAL, "tired", 0.9)],
        "stress": [spans(JOURNAL, "so", 1.0)],
    }
    segments = journal_segments(JOURNAL, attention, labels=["digital", "fatigue"])

    assert "".join(s.text for s in segments) == JOURNAL
    marked = [(s.text, s.theme, s.weight) for s in segments if s.theme]
    assert marked == [("Phone", "digital", 1.0), ("buzzing", "digital", 0.6), ("tired", "fatigue", 0.9)]


def test_where_spans_overlap_the_heavier_theme_wins():
    text = "exhausted scrolling"
    segments = journal_segments(
        text,
        {"fatigue": [{"start": 0, "end": 19, "weight": 0.4}], "digital": [spans(text, "scrolling", 0.8)]},
        labels=["fatigue", "digital"],
    )
    assert segments[-1] == Segment("scrolling", "digital", 0.8)


def test_the_page_marks_spans_and_keeps_html_in_the_journal_as_text(alice_client, alice):
    session = StudySessionFactory(user=alice, journal=JOURNAL, analysis_status="done")
    SessionAnalysis.objects.create(
        session=session,
        revision=1,
        themes={"digital": 0.9},
        labels=["digital"],
        text_focus=2.0,
        attention={"digital": [spans(JOURNAL, "Phone", 1.0)]},
        focus_score=40,
        score_breakdown={
            "score": 40,
            "components": [{"name": "text_focus", "value": 25, "weight": 1.0, "contribution": 40}],
        },
        model_version="t",
        analysed_at=session.ended_at,
        duration_ms=3,
    )

    page = alice_client.get(f"/sessions/{session.id}/").content.decode()

    assert '<mark class="attention" data-theme="digital" data-weight="1.00"' in page
    assert ">Phone</mark>" in page
    assert "&lt;b&gt;so&lt;/b&gt;" in page
    assert "<b>so</b>" not in page


def marked(journal: str, spans_by_theme: dict, labels: list[str]) -> list[tuple[str, str]]:
    return [(s.text, s.theme) for s in journal_segments(journal, spans_by_theme, labels) if s.theme]


def test_chinese_spans_snap_to_whole_words():
    journal = "我在打电话，图书馆太吵了。"
    pieces = {
        "people": [{"start": 1, "end": 3, "weight": 0.9}],  # "在打", a piece of 在/打电话
        "environment": [{"start": 9, "end": 10, "weight": 0.7}],  # "太" without "吵"
    }

    assert marked(journal, pieces, ["people", "environment"]) == [
        ("在打电话", "people"),
        ("太吵", "environment"),
    ]


def test_english_spans_snap_to_whole_words_and_merge_a_words_pieces():
    journal = "Kept checking Instagram, ugh."
    pieces = {"digital": [{"start": 14, "end": 19, "weight": 0.8}, {"start": 19, "end": 23, "weight": 0.5}]}

    assert marked(journal, pieces, ["digital"]) == [("Instagram", "digital")]


def test_mixed_text_keeps_latin_words_whole_inside_chinese():
    journal = "一直刷Instagram停不下来"
    start = journal.index("Insta")
    pieces = {"digital": [{"start": start, "end": start + 5, "weight": 1.0}]}

    assert marked(journal, pieces, ["digital"]) == [("Instagram", "digital")]
