"""PUT /api/v1/sessions/<id>/correction/: the user's reading of a session, in the API's
strict input and one error shape; a refused request changes nothing."""

import pytest

from coach.models import SessionCorrection, SessionLabel
from tests.corrections.conftest import read_session
from tests.factories import StudySessionFactory


def url(session) -> str:
    return f"/api/v1/sessions/{session.id}/correction/"


def themes_counted(session) -> list[str]:
    return sorted(SessionLabel.objects.filter(session=session).values_list("theme", flat=True))


def test_a_correction_is_stored_beside_the_models_reading(alice, alice_api):
    session = read_session(user=alice, labels=["digital", "people"], text_focus=2.2)

    response = alice_api.put(url(session), {"labels": ["people", "fatigue"], "text_focus": 4}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["labels"] == ["people", "fatigue"]
    assert body["added"] == ["fatigue"]
    assert body["removed"] == ["digital"]
    assert body["model_labels"] == ["digital", "people"]
    assert body["model_text_focus"] == 2.2
    assert body["text_focus"] == 4
    assert body["applies_to_earlier_text"] is False
    assert themes_counted(session) == ["fatigue", "people"]
    assert alice_api.get(url(session)).json()["labels"] == ["people", "fatigue"]


def test_a_second_put_replaces_the_correction(alice, alice_api):
    session = read_session(user=alice, labels=["digital"])
    alice_api.put(url(session), {"labels": []}, format="json")

    body = alice_api.put(url(session), {"text_focus": 2}, format="json").json()

    assert body["labels"] is None  # the themes are the model's again
    assert themes_counted(session) == ["digital"]
    assert SessionCorrection.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"labels": ["digital", "gaming"]}, "labels"),
        ({"labels": ["digital", "digital"]}, "labels"),
        ({"labels": "digital"}, "labels"),
        ({"labels": [1]}, "labels"),
        ({"text_focus": 6}, "text_focus"),
        ({"text_focus": "4"}, "text_focus"),
        ({"text_focus": 3.5}, "text_focus"),
        ({"labels": [], "mood": 3}, "mood"),
        ({}, "non_field_errors"),
        ({"labels": None, "text_focus": None}, "non_field_errors"),
    ],
)
def test_bad_input_is_refused_by_name_and_changes_nothing(alice, alice_api, payload, field):
    session = read_session(user=alice, labels=["digital"])

    response = alice_api.put(url(session), payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert SessionCorrection.objects.count() == 0
    assert themes_counted(session) == ["digital"]


def test_an_unknown_theme_is_named_in_the_error(alice, alice_api):
    session = read_session(user=alice, labels=["digital"])

    response = alice_api.put(url(session), {"labels": ["gaming"]}, format="json")

    assert "gaming" in str(response.json()["labels"])


def test_another_users_session_is_not_found_and_unchanged(alice, bob, bob_api):
    session = read_session(user=alice, labels=["digital"])

    assert bob_api.put(url(session), {"labels": []}, format="json").status_code == 404
    assert bob_api.get(url(session)).status_code == 404
    assert bob_api.delete(url(session)).status_code == 404
    assert SessionCorrection.objects.count() == 0
    assert themes_counted(session) == ["digital"]


def test_a_session_waiting_for_its_analysis_cannot_be_corrected_yet(alice, alice_api):
    session = StudySessionFactory(user=alice)

    response = alice_api.put(url(session), {"labels": []}, format="json")

    assert response.status_code == 409
    assert "session" in response.json()
    assert SessionCorrection.objects.count() == 0


def test_a_session_without_a_journal_has_nothing_to_correct(alice, alice_api):
    session = read_session(user=alice, labels=[], journal="")

    response = alice_api.put(url(session), {"labels": ["digital"]}, format="json")

    assert response.status_code == 409
    assert SessionCorrection.objects.count() == 0


def test_a_session_without_a_correction_has_none_to_read_or_remove(alice, alice_api):
    session = read_session(user=alice, labels=["digital"])

    assert alice_api.get(url(session)).status_code == 404
    assert alice_api.delete(url(session)).status_code == 404


def test_deleting_the_correction_brings_the_models_themes_back(alice, alice_api):
    session = read_session(user=alice, labels=["digital"])
    alice_api.put(url(session), {"labels": ["stress"]}, format="json")

    assert alice_api.delete(url(session)).status_code == 204

    assert themes_counted(session) == ["digital"]
    assert alice_api.get(f"/api/v1/sessions/{session.id}/").json()["correction"] is None


def test_the_correction_endpoint_is_in_the_openapi_schema(alice_api):
    schema = alice_api.get("/api/schema/", {"format": "json"}).json()

    operations = schema["paths"]["/api/v1/sessions/{session_id}/correction/"]
    assert set(operations) >= {"get", "put", "delete"}
    assert {"400", "404", "409"} <= set(operations["put"]["responses"])
