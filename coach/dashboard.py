"""What the dashboard shows, read from the database for one user and one range.

Counting, averaging and grouping happen in SQL; Python only shapes the rows the range
returns. `dashboard_data` is the one selector behind the page and /api/v1/dashboard/.
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum, Window
from django.db.models.expressions import RowRange
from django.utils import timezone

from coach.accounts import profile_for
from coach.models import SessionLabel, StudySession
from coach.sqltime import LocalHour, LocalIsoWeekday, LocalTime, LocalWeekStart

RANGES = {"7d": 7, "30d": 30, "90d": 90, "all": None}
DEFAULT_RANGE = "30d"
# The rolling mean on the focus chart covers this many sessions.
ROLLING_SESSIONS = 7
# A heat-map cell with fewer sessions than this is shown as "too few", not as a mean.
MIN_SESSIONS_PER_CELL = 2
# Session lengths are grouped in bins of this many minutes for the length-versus-focus trend.
LENGTH_BIN_MINUTES = 15
# The streak is counted this far back at most; the page shows a full one as "100+".
STREAK_LOOKBACK_DAYS = 100
Done = StudySession.AnalysisStatus.DONE


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
    theme_weeks: list[dict]
    theme_totals: dict[str, int]
    analysed_sessions: int
    heatmap: list[dict]
    current: Period
    previous: Period | None
    this_week: dict
    pending: list[dict] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.points


def _focused_seconds():
    duration = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
    return Sum(duration)


def _period(sessions: QuerySet[StudySession]) -> Period:
    totals = sessions.aggregate(
        count=Count("id"),
        mean=Avg("analysis__focus_score", filter=Q(analysis_status=Done)),
        duration=_focused_seconds(),
        paused=Sum("paused_seconds"),
    )
    top = (
        SessionLabel.objects.filter(session__in=sessions)
        .values("theme")
        .annotate(n=Count("id"))
        .order_by("-n", "theme")
        .first()
    )
    seconds = (totals["duration"] or timedelta()).total_seconds() - (totals["paused"] or 0)
    return Period(
        sessions=totals["count"],
        mean_score=round(totals["mean"], 1) if totals["mean"] is not None else None,
        focused_hours=round(max(seconds, 0) / 3600, 1),
        top_theme=top["theme"] if top else None,
    )


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


def dashboard_data(*, user, range_key: str = DEFAULT_RANGE, subject: str = "") -> DashboardData:
    """Everything the dashboard draws for `user` over the range, optionally for one subject."""
    if range_key not in RANGES:
        raise ValueError(f"unknown range {range_key!r}")
    profile = profile_for(user)
    zone = zoneinfo.ZoneInfo(profile.time_zone)
    until = timezone.now()
    days = RANGES[range_key]
    since = until - timedelta(days=days) if days else None

    everything = StudySession.objects.filter(user=user)
    if subject:
        everything = everything.filter(subject__icontains=subject)
    sessions = everything.filter(started_at__gte=since) if since else everything

    rows = (
        sessions.order_by("started_at", "id")
        .annotate(
            rolling=Window(
                Avg("analysis__focus_score"),
                order_by=[F("started_at").asc(), F("id").asc()],
                frame=RowRange(start=-(ROLLING_SESSIONS - 1), end=0),
            )
        )
        .values(
            "id",
            "subject",
            "started_at",
            "ended_at",
            "paused_seconds",
            "analysis_status",
            "analysis__focus_score",
            "analysis__labels",
            "rolling",
        )
    )
    points = []
    pending = []
    for row in rows:
        seconds = (row["ended_at"] - row["started_at"]).total_seconds() - row["paused_seconds"]
        minutes = max(0.0, seconds / 60)
        point = {
            "id": row["id"],
            "subject": row["subject"],
            "started_at": row["started_at"].astimezone(zone).isoformat(),
            "minutes": round(minutes, 1),
            "status": row["analysis_status"],
            "score": row["analysis__focus_score"] if row["analysis_status"] == Done else None,
            "labels": (row["analysis__labels"] or []) if row["analysis_status"] == Done else [],
            "rolling": round(row["rolling"], 1) if row["rolling"] is not None else None,
        }
        points.append(point)
        if point["score"] is None:
            pending.append(point)

    # Local time in SQL needs the span it covers (for the daylight-saving changes within it).
    first = points[0]["started_at"] if points else until.isoformat()
    span = {"zone": zone, "since": datetime.fromisoformat(first) - timedelta(days=1), "until": until}
    labels = SessionLabel.objects.filter(session__in=sessions)
    theme_weeks = list(
        labels.annotate(week=LocalWeekStart(LocalTime(field="session__started_at", **span)))
        .values("week", "theme")
        .annotate(sessions=Count("id"))
        .order_by("week", "theme")
    )
    theme_totals = dict(labels.values_list("theme").annotate(n=Count("id")).order_by("theme"))
    local = LocalTime(**span)
    heatmap = list(
        sessions.filter(analysis_status=Done)
        .annotate(weekday=LocalIsoWeekday(local), hour=LocalHour(local))
        .values("weekday", "hour")
        .annotate(mean=Avg("analysis__focus_score"), sessions=Count("id"))
        .order_by("weekday", "hour")
    )
    previous = None
    if since:
        previous = _period(everything.filter(started_at__gte=since - (until - since), started_at__lt=since))

    return DashboardData(
        range_key=range_key,
        subject=subject,
        since=since,
        until=until,
        time_zone=profile.time_zone,
        points=points,
        theme_weeks=[{**row, "week": _as_date(row["week"]).isoformat()} for row in theme_weeks],
        theme_totals=theme_totals,
        analysed_sessions=sum(1 for p in points if p["score"] is not None),
        heatmap=heatmap,
        current=_period(sessions),
        previous=previous,
        this_week=_this_week(user, profile, zone),
        pending=pending,
    )
