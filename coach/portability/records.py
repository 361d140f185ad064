"""What an export holds: every table of a user's data, read in a stable order, and each row
as a plain dict of JSON values. The JSON and CSV exports are two renderings of these records,
and the JSON import reads them back, so a field is named here once (docs/export.md).

Every selector is scoped by `user=`: nothing of another user's can reach an export."""

import uuid
import zoneinfo
from collections.abc import Iterator
from datetime import date, datetime, time

from django.db.models import F
from django.utils import timezone

from coach.models import (
    CheckIn,
    Profile,
    Recommendation,
    SessionAnalysis,
    StudySession,
    TipFeedback,
    WeeklyDigest,
)

FORMAT = "focusweb-export"
# Version 2 added the Pomodoro lengths and the sharing consent to the profile, and each
# session's timer periods; an import reads both versions (docs/export.md).
VERSION = 2
READABLE_VERSIONS = (1, 2)
# Rows are read from the database this many at a time: enough to keep round trips few, few
# enough that a 100,000-session export never holds more than a chunk (benchmarks/export_bench.py).
CHUNK_SIZE = 500

PROFILE_FIELDS = (
    "time_zone",
    "language",
    "weekly_goal_hours",
    "daily_goal_sessions",
    "weekly_digest_email",
    "pomodoro_work_minutes",
    "pomodoro_short_break_minutes",
    "pomodoro_long_break_minutes",
    "pomodoro_long_break_every",
    "share_corrections",
)
SESSION_FIELDS = (
    "uid",
    "subject",
    "started_at",
    "ended_at",
    "paused_seconds",
    "planned_minutes",
    "interruptions",
    "interruption_times",
    "self_rating",
    "goal",
    "goal_achieved",
    "journal",
    "analysis_status",
    "created_at",
    "timer_periods",
)
ANALYSIS_FIELDS = (
    "model_version",
    "analysed_at",
    "themes",
    "labels",
    "text_focus",
    "focus_score",
    "score_breakdown",
    "attention",
    "truncated",
)
CHECKIN_FIELDS = (
    "day",
    "hours_slept",
    "bedtime",
    "meditation_minutes",
    "exercise_minutes",
    "caffeine_cups",
    "mood",
    "created_at",
)
RECOMMENDATION_FIELDS = ("tip", "family", "rank", "score", "reasons", "computed_at")
FEEDBACK_FIELDS = ("tip", "verdict", "updated_at")
DIGEST_FIELDS = (
    "week_start",
    "sessions",
    "focus_minutes",
    "goal_hours",
    "top_themes",
    "insight",
    "recommendations",
    "created_at",
    "emailed_at",
)


def user_zone(user) -> zoneinfo.ZoneInfo:
    profile = Profile.objects.filter(user=user).first()
    return zoneinfo.ZoneInfo(profile.time_zone if profile else "UTC")


def plain(value, zone: zoneinfo.ZoneInfo):
    """A JSON value: times as ISO 8601 in the user's zone with their offset, uuids as text."""
    if isinstance(value, datetime):
        return timezone.localtime(value, zone).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _record(row, fields: tuple[str, ...], zone) -> dict:
    return {name: plain(getattr(row, name), zone) for name in fields}


def profile_record(*, user, zone) -> dict:
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    return {"username": user.get_username(), **_record(profile, PROFILE_FIELDS, zone)}


def session_records(*, user, zone) -> Iterator[dict]:
    """Every session, oldest first, each with its current analysis or null."""
    sessions = StudySession.objects.filter(user=user).select_related("analysis").order_by("started_at", "id")
    for session in sessions.iterator(chunk_size=CHUNK_SIZE):
        record = _record(session, SESSION_FIELDS, zone)
        analysis = session.current_analysis
        record["analysis"] = _record(analysis, ANALYSIS_FIELDS, zone) if analysis else None
        yield record


def interruption_records(*, user, zone) -> Iterator[dict]:
    """Each interruption the timer recorded, with its session's uid, in the sessions' order."""
    sessions = (
        StudySession.objects.filter(user=user).exclude(interruption_times=[]).order_by("started_at", "id")
    )
    for uid, times in sessions.values_list("uid", "interruption_times").iterator(chunk_size=CHUNK_SIZE):
        for at in times:
            yield {"session_uid": str(uid), "at": at}


def analysis_records(*, user, zone) -> Iterator[dict]:
    """Each session's current analysis with its session's uid, in the sessions' order. Read on
    its own, without the sessions' other columns, for the CSV file of analyses."""
    analyses = (
        SessionAnalysis.objects.filter(session__user=user, revision=F("session__revision"))
        .order_by("session__started_at", "session_id")
        .values_list("session__uid", *ANALYSIS_FIELDS)
    )
    for uid, *values in analyses.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "session_uid": str(uid),
            **{name: plain(v, zone) for name, v in zip(ANALYSIS_FIELDS, values, strict=True)},
        }


def checkin_records(*, user, zone) -> Iterator[dict]:
    for checkin in CheckIn.objects.filter(user=user).order_by("day").iterator(chunk_size=CHUNK_SIZE):
        yield _record(checkin, CHECKIN_FIELDS, zone)


def recommendation_records(*, user, zone) -> Iterator[dict]:
    for row in (
        Recommendation.objects.filter(user=user).order_by("rank", "tip").iterator(chunk_size=CHUNK_SIZE)
    ):
        yield _record(row, RECOMMENDATION_FIELDS, zone)


def feedback_records(*, user, zone) -> Iterator[dict]:
    for row in TipFeedback.objects.filter(user=user).order_by("tip").iterator(chunk_size=CHUNK_SIZE):
        yield _record(row, FEEDBACK_FIELDS, zone)


def digest_records(*, user, zone) -> Iterator[dict]:
    for row in WeeklyDigest.objects.filter(user=user).order_by("week_start").iterator(chunk_size=CHUNK_SIZE):
        yield _record(row, DIGEST_FIELDS, zone)


# The document's lists, in the order they are written.
TABLES = {
    "sessions": session_records,
    "checkins": checkin_records,
    "recommendations": recommendation_records,
    "tip_feedback": feedback_records,
    "digests": digest_records,
}
