"""An open page never keeps showing old data: it knows the data version of what it shows
and fetches again when an event is missing from the numbers, when its socket reconnects
and when its tab is shown again; the Live indicator says so meanwhile."""

import threading
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from coach.realtime import events
from coach.realtime.sequence import bump_version, current_version
from coach.sessions import analysis
from tests.factories import StudySessionFactory
from tests.live.conftest import LiveUser, sign_in
from tests.live.stack import free_port, start_server

pytestmark = pytest.mark.browser


def in_the_background(work):
    """Run work as another process would, outside this thread: Playwright's event loop runs
    here, and sending to the channel layer from a thread with a running loop is refused."""
    result = []

    def run():
        try:
            result.append(work())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0] if result else None


def a_change_whose_event_is_lost(user):
    """A new session saved and numbered, its event never sent."""

    def change():
        session = StudySessionFactory(user=user, started_at=timezone.now() - timezone.timedelta(hours=2))
        bump_version(user.id)
        return session

    return in_the_background(change)


# Shorter than the pages' ping interval (15 s), whose pong would catch them up in any case.
CATCH_UP_MS = 8000


def an_event_the_page_does_not_draw(user) -> None:
    events.publish(user_id=user.id, event=events.coach_event([], computed_at=timezone.now()))


def shows_session(page, session_id: int, timeout: float = CATCH_UP_MS) -> None:
    page.wait_for_function(
        "id => window.focusDashboard.payload.pending.some(p => p.id === id)", arg=session_id, timeout=timeout
    )


def open_dashboard(new_context, open_page, user, path="/dashboard/"):
    context = new_context()
    sign_in(context, user)
    page = open_page(context, path)
    page.wait_for_selector("#connection[data-state=live]")
    return page


def test_a_gap_in_the_numbers_makes_the_dashboard_fetch_again(browser_context, make_live_user):
    new_context, open_page, _ = browser_context
    alice = make_live_user("alice")
    page = open_dashboard(new_context, open_page, alice)

    lost = a_change_whose_event_is_lost(alice.user)
    # The next event, one the dashboard itself would not draw, arrives numbered two ahead.
    in_the_background(lambda: an_event_the_page_does_not_draw(alice.user))

    shows_session(page, lost.id)
    # (A fetch may still be under way for the last event, caught in the middle of another.)
    version = current_version(alice.user.id)
    page.wait_for_function("v => window.focusDashboard.live.version === v", arg=version)
    page.wait_for_selector("#connection[data-state=live]")


def test_a_tab_shown_again_fetches_what_changed_meanwhile(browser_context, make_live_user):
    new_context, open_page, _ = browser_context
    alice = make_live_user("alice")
    page = open_dashboard(new_context, open_page, alice)

    lost = a_change_whose_event_is_lost(alice.user)  # and no event follows it
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")

    shows_session(page, lost.id)


def test_a_reconnect_fetches_what_changed_while_the_socket_was_down(
    browser_context, transactional_db, live_logs
):
    new_context, open_page, watch = browser_context
    port = free_port()
    server, base_url = start_server(live_logs, port=port, name="asgi-restarted")
    try:
        alice = LiveUser("alice", base_url)
        page = open_dashboard(new_context, open_page, alice, path=base_url + "/dashboard/")

        server.stop()
        page.wait_for_selector("#connection[data-state=offline]")
        assert page.locator("#connection").inner_text().strip() == "Reconnecting…"
        lost = a_change_whose_event_is_lost(alice.user)
        server, _ = start_server(live_logs, port=port, name="asgi-restarted-again")

        shows_session(page, lost.id, timeout=30000)
        page.wait_for_selector("#connection[data-state=live]")
        assert page.locator("#connection").inner_text().strip() == "Live"
        page.close()  # before its server stops: no more refused reconnects
    finally:
        server.stop()
    # The browser reports each refused reconnect while the server was down; nothing else.
    refused = [e for e in watch.errors if "ERR_CONNECTION_REFUSED" in e or "WebSocket connection" in e]
    assert refused
    watch.errors[:] = [e for e in watch.errors if e not in refused]


def test_the_session_page_catches_up_after_its_analysis_event_is_lost(browser_context, make_live_user):
    new_context, open_page, _ = browser_context
    alice = make_live_user("alice")
    session = StudySessionFactory(user=alice.user, journal="Read two chapters without looking at my phone.")
    context = new_context()
    sign_in(context, alice)
    page = open_page(context, f"/sessions/{session.id}/")
    page.wait_for_selector("#connection[data-state=live]")

    with mock.patch.object(events, "_send"):  # the analysed event is dropped on the way
        in_the_background(lambda: analysis.analyse(session_id=session.id, revision=session.revision))
    assert page.locator("#analysis[data-status=done]").count() == 0
    in_the_background(lambda: an_event_the_page_does_not_draw(alice.user))

    page.wait_for_selector("#analysis[data-status=done]", timeout=CATCH_UP_MS)
    version = current_version(alice.user.id)
    page.wait_for_function("v => window.focusSessionPage.live.version === v", arg=version)
