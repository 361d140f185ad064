"""User B can neither list, read, change nor delete user A's sessions or timer."""

import pytest

from coach.models import StudySession, Timer
from coach.sessions.timer import timer_start
from tests.factories import StudySessionFactory


@pytest.fixture
def alices_session(alice):
    return StudySessionFactory(user=alice, subject="Alice's secret thesis", journal="private words")


def test_another_users_session_is_not_listed(bob_api, alices_session):
    assert bob_api.get("/api/v1/sessions/").json()["count"] == 0


def test_another_users_session_is_not_found(bob_api, alices_session):
    assert bob_api.get(f"/api/v1/sessions/{alices_session.id}/").status_code == 404


def test_another_users_session_cannot_be_changed(bob_api, alices_session):
    url = f"/api/v1/sessions/{alices_session.id}/"
    assert bob_api.patch(url, {"subject": "mine now"}, format="json").status_code == 404
    assert bob_api.put(url, {"subject": "mine now"}, format="json").status_code == 404
    alices_session.refresh_from_db()
    assert alices_session.subject == "Alice's secret thesis"


def test_another_users_session_cannot_be_deleted(bob_api, alices_session):
    assert bob_api.delete(f"/api/v1/sessions/{alices_session.id}/").status_code == 404
    assert StudySession.objects.filter(id=alices_session.id).exists()


@pytest.mark.parametrize("suffix", ["", "edit/", "delete/"])
def test_another_users_session_pages_are_not_found(client, bob, alices_session, suffix):
    client.force_login(bob)
    assert client.get(f"/sessions/{alices_session.id}/{suffix}").status_code == 404


def test_another_users_session_cannot_be_deleted_through_the_page(client, bob, alices_session):
    client.force_login(bob)
    assert client.post(f"/sessions/{alices_session.id}/delete/").status_code == 404
    assert StudySession.objects.filter(id=alices_session.id).exists()


def test_the_session_list_page_shows_only_ones_own_sessions(client, bob, alices_session):
    client.force_login(bob)
    assert "secret thesis" not in client.get("/sessions/").content.decode()


def test_another_users_timer_is_invisible_and_untouchable(bob_api, alice):
    timer_start(user=alice, subject="Alice studies")

    assert bob_api.get("/api/v1/timer/").status_code == 404
    for step in ("pause", "interruption", "stop"):
        assert bob_api.post(f"/api/v1/timer/{step}/").status_code == 409
    assert bob_api.delete("/api/v1/timer/").status_code == 409
    timer = Timer.objects.get(user=alice)
    assert timer.state == "running"
    assert timer.interruption_times == []
