"""The sessions API: create, list, filter, read, change and delete, and every bad input."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coach.models import StudySession
from tests.factories import StudySessionFactory

START = "2026-03-02T09:00:00+08:00"
END = "2026-03-02T10:30:00+08:00"


def valid_payload(**overrides):
    return {
        "subject": "Calculus",
        "started_at": START,
        "ended_at": END,
        "planned_minutes": 90,
        "interruptions": 2,
        "self_rating": 4,
        "goal": "Finish exercise set 3",
        "goal_achieved": True,
        "journal": "Phone was in the drawer. Got through most of it.",
        **overrides,
    }


def test_a_session_is_created_and_read_back(alice_api, alice):
    response = alice_api.post("/api/v1/sessions/", valid_payload(), format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["subject"] == "Calculus"
    assert body["duration_minutes"] == 90
    assert body["analysis_status"] == "pending"
    session = StudySession.objects.get(id=body["id"])
    assert session.user == alice
    assert alice_api.get(f"/api/v1/sessions/{session.id}/").json()["goal"] == "Finish exercise set 3"


def test_chinese_text_and_emoji_round_trip_exactly(alice_api):
    journal = "今天图书馆太吵了😤，但还是把第三章看完了。Zero‑width:\u200b end"
    response = alice_api.post(
        "/api/v1/sessions/", valid_payload(journal=journal, subject="高等数学"), format="json"
    )

    session_id = response.json()["id"]
    body = alice_api.get(f"/api/v1/sessions/{session_id}/").json()
    assert body["journal"].encode("utf-8") == journal.encode("utf-8")
    assert body["subject"] == "高等数学"


def test_list_is_paginated_newest_first_and_filtered_by_date(alice_api, alice):
    now = timezone.now()
    for days_ago in range(60):
        StudySessionFactory(user=alice, started_at=now - timedelta(days=days_ago, hours=1))

    first_page = alice_api.get("/api/v1/sessions/").json()
    assert first_page["count"] == 60
    assert len(first_page["results"]) == 50
    assert first_page["next"]
    starts = [s["started_at"] for s in first_page["results"]]
    assert starts == sorted(starts, reverse=True)

    since = (now - timedelta(days=9)).date().isoformat()
    recent = alice_api.get("/api/v1/sessions/", {"since": since}).json()
    assert 9 <= recent["count"] <= 11


def test_list_filters_by_subject(alice_api, alice):
    StudySessionFactory(user=alice, subject="Organic chemistry")
    StudySessionFactory(user=alice, subject="Spanish verbs")

    body = alice_api.get("/api/v1/sessions/", {"subject": "chem"}).json()

    assert [s["subject"] for s in body["results"]] == ["Organic chemistry"]


def test_a_session_is_updated_partially(alice_api, alice):
    session = StudySessionFactory(user=alice, self_rating=2)

    response = alice_api.patch(f"/api/v1/sessions/{session.id}/", {"self_rating": 5}, format="json")

    assert response.status_code == 200
    session.refresh_from_db()
    assert session.self_rating == 5


def test_a_session_is_deleted(alice_api, alice):
    session = StudySessionFactory(user=alice)

    assert alice_api.delete(f"/api/v1/sessions/{session.id}/").status_code == 204
    assert not StudySession.objects.filter(id=session.id).exists()


def test_token_authentication_works(client, alice):
    from tests.factories import PASSWORD

    token = client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, content_type="application/json"
    ).json()["token"]
    response = client.get("/api/v1/sessions/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200


def test_anonymous_requests_are_refused(client):
    assert client.get("/api/v1/sessions/").status_code in (401, 403)


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"ended_at": "2026-03-02T08:00:00+08:00"}, "ended_at", "after the start"),
        ({"ended_at": "2026-03-03T03:00:00+08:00"}, "ended_at", "16 hours"),
        ({"self_rating": 6}, "self_rating", "less than or equal to 5"),
        ({"self_rating": 0}, "self_rating", "greater than or equal to 1"),
        ({"interruptions": -1}, "interruptions", "greater than or equal to 0"),
        ({"journal": "x" * 5001}, "journal", "5000"),
        ({"mood": "great"}, "mood", "Unknown field"),
        ({"interruptions": "many"}, "interruptions", "whole number"),
        ({"interruptions": "3"}, "interruptions", "whole number"),
        ({"goal": 0}, "goal", "string"),
        ({"goal_achieved": "yes"}, "goal_achieved", "true or false"),
        ({"started_at": "yesterday"}, "started_at", "Datetime has wrong format"),
        ({"subject": ""}, "subject", "blank"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(alice_api, overrides, field, reason):
    response = alice_api.post("/api/v1/sessions/", valid_payload(**overrides), format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert reason in " ".join(response.json()[field])
    assert StudySession.objects.count() == 0


def test_a_bad_update_changes_nothing(alice_api, alice):
    session = StudySessionFactory(user=alice, subject="Physics")

    response = alice_api.patch(
        f"/api/v1/sessions/{session.id}/",
        {"subject": "Chemistry", "ended_at": "2000-01-01T00:00:00Z"},
        format="json",
    )

    assert response.status_code == 400
    assert "ended_at" in response.json()
    session.refresh_from_db()
    assert session.subject == "Physics"


def test_a_malformed_date_filter_names_the_parameter(alice_api):
    response = alice_api.get("/api/v1/sessions/", {"since": "last tuesday"})
    assert response.status_code == 400
    assert "since" in response.json()
