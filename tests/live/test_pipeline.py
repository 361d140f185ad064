"""The analysis pipeline against real components: a uvicorn process, a Celery worker
process, Redis, and WebSocket clients."""

import json
import time

import pytest
from django.utils import timezone
from websockets.exceptions import ConnectionClosed, InvalidStatus

from coach.models import StudySession
from coach.realtime.events import EVENT_VERSION, publish, session_event
from coach.sessions import analysis
from focusweb.celery import app as celery_app
from tests.factories import StudySessionFactory
from tests.live.stack import api, wait_for

CLEAR_DIGITAL_JOURNAL = (
    "Kept checking Instagram and TikTok the whole time, my phone buzzed with notifications "
    "every few minutes and I scrolled for ages instead of reading."
)


def session_payload(journal: str) -> dict:
    return {
        "subject": "Biology",
        "started_at": "2026-05-04T09:00:00Z",
        "ended_at": "2026-05-04T10:00:00Z",
        "interruptions": 3,
        "self_rating": 2,
        "journal": journal,
    }


def use_broker(url: str) -> None:
    """Point this process's Celery app at another broker: its pools are rebuilt on next use."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def receive_until(socket, event_type: str, timeout: float = 30.0) -> list[dict]:
    """Events up to and including the first of `event_type`."""
    received = []
    deadline = time.monotonic() + timeout
    while True:
        event = json.loads(socket.recv(timeout=max(0.1, deadline - time.monotonic())))
        received.append(event)
        if event["type"] == event_type:
            return received


def test_a_session_saved_through_the_api_is_analysed_and_pushed_to_its_owner_only(
    make_live_user, live_worker
):
    alice, bob = make_live_user("alice"), make_live_user("bob")
    with alice.socket() as alice_socket, bob.socket() as bob_socket:
        status, created = api(
            alice.base_url, "POST", "/api/v1/sessions/", alice.token, session_payload(CLEAR_DIGITAL_JOURNAL)
        )
        assert status == 201

        events = receive_until(alice_socket, "session.analysed")

        assert [e["type"] for e in events] == ["session.created", "session.analysed"]
        analysed = events[-1]
        assert analysed["version"] == EVENT_VERSION
        assert analysed["session"]["id"] == created["id"]
        assert "digital" in analysed["session"]["labels"]
        assert 0 <= analysed["session"]["focus_score"] <= 100
        with pytest.raises(TimeoutError):
            bob_socket.recv(timeout=1.0)

    status, stored = api(alice.base_url, "GET", f"/api/v1/sessions/{created['id']}/", alice.token)
    assert stored["analysis_status"] == "done"
    assert stored["analysis"]["score_breakdown"]["score"] == analysed["session"]["focus_score"]


def test_edits_and_deletes_reach_the_socket_too(make_live_user, live_worker):
    alice = make_live_user("alice")
    _, created = api(alice.base_url, "POST", "/api/v1/sessions/", alice.token, session_payload("Went fine."))
    with alice.socket() as socket:
        api(alice.base_url, "PATCH", f"/api/v1/sessions/{created['id']}/", alice.token, {"self_rating": 5})
        updated = receive_until(socket, "session.updated")[-1]
        assert updated["session"]["self_rating"] == 5

        api(alice.base_url, "DELETE", f"/api/v1/sessions/{created['id']}/", alice.token)
        deleted = receive_until(socket, "session.deleted")[-1]
        assert deleted["session"] == {"id": created["id"]}


def test_a_burst_of_events_to_one_socket_all_arrive_in_order(make_live_user):
    alice = make_live_user("alice")
    session = StudySessionFactory(user=alice.user)
    with alice.socket() as socket:
        socket.send(json.dumps({"type": "ping"}))
        assert json.loads(socket.recv(timeout=5))["type"] == "pong"
        for number in range(300):
            event = session_event("session.updated", session)
            event["session"]["interruptions"] = number
            publish(user_id=alice.user.id, event=event)

        received = [json.loads(socket.recv(timeout=10))["session"]["interruptions"] for _ in range(300)]

    assert received == list(range(300))


def test_a_client_cannot_join_another_users_group(make_live_user):
    alice, bob = make_live_user("alice"), make_live_user("bob")
    with bob.socket() as bob_socket:
        for message in (
            {"type": "subscribe", "group": f"user.{alice.user.id}"},
            {"type": "join", "user": alice.user.id},
            "not json",
            {"type": "ping", "group": f"user.{alice.user.id}"},
        ):
            bob_socket.send(message if isinstance(message, str) else json.dumps(message))
        assert json.loads(bob_socket.recv(timeout=5))["type"] == "pong"
        publish(
            user_id=alice.user.id,
            event=session_event("session.updated", StudySessionFactory(user=alice.user)),
        )
        with pytest.raises(TimeoutError):
            bob_socket.recv(timeout=1.0)


def test_an_anonymous_socket_is_closed_with_4401(make_live_user):
    alice = make_live_user("alice")
    with alice.socket(cookie=False) as socket:
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=5)
    assert closed.value.rcvd.code == 4401


def test_a_socket_from_another_origin_is_refused(make_live_user):
    alice = make_live_user("alice")
    with pytest.raises(InvalidStatus) as refused:
        alice.socket(origin="https://evil.example.com")
    assert refused.value.response.status_code == 403


def test_a_session_saved_while_redis_is_down_is_analysed_once_redis_is_back(
    make_live_user, live_worker, monkeypatch
):
    alice = make_live_user("alice")
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(alice.user)
    reachable_broker = celery_app.conf.broker_url
    use_broker("redis://127.0.0.1:1/0")  # nothing listens on port 1: Redis is unreachable
    try:
        started = time.monotonic()
        response = client.post("/api/v1/sessions/", session_payload(CLEAR_DIGITAL_JOURNAL), format="json")
        save_seconds = time.monotonic() - started
    finally:
        use_broker(reachable_broker)

    assert response.status_code == 201
    assert save_seconds < 10
    session = StudySession.objects.get(id=response.json()["id"])
    assert session.analysis_status == "pending"

    # What a worker does as it connects to the broker: queue what was saved before it.
    assert analysis.requeue_stale(queued_before=timezone.now()) >= 1
    wait_for(lambda: StudySession.objects.get(id=session.id).analysis_status == "done", 30, "the analysis")


def test_an_idle_socket_stays_open(make_live_user):
    # redis-py 8's default 5 s read timeout used to end every idle dashboard socket.
    alice = make_live_user("alice")
    with alice.socket() as socket:
        time.sleep(7)
        socket.send(json.dumps({"type": "ping"}))
        assert json.loads(socket.recv(timeout=5))["type"] == "pong"
