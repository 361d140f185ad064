"""The dashboard's payload, kept in the cache under the user's data version, so a revisit
with nothing changed costs one small query and one cache lookup instead of the range's
aggregates and five figures.

The data version is a fingerprint of everything the payload is drawn from, read in one
query of index lookups: the user's sessions (how many, the latest edit, how many wait, run
or failed), the coach's last recompute and the user's data version (realtime/sequence.py). Any save, edit,
deletion, analysis or status change moves it, so a stale payload is never served; the key
also holds the range, subject, language, time zone and the local hour, since the payload
speaks of "today" and "this week". DASHBOARD_CACHE_SECONDS=0 turns the cache off.
"""

import hashlib
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone, translation

from coach.accounts.services import profile_for
from coach.dashboard.charts import dashboard_payload
from coach.dashboard.selectors import dashboard_data
from coach.models import CoachingState, Profile, StudySession

Status = StudySession.AnalysisStatus


def data_version(*, user) -> str:
    """A fingerprint that changes whenever anything the dashboard shows for `user` does, read
    in one query of index lookups (no pass over the user's history): how many sessions, the
    latest edit (every save bumps `updated_at`), how many wait, run or failed (an analysis
    landing moves a session out of those, a retry or an edit back in) and the coach's last
    recompute."""
    sessions = StudySession.objects.filter(user=OuterRef("pk")).order_by()

    def count(rows):
        return Subquery(rows.values("user").annotate(n=Count("*")).values("n"))

    version = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values(
            sessions=count(sessions),
            edited=Subquery(sessions.order_by("-updated_at").values("updated_at")[:1]),
            pending=count(sessions.filter(analysis_status=Status.PENDING)),
            running=count(sessions.filter(analysis_status=Status.RUNNING)),
            failed=count(sessions.filter(analysis_status=Status.FAILED)),
            coached=Subquery(CoachingState.objects.filter(user=OuterRef("pk")).values("computed_at")[:1]),
            # Raised with every event the user's pages get: corrections, check-ins, imports.
            evented=Subquery(Profile.objects.filter(user=OuterRef("pk")).values("data_version")[:1]),
        )
        .first()
    )
    return hashlib.sha256(repr(sorted(version.items())).encode()).hexdigest()[:32]


def payload_key(*, user, range_key: str, subject: str) -> str:
    """The payload's cache key: who (the account, by id and creation time, so an id reused
    by a test database never meets an old entry), what they asked for, how it is shown
    (language, time zone, goals, the local hour) and the data version."""
    profile = profile_for(user)
    shown = [
        translation.get_language(),
        profile.time_zone,
        profile.weekly_goal_hours,
        profile.daily_goal_sessions,
    ]
    local_hour = timezone.localtime(timezone=zoneinfo.ZoneInfo(profile.time_zone)).strftime("%Y-%m-%dT%H")
    parts = [user.date_joined.isoformat(), range_key, subject, *map(str, shown), local_hour]
    view = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]
    return f"dashboard:{user.pk}:{view}:{data_version(user=user)}"


def cached_dashboard_payload(*, user, range_key: str, subject: str = "") -> dict:
    """What /api/v1/dashboard/ and the dashboard page show: from the cache when the user's
    data has not changed since it was drawn, else drawn now and kept."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if seconds <= 0:
        return dashboard_payload(dashboard_data(user=user, range_key=range_key, subject=subject))
    key = payload_key(user=user, range_key=range_key, subject=subject)
    try:
        payload = cache.get(key)
    except Exception:  # noqa: BLE001 - no cache reachable: draw it as if it were a miss
        payload, key = None, None
    if payload is None:
        payload = dashboard_payload(dashboard_data(user=user, range_key=range_key, subject=subject))
        if key is not None:
            try:
                cache.set(key, payload, timeout=seconds)
            except Exception:  # noqa: BLE001 - the page is drawn; the next visit draws it again
                pass
    return payload
