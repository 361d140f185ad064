"""The weekly digest: built by beat for each user once their week has closed, stored,
viewable, and emailed once to those who opted in."""

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from coach.coaching.digests import closed_week_start, digest_send, due_digests
from coach.coaching.tasks import build_weekly_digest, queue_weekly_digests
from coach.models import WeeklyDigest
from tests.factories import CheckInFactory, StudySessionFactory, WeeklyDigestFactory, analysed_session

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEK = date(2026, 3, 2)  # a Monday


@pytest.fixture
def shanghai_alice(alice):
    alice.email = "alice@example.com"
    alice.save()
    alice.profile.time_zone = "Asia/Shanghai"
    alice.profile.weekly_goal_hours = 10
    alice.profile.save()
    return alice


def known_week(user):
    """Four weeks of tired, short-sleep days every other day, and then the known week:
    6 sessions of 60 minutes (one with 30 of them paused) between Monday and Sunday,
    Shanghai time; fatigue in 3, digital in 2, stress in 1."""
    for day in range(28):
        when = datetime(2026, 2, 2, 10, 0, tzinfo=SHANGHAI) + timedelta(days=day)
        short = day % 2 == 0
        CheckInFactory(user=user, day=when.date(), hours_slept=5 if short else 8)
        analysed_session(
            user=user, started_at=when, score=48 if short else 72, labels=["fatigue"] if short else []
        )
    labels = [["fatigue", "digital"], ["fatigue"], ["fatigue", "digital"], ["stress"], [], []]
    for day, themes in enumerate(labels):
        analysed_session(
            user=user,
            started_at=datetime(2026, 3, 2 + day, 9, 0, tzinfo=SHANGHAI),
            minutes=60,
            score=60,
            labels=themes,
            paused_seconds=1800 if day == 0 else 0,
        )
    # Just outside the week on either side, in Shanghai time (inside it in UTC for the first).
    analysed_session(
        user=user, started_at=datetime(2026, 3, 1, 23, 30, tzinfo=SHANGHAI), score=60, minutes=20
    )
    analysed_session(user=user, started_at=datetime(2026, 3, 9, 0, 30, tzinfo=SHANGHAI), score=60, minutes=20)


def test_the_digest_task_builds_the_right_summary_for_a_known_week(shanghai_alice):
    known_week(shanghai_alice)

    build_weekly_digest(shanghai_alice.id, WEEK.isoformat())

    digest = WeeklyDigest.objects.get(user=shanghai_alice, week_start=WEEK)
    assert digest.sessions == 6
    assert digest.focus_minutes == 5 * 60 + 30
    assert digest.goal_hours == 10
    assert digest.top_themes == [
        {"code": "fatigue", "sessions": 3},
        {"code": "digital", "sessions": 2},
        {"code": "stress", "sessions": 1},
    ]
    assert digest.insight["kind"] == "sleep"
    assert digest.insight["shown"]
    # Up to the week's end: the 14 long nights plus Sunday night's late session (60), against
    # the 14 short ones; the week's own sessions have no check-in.
    assert (digest.insight["a_n"], digest.insight["b_n"]) == (15, 14)
    assert digest.insight["a_mean"] == pytest.approx((14 * 72 + 60) / 15)
    assert digest.insight["b_mean"] == 48
    assert len(digest.recommendations) == 3
    assert digest.recommendations[0]["tip"] == "sleep_phone_outside"


def test_building_a_week_twice_keeps_one_digest(shanghai_alice):
    known_week(shanghai_alice)

    build_weekly_digest(shanghai_alice.id, WEEK.isoformat())
    build_weekly_digest(shanghai_alice.id, WEEK.isoformat())

    assert WeeklyDigest.objects.filter(user=shanghai_alice).count() == 1


@pytest.mark.parametrize(
    ("now", "zone", "week"),
    [
        # Monday 05:00 in Shanghai: last week is not closed yet, the one before is.
        (datetime(2026, 3, 8, 21, 0, tzinfo=ZoneInfo("UTC")), "Asia/Shanghai", date(2026, 2, 23)),
        # Monday 07:00 in Shanghai: last week has closed.
        (datetime(2026, 3, 8, 23, 0, tzinfo=ZoneInfo("UTC")), "Asia/Shanghai", date(2026, 3, 2)),
        # The same instant is still Sunday in New York.
        (datetime(2026, 3, 8, 23, 0, tzinfo=ZoneInfo("UTC")), "America/New_York", date(2026, 2, 23)),
        (datetime(2026, 3, 12, 12, 0, tzinfo=ZoneInfo("UTC")), "UTC", date(2026, 3, 2)),
    ],
)
def test_a_week_closes_on_monday_morning_in_the_users_time_zone(now, zone, week):
    assert closed_week_start(now=now, zone=ZoneInfo(zone)) == week


def test_the_beat_task_queues_one_digest_per_user_whose_week_has_closed(shanghai_alice, bob):
    StudySessionFactory(user=shanghai_alice, started_at=datetime(2026, 3, 3, 9, tzinfo=SHANGHAI))
    StudySessionFactory(user=bob, started_at=datetime(2026, 3, 10, 9, tzinfo=SHANGHAI))
    monday_morning = datetime(2026, 3, 9, 8, 0, tzinfo=SHANGHAI)

    # Bob started after that week: he has no week to sum up yet.
    assert due_digests(now=monday_morning) == [(shanghai_alice.id, WEEK)]

    WeeklyDigestFactory(user=shanghai_alice, week_start=WEEK)
    assert due_digests(now=monday_morning) == []


def test_the_beat_task_queues_builds_by_id(shanghai_alice):
    StudySessionFactory(user=shanghai_alice, started_at=datetime(2026, 1, 5, 9, tzinfo=SHANGHAI))

    with mock.patch("coach.coaching.tasks.build_weekly_digest.apply_async") as send:
        assert queue_weekly_digests() == 1

    user_id, week = send.call_args.kwargs["args"]
    assert user_id == shanghai_alice.id
    assert date.fromisoformat(week).weekday() == 0


def test_the_weekly_digest_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "coach.tasks.queue_weekly_digests" in tasks


def test_the_digest_is_emailed_once_in_the_users_language_to_those_who_opted_in(shanghai_alice):
    shanghai_alice.profile.weekly_digest_email = True
    shanghai_alice.profile.language = "zh-hans"
    shanghai_alice.profile.save()
    known_week(shanghai_alice)

    build_weekly_digest(shanghai_alice.id, WEEK.isoformat())
    build_weekly_digest(shanghai_alice.id, WEEK.isoformat())

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert "手机不进卧室" in message.body
    assert "5.5" in message.body
    html = message.alternatives[0][0]
    assert "今晚：把手机放在卧室外充电" in html
    assert f"/coach/digests/{WeeklyDigest.objects.get().id}/" in message.body
    assert WeeklyDigest.objects.get().emailed_at is not None


def test_users_who_did_not_opt_in_get_no_email(shanghai_alice):
    known_week(shanghai_alice)

    build_weekly_digest(shanghai_alice.id, WEEK.isoformat())

    assert mail.outbox == []
    assert WeeklyDigest.objects.get().emailed_at is None


def test_a_failed_send_is_retried_rather_than_lost(shanghai_alice):
    shanghai_alice.profile.weekly_digest_email = True
    shanghai_alice.profile.save()
    digest = WeeklyDigestFactory(user=shanghai_alice, week_start=WEEK)

    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("smtp down")):
        with pytest.raises(OSError):
            digest_send(digest=digest)
    digest.refresh_from_db()
    assert digest.emailed_at is None

    assert digest_send(digest=digest) is True
    assert len(mail.outbox) == 1


def test_the_digest_page_shows_the_week(alice_client, shanghai_alice):
    known_week(shanghai_alice)
    build_weekly_digest(shanghai_alice.id, WEEK.isoformat())
    digest = WeeklyDigest.objects.get()

    listing = alice_client.get("/coach/digests/").content.decode()
    page = alice_client.get(f"/coach/digests/{digest.id}/").content.decode()

    assert f"/coach/digests/{digest.id}/" in listing
    assert "5.5 of 10 hours" in page
    assert "Tiredness and sleep" in page
    assert "Keep the phone out of the bedroom" in page
    assert "after shorter nights, 48 (14 sessions)" in page


def test_another_users_digest_is_not_found(client, bob, alice):
    digest = WeeklyDigestFactory(user=alice, week_start=WEEK)
    client.force_login(bob)

    assert client.get(f"/coach/digests/{digest.id}/").status_code == 404
    assert f"/coach/digests/{digest.id}/" not in client.get("/coach/digests/").content.decode()


def test_the_user_opts_in_to_the_email_on_the_digest_page(alice_client, alice):
    alice_client.post("/coach/digests/email/", {"weekly_digest_email": "on"})
    alice.profile.refresh_from_db()
    assert alice.profile.weekly_digest_email is True

    alice_client.post("/coach/digests/email/", {})
    alice.profile.refresh_from_db()
    assert alice.profile.weekly_digest_email is False
