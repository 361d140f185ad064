"""Signing up: a user with their zone and language, or nothing at all."""

import pytest
from django.contrib.auth import get_user_model


def test_signing_up_creates_a_user_with_their_zone_and_language(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "mei",
            "email": "mei@example.com",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "time_zone": "Asia/Shanghai",
            "language": "zh-hans",
        },
    )

    assert response.status_code == 302
    user = get_user_model().objects.get(username="mei")
    assert user.profile.time_zone == "Asia/Shanghai"
    assert user.profile.language == "zh-hans"
    assert "学习记录" in client.get("/sessions/").content.decode()


def test_sign_up_with_mismatched_passwords_creates_nothing(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "x",
            "password1": "a long enough passphrase",
            "password2": "another",
            "time_zone": "UTC",
            "language": "en",
        },
    )
    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not get_user_model().objects.filter(username="x").exists()


@pytest.mark.parametrize(
    ("username", "password", "reason"),
    [
        ("mei", "        ", "not spaces"),
        ("mei", "a          ", "not spaces"),
        ("alice", "alicealice", "too similar"),
        ("mei", "password123", "too common"),
        ("mei", "83920174", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(client, db, username, password, reason):
    response = client.post(
        "/accounts/signup/",
        {
            "username": username,
            "password1": password,
            "password2": password,
            "time_zone": "UTC",
            "language": "en",
        },
    )

    assert response.status_code == 200
    assert reason in " ".join(response.context["form"].errors["password2"])
    assert not get_user_model().objects.filter(username=username).exists()


def test_an_email_given_at_sign_up_waits_for_its_link(
    client, db, django_capture_on_commit_callbacks, eager_tasks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "username": "mei",
                "email": "mei@example.com",
                "password1": "a long enough passphrase",
                "password2": "a long enough passphrase",
                "time_zone": "UTC",
                "language": "en",
            },
        )

    user = get_user_model().objects.get(username="mei")
    assert user.email == ""
    assert user.pending_email.email == "mei@example.com"
    assert mail.outbox[0].to == ["mei@example.com"]
    assert "/accounts/email/verify/" in mail.outbox[0].body


def test_the_email_is_optional_at_sign_up(client, db):
    client.post(
        "/accounts/signup/",
        {
            "username": "mei",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "time_zone": "UTC",
            "language": "en",
        },
    )

    user = get_user_model().objects.get(username="mei")
    assert user.email == "" and not hasattr(user, "pending_email")
