"""The profile API's email endpoints: ask for an address, forget it, verify it with the
mailed token; the profile shows the verified and the pending address."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from coach.models import PendingEmail


@pytest.fixture
def mails(django_capture_on_commit_callbacks, eager_tasks):
    return django_capture_on_commit_callbacks


def token_in(message) -> str:
    line = next(line for line in message.body.splitlines() if "/accounts/email/verify/" in line)
    return line.rstrip("/").rsplit("/", 1)[1]


def test_asking_for_an_address_mails_a_link_and_the_profile_shows_it_pending(alice_api, alice, mails):
    with mails(execute=True):
        response = alice_api.post("/api/v1/profile/email/", {"email": "alice@new.example.com"}, format="json")

    assert response.status_code == 202
    assert response.json()["email"] == "alice@example.com"
    assert response.json()["pending_email"] == "alice@new.example.com"
    assert mail.outbox[0].to == ["alice@new.example.com"]


def test_the_token_of_the_link_verifies_the_address_without_credentials(alice_api, alice, mails):
    with mails(execute=True):
        alice_api.post("/api/v1/profile/email/", {"email": "alice@new.example.com"}, format="json")
    with mails(execute=True):
        response = APIClient().post(
            "/api/v1/profile/email/verify/", {"token": token_in(mail.outbox[0])}, format="json"
        )

    assert (response.status_code, response.json()) == (200, {"email": "alice@new.example.com"})
    profile = alice_api.get("/api/v1/profile/").json()
    assert (profile["email"], profile["pending_email"]) == ("alice@new.example.com", None)


def test_a_bad_token_is_refused_naming_the_field(db):
    response = APIClient().post("/api/v1/profile/email/verify/", {"token": "forged"}, format="json")

    assert response.status_code == 400
    assert "not valid" in response.json()["token"][0]


def test_a_bad_address_is_refused_naming_the_field_and_nothing_is_stored(alice_api, alice):
    response = alice_api.post("/api/v1/profile/email/", {"email": "nope"}, format="json")

    assert response.status_code == 400 and "email" in response.json()
    assert not PendingEmail.objects.filter(user=alice).exists()


def test_the_verified_address_cannot_be_written_directly(alice_api, alice):
    response = alice_api.patch("/api/v1/profile/", {"email": "mallory@example.com"}, format="json")

    assert response.status_code == 400 and "email" in response.json()
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_forgetting_the_pending_address(alice_api, alice):
    PendingEmail.objects.create(user=alice, email="alice@new.example.com", nonce="n" * 32)

    assert alice_api.delete("/api/v1/profile/email/").status_code == 204
    assert alice_api.delete("/api/v1/profile/email/").status_code == 404
