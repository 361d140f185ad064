"""The live timer: one per user, kept in the database so that a reload, a second tab or a
closed laptop finds it where it was left."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coach.conflicts import Conflict
from coach.models import StudySession, Timer
from coach.realtime import events
from coach.sessions.services import session_create


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


def timer_start(*, user, subject: str, goal: str = "", planned_minutes: int | None = None) -> Timer:
    """Start the user's timer; a ValidationError on `timer` if one is already running."""
    timer = Timer(user=user, subject=subject, goal=goal, planned_minutes=planned_minutes)
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
    timer.paused_seconds += int((timezone.now() - timer.paused_at).total_seconds())
    timer.paused_at = None
    timer.save(update_fields=["paused_seconds", "paused_at"])
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
    if timer.paused_at:
        timer.paused_seconds += int((now - timer.paused_at).total_seconds())
        timer.paused_at = None
    timer.stopped_at = now
    timer.save(update_fields=["paused_seconds", "paused_at", "stopped_at"])
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
        paused_seconds=timer.paused_seconds,
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
