"""Signing up: a user with their zone and language, or nothing at all."""

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
