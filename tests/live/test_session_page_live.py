"""The session page keeps up: opened while its analysis runs, it fills in the labels,
highlights, score and breakdown when the analysis arrives, without a reload."""

import threading

import pytest
from django.db import connection

from coach.sessions import analysis
from tests.factories import StudySessionFactory
from tests.live.conftest import SCREENSHOTS, sign_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}


def in_the_background(work) -> None:
    """Run work as a worker would, outside this thread: Playwright's event loop runs here,
    and sending to the channel layer from a thread with a running loop is refused."""

    def run():
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def test_the_page_fills_in_the_analysis_when_it_arrives(browser_context, make_live_user):
    new_context, open_page, _ = browser_context
    alice = make_live_user("alice")
    session = StudySessionFactory(
        user=alice.user, journal="Kept checking Instagram; my phone buzzed with messages all the time."
    )
    context = new_context(viewport=DESKTOP)
    sign_in(context, alice)
    page = open_page(context, f"/sessions/{session.id}/")
    assert "appears here in a moment" in page.text_content("#analysis")
    page.evaluate("window.__notReloaded = true")
    page.wait_for_timeout(500)  # the socket is open

    in_the_background(lambda: analysis.analyse(session_id=session.id, revision=session.revision))

    page.wait_for_selector("#analysis[data-status=done] .score-value", timeout=15000)
    page.wait_for_selector("#chart-breakdown .main-svg")
    assert page.locator("mark.attention[data-theme=digital]").count() >= 1
    assert "Phone and online" in page.text_content("#analysis")
    assert page.evaluate("window.__notReloaded") is True


def test_a_session_with_no_information_says_so_in_the_browser(browser_context, make_live_user):
    new_context, open_page, _ = browser_context
    alice = make_live_user("alice")
    session = StudySessionFactory(user=alice.user, journal="", self_rating=None, interruptions=0)
    analysis.analyse(session_id=session.id, revision=session.revision)
    context = new_context(viewport=DESKTOP)
    sign_in(context, alice)

    page = open_page(context, f"/sessions/{session.id}/")

    text = page.text_content("#analysis")
    assert "Not enough to score" in text
    assert "/ 100" not in text
    assert page.locator("#chart-breakdown").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "session-with-no-information.png", full_page=True)
