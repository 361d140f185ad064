"""The coaching page, the check-in page, the digest pages and the dashboard panel: what a
user sees, in English and in Chinese, and the feedback buttons."""

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from coach.coaching.recommendations import recommendations_recompute
from coach.models import TipFeedback
from tests.factories import CheckInFactory, WeeklyDigestFactory, analysed_session


def tired_history(user):
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=20)
    for day in range(20):
        when = start + timedelta(days=day)
        short = day % 2 == 0
        CheckInFactory(user=user, day=when.date(), hours_slept=5.0 if short else 8.0)
        analysed_session(
            user=user,
            started_at=when,
            score=(48 if short else 71) + (day % 3) - 1,
            labels=["fatigue", "digital"] if short else ["digital"] if day % 5 == 1 else [],
        )


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def chinese(alice):
    alice.profile.language = "zh-hans"
    alice.profile.save()
    return alice


def test_the_coaching_page_shows_insights_recommendations_and_feedback_buttons(alice_client, alice):
    tired_history(alice)

    text = visible_text(alice_client.get("/coach/").content.decode())

    assert "Keep the phone out of the bedroom" in text
    assert "Tonight: the phone charges outside the bedroom" in text
    assert "after shorter nights, 48 (10 sessions)" in text
    assert "Difference: +23 points" in text
    assert text.count("Not for me") >= 3
    assert "Comparisons without a conclusion yet" in text


def test_a_new_user_sees_how_the_coach_will_fill_up(alice_client):
    text = visible_text(alice_client.get("/coach/").content.decode())

    assert "No suggestions yet." in text
    assert (
        "No clear pattern yet. An insight appears once each group it compares has at least 5 sessions" in text
    )
    assert "can only be compared once you check in daily" in text


def test_not_for_me_on_the_page_takes_the_tip_away(alice_client, alice):
    tired_history(alice)
    alice_client.get("/coach/")

    response = alice_client.post(
        "/coach/feedback/", {"tip": "sleep_phone_outside", "verdict": "not_for_me", "next": "/coach/"}
    )

    assert response.status_code == 302 and response["Location"] == "/coach/"
    page = alice_client.get("/coach/").content.decode()
    assert "Keep the phone out of the bedroom" not in page
    assert "Wake at the same time every day" in page


def test_feedback_never_redirects_off_site(alice_client, alice):
    response = alice_client.post(
        "/coach/feedback/",
        {"tip": "sleep_phone_outside", "verdict": "helpful", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/coach/"


def test_bad_feedback_on_the_page_changes_nothing(alice_client, alice):
    alice_client.post("/coach/feedback/", {"tip": "sleep_phone_outside", "verdict": "love it"})
    assert not alice.tip_feedback.exists()


def test_the_panel_include_renders_the_top_three_with_a_stable_id(alice):
    tired_history(alice)
    recommendations = recommendations_recompute(user=alice)
    request = RequestFactory().get("/dashboard/")
    request.user = alice

    html = render_to_string("includes/coach_panel.html", {"request": request, "user": alice}, request=request)

    assert 'id="coach-panel"' in html
    assert html.count('class="recommendation"') == 3
    assert [tip for tip in re.findall(r'data-tip="([a-z_]+)"', html)] == [r.tip for r in recommendations[:3]]
    assert 'name="next" value="/dashboard/"' in html
    assert "coach/coach_panel.js" in html


def test_the_panel_fragment_is_what_the_live_update_fetches(alice_client, alice):
    tired_history(alice)

    html = alice_client.get("/coach/panel/?size=3&next=/dashboard/").content.decode()

    assert html.lstrip().startswith('<section id="coach-panel"')
    assert html.count('class="recommendation"') == 3
    assert 'name="next" value="/dashboard/"' in html


@pytest.mark.parametrize("path", ["/coach/", "/checkin/", "/coach/digests/", "/coach/panel/"])
def test_the_pages_render_in_english(alice_client, alice, path):
    tired_history(alice)

    response = alice_client.get(path)

    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode() or path == "/coach/panel/"


def test_the_coaching_page_renders_in_chinese(client, chinese):
    tired_history(chinese)
    client.force_login(chinese)

    page = client.get("/coach/").content.decode()

    assert 'lang="zh-hans"' in page
    assert "手机不进卧室" in page
    assert "今晚：把手机放在卧室外充电，用闹钟叫醒自己。" in page
    assert "睡眠" in page  # the family's name


@pytest.mark.parametrize("path", ["/checkin/", "/coach/digests/", "/coach/panel/"])
def test_the_other_coach_pages_render_in_chinese(client, chinese, path):
    tired_history(chinese)
    client.force_login(chinese)

    response = client.get(path)

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hans"


def test_the_digest_page_renders_in_chinese(client, chinese):
    digest = WeeklyDigestFactory(
        user=chinese,
        recommendations=[{"tip": "digital_other_room", "family": "digital", "reasons": []}],
    )
    client.force_login(chinese)

    page = client.get(f"/coach/digests/{digest.id}/").content.decode()

    assert "手机放到另一个房间" in page
    assert "数字边界" in page


@pytest.mark.parametrize("path", ["/coach/", "/checkin/", "/coach/digests/", "/coach/panel/"])
def test_the_coach_pages_need_a_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_navigation_links_to_the_coach_and_the_check_in(alice_client):
    page = alice_client.get("/sessions/").content.decode()
    assert 'href="/coach/"' in page
    assert 'href="/checkin/"' in page


def test_feedback_from_the_panels_script_answers_json_with_what_to_undo(alice_client, alice):
    tip = "digital_notifications_off"

    answer = alice_client.post(
        "/coach/feedback/", {"tip": tip, "verdict": "not_for_me"}, HTTP_ACCEPT="application/json"
    ).json()
    alice_client.post("/coach/feedback/undo/", {"tip": tip, "previous": answer["previous"] or ""})

    assert answer["previous"] is None
    assert not TipFeedback.objects.filter(user=alice, tip=tip).exists()


def test_undo_puts_back_the_verdict_before_the_last_click(alice_client, alice):
    tip = "digital_notifications_off"
    alice_client.post("/coach/feedback/", {"tip": tip, "verdict": "helpful"})

    answer = alice_client.post(
        "/coach/feedback/", {"tip": tip, "verdict": "not_for_me"}, HTTP_ACCEPT="application/json"
    ).json()
    alice_client.post("/coach/feedback/undo/", {"tip": tip, "previous": answer["previous"]})

    assert TipFeedback.objects.get(user=alice, tip=tip).verdict == "helpful"
