"""Study sessions: the services that write them and the selectors that read them.

Every function takes the acting user and touches only that user's rows, so ownership is
checked here and nowhere else.
"""

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from coach.models import StudySession
from coach.realtime import events
from coach.sessions.analysis import queue_analysis

# What a person fills in about a session, on the form and through the API.
ENTERED_FIELDS = (
    "subject",
    "started_at",
    "ended_at",
    "planned_minutes",
    "interruptions",
    "self_rating",
    "goal",
    "goal_achieved",
    "journal",
)
# Those, plus what the live timer records on its own.
EDITABLE_FIELDS = (*ENTERED_FIELDS, "paused_seconds", "interruption_times", "timer_periods")


def session_list(
    *, user, since: date | None = None, until: date | None = None, subject: str = ""
) -> QuerySet[StudySession]:
    """The user's sessions, newest first, started on or after `since` and on or before `until`
    (whole days in the active time zone), optionally only those whose subject contains `subject`."""
    sessions = StudySession.objects.filter(user=user)
    zone = timezone.get_current_timezone()
    if since:
        sessions = sessions.filter(started_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until:
        sessions = sessions.filter(started_at__lte=datetime.combine(until, time.max, tzinfo=zone))
    if subject:
        sessions = sessions.filter(subject__icontains=subject)
    return sessions


def session_get(*, user, session_id: int) -> StudySession:
    """The user's session with this id; StudySession.DoesNotExist for anyone else's."""
    return StudySession.objects.get(user=user, id=session_id)


def _full_clean(session: StudySession) -> None:
    session.full_clean(exclude=["user"])


@transaction.atomic
def session_create(*, user, **fields: Any) -> StudySession:
    """Validate and save a new session for `user`; ValidationError names each bad field."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: "Unknown field." for name in sorted(unknown)})
    session = StudySession(user=user, **fields)
    if session.interruption_times and not fields.get("interruptions"):
        session.interruptions = len(session.interruption_times)
    _full_clean(session)
    session.save()
    queue_analysis(session)
    events.publish_safely(user_id=user.id, event=events.session_event("session.created", session))
    return session


@transaction.atomic
def session_update(*, session: StudySession, **fields: Any) -> StudySession:
    """Change the given fields of a session after validating the result as a whole."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: "Unknown field." for name in sorted(unknown)})
    changed = {name: value for name, value in fields.items() if getattr(session, name) != value}
    if not changed:
        # Nothing to write: the row, its revision and its analysis stay exactly as they are.
        return session
    for name, value in changed.items():
        setattr(session, name, value)
    _full_clean(session)
    # Any change to the journal or the facts can change the analysis and the score.
    session.revision += 1
    session.analysis_status = StudySession.AnalysisStatus.PENDING
    session.analysis_error = ""
    session.analysis_queued_at = None  # this revision is not queued yet: the sweep knows it
    # Only the columns this edit owns: a worker's claim written meanwhile is left alone.
    analysis_fields = ["revision", "analysis_status", "analysis_error", "analysis_queued_at"]
    session.save(update_fields=[*changed, *analysis_fields, "updated_at"])
    queue_analysis(session)
    events.publish_safely(user_id=session.user_id, event=events.session_event("session.updated", session))
    return session


@transaction.atomic
def session_delete(*, session: StudySession) -> None:
    user_id, session_id = session.user_id, session.id
    # Lock the row first: a worker storing this session's analysis takes the same lock, so
    # it either finishes before the delete gathers the related rows or finds the session
    # gone; never an analysis inserted under a session being deleted.
    locked = StudySession.objects.select_for_update().filter(id=session_id).first()
    if locked is not None:
        locked.delete()
    events.publish_safely(user_id=user_id, event=events.deleted_event(session_id))
