"""Reminders come at the user's local time, once a day, never to someone who turned them
off or left; a late one is sent if it still helps, and skipped otherwise."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from coach.models import Reminder, Timer
from coach.reminders import schedule
from tests.factories import CheckInFactory, UserFactory

pytestmark = pytest.mark.django_db


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def reminder_for(time_zone: str, kind=Reminder.Kind.CHECK_IN, at=time(21, 0)) -> Reminder:
    user = UserFactory(profile__time_zone=time_zone)
    return Reminder.objects.create(user=user, kind=kind, local_time=at, enabled=True)


def beat_every_minute(start: datetime, minutes: int) -> list[tuple[datetime, int]]:
    """Run the beat's claim once a minute; each (time, reminder id) claimed for sending."""
    sent = []
    for minute in range(minutes):
        now = start + timedelta(minutes=minute)
        sent += [(now, reminder_id) for reminder_id in schedule.claim_due(now)]
    return sent


def test_a_reminder_comes_at_the_local_time_in_each_time_zone_and_once():
    shanghai = reminder_for("Asia/Shanghai")  # 21:00 there is 13:00 UTC
    new_york = reminder_for("America/New_York")  # 21:00 EST is 02:00 UTC the next day

    sent = beat_every_minute(utc(2026, 12, 7, 12, 0), 16 * 60)

    assert sent == [(utc(2026, 12, 7, 13, 0), shanghai.pk), (utc(2026, 12, 8, 2, 0), new_york.pk)]


def test_the_next_day_brings_the_next_reminder():
    reminder = reminder_for("Europe/Paris", at=time(8, 30))

    sent = beat_every_minute(utc(2026, 12, 7, 7, 0), 2 * 24 * 60)

    assert [when for when, _ in sent] == [utc(2026, 12, 7, 7, 30), utc(2026, 12, 8, 7, 30)]
    assert {reminder_id for _, reminder_id in sent} == {reminder.pk}


def test_on_the_day_the_clocks_go_forward_a_skipped_time_is_reminded_at_the_jump():
    # Europe/Berlin, 2027-03-28: 02:00 CET becomes 03:00 CEST (01:00 UTC).
    reminder = reminder_for("Europe/Berlin", kind=Reminder.Kind.STUDY, at=time(2, 30))

    sent = beat_every_minute(utc(2027, 3, 28, 0, 0), 3 * 60)

    assert sent == [(utc(2027, 3, 28, 1, 0), reminder.pk)]


def test_on_the_day_the_clocks_go_back_a_time_that_happens_twice_is_reminded_once():
    # America/New_York, 2026-11-01: 01:30 happens at 05:30 and again at 06:30 UTC.
    reminder = reminder_for("America/New_York", kind=Reminder.Kind.STUDY, at=time(1, 30))

    sent = beat_every_minute(utc(2026, 11, 1, 4, 0), 4 * 60)

    assert sent == [(utc(2026, 11, 1, 5, 30), reminder.pk)]


def test_a_reminder_turned_off_or_without_a_channel_is_never_sent():
    turned_off = reminder_for("UTC")
    turned_off.enabled = False
    turned_off.save()
    no_channel = reminder_for("UTC")
    no_channel.by_email = no_channel.by_push = False
    no_channel.save()

    assert beat_every_minute(utc(2026, 12, 7, 20, 0), 120) == []


def test_a_deleted_account_gets_no_reminder():
    reminder = reminder_for("UTC")
    reminder.user.delete()

    assert beat_every_minute(utc(2026, 12, 7, 20, 0), 120) == []
    assert not Reminder.objects.exists()


def test_a_reminder_found_late_is_sent_while_it_still_helps_and_skipped_after():
    check_in = reminder_for("UTC", kind=Reminder.Kind.CHECK_IN, at=time(21, 0))
    study = reminder_for("UTC", kind=Reminder.Kind.STUDY, at=time(19, 0))

    # The workers come back at 21:45: the check-in (3 hours) still helps, the 19:00 plan
    # (30 minutes) does not, and it is not sent later that day either.
    assert schedule.claim_due(utc(2026, 12, 7, 21, 45)) == [check_in.pk]
    study.refresh_from_db()
    assert study.last_done_on == date(2026, 12, 7)
    assert beat_every_minute(utc(2026, 12, 7, 21, 46), 60) == []


def test_nothing_is_asked_that_is_already_done():
    check_in = reminder_for("UTC", kind=Reminder.Kind.CHECK_IN, at=time(21, 0))
    CheckInFactory(user=check_in.user, day=date(2026, 12, 7))
    study = reminder_for("UTC", kind=Reminder.Kind.STUDY, at=time(21, 0))
    Timer.objects.create(user=study.user, subject="Already at it")

    assert schedule.claim_due(utc(2026, 12, 7, 21, 0)) == []


def test_two_beats_at_once_claim_a_reminder_once():
    reminder = reminder_for("UTC")
    now = utc(2026, 12, 7, 21, 0)
    first_look = list(schedule.candidates(now))
    second_look = list(schedule.candidates(now))

    claims = [schedule.claim(each, date(2026, 12, 7)) for each in (*first_look, *second_look)]

    assert claims == [True, False]
    assert reminder.pk == first_look[0].pk
