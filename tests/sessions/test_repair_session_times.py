"""Sessions stored with impossible times before every entry path refused them are found and,
with --fix, moved to when they were recorded; none is lost."""

from datetime import UTC, datetime, timedelta
from io import StringIO

from django.core.management import call_command

from coach.models import StudySession
from tests.factories import StudySessionFactory


def stored_with(user, started_at, ended_at) -> StudySession:
    session = StudySessionFactory(user=user)
    StudySession.objects.filter(id=session.id).update(started_at=started_at, ended_at=ended_at)
    return StudySession.objects.get(id=session.id)


def test_out_of_range_sessions_are_listed_and_moved_without_loss(alice):
    ancient = stored_with(alice, datetime(1, 1, 2, tzinfo=UTC), datetime(1, 1, 2, 1, tzinfo=UTC))
    future = stored_with(alice, datetime(9999, 12, 30, tzinfo=UTC), datetime(9999, 12, 30, 2, tzinfo=UTC))
    fine = StudySessionFactory(user=alice)
    listing = StringIO()

    call_command("repair_session_times", stdout=listing)
    assert "2 session(s) found" in listing.getvalue()
    assert StudySession.objects.get(id=ancient.id).started_at.year == 1

    call_command("repair_session_times", "--fix", stdout=StringIO())

    assert StudySession.objects.count() == 3
    for session, length in ((ancient, timedelta(hours=1)), (future, timedelta(hours=2))):
        moved = StudySession.objects.get(id=session.id)
        assert moved.ended_at == session.created_at
        assert moved.ended_at - moved.started_at == length
        assert moved.analysis_status == "pending"
    assert StudySession.objects.get(id=fine.id).started_at == fine.started_at
