"""A new user's dashboard with 0, 1, 2 and 5 sessions, as Plotly draws it in Chromium: axes
show dates and whole counts, ranges pad to something sensible, nothing outgrows its chart."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import analysed_session
from tests.live.conftest import SCREENSHOTS, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
THEMES_BY_SESSION = [["digital"], [], ["fatigue", "digital"], ["people"], ["stress", "planning"]]

# What the page's charts look like once drawn: every axis's tick texts and range, and where
# the legend sits against the chart's own box.
READ_CHARTS = """() => {
  const charts = {};
  for (const node of document.querySelectorAll('#dashboard .plot')) {
    const full = node._fullLayout;
    const box = node.getBoundingClientRect();
    const legend = node.querySelector('.legend');
    charts[node.id] = {
      x: {type: full.xaxis.type, range: full.xaxis.range, visible: full.xaxis.visible,
          ticks: [...node.querySelectorAll('.xtick text')].map(t => t.textContent)},
      y: {type: full.yaxis.type, range: full.yaxis.range,
          ticks: [...node.querySelectorAll('.ytick text')].map(t => t.textContent)},
      box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom},
      legend: legend ? legend.getBoundingClientRect().toJSON() : null,
      plotWidth: full._size.w,
      width: full.width,
    };
  }
  return charts;
}"""


def user_with_sessions(make_live_user, count: int, *, themes=THEMES_BY_SESSION):
    user = make_live_user(f"first{count}")
    now = timezone.now()
    for index in range(count):
        analysed_session(
            user=user.user,
            started_at=now - timedelta(days=index, hours=2),
            score=55 + 7 * index,
            labels=themes[index % len(themes)],
            minutes=[12, 35, 50, 25, 80][index],
        )
    return user


def open_dashboard(browser_context, user, viewport, scheme, path="/dashboard/"):
    new_context, open_page, _ = browser_context
    context = new_context(viewport=viewport, color_scheme=scheme)
    sign_in(context, user)
    return open_page(context, path)


def number(text: str) -> float:
    return float(text.replace("\u2212", "-").replace(",", ""))


def assert_charts_read_right(charts: dict, years: set[int]) -> None:
    focus = charts["chart-focus"]
    assert focus["x"]["type"] == "date"
    for tick in focus["x"]["ticks"]:
        assert not re.search(r"\d:\d\d:\d\d|\d\.\d", tick), f"sub-minute tick on the date axis: {tick!r}"
    assert {int(end[:4]) for end in focus["x"]["range"]} <= years, focus["x"]["range"]

    for name in ("chart-themes_weekly",):
        for tick in charts[name]["y"]["ticks"]:
            assert re.fullmatch(r"\d+", tick), f"{name}: a count axis shows {tick!r}"
        for tick in charts[name]["x"]["ticks"]:
            assert "2000" not in tick

    for tick in charts["chart-length"]["x"]["ticks"]:
        assert number(tick) >= 0, f"negative minutes on the length axis: {tick!r}"
    assert charts["chart-length"]["x"]["range"][0] >= 0

    for name, chart in charts.items():
        legend = chart["legend"]
        if legend and legend["width"]:
            box = chart["box"]
            assert box["left"] - 1 <= legend["left"] and legend["right"] <= box["right"] + 1, name
            assert box["top"] - 1 <= legend["top"] and legend["bottom"] <= box["bottom"] + 1, name


def test_a_new_user_with_no_session_sees_the_welcome_not_empty_charts(browser_context, make_live_user):
    user = user_with_sessions(make_live_user, 0)

    page = open_dashboard(browser_context, user, PHONE, "light")

    assert page.is_visible("#empty-state")
    assert page.is_hidden("#dashboard")
    assert page.is_hidden("#no-match")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "first-hour-0-sessions-phone-light.png", full_page=True)


@pytest.mark.parametrize("count", [1, 2, 5])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_charts_read_right_for_a_handful_of_sessions(
    browser_context, make_live_user, count, viewport, scheme
):
    user = user_with_sessions(make_live_user, count)

    page = open_dashboard(browser_context, user, viewport, scheme)
    page.wait_for_function(
        "[...document.querySelectorAll('#dashboard .plot')].every(node => node.querySelector('.main-svg'))"
    )

    this_year = timezone.now().year
    charts = page.evaluate(READ_CHARTS)
    assert_charts_read_right(charts, years={this_year - 1, this_year, this_year + 1})
    share = charts["chart-theme_share"]
    assert share["plotWidth"] >= 0.5 * share["width"], "the theme names crowd out the bars"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
    width = "phone" if viewport is PHONE else "desktop"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"first-hour-{count}-sessions-{width}-{scheme}.png", full_page=True)


def test_one_session_without_a_theme_draws_no_made_up_weeks(browser_context, make_live_user):
    user = user_with_sessions(make_live_user, 1, themes=[[]])

    page = open_dashboard(browser_context, user, DESKTOP, "light")
    page.wait_for_selector("#chart-themes_weekly .main-svg")

    charts = page.evaluate(READ_CHARTS)
    assert charts["chart-themes_weekly"]["x"]["ticks"] == []
    assert "No data in this range yet" in page.text_content("#chart-themes_weekly")


def test_a_subject_that_matches_nothing_says_so_to_a_user_with_history(browser_context, make_live_user):
    user = user_with_sessions(make_live_user, 5)

    page = open_dashboard(
        browser_context, user, DESKTOP, "light", path="/dashboard/?range=30d&subject=Astrophysics"
    )

    assert page.is_visible("#no-match")
    assert "no sessions for this subject in this range" in page.text_content("#no-match")
    assert page.is_hidden("#empty-state")


def test_on_a_phone_the_sessions_table_keeps_readable_headers(browser_context, make_live_user):
    user = user_with_sessions(make_live_user, 5)

    page = open_dashboard(browser_context, user, PHONE, "light", path="/sessions/")

    headers = page.evaluate(
        "[...document.querySelectorAll('table th')].filter(th => th.offsetParent !== null)"
        ".map(th => th.scrollWidth <= th.clientWidth + 1)"
    )
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('table.sessions td:not(:first-child)')]"
        ".filter(td => !getComputedStyle(td, '::before').content.includes(td.dataset.label || '?')).length"
    )
    assert all(headers)
    assert unlabelled == 0  # with the header row hidden, every value names its column
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "sessions-5-phone-light.png", full_page=True)
