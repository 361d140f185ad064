"""A create sent again never creates twice: the API's `Idempotency-Key` header and the
forms' hidden token answer a retried POST with what the first one created."""

import re
from unittest import mock

import pytest

from coach.models import CheckIn, IdempotencyKey, StudySession
from tests.sessions.test_sessions_api import valid_payload

KEY = "3f1c2a9e-1b7d-4c55-9a63-2f4b8e0d7c11"


def test_a_retried_session_post_returns_the_first_session_and_creates_no_other(alice_api):
    first = alice_api.post("/api/v1/sessions/", valid_payload(), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    again = alice_api.post("/api/v1/sessions/", valid_payload(), format="json", HTTP_IDEMPOTENCY_KEY=KEY)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Location"] == first["Location"] == f"/api/v1/sessions/{first.json()['id']}/"
    assert again["Idempotent-Replayed"] == "true"
    assert StudySession.objects.count() == 1


def test_posts_without_a_key_each_create_as_before(alice_api):
    alice_api.post("/api/v1/sessions/", valid_payload(), format="json")
    alice_api.post("/api/v1/sessions/", valid_payload(), format="json")

    assert StudySession.objects.count() == 2


def test_the_same_key_with_another_body_is_refused_and_creates_nothing(alice_api):
    alice_api.post("/api/v1/sessions/", valid_payload(), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    response = alice_api.post(
        "/api/v1/sessions/", valid_payload(subject="Physics"), format="json", HTTP_IDEMPOTENCY_KEY=KEY
    )

    assert response.status_code == 422
    assert "different request" in response.json()["Idempotency-Key"][0]
    assert list(StudySession.objects.values_list("subject", flat=True)) == ["Calculus"]


def test_a_refused_create_leaves_the_key_free_for_the_corrected_request(alice_api):
    refused = alice_api.post(
        "/api/v1/sessions/", valid_payload(self_rating=9), format="json", HTTP_IDEMPOTENCY_KEY=KEY
    )
    corrected = alice_api.post("/api/v1/sessions/", valid_payload(), format="json", HTTP_IDEMPOTENCY_KEY=KEY)

    assert refused.status_code == 400
    assert corrected.status_code == 201
    assert StudySession.objects.count() == 1


def test_a_create_that_fails_midway_keeps_neither_the_session_nor_the_key(alice_api):
    alice_api.raise_request_exception = False
    with mock.patch("coach.sessions.api.SessionOutputSerializer", side_effect=RuntimeError("boom")):
        failed = alice_api.post("/api/v1/sessions/", valid_payload(), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    retried = alice_api.post("/api/v1/sessions/", valid_payload(), format="json", HTTP_IDEMPOTENCY_KEY=KEY)

    assert failed.status_code == 500
    assert retried.status_code == 201
    assert StudySession.objects.count() == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "ключ"])
def test_a_malformed_key_is_refused_naming_the_header(alice_api, key):
    response = alice_api.post("/api/v1/sessions/", valid_payload(), format="json", HTTP_IDEMPOTENCY_KEY=key)

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not StudySession.objects.exists()


def test_keys_belong_to_their_user(alice_api, bob_api):
    alice_api.post("/api/v1/sessions/", valid_payload(), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    bobs = bob_api.post("/api/v1/sessions/", valid_payload(), format="json", HTTP_IDEMPOTENCY_KEY=KEY)

    assert bobs.status_code == 201
    assert "Idempotent-Replayed" not in bobs
    assert StudySession.objects.count() == 2


def test_a_retried_check_in_returns_the_first_one_instead_of_a_conflict(alice_api):
    payload = {"day": "2026-03-02", "hours_slept": 7.5, "mood": 4}
    first = alice_api.post("/api/v1/checkins/", payload, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    again = alice_api.post("/api/v1/checkins/", payload, format="json", HTTP_IDEMPOTENCY_KEY=KEY)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Location"] == f"/api/v1/checkins/{first.json()['id']}/"
    assert CheckIn.objects.count() == 1


def test_a_retried_timer_save_returns_the_saved_session(alice_api):
    alice_api.post("/api/v1/timer/start/", {"subject": "Essay"}, format="json")
    alice_api.post("/api/v1/timer/stop/")
    first = alice_api.post(
        "/api/v1/timer/save/", {"journal": "Wrote."}, format="json", HTTP_IDEMPOTENCY_KEY=KEY
    )
    again = alice_api.post(
        "/api/v1/timer/save/", {"journal": "Wrote."}, format="json", HTTP_IDEMPOTENCY_KEY=KEY
    )

    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert StudySession.objects.count() == 1


def form_key(page: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)


def test_the_new_session_form_posted_twice_saves_one_session(alice_client):
    key = form_key(alice_client.get("/sessions/new/").content.decode())
    form = {
        "subject": "Calculus",
        "started_at": "2026-03-02T09:00",
        "ended_at": "2026-03-02T10:30",
        "interruptions": 0,
        "journal": "Quiet morning.",
        "idempotency_key": key,
    }

    first = alice_client.post("/sessions/new/", form)
    again = alice_client.post("/sessions/new/", form)

    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert StudySession.objects.count() == 1


def test_the_timer_save_form_posted_twice_goes_to_the_one_saved_session(alice_client):
    alice_client.post("/timer/start/", {"subject": "Essay"})
    alice_client.post("/timer/stop/")
    form = {"journal": "Wrote.", "idempotency_key": form_key(alice_client.get("/timer/").content.decode())}

    first = alice_client.post("/timer/save/", form)
    again = alice_client.post("/timer/save/", form)

    session = StudySession.objects.get()
    assert first["Location"] == again["Location"] == f"/sessions/{session.id}/"


def test_the_check_in_form_carries_a_key_and_posted_twice_saves_one_day(alice_client):
    key = form_key(alice_client.get("/checkin/").content.decode())
    form = {"day": "2026-03-02", "hours_slept": "7.5", "mood": "4", "idempotency_key": key}
    form.update(meditation_minutes="0", exercise_minutes="0", caffeine_cups="0")

    alice_client.post("/checkin/", form)
    again = alice_client.post("/checkin/", form)

    assert again.status_code == 302
    assert CheckIn.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1
