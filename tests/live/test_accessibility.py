"""axe-core on every page, in both colour schemes and both languages: no serious or critical
violation (names for every control and chart, WCAG AA contrast, labels, landmarks)."""

from pathlib import Path

import pytest

from coach.models import StudySession, Timer, WeeklyDigest
from coach.sessions.timer import timer_start
from tests.factories import WeeklyDigestFactory
from tests.live.conftest import sign_in
from tests.live.test_browser import DESKTOP, lived_in_user  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
ANONYMOUS_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/offline/"]
SIGNED_IN_PAGES = [
    "/dashboard/",
    "/sessions/",
    "/sessions/new/",
    "/sessions/{session}/",
    "/sessions/{session}/edit/",
    "/timer/",
    "/settings/",
    "/settings/reminders/",
    "/settings/delete/",
    "/coach/",
    "/checkin/",
    "/coach/digests/",
    "/coach/digests/{digest}/",
    "/help/focus-score/",
    "/classifier/",
    "/settings/data/",
]


def serious_violations(page) -> list[str]:
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


# Both schemes and both languages, each page twice rather than four times: contrast depends
# on the scheme, text length on the language, and the suite stays well under its budget.
@pytest.mark.parametrize(("scheme", "language"), [("light", "en"), ("dark", "zh-hans")])
def test_no_page_has_a_serious_accessibility_violation(browser_context, lived_in_user, language, scheme):  # noqa: F811
    new_context, open_page, _ = browser_context
    lived_in_user.user.profile.language = language
    lived_in_user.user.profile.save()
    session = StudySession.objects.filter(user=lived_in_user.user, analysis_status="done").first()
    digest = WeeklyDigest.objects.filter(user=lived_in_user.user).first() or WeeklyDigestFactory(
        user=lived_in_user.user
    )
    if not Timer.objects.filter(user=lived_in_user.user).exists():
        # The page with the most on it: a Pomodoro timer's period, buttons and settings.
        timer_start(user=lived_in_user.user, subject="Organic chemistry", mode="pomodoro")
    anonymous = new_context(viewport=DESKTOP, color_scheme=scheme)
    anonymous.add_cookies([{"name": "django_language", "value": language, "url": lived_in_user.base_url}])
    signed_in = new_context(viewport=DESKTOP, color_scheme=scheme)
    sign_in(signed_in, lived_in_user)

    found = {}
    for path in ANONYMOUS_PAGES:
        found[path] = serious_violations(open_page(anonymous, path))
    for path in SIGNED_IN_PAGES:
        address = path.format(session=session.id, digest=digest.id)
        found[address] = serious_violations(open_page(signed_in, address))

    assert {path: problems for path, problems in found.items() if problems} == {}
