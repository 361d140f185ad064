"""An export made by an earlier FocusWeb (version 1, before timer periods and Pomodoro
lengths) still imports, with the defaults for what it does not hold."""

import json

from coach.models import Profile, StudySession
from tests.factories import UserFactory
from tests.portability.conftest import import_file

VERSION_1 = {
    "format": "focusweb-export",
    "version": 1,
    "profile": {"username": "old", "time_zone": "Europe/Paris", "weekly_goal_hours": 8},
    "sessions": [
        {
            "uid": "5b0f4d1e-2c5a-4a63-9d1c-8f7f2b0a1c11",
            "subject": "Essay",
            "started_at": "2026-10-01T09:00:00+02:00",
            "ended_at": "2026-10-01T10:00:00+02:00",
            "journal": "Wrote the introduction.",
        }
    ],
}


def test_a_version_1_export_still_imports(db):
    newcomer = UserFactory()

    _preview, result = import_file(newcomer, "old.json", json.dumps(VERSION_1).encode())

    assert result.added["sessions"] == 1
    assert StudySession.objects.get(user=newcomer).timer_periods == []
    profile = Profile.objects.get(user=newcomer)
    assert (profile.time_zone, profile.weekly_goal_hours, profile.pomodoro_work_minutes) == (
        "Europe/Paris",
        8,
        25,
    )
