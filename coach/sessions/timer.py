"""The live timer: one per user, kept in the database so that a reload, a second tab or a
closed laptop finds it where it was left."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coach.accounts.services import profile_for
from coach.conflicts import Conflict
from coach.models import Profile, StudySession, Timer
from coach.realtime import events
from coach.sessions.services import session_create

WORK = "work"
SHORT_BREAK = "short_break"
LONG_BREAK = "long_break"
PERIOD_KINDS = [WORK, SHORT_BREAK, LONG_BREAK]


def _period(kind: str, started_at) -> dict:
    return {"kind": kind, "started_at": started_at.isoformat(), "ended_at": None, "paused_seconds": 0}


def next_period_kind(timer: Timer, profile: Profile) -> str:
    """After a work period comes a break, long after every n-th work period; then work."""
    current = timer.current_period
    if current is None or current["kind"] != WORK:
        return WORK
    work_periods = sum(1 for period in timer.periods if period["kind"] == WORK)
    return LONG_BREAK if work_periods % profile.pomodoro_long_break_every == 0 else SHORT_BREAK


def period_length_seconds(kind: str, profile: Profile) -> int:
    minutes = {
        WORK: profile.pomodoro_work_minutes,
        SHORT_BREAK: profile.pomodoro_short_break_minutes,
        LONG_BREAK: profile.pomodoro_long_break_minutes,
    }[kind]
    return minutes * 60


def remaining_seconds(timer: Timer, profile: Profile, now=None) -> int | None:
    """Seconds left in the countdown or the current Pomodoro period (negative once past
    it); None for a free timer, which has no end."""
    if timer.mode == Timer.Mode.COUNTDOWN and timer.planned_minutes:
        return timer.planned_minutes * 60 - timer.elapsed_seconds(now)
    if timer.mode == Timer.Mode.POMODORO and timer.current_period:
        period = timer.current_period
        return period_length_seconds(period["kind"], profile) - timer.period_seconds(period, now)
    return None


def timer_get(*, user) -> Timer | None:
    return Timer.objects.filter(user=user).first()


def _locked_timer(user) -> Timer:
    timer = Timer.objects.select_for_update().filter(user=user).first()
    if timer is None:
        raise Conflict({"timer": _("No timer is running.")})
    return timer


def _require_state(timer: Timer, *states: str) -> None:
    if timer.state not in states:
        raise Conflict({"timer": _("The timer is %(state)s.") % {"state": timer.state}})


def timer_start(
    *, user, subject: str, goal: str = "", planned_minutes: int | None = None, mode: str = Timer.Mode.FREE
) -> Timer:
    """Start the user's timer; a Conflict on `timer` if one is already running. A Pomodoro
    timer starts with its first work period; a countdown needs its planned length."""
    if mode == Timer.Mode.COUNTDOWN and not planned_minutes:
        raise ValidationError(
            {"planned_minutes": _("A countdown needs the planned minutes to count down from.")}
        )
    now = timezone.now()
    timer = Timer(
        user=user, subject=subject, goal=goal, planned_minutes=planned_minutes, mode=mode, started_at=now
    )
    if mode == Timer.Mode.POMODORO:
        timer.periods = [_period(WORK, now)]
    timer.full_clean(exclude=["user"])
    try:
        with transaction.atomic():
            timer.save()
            _publish(timer)
    except IntegrityError:
        raise Conflict({"timer": _("A timer is already running; stop it first.")}) from None
    return timer


def _publish(timer: Timer | None, *, user_id: int | None = None) -> None:
    events.publish_safely(user_id=user_id or timer.user_id, event=events.timer_event(timer))


@transaction.atomic
def timer_pause(*, user) -> Timer:
    timer = _locked_timer(user)
    _require_state(timer, "running")
    timer.paused_at = timezone.now()
    timer.save(update_fields=["paused_at"])
    _publish(timer)
    return timer


@transaction.atomic
def timer_resume(*, user) -> Timer:
    timer = _locked_timer(user)
    _require_state(timer, "paused")
    _end_pause(timer, timezone.now())
    timer.save(update_fields=["paused_seconds", "paused_at", "periods"])
    _publish(timer)
    return timer


def _end_pause(timer: Timer, now) -> None:
    """Count an open pause in the timer's pauses and in its current period's."""
    if not timer.paused_at:
        return
    seconds = int((now - timer.paused_at).total_seconds())
    timer.paused_seconds += seconds
    if timer.current_period:
        timer.current_period["paused_seconds"] += seconds
    timer.paused_at = None


@transaction.atomic
def timer_next_period(*, user) -> Timer:
    """End the current Pomodoro period now and start the next: a break after work, work
    after a break. A pause open at that moment ends with the period."""
    timer = _locked_timer(user)
    _require_state(timer, "running", "paused")
    if timer.mode != Timer.Mode.POMODORO:
        raise Conflict({"timer": _("Only a Pomodoro timer has periods.")})
    now = timezone.now()
    _end_pause(timer, now)
    kind = next_period_kind(timer, profile_for(user))
    timer.current_period["ended_at"] = now.isoformat()
    timer.periods = [*timer.periods, _period(kind, now)]
    timer.save(update_fields=["paused_seconds", "paused_at", "periods"])
    _publish(timer)
    return timer


@transaction.atomic
def timer_interrupt(*, user) -> Timer:
    """Count an "I got distracted" moment at the current time."""
    timer = _locked_timer(user)
    _require_state(timer, "running", "paused")
    timer.interruption_times = [*timer.interruption_times, timezone.now().isoformat()]
    timer.save(update_fields=["interruption_times"])
    _publish(timer)
    return timer


@transaction.atomic
def timer_stop(*, user) -> Timer:
    """Stop the clock; the timer waits, on the server, for its journal and the save."""
    timer = _locked_timer(user)
    _require_state(timer, "running", "paused")
    now = timezone.now()
    _end_pause(timer, now)
    if timer.current_period:
        timer.current_period["ended_at"] = now.isoformat()
    timer.stopped_at = now
    timer.save(update_fields=["paused_seconds", "paused_at", "stopped_at", "periods"])
    _publish(timer)
    return timer


@transaction.atomic
def timer_save(
    *,
    user,
    journal: str = "",
    self_rating: int | None = None,
    goal_achieved: bool | None = None,
    subject: str | None = None,
) -> StudySession:
    """Turn the stopped timer into a saved study session and clear the timer."""
    timer = _locked_timer(user)
    _require_state(timer, "stopped")
    session = session_create(
        user=user,
        subject=subject or timer.subject,
        started_at=timer.started_at,
        ended_at=timer.stopped_at,
        # Breaks are not focused time: the session counts them with its pauses and keeps
        # the periods to tell them apart.
        paused_seconds=timer.paused_seconds + timer.break_seconds(),
        timer_periods=timer.periods,
        planned_minutes=timer.planned_minutes,
        interruptions=len(timer.interruption_times),
        interruption_times=timer.interruption_times,
        self_rating=self_rating,
        goal=timer.goal,
        goal_achieved=goal_achieved,
        journal=journal,
    )
    timer.delete()
    _publish(None, user_id=user.id)
    return session


@transaction.atomic
def timer_discard(*, user) -> None:
    _locked_timer(user).delete()
    _publish(None, user_id=user.id)


def timer_state(timer: Timer, profile: Profile, now=None) -> dict:
    """What the timer's page, the navigation's indicator and the API show of a timer: the
    clocks at `now` and whether each keeps ticking, so a page can run them on its own."""
    now = now or timezone.now()
    period = timer.current_period if timer.mode == Timer.Mode.POMODORO else None
    next_kind = next_period_kind(timer, profile) if period else None
    next_length = period_length_seconds(next_kind, profile) if period else None
    return {
        "state": timer.state,
        "mode": timer.mode,
        "subject": timer.subject,
        "started_at": timer.started_at.isoformat(),
        "elapsed_seconds": timer.elapsed_seconds(now),
        "break_seconds": timer.break_seconds(now),
        "interruptions": len(timer.interruption_times),
        "planned_minutes": timer.planned_minutes,
        "remaining_seconds": remaining_seconds(timer, profile, now),
        "period": period
        and {
            "index": len(timer.periods) - 1,
            "kind": period["kind"],
            "work_periods": sum(1 for each in timer.periods if each["kind"] == WORK),
            "length_seconds": period_length_seconds(period["kind"], profile),
            "elapsed_seconds": timer.period_seconds(period, now),
            "next_kind": next_kind,
            "next_length_seconds": next_length,
            "next_length_minutes": next_length // 60,
        },
        # Whether the focused time grows (not during a break) and the remaining time shrinks.
        "focus_ticking": timer.state == "running" and (period is None or period["kind"] == WORK),
        "clock_ticking": timer.state == "running",
    }
