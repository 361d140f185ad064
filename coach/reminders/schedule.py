"""When a daily reminder is due, in the user's own time zone, and whether it is still worth
sending.

The rule (also in the README): a reminder is due once the user's local wall clock reaches
its time, and is sent at most once per local day. A time the clocks skip on a daylight-
saving day (02:30 when 02:00 jumps to 03:00) is due at the jump; a time that happens twice
(when the clocks go back) is due the first time. A reminder found late, because workers or
beat were down, is still sent if it is at most `STILL_USEFUL_FOR` late (3 hours for the
check-in, 30 minutes for a planned study time, never after the local day ends), and
otherwise skipped for that day. It is also skipped when it has nothing left to ask: the
day's check-in is already recorded, or a timer is already running.
"""

import zoneinfo
from datetime import date, datetime, timedelta

from django.db.models import Q

from coach.models import CheckIn, Reminder, Timer

STILL_USEFUL_FOR = {
    Reminder.Kind.CHECK_IN: timedelta(hours=3),
    Reminder.Kind.STUDY: timedelta(minutes=30),
}

SEND = "send"
SKIP = "skip"

# Every time zone's local date is at most this far ahead of UTC's.
WIDEST_OFFSET = timedelta(hours=14)


def local_now(time_zone: str, now: datetime) -> datetime:
    return now.astimezone(zoneinfo.ZoneInfo(time_zone))


def decide(reminder: Reminder, *, time_zone: str, now: datetime) -> str | None:
    """SEND, SKIP (too late, or nothing to ask) or None (not yet, or done today)."""
    local = local_now(time_zone, now)
    today = local.date()
    if reminder.last_done_on is not None and reminder.last_done_on >= today:
        return None
    wall_clock = local.replace(tzinfo=None)
    due = datetime.combine(today, reminder.local_time)
    if wall_clock < due:
        return None
    if wall_clock - due > STILL_USEFUL_FOR[reminder.kind]:
        return SKIP
    if nothing_to_ask(reminder, today):
        return SKIP
    return SEND


def nothing_to_ask(reminder: Reminder, today: date) -> bool:
    if reminder.kind == Reminder.Kind.CHECK_IN:
        return CheckIn.objects.filter(user_id=reminder.user_id, day=today).exists()
    return Timer.objects.filter(user_id=reminder.user_id).exists()


def candidates(now: datetime):
    """Reminders that may be due somewhere on Earth now: on, with a channel, not yet done
    on the latest local date any time zone has reached."""
    latest_local_date = (now + WIDEST_OFFSET).date()
    return (
        Reminder.objects.filter(enabled=True)
        .filter(Q(by_email=True) | Q(by_push=True))
        .filter(Q(last_done_on__isnull=True) | Q(last_done_on__lt=latest_local_date))
        .select_related("user__profile")
    )


def claim(reminder: Reminder, day: date) -> bool:
    """Mark the reminder done for `day`; True for the one caller that did, so two beats or a
    redelivered task never send it twice."""
    claimed = (
        Reminder.objects.filter(pk=reminder.pk)
        .filter(Q(last_done_on__isnull=True) | Q(last_done_on__lt=day))
        .update(last_done_on=day)
    )
    return claimed == 1


def claim_due(now: datetime) -> list[int]:
    """Claim, for its user's local day, every reminder due at `now` (skipping the ones too
    late to help or with nothing to ask); the ids of those to send."""
    to_send = []
    for reminder in candidates(now):
        time_zone = reminder.user.profile.time_zone
        verdict = decide(reminder, time_zone=time_zone, now=now)
        if verdict is not None and claim(reminder, local_now(time_zone, now).date()) and verdict == SEND:
            to_send.append(reminder.pk)
    return to_send
