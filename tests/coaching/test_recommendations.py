"""Recommendations: a tip plus why, in the user's numbers; ranked by how often and how
recently a theme appears and by the size of the related insight; changed by feedback;
recomputed and pushed after analyses, once for a quick run of them."""

from datetime import timedelta
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import timezone

from coach.coaching.recommendations import (
    DONE_REST_DAYS,
    NOT_FOR_ME_DAYS,
    feedback_give,
    present,
    recommendation_list,
    recommendations_recompute,
    recompute_mark_clear,
)
from coach.coaching.tasks import recompute_coaching
from coach.models import CoachingState, Recommendation, StudySession, TipFeedback
from coach.realtime.events import user_group
from coach.sessions import analysis
from tests.factories import CheckInFactory, StudySessionFactory, TipFeedbackFactory, analysed_session


def tired_history(user):
    """Twenty days: short nights (5 h) every other day, tired and scoring about 48 after them,
    about 71 after long nights; every session has a goal, so only sleep stands out."""
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=20)
    for day in range(20):
        when = start + timedelta(days=day)
        short = day % 2 == 0
        CheckInFactory(user=user, day=when.date(), hours_slept=5.0 if short else 8.0)
        analysed_session(
            user=user,
            started_at=when,
            score=(48 if short else 71) + (day % 3) - 1,
            labels=["fatigue"] if short else [],
            goal="Two exercises",
        )


def digital_history(user):
    """Phone and online in 1 of the 14 sessions of the two weeks before, in 12 of the last 13."""
    now = timezone.now()
    for day in range(1, 28):
        rising = day < 14
        labels = ["digital"] if (rising and day != 5) or day == 20 else []
        analysed_session(
            user=user, started_at=now - timedelta(days=day, hours=2), score=60, labels=labels, goal="Essay"
        )


def ranked(user) -> list[str]:
    return [recommendation.tip for recommendation in recommendations_recompute(user=user)]


def test_a_user_whose_short_sleep_days_score_lower_gets_the_sleep_recommendation_with_the_right_numbers(
    alice,
):
    tired_history(alice)

    top = present(recommendations_recompute(user=alice)[0])

    assert top["family"] == "sleep"
    assert top["title"] == "Keep the phone out of the bedroom"
    assert top["action"].startswith("Tonight:")
    why = " ".join(top["why"])
    assert "“Tiredness and sleep” was in 5 of your last 10 sessions." in why
    assert "7 of your last 14 check-ins had under 7 hours of sleep." in why
    assert (
        "after nights of 7 hours of sleep or more, your focus averaged 71 (10 sessions); "
        "after shorter nights, 48 (10 sessions)." in why
    )


def test_a_user_with_rising_digital_themes_gets_a_digital_boundaries_tip(alice):
    digital_history(alice)

    recommendations = recommendations_recompute(user=alice)

    assert recommendations[0].family == "digital"
    why = " ".join(present(recommendations[0])["why"])
    assert "“Phone and online” was in 9 of your last 10 sessions." in why
    assert "in 12 of your 13 sessions in the last 14 days, against 1 of 14 in the 14 days before" in why


def test_a_user_without_sessions_gets_no_recommendations(alice):
    assert recommendations_recompute(user=alice) == []


def test_not_for_me_hides_the_tip_and_the_family_offers_its_next_one(alice):
    tired_history(alice)
    assert ranked(alice)[0] == "sleep_phone_outside"

    feedback_give(user=alice, tip="sleep_phone_outside", verdict="not_for_me")

    tips = [r.tip for r in recommendation_list(user=alice)]
    assert "sleep_phone_outside" not in tips
    assert tips[0] == "sleep_fixed_wake"


def test_a_tip_marked_not_for_me_comes_back_only_after_the_documented_while(alice):
    tired_history(alice)
    TipFeedbackFactory(
        user=alice,
        tip="sleep_phone_outside",
        verdict="not_for_me",
        updated_at=timezone.now() - timedelta(days=NOT_FOR_ME_DAYS - 1),
    )
    assert "sleep_phone_outside" not in ranked(alice)

    TipFeedback.objects.filter(user=alice).update(
        updated_at=timezone.now() - timedelta(days=NOT_FOR_ME_DAYS + 1)
    )
    # Back, but behind the family's tips nobody turned down.
    assert "sleep_phone_outside" not in ranked(alice)[:1]
    assert ranked(alice)[0] == "sleep_fixed_wake"


def test_feedback_changes_the_ranking(alice):
    tired_history(alice)
    for session in StudySession.objects.filter(user=alice).order_by("-started_at")[:4]:
        session.theme_labels.create(theme="digital")
    before = [r.family for r in recommendations_recompute(user=alice)]
    assert before.index("sleep") < before.index("digital")

    for tip in ("sleep_phone_outside", "sleep_fixed_wake", "sleep_wind_down"):
        feedback_give(user=alice, tip=tip, verdict="not_for_me")

    after = [r.family for r in recommendation_list(user=alice)]
    assert "sleep" not in after
    assert after.index("digital") < before.index("digital")


def test_done_rests_a_tip_for_a_week_and_the_family_offers_another(alice):
    tired_history(alice)

    feedback_give(user=alice, tip="sleep_phone_outside", verdict="done")
    assert recommendation_list(user=alice)[0].tip == "sleep_fixed_wake"

    TipFeedback.objects.filter(user=alice).update(
        updated_at=timezone.now() - timedelta(days=DONE_REST_DAYS + 1)
    )
    assert ranked(alice)[0] == "sleep_phone_outside"


def test_helpful_lifts_a_tip_above_an_equally_relevant_one(alice):
    # Two themes exactly as frequent and as recent: the tips tie until one is marked helpful.
    now = timezone.now()
    for day in range(1, 11):
        analysed_session(
            user=alice,
            started_at=now - timedelta(days=day),
            score=60,
            labels=["environment", "people"] if day % 2 else [],
            goal="Read",
        )
    tie = ranked(alice)
    assert {tie[0], tie[1]} == {"workspace_clear_desk", "people_tell_them"}
    lower = tie[1]

    feedback_give(user=alice, tip=lower, verdict="helpful")

    recommendations = [present(r) for r in recommendation_list(user=alice)]
    assert recommendations[0]["tip"] == lower
    assert "You marked this tip helpful." in recommendations[0]["why"]


def test_recompute_stores_the_recommendations_and_the_insights(alice):
    tired_history(alice)

    recommendations_recompute(user=alice)
    recommendations_recompute(user=alice)

    assert Recommendation.objects.filter(user=alice).count() == len(recommendation_list(user=alice))
    state = CoachingState.objects.get(user=alice)
    assert any(insight["kind"] == "sleep" and insight["shown"] for insight in state.insights)


def test_another_users_data_never_enters_the_recommendations(alice, bob):
    tired_history(alice)

    assert recommendations_recompute(user=bob) == []
    assert Recommendation.objects.filter(user=alice).count() == 0


@pytest.fixture
def fake_classifier():
    classifier = mock.Mock(model_version="test")
    with mock.patch("coach.sessions.analysis.get_classifier", return_value=classifier):
        yield classifier


@pytest.fixture
def recompute_mark_cleared(alice):
    recompute_mark_clear(alice.id)
    yield
    recompute_mark_clear(alice.id)


def test_analyses_of_one_user_in_quick_succession_queue_one_delayed_recompute(
    alice, fake_classifier, recompute_mark_cleared, django_capture_on_commit_callbacks, settings
):
    sessions = [StudySessionFactory(user=alice, journal="") for _ in range(3)]

    with mock.patch("coach.queue.send") as send:
        with django_capture_on_commit_callbacks(execute=True):
            for session in sessions:
                analysis.analyse(session_id=session.id, revision=1)

    send.assert_called_once()
    assert send.call_args.kwargs["args"] == (alice.id,)
    assert send.call_args.kwargs["countdown"] == settings.COACH_RECOMPUTE_DELAY_SECONDS


def test_the_recompute_task_tells_the_users_pages_and_lets_the_next_analysis_queue_again(
    alice, fake_classifier, recompute_mark_cleared, django_capture_on_commit_callbacks, settings
):
    tired_history(alice)
    first, second = StudySessionFactory(user=alice, journal=""), StudySessionFactory(user=alice, journal="")
    # The pub/sub layer serves one event loop, and each async_to_sync call below has its own.
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group(alice.id), channel)
    try:
        with mock.patch("coach.queue.send") as send:
            with django_capture_on_commit_callbacks(execute=True):
                analysis.analyse(session_id=first.id, revision=1)
            with django_capture_on_commit_callbacks(execute=True):
                recompute_coaching(alice.id)
            with django_capture_on_commit_callbacks(execute=True):
                analysis.analyse(session_id=second.id, revision=1)
        events = [async_to_sync(layer.receive)(channel)["event"] for _ in range(3)]
    finally:
        async_to_sync(layer.group_discard)(user_group(alice.id), channel)

    assert [event["type"] for event in events] == ["session.analysed", "coach.updated", "session.analysed"]
    assert events[1]["coach"]["recommendations"][0]["family"] == "sleep"
    assert Recommendation.objects.filter(user=alice, family="sleep", rank=1).exists()
    assert send.call_count == 2


def test_the_coach_updated_event_carries_the_top_three(alice, django_capture_on_commit_callbacks):
    tired_history(alice)
    with mock.patch("coach.realtime.events._send") as send:
        with django_capture_on_commit_callbacks(execute=True):
            recommendations = recommendations_recompute(user=alice)

    user_id, event = send.call_args.args
    assert user_id == alice.id
    assert event["type"] == "coach.updated"
    assert event["version"] == 1
    assert [r["tip"] for r in event["coach"]["recommendations"]] == [r.tip for r in recommendations[:3]]


def test_a_coaching_error_never_fails_an_analysis(
    alice, fake_classifier, recompute_mark_cleared, caplog, django_capture_on_commit_callbacks
):
    session = StudySessionFactory(user=alice, journal="")

    # The queue is down, so the recompute runs in place, and fails.
    with (
        mock.patch("coach.queue.send", side_effect=ConnectionError("down")),
        mock.patch(
            "coach.coaching.recommendations.recommendations_recompute",
            side_effect=RuntimeError("coach broke"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = analysis.analyse(session_id=session.id, revision=1)

    assert result is not None
    session.refresh_from_db()
    assert session.analysis_status == StudySession.AnalysisStatus.DONE
    assert "Could not recompute the coaching" in caplog.text


def test_the_coach_api_answers_in_the_users_language(alice, alice_api):
    tired_history(alice)
    alice.profile.language = "zh-hans"
    alice.profile.save()

    body = alice_api.get("/api/v1/coach/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()

    assert body["recommendations"][0]["title"] == "手机不进卧室"
    assert body["recommendations"][0]["action"].startswith("今晚")
    assert body["insights"][0]["kind"] == "sleep"
    assert body["insights"][0]["a_n"] == 10


def test_feedback_through_the_api_changes_the_recommendations(alice, alice_api):
    tired_history(alice)
    recommendations_recompute(user=alice)

    response = alice_api.post(
        "/api/v1/coach/feedback/", {"tip": "sleep_phone_outside", "verdict": "not_for_me"}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["verdict"] == "not_for_me"
    tips = [r["tip"] for r in alice_api.get("/api/v1/coach/recommendations/").json()]
    assert "sleep_phone_outside" not in tips


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"tip": "no_such_tip", "verdict": "done"}, "tip"),
        ({"tip": "sleep_phone_outside", "verdict": "meh"}, "verdict"),
        ({"tip": "sleep_phone_outside", "verdict": "done", "score": 99}, "score"),
        ({"verdict": "done"}, "tip"),
    ],
)
def test_bad_feedback_names_the_field_and_changes_nothing(alice_api, payload, field):
    response = alice_api.post("/api/v1/coach/feedback/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert TipFeedback.objects.count() == 0


def test_feedback_is_per_user(alice, bob, bob_api):
    tired_history(alice)
    recommendations_recompute(user=alice)

    bob_api.post(
        "/api/v1/coach/feedback/", {"tip": "sleep_phone_outside", "verdict": "not_for_me"}, format="json"
    )

    assert recommendation_list(user=alice)[0].tip == "sleep_phone_outside"
    assert bob_api.get("/api/v1/coach/recommendations/").json() == []
