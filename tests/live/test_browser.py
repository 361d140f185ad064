"""The dashboard and session pages in headless Chromium against the real stack."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coach.models import StudySession
from tests.factories import analysed_session
from tests.live.conftest import SCREENSHOTS, sign_in
from tests.live.stack import wait_for

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def plots_drawn(page):
    page.wait_for_function(
        "[...document.querySelectorAll('#dashboard .plot')].every(node => node.querySelector('.main-svg'))"
    )


def test_a_new_user_records_a_session_and_the_open_dashboard_gains_it_live(browser_context, live_worker):
    new_context, open_page, _ = browser_context
    context = new_context(viewport=DESKTOP)
    signup = open_page(context, "/accounts/signup/")
    signup.fill("#id_username", "newcomer")
    signup.fill("#id_password1", "a long enough passphrase")
    signup.fill("#id_password2", "a long enough passphrase")
    signup.select_option("#id_language", "en")
    signup.click("main form.stacked button[type=submit]")
    signup.wait_for_url("**/dashboard/")

    dashboard = signup
    assert dashboard.is_visible("#empty-state")
    dashboard.wait_for_selector("#connection[data-state=live]")
    dashboard.evaluate("window.__notReloaded = true")

    form = open_page(context, "/sessions/new/")
    form.fill("#id_subject", "Organic chemistry")
    now = timezone.localtime(timezone.now())
    form.fill("#id_started_at", (now - timedelta(minutes=50)).strftime("%Y-%m-%dT%H:%M"))
    form.fill("#id_ended_at", now.strftime("%Y-%m-%dT%H:%M"))
    form.fill("#id_interruptions", "2")
    form.fill("#id_journal", "Kept checking Instagram and my phone buzzed with messages all the time.")
    form.click("main form.stacked button[type=submit]")

    dashboard.wait_for_function(
        "(document.getElementById('chart-focus').data || [{x: []}])[0].x.length === 1", timeout=30000
    )
    dashboard.wait_for_function(
        "document.querySelector('.card[data-key=sessions] .card-value').textContent.trim() === '1'"
    )
    assert dashboard.evaluate("window.__notReloaded") is True
    assert dashboard.is_hidden("#empty-state")
    assert "analysed" in dashboard.text_content("#notice")


def test_the_session_page_marks_the_attended_words_and_shows_html_as_text(
    browser_context, make_live_user, live_worker
):
    new_context, open_page, _ = browser_context
    alice = make_live_user("alice")
    from tests.live.stack import api

    journal = "<script>window.__hacked = 1</script> Scrolled TikTok and Instagram on my phone for an hour."
    _, created = api(
        alice.base_url,
        "POST",
        "/api/v1/sessions/",
        alice.token,
        {
            "subject": "History",
            "started_at": "2026-05-04T09:00:00Z",
            "ended_at": "2026-05-04T10:00:00Z",
            "journal": journal,
        },
    )
    wait_for(lambda: StudySession.objects.get(id=created["id"]).analysis_status == "done", 30, "the analysis")
    context = new_context(viewport=DESKTOP)
    sign_in(context, alice)

    page = open_page(context, f"/sessions/{created['id']}/")

    marks = page.locator("mark.attention[data-theme=digital]")
    assert marks.count() >= 1
    assert marks.first.get_attribute("title").startswith("Phone and online")
    assert "<script>window.__hacked = 1</script>" in page.text_content("#journal")
    assert page.evaluate("window.__hacked") is None
    page.wait_for_selector("#chart-themes .main-svg")


@pytest.fixture
def lived_in_user(make_live_user):
    user = make_live_user("mei")
    now = timezone.now()
    themes = [
        ["digital"],
        ["fatigue", "digital"],
        [],
        ["people"],
        ["stress", "planning"],
        ["environment"],
        ["body"],
    ]
    for day in range(30):
        analysed_session(
            user=user.user,
            started_at=now - timedelta(days=day, hours=day % 5 + 1),
            score=40 + (day * 37) % 55,
            labels=themes[day % len(themes)],
            minutes=25 + (day * 13) % 90,
            subject=["高等数学", "English"][day % 2],
        )
    return user


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_dashboard_in_each_language_scheme_and_width(
    browser_context, lived_in_user, language, scheme, viewport
):
    new_context, open_page, _ = browser_context
    lived_in_user.user.profile.language = language
    lived_in_user.user.profile.save()
    context = new_context(viewport=viewport, color_scheme=scheme)
    sign_in(context, lived_in_user)

    page = open_page(context, "/dashboard/?range=30d")
    plots_drawn(page)

    assert page.text_content("h1") == ("仪表盘" if language == "zh-hans" else "Dashboard")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(22, 24, 28)") == (scheme == "dark")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = "phone" if viewport is PHONE else "desktop"
    page.screenshot(path=SCREENSHOTS / f"dashboard-{language}-{scheme}-{width}.png", full_page=True)


def test_no_page_logs_a_console_error(browser_context, lived_in_user):
    new_context, open_page, watch = browser_context
    anonymous = new_context(viewport=DESKTOP, bypass_csp=False)
    for path in ("/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        open_page(anonymous, path).wait_for_load_state("networkidle")

    context = new_context(viewport=DESKTOP, bypass_csp=False)
    sign_in(context, lived_in_user)
    session = StudySession.objects.filter(user=lived_in_user.user).first()
    for path in (
        "/dashboard/",
        "/sessions/",
        "/sessions/new/",
        f"/sessions/{session.id}/",
        f"/sessions/{session.id}/edit/",
        "/timer/",
        "/settings/",
        "/api/docs/",
        "/coach/",
        "/checkin/",
        "/help/focus-score/",
    ):
        open_page(context, path).wait_for_load_state("networkidle")
    assert watch.errors == []


def test_not_for_me_keeps_the_readers_place_and_can_be_undone(browser_context, lived_in_user):
    new_context, open_page, _ = browser_context
    context = new_context(viewport=DESKTOP)
    sign_in(context, lived_in_user)
    page = open_page(context, "/dashboard/")
    first = page.locator("#coach-panel .recommendation").first
    tip = first.get_attribute("data-tip")
    page.evaluate("window.__stayed = true")

    first.locator("button[value=not_for_me]").click()
    undo = page.locator("#coach-panel .feedback-note button.undo")
    undo.wait_for()

    assert page.evaluate("window.__stayed") is True
    assert page.evaluate("document.activeElement.classList.contains('undo')") is True
    undo.click()
    page.wait_for_function(
        f"document.querySelector('#coach-panel .recommendation[data-tip=\"{tip}\"] form.feedback')"
    )
    assert page.evaluate("window.__stayed") is True
