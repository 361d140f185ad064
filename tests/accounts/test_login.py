"""Logging in and out, and the lockout after repeated failures."""

from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD


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


def test_failures_lock_the_username_only_for_the_address_they_came_from(client, alice, bob):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"}, REMOTE_ADDR="203.0.113.7")

    from_elsewhere = Client().post(
        "/accounts/login/", {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="198.51.100.2"
    )
    bob_from_the_same_address = Client().post(
        "/accounts/login/", {"username": "bob", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )

    assert from_elsewhere.status_code == 302
    assert bob_from_the_same_address.status_code == 302


def test_failures_for_many_usernames_from_one_address_lock_none_of_the_others(client, bob):
    for attempt in range(10):
        client.post("/accounts/login/", {"username": f"nobody{attempt}", "password": "wrong"})

    response = client.post("/accounts/login/", {"username": "bob", "password": PASSWORD})

    assert response.status_code == 302


def test_the_last_attempt_before_the_lock_is_announced(client, alice):
    for _ in range(3):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"})

    response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})

    assert "One more failed attempt locks this account from your address" in response.content.decode()


def test_a_deleted_users_sessions_go_with_them_and_expired_ones_are_cleared_daily(client, alice, bob):
    from datetime import timedelta

    from django.utils import timezone

    from coach.accounts.tasks import clear_sessions
    from coach.models import LoginSession

    Client().force_login(alice)
    Client().force_login(bob)
    bob.delete()
    assert list(LoginSession.objects.values_list("user__username", flat=True)) == ["alice"]

    LoginSession.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert clear_sessions() == 1
    assert LoginSession.objects.count() == 0
    assert "coach.tasks.clear_sessions" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
