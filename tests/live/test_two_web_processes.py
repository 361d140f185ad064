"""Horizontal scale: with two web processes against one database and one Redis, an event
reaches a socket whichever process holds it, wherever the change came in (README,
"Deploying": `docker compose up --scale web=N`)."""

import pytest

from tests.live.stack import api, start_server
from tests.live.test_pipeline import CLEAR_DIGITAL_JOURNAL, receive_until, session_payload


@pytest.fixture
def second_web_process(live_server_url, live_logs):
    server, base_url = start_server(live_logs)
    assert base_url != live_server_url
    yield base_url
    server.stop()


def test_a_session_posted_to_one_web_process_reaches_the_socket_held_by_the_other(
    make_live_user, live_worker, second_web_process
):
    alice = make_live_user("alice")
    with alice.socket() as socket_on_the_first:
        body = session_payload(CLEAR_DIGITAL_JOURNAL)
        status, created = api(second_web_process, "POST", "/api/v1/sessions/", alice.token, body)
        assert status == 201

        events = receive_until(socket_on_the_first, "session.analysed")

    assert [e["type"] for e in events] == ["session.created", "session.analysed"]
    assert {e["session"]["id"] for e in events} == {created["id"]}
