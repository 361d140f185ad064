"""What the dashboard shows, read from the database for one user and one range.

Counting, averaging and grouping happen in SQL; Python only shapes the rows the range
returns. `dashboard_data` is the one selector behind the page and /api/v1/dashboard/.
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Avg,
    Count,
    F,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Window,
)
from django.db.models.expressions import RowRange
from django.db.models.functions import Floor, Round
from django.utils import timezone

from coach.accounts.services import profile_for
from coach.corrections.reading import effective_labels
from coach.durations import hours
from coach.localtime import FocusedSeconds, LocalDate, LocalHour, LocalIsoWeekday, LocalTime, LocalWeekStart
from coach.models import CoachingState, SessionLabel, StudySession

RANGES = {"7d": 7, "30d": 30, "90d": 90, "all": None}
DEFAULT_RANGE = "30d"
# The rolling mean on the focus chart covers this many sessions (or days, see below).
ROLLING_SESSIONS = 7
# A range with more sessions than this shows one point per day on the focus chart (the
# day's mean) and only its latest sessions on the length chart: ten thousand single points
# are neither readable nor quick to send.
MAX_SESSION_POINTS = 1000
# A heat-map cell with fewer sessions than this is shown as "too few", not as a mean.
MIN_SESSIONS_PER_CELL = 2
# Session lengths are grouped in bins of this many minutes for the length-versus-focus trend.
LENGTH_BIN_MINUTES = 15
# The page lists at most this many sessions still waiting for their analysis, the latest.
MAX_PENDING_LISTED = 50
# The streak is counted this far back at most; the page shows a full one as "100+".
STREAK_LOOKBACK_DAYS = 100
Done = StudySession.AnalysisStatus.DONE
# Analysed and given a score: the sessions every mean focus score is taken over
# (docs/focus-score.md: a session that says too little has no score).
SCORED = Q(analysis_status=Done, analysis__focus_score__isnull=False)


@dataclass
class Period:
    sessions: int
    mean_score: float | None
    focused_hours: float
    top_theme: str | None


@dataclass
class DashboardData:
    range_key: str
    subject: str
    since: datetime | None
    until: datetime
    time_zone: str
    points: list[dict]
    days: list[dict]
    theme_weeks: list[dict]
    theme_totals: dict[str, int]
    analysed_sessions: int
    scored_sessions: int
    length_bins: list[dict]
    minutes_span: tuple[float, float] | None
    heatmap: list[dict]
    current: Period
    previous: Period | None
    this_week: dict
    pending: list[dict] = field(default_factory=list)
    # Whether the user has any session at all, whatever the range and subject: an empty
    # range of a user with history is "nothing matches", not the first-run welcome.
    has_sessions: bool = False
    # The coach's comparison of hours over all the user's sessions (coaching/insights.py),
    # as stored by its last recompute; the dashboard names a best time only when it is shown.
    hour_insight: dict | None = None

    @property
    def is_empty(self) -> bool:
        return not self.points

    @property
    def points_are_latest_only(self) -> bool:
        """True when the range holds more sessions than `points`: the focus chart then draws `days`."""
        return bool(self.days)


def _totals(sessions: QuerySet[StudySession]) -> dict:
    done = Q(analysis_status=Done)
    return sessions.aggregate(
        count=Count("id"),
        analysed=Count("id", filter=done),
        scored=Count("id", filter=SCORED),
        mean=Avg("analysis__focus_score", filter=done),
        focused=Sum(FocusedSeconds()),
        first=Min("started_at"),
        shortest=Min(FocusedSeconds(), filter=done),
        longest=Max(FocusedSeconds(), filter=done),
    )


def _as_period(totals: dict, top_theme: str | None) -> Period:
    return Period(
        sessions=totals["count"],
        mean_score=round(totals["mean"], 1) if totals["mean"] is not None else None,
        focused_hours=hours(seconds=totals["focused"] or 0),
        top_theme=top_theme,
    )


def _period(sessions: QuerySet[StudySession]) -> Period:
    top = (
        SessionLabel.objects.filter(session__in=sessions)
        .values("theme")
        .annotate(n=Count("id"))
        .order_by("-n", "theme")
        .first()
    )
    return _as_period(_totals(sessions), top["theme"] if top else None)


def _streak(user, zone, today: date) -> int:
    """Days in a row, ending today (or yesterday, if today has no session yet), with a session,
    counted up to STREAK_LOOKBACK_DAYS so that a long history costs nothing here."""
    since = datetime.combine(today - timedelta(days=STREAK_LOOKBACK_DAYS), time.min, tzinfo=zone)
    recent = StudySession.objects.filter(user=user, started_at__gte=since)
    days = {start.astimezone(zone).date() for start in recent.values_list("started_at", flat=True)}
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def _this_week(user, profile, zone) -> dict:
    now = timezone.now().astimezone(zone)
    today = now.date()
    week_start = datetime.combine(today - timedelta(days=today.weekday()), time.min, tzinfo=zone)
    day_start = datetime.combine(today, time.min, tzinfo=zone)
    week = _period(StudySession.objects.filter(user=user, started_at__gte=week_start))
    sessions_today = StudySession.objects.filter(user=user, started_at__gte=day_start).count()
    streak = _streak(user, zone, today)
    return {
        "focused_hours": week.focused_hours,
        "weekly_goal_hours": profile.weekly_goal_hours,
        "sessions_today": sessions_today,
        "daily_goal_sessions": profile.daily_goal_sessions,
        "streak_days": streak,
        "streak_is_capped": streak >= STREAK_LOOKBACK_DAYS,
    }


def _as_date(value) -> date:
    # SQLite returns the week's Monday as text, PostgreSQL as a date.
    return date.fromisoformat(value) if isinstance(value, str) else value


POINT_FIELDS = (
    "id",
    "subject",
    "started_at",
    "ended_at",
    "paused_seconds",
    "analysis_status",
    "analysis__focus_score",
    "analysis__labels",
    "correction__labels",
)


def _point(row: dict, zone) -> dict:
    seconds = (row["ended_at"] - row["started_at"]).total_seconds() - row["paused_seconds"]
    done = row["analysis_status"] == Done
    return {
        "id": row["id"],
        "subject": row["subject"],
        "started_at": row["started_at"].astimezone(zone).isoformat(),
        "minutes": round(max(0.0, seconds / 60), 1),
        "status": row["analysis_status"],
        "score": row["analysis__focus_score"] if done else None,
        "labels": effective_labels(row["analysis__labels"], row["correction__labels"]) if done else [],
        "rolling": round(row["rolling"], 1) if row.get("rolling") is not None else None,
    }


def _all_points(sessions: QuerySet[StudySession], zone) -> list[dict]:
    """The range's sessions, oldest first, each with the rolling mean of the analysed ones up to it."""
    rows = (
        sessions.annotate(
            rolling=Window(
                Avg("analysis__focus_score"),
                order_by=[F("started_at").asc(), F("id").asc()],
                frame=RowRange(start=-(ROLLING_SESSIONS - 1), end=0),
            )
        )
        .order_by("started_at", "id")
        .values(*POINT_FIELDS, "rolling")
    )
    return [_point(row, zone) for row in rows]


def _latest_points(sessions: QuerySet[StudySession], zone, limit: int) -> list[dict]:
    """The latest `limit` sessions of the range, oldest first, without a rolling mean: in a
    range this long the focus chart draws days, and the rolling mean over them."""
    rows = sessions.order_by("-started_at", "-id").values(*POINT_FIELDS)[:limit]
    return [_point(row, zone) for row in reversed(list(rows))]


def _daily_means(sessions: QuerySet[StudySession], local: LocalTime) -> list[dict]:
    """One row per local day with analysed sessions: their mean score and how many, with the
    rolling mean over the last ROLLING_SESSIONS such days."""
    days = list(
        sessions.filter(SCORED)
        .annotate(day=LocalDate(local))
        .values("day")
        .annotate(mean=Avg("analysis__focus_score"), sessions=Count("id"))
        .order_by("day")
    )
    means = [row["mean"] for row in days]
    for index, row in enumerate(days):
        window = means[max(0, index - ROLLING_SESSIONS + 1) : index + 1]
        row["day"] = _as_date(row["day"]).isoformat()
        row["mean"] = round(row["mean"], 1)
        row["rolling"] = round(sum(window) / len(window), 1)
    return days


def dashboard_data(*, user, range_key: str = DEFAULT_RANGE, subject: str = "") -> DashboardData:
    """Everything the dashboard draws for `user` over the range, optionally for one subject."""
    if range_key not in RANGES:
        raise ValueError(f"unknown range {range_key!r}")
    profile = profile_for(user)
    zone = zoneinfo.ZoneInfo(profile.time_zone)
    until = timezone.now()
    range_days = RANGES[range_key]
    since = until - timedelta(days=range_days) if range_days else None

    of_user = {"user": user, **({"subject__icontains": subject} if subject else {})}
    in_range = {**of_user, **({"started_at__gte": since} if since else {})}
    everything = StudySession.objects.filter(**of_user)
    sessions = StudySession.objects.filter(**in_range)

    totals = _totals(sessions)
    # Local time in SQL needs the span it covers (for the daylight-saving changes within it).
    first = totals["first"] or until
    span = {"zone": zone, "since": first - timedelta(days=1), "until": until}
    local = LocalTime(**span)
    many = totals["count"] > MAX_SESSION_POINTS

    points = _latest_points(sessions, zone, limit=MAX_SESSION_POINTS) if many else _all_points(sessions, zone)
    days = _daily_means(sessions, local) if many else []
    waiting = sessions.exclude(analysis_status=Done).order_by("-started_at", "-id").values(*POINT_FIELDS)
    pending = [_point(row, zone) for row in reversed(waiting[:MAX_PENDING_LISTED])]

    # Filtered through the join rather than `session__in=sessions`, which joins twice.
    labels = SessionLabel.objects.filter(**{f"session__{key}": value for key, value in in_range.items()})
    theme_weeks = list(
        labels.annotate(week=LocalWeekStart(LocalTime(field="session__started_at", **span)))
        .values("week", "theme")
        .annotate(sessions=Count("id"))
        .order_by("week", "theme")
    )
    theme_totals = dict(labels.values_list("theme").annotate(n=Count("id")).order_by("theme"))
    heatmap = list(
        sessions.filter(SCORED)
        .annotate(weekday=LocalIsoWeekday(local), hour=LocalHour(local))
        .values("weekday", "hour")
        .annotate(mean=Avg("analysis__focus_score"), sessions=Count("id"))
        .order_by("weekday", "hour")
    )
    length_bins = list(
        sessions.filter(SCORED)
        # Rounded to whole seconds first: SQLite's julianday arithmetic is a hair off.
        .annotate(bin=Floor(Round(FocusedSeconds()) / (60 * LENGTH_BIN_MINUTES)))
        .values("bin")
        .annotate(mean=Avg("analysis__focus_score"), sessions=Count("id"))
        .order_by("bin")
    )
    previous = None
    if since:
        previous = _period(everything.filter(started_at__gte=since - (until - since), started_at__lt=since))
    minutes_span = None
    if totals["analysed"]:
        minutes_span = tuple(round(max(totals[end], 0) / 60, 1) for end in ("shortest", "longest"))
    top_theme = min(theme_totals, key=lambda theme: (-theme_totals[theme], theme), default=None)

    return DashboardData(
        range_key=range_key,
        subject=subject,
        since=since,
        until=until,
        time_zone=profile.time_zone,
        points=points,
        days=days,
        theme_weeks=[{**row, "week": _as_date(row["week"]).isoformat()} for row in theme_weeks],
        theme_totals=theme_totals,
        analysed_sessions=totals["analysed"],
        scored_sessions=totals["scored"],
        length_bins=[{**row, "bin": int(row["bin"])} for row in length_bins],
        minutes_span=minutes_span,
        heatmap=heatmap,
        current=_as_period(totals, top_theme),
        previous=previous,
        this_week=_this_week(user, profile, zone),
        pending=pending,
        has_sessions=bool(totals["count"]) or StudySession.objects.filter(user=user).exists(),
        hour_insight=_hour_insight(user),
    )


def _hour_insight(user) -> dict | None:
    stored = CoachingState.objects.filter(user=user).values_list("insights", flat=True).first() or []
    return next((insight for insight in stored if insight.get("kind") == "hour"), None)
