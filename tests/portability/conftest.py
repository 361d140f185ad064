"""A user with every kind of data an export holds, and helpers to export and import it."""

import io
import json
import zipfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from coach.models import Recommendation, TipFeedback
from coach.portability.export_csv import export_csv_zip
from coach.portability.export_json import export_json
from coach.portability.imports import import_confirm, import_preview, import_upload
from tests.factories import (
    CheckInFactory,
    StudySessionFactory,
    UserFactory,
    WeeklyDigestFactory,
    analysed_session,
)

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def full_user(username: str = "mei"):
    """A user in Shanghai with sessions (one unanalysed, one with interruptions and Chinese
    text, one with a formula-like journal), check-ins, recommendations, feedback and digests."""
    user = UserFactory(username=username)
    user.profile.time_zone = "Asia/Shanghai"
    user.profile.language = "zh-hans"
    user.profile.weekly_goal_hours = 12
    user.profile.pomodoro_work_minutes = 50
    user.profile.share_corrections = True
    user.profile.save()
    start = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    analysed_session(
        user=user,
        started_at=start,
        score=72.5,
        labels=("digital",),
        subject="线性代数",
        journal="手机一直响，注意力很难集中。",
        interruptions=2,
        interruption_times=[
            (start + timedelta(minutes=10)).isoformat(),
            (start + timedelta(minutes=30)).isoformat(),
        ],
        goal="Finish chapter 3",
        goal_achieved=True,
        planned_minutes=45,
        timer_periods=[
            {
                "kind": "work",
                "started_at": start.isoformat(),
                "ended_at": (start + timedelta(minutes=25)).isoformat(),
                "paused_seconds": 0,
            },
            {
                "kind": "short_break",
                "started_at": (start + timedelta(minutes=25)).isoformat(),
                "ended_at": (start + timedelta(minutes=30)).isoformat(),
                "paused_seconds": 0,
            },
        ],
        paused_seconds=300,
    )
    analysed_session(
        user=user,
        started_at=start + timedelta(days=1),
        score=55.0,
        labels=("fatigue", "people"),
        subject="Thesis",
        journal='=HYPERLINK("http://evil") tired after lunch',
    )
    StudySessionFactory(
        user=user,
        subject="Spanish verbs",
        started_at=start + timedelta(days=2),
        ended_at=start + timedelta(days=2, minutes=30),
        journal="",
        analysis_status="pending",
    )
    CheckInFactory(user=user, day=date(2026, 11, 2), bedtime=time(23, 30), mood=4, hours_slept=6.5)
    CheckInFactory(user=user, day=date(2026, 11, 3), mood=2)
    Recommendation.objects.create(
        user=user,
        tip="digital_other_room",
        family="digital",
        rank=1,
        score=0.8,
        reasons=[{"kind": "theme", "theme": "digital"}],
        computed_at=start + timedelta(days=3),
    )
    TipFeedback.objects.create(user=user, tip="digital_other_room", verdict="helpful", updated_at=start)
    WeeklyDigestFactory(user=user, week_start=date(2026, 10, 26), insight={"kind": "sleep"})
    return user


def export_document(user) -> dict:
    return json.loads("".join(export_json(user=user)))


def export_zip(user) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(export_csv_zip(user=user))))


def upload(user, name: str, content: bytes):
    return import_upload(user=user, name=name, file=SimpleUploadedFile(name, content))


def import_file(user, name: str, content: bytes, options=None):
    """Upload, preview and confirm, as the page does; returns (preview, result)."""
    staged = upload(user, name, content)
    preview = import_preview(user=user, token=staged.token, options=options)
    return preview, import_confirm(user=user, token=staged.token, options=options)


def without_import_stamps(document: dict) -> dict:
    """The document without what an import cannot keep: when it was exported and when each
    row was created."""
    document = json.loads(json.dumps(document))
    document.pop("exported_at")
    document["profile"].pop("username")
    for table in ("sessions", "checkins", "digests"):
        for record in document[table]:
            record.pop("created_at")
    return document


@pytest.fixture(autouse=True)
def empty_cache():
    """Staged uploads and import progress live in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mei(db):
    return full_user()
