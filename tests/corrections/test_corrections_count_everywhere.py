"""A correction is the session's reading from then on: the dashboard, the insights, the
digest, the events and the sessions API count the corrected themes, and a corrected focus
of the text is what the focus score uses."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import timezone

from coach.coaching.digests import week_summary
from coach.coaching.insights import recent_sessions
from coach.coaching.recommendations import recommendations_recompute
from coach.corrections.services import correction_delete, correction_save
from coach.dashboard.selectors import dashboard_data
from coach.models import Recommendation, SessionLabel
from coach.realtime.events import user_group
from coach.sessions.services import session_update
from tests.corrections.conftest import read_session


def test_removing_a_theme_takes_it_out_of_the_dashboard_counts(alice, alice_api):
    phone = read_session(user=alice, labels=["digital"])
    read_session(user=alice, labels=["digital", "fatigue"])

    correction_save(session=phone, labels=[], text_focus=None)

    assert dashboard_data(user=alice, range_key="30d").theme_totals == {"digital": 1, "fatigue": 1}
    body = alice_api.get("/api/v1/dashboard/", {"range": "30d"}).json()
    share = body["figures"]["theme_share"]["data"][0]
    percent = {name.replace("<br>", " "): value for name, value in zip(share["y"], share["x"], strict=True)}
    assert percent["Phone and online"] == 50.0  # one of the two sessions, not both
    assert percent["Tiredness and sleep"] == 50.0


def test_an_added_theme_is_counted_and_drawn_on_the_sessions_point(alice):
    session = read_session(user=alice, labels=[])

    correction_save(session=session, labels=["people"], text_focus=None)

    data = dashboard_data(user=alice, range_key="30d")
    assert data.theme_totals == {"people": 1}
    assert data.points[0]["labels"] == ["people"]


def test_insights_and_the_weekly_digest_read_the_corrected_themes(alice):
    session = read_session(user=alice, labels=["digital"], days_ago=0)

    correction_save(session=session, labels=["stress"], text_focus=None)

    assert recent_sessions(user=alice).last[0]["themes"] == {"stress"}
    today = timezone.localdate()
    summary = week_summary(user=alice, week_start=today - timezone.timedelta(days=today.weekday()))
    assert summary.top_themes == [{"code": "stress", "sessions": 1}]


def test_removing_the_correction_brings_the_models_reading_back(alice):
    session = read_session(user=alice, labels=["digital"])
    correction_save(session=session, labels=["stress"], text_focus=3)

    assert correction_delete(session=session) is True

    assert list(SessionLabel.objects.filter(session=session).values_list("theme", flat=True)) == ["digital"]
    session.analysis.refresh_from_db()
    assert session.analysis.score_breakdown["components"][0]["measure"] == {"rating": 3.0}
    assert correction_delete(session=session) is False


def test_a_corrected_focus_of_the_text_is_what_the_score_uses(alice):
    session = read_session(user=alice, labels=[], text_focus=1.5, self_rating=None, interruptions=0)

    correction_save(session=session, labels=None, text_focus=5)

    session.analysis.refresh_from_db()
    text = next(c for c in session.analysis.score_breakdown["components"] if c["name"] == "text_focus")
    assert text["measure"] == {"rating": 5.0}
    assert text["value"] == 100.0
    assert session.analysis.focus_score == 100.0
    assert session.analysis.text_focus == 1.5  # the model's own reading is kept


def test_the_pages_hear_of_a_correction_with_the_corrected_themes(
    alice, django_capture_on_commit_callbacks, settings
):
    # The pub/sub layer serves one event loop, and each async_to_sync call below has its own.
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    session = read_session(user=alice, labels=["digital"])
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group(alice.id), channel)

    with django_capture_on_commit_callbacks(execute=True):
        correction_save(session=session, labels=["people"], text_focus=None)

    message = async_to_sync(layer.receive)(channel)
    event = message["event"]
    assert event["type"] == "session.corrected"
    assert event["session"]["labels"] == ["people"]
    assert event["session"]["corrected"] is True


def test_the_sessions_api_shows_the_counted_themes_and_the_correction(alice, alice_api):
    session = read_session(user=alice, labels=["digital"])
    correction_save(session=session, labels=["digital", "body"], text_focus=None)

    body = alice_api.get(f"/api/v1/sessions/{session.id}/").json()

    assert body["labels"] == ["digital", "body"]
    assert body["analysis"]["labels"] == ["digital"]
    assert body["correction"]["added"] == ["body"]
    assert body["correction"]["removed"] == []


def test_recommendations_are_chosen_from_the_corrected_themes(alice):
    sessions = [read_session(user=alice, labels=["digital"], days_ago=day) for day in range(1, 4)]

    def themes_behind_the_tips() -> set[str]:
        recommendations_recompute(user=alice)
        return {
            reason["theme"]
            for reasons in Recommendation.objects.filter(user=alice).values_list("reasons", flat=True)
            for reason in reasons
            if reason.get("kind") == "theme"
        }

    assert themes_behind_the_tips() == {"digital"}
    for session in sessions:
        correction_save(session=session, labels=["people"], text_focus=None)
    assert themes_behind_the_tips() == {"people"}


def test_removing_a_correction_while_an_edit_waits_leaves_the_counts_to_the_next_analysis(alice):
    session = read_session(user=alice, labels=["digital"])
    correction_save(session=session, labels=["stress"], text_focus=None)
    session = session_update(session=session, subject="Another subject")

    correction_delete(session=session)

    assert list(SessionLabel.objects.filter(session=session).values_list("theme", flat=True)) == ["stress"]
