"""Accounts: sign up, log in and out, passwords, lockout, and each user's preferences."""

from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import PASSWORD


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


def test_log_in_and_log_out(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/sessions/").status_code == 200

    client.post("/accounts/logout/")
    assert client.get("/sessions/").status_code == 302


def test_repeated_failed_logins_lock_the_account_out_with_a_message(client, alice):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"})

    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})

    assert response.status_code == 429
    assert "locked" in response.content.decode()
    assert client.get("/sessions/").status_code == 302


def test_repeated_failed_logins_from_one_address_lock_that_address_out(client, alice, bob):
    for attempt in range(5):
        client.post("/accounts/login/", {"username": f"nobody{attempt}", "password": "wrong"})

    response = client.post("/accounts/login/", {"username": "bob", "password": PASSWORD})

    assert response.status_code == 429


def test_changing_the_password(alice_client, alice):
    response = alice_client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a brand new passphrase",
            "new_password2": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a brand new passphrase")


def test_resetting_the_password_sends_a_link_that_works(client, alice):
    client.post("/accounts/password/reset/", {"email": "alice@example.com"})

    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "reset passphrase ok", "new_password2": "reset passphrase ok"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("reset passphrase ok")


def test_the_language_choice_is_remembered_in_the_profile(alice_client, alice):
    alice_client.post("/language/", {"language": "zh-hans", "next": "/sessions/"})

    alice.profile.refresh_from_db()
    assert alice.profile.language == "zh-hans"
    assert 'lang="zh-hans"' in alice_client.get("/sessions/").content.decode()


def test_profile_api_changes_zone_and_language_and_rejects_unknown_zones(alice_api, alice):
    response = alice_api.patch(
        "/api/v1/profile/", {"time_zone": "Europe/Berlin", "language": "zh-hans"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["time_zone"] == "Europe/Berlin"

    bad = alice_api.patch("/api/v1/profile/", {"time_zone": "Mars/Olympus"}, format="json")
    assert bad.status_code == 400
    assert "time_zone" in bad.json()
    alice.profile.refresh_from_db()
    assert alice.profile.time_zone == "Europe/Berlin"


def test_the_settings_page_saves_goals_and_the_digest_opt_in(alice_client, alice):
    response = alice_client.post(
        "/settings/",
        {
            "time_zone": "Europe/Paris",
            "language": "en",
            "weekly_goal_hours": "12",
            "daily_goal_sessions": "3",
            "weekly_digest_email": "on",
        },
    )

    assert response.status_code == 302
    alice.profile.refresh_from_db()
    assert (alice.profile.time_zone, alice.profile.weekly_goal_hours, alice.profile.weekly_digest_email) == (
        "Europe/Paris",
        12,
        True,
    )
