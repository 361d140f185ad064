"""The timer page in headless Chromium: the end of a period is announced, Pomodoro breaks
are kept apart from focus, the running timer shows on every page, the keyboard is kept."""

from datetime import datetime, timedelta

import pytest

from coach.models import StudySession, Timer
from tests.live.conftest import SCREENSHOTS, sign_in
from tests.live.stack import api, wait_for

pytestmark = pytest.mark.browser

RECORD_NOTIFICATIONS = """
window.__notifications = [];
const Original = window.Notification;
window.Notification = class extends Original {
  constructor(title, options) {
    super(title, options);
    window.__notifications.push({ title, body: options.body });
  }
};
Object.defineProperty(window.Notification, "permission", { get: () => Original.permission });
window.Notification.requestPermission = (...args) => Original.requestPermission(...args);
localStorage.setItem("focusweb-timer-notify", "on");
"""


def time_passes(user, seconds):
    timer = Timer.objects.get(user=user)
    shift = timedelta(seconds=seconds)
    timer.started_at -= shift
    for period in timer.periods:
        for name in ("started_at", "ended_at"):
            if period[name]:
                period[name] = (datetime.fromisoformat(period[name]) - shift).isoformat()
    timer.save()


def test_a_countdown_that_ends_shows_a_banner_and_a_notification(browser_context, make_live_user):
    new_context, open_page, _ = browser_context
    live_user = make_live_user("countdowner")
    context = new_context(permissions=["notifications"])
    context.add_init_script(RECORD_NOTIFICATIONS)
    sign_in(context, live_user)
    page = open_page(context, "/timer/")
    page.check("#id_mode_1")  # countdown
    page.fill("#id_subject", "Past papers")
    page.fill("#id_planned_minutes", "1")
    page.click("[data-timer-action=start]")
    page.wait_for_selector(".timer[data-mode=countdown]")
    time_passes(live_user.user, 57)
    page.reload()

    page.wait_for_selector("#timer-banner:not([hidden])", timeout=10000)
    assert "planned length: 1 min" in page.text_content("#timer-banner-text")
    page.wait_for_function("window.__notifications.length === 1")
    assert page.evaluate("window.__notifications[0].title") == "Past papers"
    page.screenshot(path=str(SCREENSHOTS / "timer-end-of-period-banner.png"))

    page.reload()  # announced once, not at every load
    page.wait_for_timeout(1500)
    assert page.evaluate("window.__notifications.length") == 0
    assert page.is_hidden("#timer-banner")


def test_a_pomodoro_cycle_driven_by_the_keyboard_keeps_its_break_apart(browser_context, make_live_user):
    new_context, open_page, _ = browser_context
    live_user = make_live_user("pomodorist")
    context = new_context()
    sign_in(context, live_user)
    page = open_page(context, "/timer/")
    page.check("#id_mode_2")  # Pomodoro
    page.fill("#id_subject", "Organic chemistry")
    page.press("#id_subject", "Enter")
    page.wait_for_selector(".timer[data-mode=pomodoro]")
    assert page.evaluate("document.activeElement.dataset.timerAction") == "pause"

    time_passes(live_user.user, 25 * 60)
    page.reload()
    page.wait_for_selector("#timer-banner:not([hidden])")
    assert "break" in page.text_content("#timer-banner-text")
    page.keyboard.press("n")
    page.wait_for_selector("#timer-period[data-kind=short_break]")
    assert page.evaluate("document.activeElement.dataset.timerAction") == "next"

    time_passes(live_user.user, 5 * 60)
    page.keyboard.press("n")
    page.wait_for_selector("#timer-period[data-kind=work]")
    page.keyboard.press("i")
    page.wait_for_function("document.getElementById('timer-interruptions').textContent.includes('1')")
    assert page.evaluate("document.activeElement.dataset.timerAction") == "interrupt"
    page.keyboard.press(" ")
    page.wait_for_selector(".timer[data-state=paused]")
    assert page.evaluate("document.activeElement.dataset.timerAction") == "resume"

    page.click("[data-timer-action=stop]")
    page.fill("#id_journal", "Two rounds. Kept the phone in the other room.")
    page.click("[data-timer-action=save]")
    page.wait_for_url("**/sessions/*/")

    session = StudySession.objects.get(user=live_user.user)
    assert [period["kind"] for period in session.timer_periods] == ["work", "short_break", "work"]
    assert 24.9 <= session.focused_minutes <= 25.5
    assert session.interruptions == 1


def test_a_timer_started_in_one_tab_shows_in_the_navigation_of_another_within_a_second(
    browser_context, make_live_user
):
    new_context, open_page, _ = browser_context
    live_user = make_live_user("twotabs")
    context = new_context()
    sign_in(context, live_user)
    other_tab = open_page(context, "/sessions/")
    assert other_tab.is_hidden("#timer-indicator")

    timer_tab = open_page(context, "/timer/")
    timer_tab.fill("#id_subject", "Reading")
    timer_tab.click("[data-timer-action=start]")
    timer_tab.wait_for_selector(".timer[data-state=running]")

    other_tab.wait_for_selector("#timer-indicator:not([hidden])", timeout=1000)
    other_tab.wait_for_function(
        "/\\d\\d:\\d\\d/.test(document.getElementById('timer-indicator-clock').textContent)"
    )
    assert "running" in other_tab.text_content("#timer-indicator-label")
    other_tab.screenshot(
        path=str(SCREENSHOTS / "timer-running-indicator.png"),
        clip={"x": 0, "y": 0, "width": 1280, "height": 120},
    )
    wait_for(lambda: Timer.objects.filter(user=live_user.user).exists(), 5, "the timer")


def test_a_timer_started_on_another_device_shows_in_the_navigation_through_the_socket(
    browser_context, make_live_user
):
    new_context, open_page, _ = browser_context
    live_user = make_live_user("twodevices")
    laptop = new_context()  # a browser of its own: no BroadcastChannel reaches it
    sign_in(laptop, live_user)
    page = open_page(laptop, "/sessions/")  # a page with no socket of its own
    page.wait_for_function("window.focusLive && window.focusLive.connections === 1")
    assert page.is_hidden("#timer-indicator")

    status, _ = api(
        live_user.base_url, "POST", "/api/v1/timer/start/", live_user.token, {"subject": "Phone timer"}
    )
    assert status == 201

    page.wait_for_selector("#timer-indicator:not([hidden])", timeout=5000)
    assert "running" in page.text_content("#timer-indicator-label")
