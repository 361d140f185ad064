"""The site installs as an app and records sessions without a connection."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coach.models import StudySession
from tests.live.conftest import SCREENSHOTS, sign_in
from tests.live.stack import wait_for

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def controlled_by_the_service_worker(page):
    """Waits for the service worker, then loads the page again through it, which keeps it."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("!!navigator.serviceWorker.controller")


def test_the_app_is_installable_and_opens_on_the_dashboard(browser_context, make_live_user):
    new_context, open_page, _ = browser_context
    live_user = make_live_user("installer")
    context = new_context(viewport=PHONE)
    sign_in(context, live_user)
    page = open_page(context, "/dashboard/")
    controlled_by_the_service_worker(page)

    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    # A test's browser profile is a private one, where Chromium installs nothing: that one
    # reason is the browser's, every other would be the site's.
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []

    document = page.evaluate("fetch('/manifest.webmanifest').then(response => response.json())")
    assert document["display"] == "standalone"
    assert document["start_url"].startswith("/dashboard/")
    assert {icon["purpose"] for icon in document["icons"]} == {"any", "maskable"}
    for icon in document["icons"]:
        assert page.evaluate(f"fetch('{icon['src']}').then(response => response.status)") == 200

    installed = open_page(context, document["start_url"])
    installed.screenshot(path=str(SCREENSHOTS / "installed-app-first-screen-phone.png"))
    assert installed.url.endswith(document["start_url"])


def test_a_session_recorded_offline_arrives_once_when_the_connection_returns(browser_context, make_live_user):
    new_context, open_page, _ = browser_context
    live_user = make_live_user("commuter")
    context = new_context(viewport=PHONE)
    sign_in(context, live_user)
    form = open_page(context, "/sessions/new/")
    controlled_by_the_service_worker(form)

    context.set_offline(True)
    form.goto("/sessions/new/")  # from the device, not the network
    now = timezone.localtime(timezone.now())
    form.fill("#id_subject", "Vocabulary on the train")
    form.fill("#id_started_at", (now - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"))
    form.fill("#id_ended_at", now.strftime("%Y-%m-%dT%H:%M"))
    form.fill("#id_journal", "No signal in the tunnel, so no phone either. Got through two chapters.")
    form.click("main form.stacked button[type=submit]")

    form.wait_for_selector("#outbox:not([hidden])")
    assert "1" in form.text_content("#outbox [data-count]")
    assert "Vocabulary on the train" in form.text_content("#outbox ul")
    form.screenshot(path=str(SCREENSHOTS / "offline-session-waiting-phone.png"))
    assert not StudySession.objects.filter(user=live_user.user).exists()

    waiting = form.evaluate(f"localStorage.getItem('focusweb-outbox-{live_user.user.pk}')")
    context.set_offline(False)
    form.wait_for_selector("#outbox[hidden]", state="attached", timeout=15000)
    wait_for(
        lambda: StudySession.objects.filter(user=live_user.user).count() == 1,
        10,
        "the offline session to arrive",
    )

    # The same entry sent again (a second tab, a retry after a lost answer) adds nothing.
    form.evaluate(f"localStorage.setItem('focusweb-outbox-{live_user.user.pk}', {waiting!r})")
    form.reload()
    form.wait_for_selector("#outbox[hidden]", state="attached", timeout=15000)
    session = StudySession.objects.get(user=live_user.user)
    assert session.subject == "Vocabulary on the train"
    assert session.journal.startswith("No signal in the tunnel")


def test_every_page_starts_with_a_skip_link_to_its_content(browser_context, make_live_user):
    new_context, open_page, _ = browser_context
    live_user = make_live_user("keyboarder")
    context = new_context()
    sign_in(context, live_user)
    for path in ("/dashboard/", "/sessions/", "/timer/", "/coach/", "/settings/"):
        page = open_page(context, path)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link", path
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main", path
        page.close()


def test_the_timer_runs_offline_and_its_session_is_sent_when_the_connection_returns(
    browser_context, make_live_user
):
    new_context, open_page, _ = browser_context
    live_user = make_live_user("hiker")
    context = new_context(viewport=PHONE)
    sign_in(context, live_user)
    page = open_page(context, "/timer/")
    controlled_by_the_service_worker(page)

    context.set_offline(True)
    page.goto("/timer/")
    page.fill("#id_subject", "Flashcards on the trail")
    page.click("[data-timer-action=start]")
    page.wait_for_selector("#offline-timer:not([hidden])")
    assert page.evaluate("document.activeElement.dataset.offlineAction") == "pause"
    page.keyboard.press("i")
    page.keyboard.press(" ")
    assert page.evaluate("document.activeElement.dataset.offlineAction") == "resume"
    page.keyboard.press(" ")
    page.click("#offline-timer [data-offline-action=stop]")
    page.fill("#offline-timer-save #id_journal", "Quiet trail, the phone had no signal anyway.")
    page.click("#offline-timer-save button[type=submit]")
    page.wait_for_selector("#outbox:not([hidden])")
    assert "Flashcards on the trail" in page.text_content("#outbox ul")
    assert not StudySession.objects.filter(user=live_user.user).exists()

    context.set_offline(False)
    wait_for(
        lambda: StudySession.objects.filter(user=live_user.user).exists(), 15, "the offline timer's session"
    )
    session = StudySession.objects.get(user=live_user.user)
    assert session.subject == "Flashcards on the trail"
    assert session.interruptions == 1
    assert session.journal.startswith("Quiet trail")
