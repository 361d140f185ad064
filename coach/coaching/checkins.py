"""Daily habit check-ins: the services that write them and the selectors that read them.

A check-in records one day in the user's time zone: how long they slept the night before,
when they went to bed, and what they did that day for body and mind. There is at most one
per user and day. Every function takes the acting user (or a check-in already fetched for
them), so ownership is checked here and nowhere else.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from coach.coaching.insights import user_zone
from coach.coaching.recommendations import queue_recompute
from coach.conflicts import Conflict
from coach.models import EARLIEST_SESSION_TIME, CheckIn
from coach.realtime import events

EDITABLE_FIELDS = (
    "day",
    "hours_slept",
    "bedtime",
    "meditation_minutes",
    "exercise_minutes",
    "caffeine_cups",
    "mood",
)
# What a first check-in starts from when there is no earlier one to copy.
FIRST_CHECKIN = {
    "hours_slept": 7.0,
    "bedtime": None,
    "meditation_minutes": 0,
    "exercise_minutes": 0,
    "caffeine_cups": 0,
    "mood": 3,
}


def local_today(*, user) -> date:
    """Today in the user's time zone, whatever time zone the request runs in."""
    return timezone.localdate(timezone=user_zone(user))


def checkin_list(*, user, since: date | None = None, until: date | None = None) -> QuerySet[CheckIn]:
    """The user's check-ins, newest day first, optionally between two days (inclusive)."""
    checkins = CheckIn.objects.filter(user=user)
    if since:
        checkins = checkins.filter(day__gte=since)
    if until:
        checkins = checkins.filter(day__lte=until)
    return checkins


def checkin_get(*, user, checkin_id: int) -> CheckIn:
    """The user's check-in with this id; CheckIn.DoesNotExist for anyone else's."""
    return CheckIn.objects.get(user=user, id=checkin_id)


def checkin_for_day(*, user, day: date) -> CheckIn | None:
    return CheckIn.objects.filter(user=user, day=day).first()


def checkin_initial(*, user, day: date) -> dict[str, Any]:
    """Values to pre-fill the form for `day`: that day's own check-in when it exists, else the
    latest one before it (usually yesterday's), else neutral defaults."""
    source = checkin_for_day(user=user, day=day) or checkin_list(user=user, until=day).first()
    values = {name: getattr(source, name) for name in FIRST_CHECKIN} if source else dict(FIRST_CHECKIN)
    return {"day": day, **values}


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})


def _validate(checkin: CheckIn) -> None:
    # The user is not a form field, so the model's own unique check is left out and the
    # one-per-day rule is checked here, where it can name the field.
    checkin.full_clean(exclude=["user"], validate_constraints=False)
    if checkin.day > local_today(user=checkin.user):
        raise ValidationError({"day": _("A check-in cannot be for a day that has not begun.")})
    if checkin.day < EARLIEST_SESSION_TIME.date():
        raise ValidationError({"day": _("Must be in 1970 or later.")})
    clash = CheckIn.objects.filter(user=checkin.user, day=checkin.day).exclude(id=checkin.id)
    if clash.exists():
        raise Conflict({"day": _("There is already a check-in for this day; change that one instead.")})


@transaction.atomic
def checkin_create(*, user, **fields: Any) -> CheckIn:
    """Validate and save a new check-in (for today in the user's time zone unless `day` is
    given); ValidationError names each bad field and nothing is saved."""
    _check_fields(fields)
    fields.setdefault("day", local_today(user=user))
    checkin = CheckIn(user=user, **fields)
    _validate(checkin)
    checkin.save()
    events.publish_safely(user_id=user.id, event=events.checkin_event(checkin))
    queue_recompute(user_id=user.id)
    return checkin


@transaction.atomic
def checkin_update(*, checkin: CheckIn, **fields: Any) -> CheckIn:
    """Change the given fields after validating the result as a whole."""
    _check_fields(fields)
    for name, value in fields.items():
        setattr(checkin, name, value)
    _validate(checkin)
    checkin.save()
    events.publish_safely(user_id=checkin.user_id, event=events.checkin_event(checkin))
    queue_recompute(user_id=checkin.user_id)
    return checkin


def checkin_save_day(*, user, day: date, **fields: Any) -> tuple[CheckIn, bool]:
    """The check-in page's save: create the day's check-in or change it. True when created."""
    existing = checkin_for_day(user=user, day=day)
    if existing is None:
        return checkin_create(user=user, day=day, **fields), True
    return checkin_update(checkin=existing, **fields), False


@transaction.atomic
def checkin_delete(*, checkin: CheckIn) -> None:
    user_id = checkin.user_id
    events.publish_safely(user_id=user_id, event=events.checkin_event(checkin, deleted=True))
    checkin.delete()
    queue_recompute(user_id=user_id)
