"""List, and with --fix move, sessions whose times lie outside 1970 to now.

Earlier versions let such times in (a start in year 1 through the API, or a local time near
year 1 or 9999 shifted out of range by a time zone), and one such row broke its user's
pages and the weekly digest job for everyone. Every entry path refuses them now; this
repairs rows stored before. A session is never deleted: --fix moves it to the moment it was
recorded (its created_at), keeping its length up to the 16-hour maximum, and leaves it to
be analysed again."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import F, Q
from django.utils import timezone

from coach.models import CLOCK_SKEW, EARLIEST_SESSION_TIME, MAX_SESSION_DURATION, StudySession


class Command(BaseCommand):
    help = "List sessions with times outside 1970 to now; --fix moves them to when they were recorded."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="move them (otherwise only list them)")

    def handle(self, *args, fix: bool, **options):
        latest = timezone.now() + CLOCK_SKEW
        out_of_range = StudySession.objects.filter(
            Q(started_at__lt=EARLIEST_SESSION_TIME)
            | Q(ended_at__lt=EARLIEST_SESSION_TIME)
            | Q(started_at__gt=latest)
            | Q(ended_at__gt=latest)
            | Q(ended_at__lte=F("started_at"))
        ).values_list("id", "user_id", "created_at", "started_at", "ended_at")
        count = 0
        for session_id, user_id, created_at, started_at, ended_at in out_of_range.iterator():
            count += 1
            length = _length(started_at, ended_at)
            new_end = min(created_at, latest)
            self.stdout.write(f"session {session_id} of user {user_id}: {started_at!r} to {ended_at!r}")
            if fix:
                StudySession.objects.filter(id=session_id).update(
                    started_at=new_end - length,
                    ended_at=new_end,
                    revision=F("revision") + 1,
                    analysis_status=StudySession.AnalysisStatus.PENDING,
                )
        verb = "moved" if fix else "found (run with --fix to move them)"
        self.stdout.write(f"{count} session(s) {verb}.")


def _length(started_at, ended_at) -> timedelta:
    try:
        length = ended_at - started_at
    except (OverflowError, TypeError):
        length = timedelta(hours=1)
    if length <= timedelta(0) or length > MAX_SESSION_DURATION:
        return timedelta(hours=1)
    return length
