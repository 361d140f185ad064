"""Deleting an account closes every open socket of the user with 4401, and a socket opened
afterwards with the old session is refused; another user's socket stays open."""

from django.conf import settings
from django.test import Client

from coach.realtime.consumers import CLOSE_UNAUTHENTICATED
from tests.factories import PASSWORD
from tests.live.stack import api
from tests.live.test_sockets_close import closed_with, still_open


def test_deleting_the_account_closes_its_sockets_and_no_others(make_live_user):
    alice = make_live_user("alice")
    bob = make_live_user("bob")
    second_browser = Client()
    second_browser.force_login(alice.user)
    first_cookie = alice.session_cookie
    with alice.socket() as first, bob.socket() as bobs:
        alice.session_cookie = second_browser.cookies[settings.SESSION_COOKIE_NAME].value
        with alice.socket() as second:
            assert still_open(first) and still_open(second) and still_open(bobs)

            status, _body = api(
                alice.base_url, "DELETE", "/api/v1/account/", alice.token, {"password": PASSWORD}
            )

            assert status == 204
            assert closed_with(first) == CLOSE_UNAUTHENTICATED
            assert closed_with(second) == CLOSE_UNAUTHENTICATED
            assert still_open(bobs)

    alice.session_cookie = first_cookie
    with alice.socket() as refused:
        assert closed_with(refused) == CLOSE_UNAUTHENTICATED


def test_deleting_from_the_settings_page_closes_the_pages_socket(make_live_user):
    alice = make_live_user("alice")
    browser = Client()
    browser.cookies[settings.SESSION_COOKIE_NAME] = alice.session_cookie
    with alice.socket() as socket:
        assert still_open(socket)

        browser.post("/settings/delete/", {"password": PASSWORD})

        assert closed_with(socket) == CLOSE_UNAUTHENTICATED
