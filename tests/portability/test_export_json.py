"""The JSON export: one versioned document with everything the user has, and nothing of anyone else's."""

import json

from django.http import StreamingHttpResponse

from coach.portability import export_json
from coach.portability.records import FORMAT, VERSION
from tests.factories import StudySessionFactory
from tests.portability.conftest import export_document, full_user


def test_the_document_names_its_format_and_version(mei):
    document = export_document(mei)
    assert document["format"] == FORMAT == "focusweb-export"
    assert document["version"] == VERSION == 2
    assert set(document) == {
        "format",
        "version",
        "exported_at",
        "profile",
        "sessions",
        "checkins",
        "recommendations",
        "tip_feedback",
        "digests",
    }


def test_every_kind_of_data_is_in_the_document(mei):
    document = export_document(mei)
    assert document["profile"]["time_zone"] == "Asia/Shanghai"
    assert document["profile"]["weekly_goal_hours"] == 12
    assert len(document["sessions"]) == 3
    first = document["sessions"][0]
    assert first["subject"] == "线性代数"
    assert first["journal"] == "手机一直响，注意力很难集中。"
    assert len(first["interruption_times"]) == 2
    assert first["analysis"]["labels"] == ["digital"]
    assert first["analysis"]["focus_score"] == 72.5
    assert first["analysis"]["model_version"] == "test"
    assert set(first["analysis"]["themes"]) >= {"digital", "fatigue"}
    assert document["sessions"][2]["analysis"] is None
    assert [c["day"] for c in document["checkins"]] == ["2026-11-02", "2026-11-03"]
    assert document["checkins"][0]["bedtime"] == "23:30:00"
    assert document["recommendations"][0]["tip"] == "digital_other_room"
    assert document["tip_feedback"] == [
        {"tip": "digital_other_room", "verdict": "helpful", "updated_at": "2026-11-02T09:00:00+08:00"}
    ]
    assert document["digests"][0]["week_start"] == "2026-10-26"


def test_times_are_iso_8601_with_the_users_offset(mei):
    session = export_document(mei)["sessions"][0]
    assert session["started_at"] == "2026-11-02T09:00:00+08:00"
    assert session["analysis"]["analysed_at"].endswith("+08:00")


def test_another_users_data_is_never_exported(mei):
    other = full_user("other")
    StudySessionFactory(user=other, subject="Other's secret subject", journal="Other's secret journal")
    text = "".join(export_json.export_json(user=mei))
    assert "secret" not in text
    assert "other" not in json.loads(text)["profile"]["username"]
    assert len(json.loads(text)["sessions"]) == 3


def test_a_user_with_nothing_gets_empty_lists(alice):
    document = export_document(alice)
    assert document["sessions"] == document["checkins"] == document["digests"] == []


def test_the_download_is_streamed_in_pieces(alice_client, alice, monkeypatch):
    monkeypatch.setattr(export_json, "PIECE_CHARS", 100)
    for _ in range(5):
        StudySessionFactory(user=alice)
    response = alice_client.get("/settings/data/export/?format=json")
    assert isinstance(response, StreamingHttpResponse)
    pieces = list(response.streaming_content)
    assert len(pieces) > 5
    assert len(json.loads(b"".join(pieces))["sessions"]) == 5
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="focusweb-export-')
