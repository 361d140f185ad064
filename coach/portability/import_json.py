"""Importing FocusWeb's own JSON export (docs/export.md), into the same or another instance.

`json_plan` reads and checks the whole file and says what an import would add; nothing is
written. `json_apply` writes that plan in one transaction. A session is matched on its uid,
a check-in on its day, a digest on its week, feedback and a recommendation on their tip, so
importing the same file twice adds nothing the second time. One bad record refuses the file."""

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.translation import gettext as _

from coach.models import (
    CheckIn,
    Profile,
    Recommendation,
    SessionAnalysis,
    StudySession,
    TipFeedback,
    WeeklyDigest,
    check_interruptions_within,
    check_session_times,
)
from coach.portability import records
from coach.portability.errors import ImportRefused
from coach.portability.imported_sessions import sessions_save

# More problems than this are summarised: a file that bad is the wrong file.
MAX_PROBLEMS = 20


@dataclass
class TableCount:
    new: int = 0
    already_here: int = 0


@dataclass
class JsonPlan:
    """What importing a file would do: the rows it would add, and how many it found already here."""

    username: str
    exported_at: str
    profile_changes: dict
    sessions: list[tuple[StudySession, SessionAnalysis | None]] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    tip_feedback: list[TipFeedback] = field(default_factory=list)
    digests: list[WeeklyDigest] = field(default_factory=list)
    counts: dict[str, TableCount] = field(default_factory=dict)

    @property
    def nothing_new(self) -> bool:
        return not self.profile_changes and not any(count.new for count in self.counts.values())


def read_document(content: bytes):
    """The parsed JSON of an upload; ImportRefused saying why it is not a JSON export."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            [
                _("The file is not UTF-8 text (byte %(position)s), so it is not a FocusWeb export.")
                % {"position": error.start}
            ]
        ) from error
    try:
        document = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError as error:
        raise ImportRefused([_("The JSON is nested too deeply to be a FocusWeb export.")]) from error
    except ValueError as error:
        raise ImportRefused([_("The file is not valid JSON: %(error)s.") % {"error": error}]) from error
    if not isinstance(document, dict) or document.get("format") != records.FORMAT:
        raise ImportRefused([_('This JSON is not a FocusWeb export: it has no "format": "focusweb-export".')])
    if document.get("version") not in records.READABLE_VERSIONS:
        raise ImportRefused(
            [
                _("This export has version %(found)s; this FocusWeb reads versions 1 to %(version)s.")
                % {"found": document.get("version"), "version": records.VERSION}
            ]
        )
    return document


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text} is too large a number")
    return value


class _Problems:
    def __init__(self):
        self.found: list[str] = []

    def add(self, where: str, error: ValidationError | str) -> None:
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.found.append(f"{where}.{name}: {message}")
        elif isinstance(error, ValidationError):
            self.found.extend(f"{where}: {message}" for message in error.messages)
        else:
            self.found.append(f"{where}: {error}")

    def raise_any(self) -> None:
        if self.found:
            extra = len(self.found) - MAX_PROBLEMS
            shown = self.found[:MAX_PROBLEMS]
            if extra > 0:
                shown.append(_("… and %(count)s more problems.") % {"count": extra})
            raise ImportRefused(shown)


def _fields(record, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict:
    """The record's fields; ValidationError naming a field unknown or missing."""
    if not isinstance(record, dict):
        raise ValidationError(_("Expected an object."))
    errors = {name: [_("Unknown field.")] for name in set(record) - set(allowed)}
    errors |= {name: [_("This field is required.")] for name in required if name not in record}
    if errors:
        raise ValidationError(errors)
    return record


def _moment(value, name: str) -> datetime | None:
    if value is None:
        return None
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None or timezone.is_naive(parsed):
        raise ValidationError({name: [_("Expected an ISO 8601 date and time with its offset.")]})
    return parsed


def _day(value, name: str) -> date:
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise ValidationError({name: [_("Expected a date as YYYY-MM-DD.")]})
    return parsed


def _clock(value, name: str) -> time | None:
    if value is None:
        return None
    parsed = parse_time(value) if isinstance(value, str) else None
    if parsed is None:
        raise ValidationError({name: [_("Expected a time as HH:MM.")]})
    return parsed


def _check(row, *, exclude=()) -> None:
    # An empty list or object is a valid value of every JSON column here, though the model
    # (blank=False) would call it missing.
    empty_json = [
        f.name
        for f in row._meta.fields
        if f.get_internal_type() == "JSONField" and getattr(row, f.name) in ([], {})
    ]
    row.clean_fields(exclude=["user", "session", *exclude, *empty_json])


def _session(record, *, user, now) -> tuple[StudySession, SessionAnalysis | None]:
    data = _fields(
        record, (*records.SESSION_FIELDS, "analysis"), ("uid", "subject", "started_at", "ended_at")
    )
    session = StudySession(
        user=user,
        **{
            name: data[name]
            for name in records.SESSION_FIELDS
            if name in data and name not in ("started_at", "ended_at", "created_at", "analysis_status")
        },
    )
    session.started_at = _moment(data["started_at"], "started_at")
    session.ended_at = _moment(data["ended_at"], "ended_at")
    if not isinstance(session.interruption_times, list) or not all(
        isinstance(value, str) and parse_datetime(value) for value in session.interruption_times
    ):
        raise ValidationError({"interruption_times": [_("Expected a list of ISO 8601 dates and times.")]})
    _check(session)
    check_session_times(session.started_at, session.ended_at, now=now)
    check_interruptions_within(session.interruption_times, session.started_at, session.ended_at)
    analysis = None
    if data.get("analysis") is not None:
        analysis = _analysis(data["analysis"])
    session.analysis_status = (
        StudySession.AnalysisStatus.DONE if analysis else StudySession.AnalysisStatus.PENDING
    )
    return session, analysis


def _analysis(record) -> SessionAnalysis:
    data = _fields(record, records.ANALYSIS_FIELDS, ("model_version", "analysed_at", "themes", "labels"))
    errors = {}
    themes = data["themes"]
    if not isinstance(themes, dict) or not all(
        isinstance(k, str) and isinstance(v, int | float) and 0 <= v <= 1 for k, v in themes.items()
    ):
        errors["analysis.themes"] = [_("Expected each theme's probability, 0 to 1.")]
    labels = data["labels"]
    if not isinstance(labels, list) or not all(
        isinstance(label, str) and len(label) <= 20 for label in labels
    ):
        errors["analysis.labels"] = [_("Expected a list of theme codes.")]
    for name, low, high in (("focus_score", 0, 100), ("text_focus", 1, 5)):
        value = data.get(name)
        if value is not None and (not isinstance(value, int | float) or not low <= value <= high):
            errors[f"analysis.{name}"] = [
                _("Expected a number from %(low)s to %(high)s.") % {"low": low, "high": high}
            ]
    if errors:
        raise ValidationError(errors)
    analysis = SessionAnalysis(
        revision=1,
        themes=themes,
        labels=sorted(set(labels)),
        text_focus=data.get("text_focus"),
        attention=data.get("attention") or {},
        truncated=bool(data.get("truncated", False)),
        focus_score=data.get("focus_score"),
        score_breakdown=data.get("score_breakdown") or {},
        model_version=data["model_version"],
        analysed_at=_moment(data["analysed_at"], "analysis.analysed_at"),
        duration_ms=0,
    )
    _check(analysis, exclude=["revision"])
    return analysis


def _checkin(record, *, user) -> CheckIn:
    data = _fields(record, records.CHECKIN_FIELDS, ("day", "hours_slept", "mood"))
    values = {k: v for k, v in data.items() if k not in ("day", "bedtime", "created_at")}
    checkin = CheckIn(
        user=user, day=_day(data["day"], "day"), bedtime=_clock(data.get("bedtime"), "bedtime"), **values
    )
    _check(checkin)
    return checkin


def _recommendation(record, *, user) -> Recommendation:
    data = _fields(record, records.RECOMMENDATION_FIELDS, records.RECOMMENDATION_FIELDS)
    row = Recommendation(user=user, **{**data, "computed_at": _moment(data["computed_at"], "computed_at")})
    _check(row)
    return row


def _feedback(record, *, user) -> TipFeedback:
    data = _fields(record, records.FEEDBACK_FIELDS, records.FEEDBACK_FIELDS)
    row = TipFeedback(user=user, **{**data, "updated_at": _moment(data["updated_at"], "updated_at")})
    _check(row)
    return row


def _digest(record, *, user) -> WeeklyDigest:
    data = _fields(record, records.DIGEST_FIELDS, ("week_start", "sessions", "focus_minutes", "goal_hours"))
    values = {k: v for k, v in data.items() if k not in ("week_start", "created_at", "emailed_at")}
    row = WeeklyDigest(
        user=user,
        week_start=_day(data["week_start"], "week_start"),
        emailed_at=_moment(data.get("emailed_at"), "emailed_at"),
        **values,
    )
    _check(row, exclude=["created_at"])
    return row


def _profile_changes(record, *, user) -> dict:
    data = _fields(record, ("username", *records.PROFILE_FIELDS), ())
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    wanted = {name: data[name] for name in records.PROFILE_FIELDS if name in data}
    candidate = Profile(user=user, **{**{n: getattr(profile, n) for n in records.PROFILE_FIELDS}, **wanted})
    candidate.clean_fields(exclude=["user"])
    return {name: value for name, value in wanted.items() if getattr(profile, name) != value}


def _records(document, name: str, problems: _Problems) -> list:
    value = document.get(name, [])
    if not isinstance(value, list):
        problems.add(name, _("Expected a list."))
        return []
    return value


def json_plan(*, user, content: bytes, now: datetime | None = None) -> JsonPlan:
    """Check the whole file and work out what importing it would add for `user`; nothing is
    written. ImportRefused lists every problem (up to MAX_PROBLEMS) when any record is bad."""
    document = read_document(content)
    now = now or timezone.now()
    problems = _Problems()
    profile = document.get("profile") or {}
    plan = JsonPlan(
        username=str(profile.get("username", "")) if isinstance(profile, dict) else "",
        exported_at=str(document.get("exported_at", "")),
        profile_changes={},
    )
    try:
        plan.profile_changes = _profile_changes(profile, user=user)
    except ValidationError as error:
        problems.add("profile", error)

    known_uids = set(StudySession.objects.filter(user=user).values_list("uid", flat=True))
    seen_uids: set = set()
    count = plan.counts.setdefault("sessions", TableCount())
    for index, record in enumerate(_records(document, "sessions", problems)):
        try:
            session, analysis = _session(record, user=user, now=now)
        except ValidationError as error:
            problems.add(f"sessions[{index}]", error)
            continue
        if session.uid in seen_uids:
            problems.add(f"sessions[{index}].uid", _("Appears twice in the file."))
            continue
        seen_uids.add(session.uid)
        if session.uid in known_uids:
            count.already_here += 1
        else:
            count.new += 1
            plan.sessions.append((session, analysis))

    tables = (
        ("checkins", _checkin, plan.checkins, CheckIn, "day"),
        ("recommendations", _recommendation, plan.recommendations, Recommendation, "tip"),
        ("tip_feedback", _feedback, plan.tip_feedback, TipFeedback, "tip"),
        ("digests", _digest, plan.digests, WeeklyDigest, "week_start"),
    )
    for name, build, rows, model, key in tables:
        known = set(model.objects.filter(user=user).values_list(key, flat=True))
        seen = set()
        count = plan.counts.setdefault(name, TableCount())
        for index, record in enumerate(_records(document, name, problems)):
            try:
                row = build(record, user=user)
            except ValidationError as error:
                problems.add(f"{name}[{index}]", error)
                continue
            value = getattr(row, key)
            if value in seen:
                problems.add(f"{name}[{index}].{key}", _("Appears twice in the file."))
                continue
            seen.add(value)
            if value in known:
                count.already_here += 1
            else:
                count.new += 1
                rows.append(row)
    problems.raise_any()
    return plan


@transaction.atomic
def json_apply(*, user, plan: JsonPlan) -> list[int]:
    """Write the plan for `user` in one transaction; returns the ids of the sessions that
    still need their analysis (queued on the bulk queue once the transaction commits)."""
    if plan.profile_changes:
        profile, _created = Profile.objects.get_or_create(user=user)
        for name, value in plan.profile_changes.items():
            setattr(profile, name, value)
        profile.save()
    waiting = sessions_save(user=user, sessions=plan.sessions)
    for rows in (plan.checkins, plan.recommendations, plan.tip_feedback, plan.digests):
        if rows:
            type(rows[0]).objects.bulk_create(rows, batch_size=1000)
    return waiting
