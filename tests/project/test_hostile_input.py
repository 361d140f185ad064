"""Input a careless or hostile client sends gets a clear 4xx and changes nothing: impossible
dates, deep JSON, other content types, read-only fields, made-up time zones, oversized bodies."""

import asyncio
import json
import threading

import pytest
from django.db import connection

from coach.models import Profile, SessionAnalysis, StudySession
from coach.sessions import analysis
from coach.sessions.services import session_delete
from focusweb.body_limit import RequestBodyLimit
from tests.factories import PASSWORD, StudySessionFactory

DEEP = "[" * 1000 + "]" * 1000


@pytest.mark.parametrize(
    "day", ["2026-02-30", "2026-13-01", "99999-01-01", "yesterday", "2999-01-01", "0001-01-01"]
)
def test_an_impossible_or_future_check_in_day_shows_today_with_a_message(alice_client, day):
    response = alice_client.get(f"/checkin/?day={day}")

    assert response.status_code == 200
    assert "is not a past or present date" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "method"),
    [("/api/v1/auth/token/", "post"), ("/api/v1/sessions/", "post"), ("/api/v1/profile/", "patch")],
)
def test_deeply_nested_json_is_refused_with_400(alice_api, path, method):
    response = getattr(alice_api, method)(path, DEEP, content_type="application/json")

    assert response.status_code == 400
    assert "nested deeper" in response.json()["detail"]


def test_the_anonymous_token_endpoint_refuses_deep_json_too(client, db):
    response = client.post("/api/v1/auth/token/", DEEP, content_type="application/json")

    assert response.status_code == 400


def test_other_content_types_are_refused_with_415(alice_api):
    response = alice_api.post("/api/v1/sessions/", {"subject": "x"}, format="multipart")

    assert response.status_code == 415
    assert StudySession.objects.count() == 0


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/sessions/",
        "/api/v1/checkins/",
        "/api/v1/dashboard/",
        "/api/v1/profile/",
        "/api/v1/auth/tokens/",
    ],
)
def test_the_browsable_api_pages_open_in_a_browser(alice_client, path):
    response = alice_client.get(path, HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert "text/html" in response["Content-Type"]


def test_a_read_only_profile_field_is_refused_by_name(alice_api, alice):
    response = alice_api.patch("/api/v1/profile/", {"username": "mallory"}, format="json")

    assert response.status_code == 400
    assert "username" in response.json()
    alice.refresh_from_db()
    assert alice.username == "alice"


@pytest.mark.parametrize("zone", ["Factory", "localtime", "posixrules", "Etc/GMT+5", "Mars/Olympus_Mons"])
def test_only_zones_people_live_in_are_taken(alice_api, alice, zone):
    response = alice_api.patch("/api/v1/profile/", {"time_zone": zone}, format="json")

    assert response.status_code == 400
    assert "time_zone" in response.json()
    assert Profile.objects.get(user=alice).time_zone == "UTC"


def asgi_post(limit: int, body: bytes, *, declare_length: bool, path: str = "/api/v1/sessions/"):
    """Post `body` in 64 kB chunks through the limit to an app that echoes what it read."""
    received = {}

    async def app(scope, receive, send):
        message = await receive()
        received["body"] = message["body"]
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)] or [b""]
    messages = [
        {"type": "http.request", "body": chunk, "more_body": index < len(chunks) - 1}
        for index, chunk in enumerate(chunks)
    ]
    sent = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    headers = [(b"content-length", str(len(body)).encode())] if declare_length else []
    scope = {"type": "http", "path": path, "headers": headers}
    asyncio.run(RequestBodyLimit(app, max_bytes=limit)(scope, receive, send))
    return sent, received, messages


@pytest.mark.parametrize("declare_length", [True, False], ids=["content-length", "chunked"])
def test_an_oversized_body_gets_413_before_it_is_read_in_full(declare_length):
    sent, received, unread = asgi_post(1024 * 1024, b"x" * (100 * 1024 * 1024), declare_length=declare_length)

    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["detail"].startswith("The request body is larger")
    assert received == {}
    assert len(unread) > 1000  # most of the 100 MB was never read


def test_a_body_within_the_limit_reaches_the_app_whole():
    body = b'{"subject": "' + b"y" * 300_000 + b'"}'

    sent, received, _ = asgi_post(1024 * 1024, body, declare_length=False)

    assert sent[0]["status"] == 200
    assert received["body"] == body


def test_deleting_a_session_while_its_analysis_is_stored_never_fails(transactional_db, alice):
    failures = []
    for _ in range(8):
        session = StudySessionFactory(user=alice, journal="Phone kept buzzing with messages.")

        def analyse(session_id=session.id, revision=session.revision):
            try:
                analysis.analyse(session_id=session_id, revision=revision)
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                failures.append(error)
            finally:
                connection.close()

        worker = threading.Thread(target=analyse)
        worker.start()
        session_delete(session=session)
        worker.join()

    assert failures == []
    assert StudySession.objects.count() == 0
    assert SessionAnalysis.objects.count() == 0


def test_the_token_endpoint_is_fine_with_json_it_expects(client, alice):
    response = client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, content_type="application/json"
    )

    assert response.status_code == 201
