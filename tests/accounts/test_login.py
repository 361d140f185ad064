"""Logging in and out, and the lockout after repeated failures."""

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


def test_repeated_failed_logins_from_one_address_lock_that_address_out(client, alice, bob):
    for attempt in range(5):
        client.post("/accounts/login/", {"username": f"nobody{attempt}", "password": "wrong"})

    response = client.post("/accounts/login/", {"username": "bob", "password": PASSWORD})

    assert response.status_code == 429
