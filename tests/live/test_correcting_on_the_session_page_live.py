"""Correcting a session's reading in the browser: the user unticks a theme the model read,
ticks the one that really pulled their focus, and the page shows the correction beside the
model's reading; a correction made elsewhere reaches an open page without a reload."""

import threading

import pytest
from django.db import connection

from coach.corrections.services import correction_save
from coach.models import SessionLabel, StudySession
from coach.sessions import analysis
from tests.factories import StudySessionFactory
from tests.live.conftest import SCREENSHOTS, sign_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = "Kept checking Instagram; my phone buzzed with messages all the time."


def in_the_background(work) -> None:
    """Run work outside Playwright's thread, as another request or a worker would."""

    def run():
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def counted(session) -> list[str]:
    return sorted(SessionLabel.objects.filter(session=session).values_list("theme", flat=True))


def test_correcting_a_theme_on_the_session_page(browser_context, make_live_user):
    new_context, open_page, _ = browser_context
    alice = make_live_user("alice")
    session = StudySessionFactory(user=alice.user, journal=PHONE)
    analysis.analyse(session_id=session.id, revision=session.revision)
    assert counted(session) == ["digital"]
    context = new_context(viewport=DESKTOP)
    sign_in(context, alice)
    page = open_page(context, f"/sessions/{session.id}/")

    page.get_by_text("Correct this reading").click()
    page.get_by_label("Phone and online").uncheck()
    page.get_by_label("People and interruptions").check()
    page.get_by_label("How focused the journal reads (1 to 5)").select_option("4")
    page.get_by_role("button", name="Save my correction").click()

    page.wait_for_selector("#corrected")
    corrected = page.text_content("#corrected")
    assert "You corrected these themes." in corrected
    assert "Phone and online" in corrected  # the model's own reading, still shown
    assert "You rated how focused the journal reads 4 of 5" in corrected
    assert "People and interruptions" in page.text_content("#analysis")
    assert counted(session) == ["people"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "session-corrected.png", full_page=True)


def test_a_correction_made_elsewhere_reaches_the_open_page(browser_context, make_live_user):
    new_context, open_page, _ = browser_context
    alice = make_live_user("alice")
    session = StudySessionFactory(user=alice.user, journal=PHONE)
    analysis.analyse(session_id=session.id, revision=session.revision)
    context = new_context(viewport=DESKTOP)
    sign_in(context, alice)
    page = open_page(context, f"/sessions/{session.id}/")
    page.evaluate("window.__notReloaded = true")
    page.wait_for_timeout(500)  # the socket is open

    in_the_background(
        lambda: correction_save(
            session=StudySession.objects.get(id=session.id), labels=["stress"], text_focus=None
        )
    )

    page.wait_for_selector("#corrected", timeout=15000)
    assert "Stress and emotions" in page.text_content("#analysis")
    assert page.evaluate("window.__notReloaded") is True
