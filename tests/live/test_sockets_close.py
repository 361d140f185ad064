"""An open socket ends with its credentials: logging out closes that session's sockets, and a
password change closes every socket of the sessions it ended, with code 4401."""

import pytest
from django.conf import settings
from django.test import Client
from websockets.exceptions import ConnectionClosed

from coach.realtime.consumers import CLOSE_UNAUTHENTICATED
from tests.factories import PASSWORD


def client_of(live_user) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = live_user.session_cookie
    return client


def closed_with(socket, seconds: float = 10.0) -> int | None:
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            socket.recv(timeout=seconds)
    return closed.value.rcvd.code if closed.value.rcvd else None


def still_open(socket) -> bool:
    socket.send('{"type": "ping"}')
    return '"pong"' in socket.recv(timeout=5)


def test_logging_out_closes_that_sessions_socket(make_live_user):
    alice = make_live_user("alice")
    with alice.socket() as socket:
        assert still_open(socket)

        client_of(alice).post("/accounts/logout/")

        assert closed_with(socket) == CLOSE_UNAUTHENTICATED


def test_a_password_change_closes_every_socket_and_only_the_changing_session_reconnects(make_live_user):
    alice = make_live_user("alice")
    other_session = client_of(alice)
    changing = Client()
    changing.force_login(alice.user)
    with alice.socket() as other_socket:
        alice.session_cookie = changing.cookies[settings.SESSION_COOKIE_NAME].value
        with alice.socket() as changing_socket:
            assert still_open(other_socket) and still_open(changing_socket)

            changing.post(
                "/accounts/password/change/",
                {
                    "old_password": PASSWORD,
                    "new_password1": "a new and long passphrase",
                    "new_password2": "a new and long passphrase",
                },
            )

            assert closed_with(other_socket) == CLOSE_UNAUTHENTICATED
            assert closed_with(changing_socket) == CLOSE_UNAUTHENTICATED

    alice.session_cookie = changing.cookies[settings.SESSION_COOKIE_NAME].value
    with alice.socket() as reconnected:
        assert still_open(reconnected)
    alice.session_cookie = other_session.cookies[settings.SESSION_COOKIE_NAME].value
    with alice.socket() as refused:
        assert closed_with(refused) == CLOSE_UNAUTHENTICATED
