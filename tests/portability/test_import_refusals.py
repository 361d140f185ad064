"""A bad file gets a clear message naming the problem, and changes nothing."""

import json

import pytest

from coach.models import CheckIn, StudySession
from coach.portability.errors import ImportRefused
from coach.portability.imports import import_confirm, import_preview
from tests.factories import UserFactory
from tests.portability.conftest import export_document, fixture_bytes, upload


def refusal(user, name: str, content: bytes) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        staged = upload(user, name, content)
        import_preview(user=user, token=staged.token)
    return refused.value.problems


@pytest.fixture
def newcomer(db):
    return UserFactory(username="newcomer")


def test_one_bad_session_refuses_the_whole_file(mei, newcomer):
    document = export_document(mei)
    document["sessions"][1]["started_at"] = "1969-12-31T23:00:00+00:00"
    problems = refusal(newcomer, "export.json", json.dumps(document).encode())
    assert problems == ["sessions[1].started_at: Must be in 1970 or later."]
    assert StudySession.objects.filter(user=newcomer).count() == 0
    assert CheckIn.objects.filter(user=newcomer).count() == 0


def test_a_bad_row_found_at_confirmation_writes_nothing(mei, newcomer, monkeypatch):
    """All or nothing: a failure while writing rolls back what was written before it."""
    staged = upload(newcomer, "export.json", json.dumps(export_document(mei)).encode())
    from coach.models import WeeklyDigest

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(WeeklyDigest.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        import_confirm(user=newcomer, token=staged.token)
    assert StudySession.objects.filter(user=newcomer).count() == 0
    assert CheckIn.objects.filter(user=newcomer).count() == 0


def test_a_session_in_the_future_is_refused(mei, newcomer):
    document = export_document(mei)
    document["sessions"][0]["ended_at"] = "2999-01-01T10:00:00+00:00"
    problems = refusal(newcomer, "export.json", json.dumps(document).encode())
    assert problems == [
        "sessions[0].ended_at: Cannot be in the future: record a session once it has happened."
    ]


def test_unknown_and_missing_fields_are_named(mei, newcomer):
    document = export_document(mei)
    document["checkins"][0]["colour"] = "blue"
    del document["sessions"][2]["subject"]
    problems = refusal(newcomer, "export.json", json.dumps(document).encode())
    assert "sessions[2].subject: This field is required." in problems
    assert "checkins[0].colour: Unknown field." in problems


def test_a_uid_twice_in_one_file_is_refused(mei, newcomer):
    document = export_document(mei)
    document["sessions"][1]["uid"] = document["sessions"][0]["uid"]
    assert refusal(newcomer, "export.json", json.dumps(document).encode()) == [
        "sessions[1].uid: Appears twice in the file."
    ]


def test_broken_json_is_refused(newcomer):
    [problem] = refusal(newcomer, "broken.json", fixture_bytes("broken.json"))
    assert problem.startswith("The file is not valid JSON: Expecting value: line 1 column")


def test_json_that_is_not_an_export_is_refused(newcomer):
    assert refusal(newcomer, "x.json", b'{"sessions": []}') == [
        'This JSON is not a FocusWeb export: it has no "format": "focusweb-export".'
    ]


def test_an_export_of_a_newer_version_is_refused(newcomer):
    assert refusal(newcomer, "x.json", b'{"format": "focusweb-export", "version": 3}') == [
        "This export has version 3; this FocusWeb reads versions 1 to 2."
    ]


def test_json_nested_absurdly_deep_is_refused(newcomer):
    deep = b'{"format": "focusweb-export", "version": 1, "x": ' + b"[" * 100000 + b"]" * 100000 + b"}"
    assert refusal(newcomer, "x.json", deep) == ["The JSON is nested too deeply to be a FocusWeb export."]


def test_a_json_file_in_another_encoding_is_refused(newcomer):
    content = '{"format": "focusweb-export", "version": 1, "profile": {"username": "Zoë"}}'.encode("latin-1")
    [problem] = refusal(newcomer, "x.json", content)
    assert problem.startswith("The file is not UTF-8 text")


def test_a_csv_in_another_encoding_is_refused(newcomer):
    assert refusal(newcomer, "sessions.csv", fixture_bytes("not_utf8.csv")) == [
        "The file is not UTF-8 text (line 1). Save it as “CSV UTF-8” in your spreadsheet and upload it again."
    ]


def test_the_csv_zip_export_is_refused_with_what_to_do_instead(newcomer):
    [problem] = refusal(newcomer, "export.zip", b"PK\x03\x04rest")
    assert "import the JSON export" in problem


def test_an_empty_file_is_refused(newcomer):
    assert refusal(newcomer, "empty.csv", b"") == ["The file is empty."]


def test_a_file_over_the_import_limit_is_refused_before_it_is_read(newcomer, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    assert refusal(newcomer, "big.csv", b"x" * (2 * 1024 * 1024)) == [
        "The file is 2.0 MB; an import takes files up to 1.0 MB."
    ]


def test_a_number_too_large_for_any_column_is_refused(newcomer):
    [problem] = refusal(newcomer, "x.json", b'{"format": "focusweb-export", "version": 1, "x": 1e400}')
    assert problem == "The file is not valid JSON: 1e400 is too large a number."


def test_dates_at_the_edge_of_the_calendar_are_refused_not_crashed_on(newcomer):
    content = (
        b"start,end,subject\n"
        b"9999-12-31T23:59:59-23:59,9999-12-31T23:59:59-23:59,Far\n"
        b"0001-01-01T00:00:00+23:59,0001-01-01T01:00:00+23:59,Early\n"
        b"2026-10-01 10:00,,Endless\n"
    )
    staged = upload(newcomer, "edge.csv", content)
    preview = import_preview(user=newcomer, token=staged.token)
    assert [line for line, _reason in preview.csv_plan.refused] == [2, 3, 4]
