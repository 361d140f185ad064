"""The weekly digest by email is offered only with a verified address, and says so otherwise;
an address waiting for verification receives no digest."""

from django.core import mail

from coach.coaching.digests import digest_send
from coach.models import PendingEmail
from tests.factories import UserFactory, WeeklyDigestFactory

PREFERENCES = {"time_zone": "UTC", "language": "en", "weekly_goal_hours": "10", "daily_goal_sessions": "2"}


def unverified_user(**profile):
    user = UserFactory(username="dora", email="")
    PendingEmail.objects.create(user=user, email="dora@example.com", nonce="n" * 32)
    for name, value in profile.items():
        setattr(user.profile, name, value)
    user.profile.save()
    return user


def test_without_a_verified_address_the_settings_page_offers_no_digest_and_says_why(client, db):
    client.force_login(unverified_user())

    page = client.get("/settings/").content.decode()

    assert "Add an email address below and verify it to receive the digest." in page
    assert '<input type="checkbox" name="weekly_digest_email" disabled' in page
    assert "You have no verified address, so nothing is emailed to you" in page
    assert "will be emailed to you" not in page


def test_the_digest_cannot_be_switched_on_without_a_verified_address(client, db):
    dora = unverified_user()
    client.force_login(dora)

    client.post("/settings/", {**PREFERENCES, "weekly_digest_email": "on"})
    client.post("/coach/digests/email/", {"weekly_digest_email": "on"})

    dora.profile.refresh_from_db()
    assert dora.profile.weekly_digest_email is False


def test_the_profile_api_refuses_the_digest_without_a_verified_address_naming_the_field(db):
    from rest_framework.test import APIClient

    dora = unverified_user()
    api = APIClient()
    api.force_authenticate(dora)

    response = api.patch("/api/v1/profile/", {"weekly_digest_email": True}, format="json")

    assert response.status_code == 400
    assert "verify" in response.json()["weekly_digest_email"][0]
    dora.profile.refresh_from_db()
    assert dora.profile.weekly_digest_email is False


def test_the_digest_page_sends_people_without_an_address_to_their_settings(client, db):
    client.force_login(unverified_user())

    page = client.get("/coach/digests/").content.decode()

    assert 'href="/settings/#email"' in page
    assert 'name="weekly_digest_email"' not in page


def test_with_a_verified_address_the_digest_is_offered_and_names_where_it_goes(alice_client, alice):
    page = alice_client.get("/settings/").content.decode()
    assert "Sent on Monday mornings to alice@example.com." in page

    alice_client.post("/settings/", {**PREFERENCES, "weekly_digest_email": "on"})

    alice.profile.refresh_from_db()
    assert alice.profile.weekly_digest_email is True


def test_an_address_waiting_for_verification_gets_no_digest(db):
    # Opted in before verification existed; the migration moved the address to pending.
    dora = unverified_user(weekly_digest_email=True)
    digest = WeeklyDigestFactory(user=dora)

    assert digest_send(digest=digest) is False
    assert mail.outbox == []


def test_a_verified_address_gets_the_digest(alice):
    alice.profile.weekly_digest_email = True
    alice.profile.save()

    assert digest_send(digest=WeeklyDigestFactory(user=alice)) is True
    assert mail.outbox[0].to == ["alice@example.com"]
