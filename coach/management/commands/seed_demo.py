"""Create the demo account with about eight weeks of varied study sessions."""

import json
import random
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from coach.accounts.services import user_create
from coach.models import CheckIn, StudySession
from coach.sessions.analysis import queue_analysis

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "focusweb-demo"
JOURNALS = json.loads((Path(__file__).resolve().parents[2] / "demo_journals.json").read_text("utf-8"))


class Command(BaseCommand):
    help = "Create the demo account (demo / focusweb-demo) with eight weeks of sessions, unless it exists."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo account and create it again."
        )
        parser.add_argument("--weeks", type=int, default=8)
        parser.add_argument("--seed", type=int, default=7)

    @transaction.atomic
    def handle(self, *args, reset: bool, weeks: int, seed: int, **options):
        users = get_user_model().objects
        if users.filter(username=DEMO_USERNAME).exists():
            if not reset:
                self.stdout.write(f"Demo account exists: log in as {DEMO_USERNAME} / {DEMO_PASSWORD}")
                return
            users.filter(username=DEMO_USERNAME).delete()
        user = user_create(
            username=DEMO_USERNAME, password=DEMO_PASSWORD, time_zone="Europe/London", language="en"
        )
        sessions, checkins = build_sessions(user=user, weeks=weeks, rng=random.Random(seed))
        StudySession.objects.bulk_create(sessions)
        CheckIn.objects.bulk_create(checkins)
        for session in StudySession.objects.filter(user=user):
            queue_analysis(session)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the demo account with {len(sessions)} sessions: "
                f"log in as {DEMO_USERNAME} / {DEMO_PASSWORD}"
            )
        )


def build_sessions(*, user, weeks: int, rng: random.Random) -> tuple[list[StudySession], list[CheckIn]]:
    """About two sessions a day on most days, at the hours a student really studies, with
    journals in English and Chinese and the facts varied, plus a daily check-in. Short nights
    make tired journals and lower ratings likelier, so the coach has a pattern to find."""
    zone = ZoneInfo(user.profile.time_zone)
    today = timezone.localdate(timezone=zone)
    sessions, checkins = [], []
    for day_offset in range(weeks * 7, 0, -1):
        day = today - timedelta(days=day_offset)
        slept = rng.choice([4.5, 5, 5.5, 6, 6.5, 7, 7, 7.5, 7.5, 8, 8, 8.5])
        short_night = slept < 6.5
        meditated = rng.random() < 0.4
        checkins.append(
            CheckIn(
                user=user,
                day=day,
                hours_slept=slept,
                bedtime=time(rng.choice([22, 23, 23, 0, 1]), rng.choice([0, 30])),
                meditation_minutes=rng.choice([5, 10, 15]) if meditated else 0,
                exercise_minutes=rng.choice([0, 0, 20, 30, 45]),
                caffeine_cups=rng.choice([0, 1, 1, 2, 3]),
                mood=rng.choice([2, 3, 3, 4] if short_night else [3, 4, 4, 5]),
            )
        )
        if rng.random() < 0.15:
            continue
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            language = "zh" if rng.random() < 0.35 else "en"
            pool = JOURNALS[language]
            if short_night and rng.random() < 0.6:
                pool = [entry for entry in pool if entry[2:] == ["tired"]]
            subject, journal = rng.choice(pool)[:2]
            start = datetime(
                day.year,
                day.month,
                day.day,
                rng.choice([8, 9, 10, 14, 15, 16, 19, 20, 21]),
                rng.choice([0, 15, 30, 45]),
                tzinfo=zone,
            )
            minutes = rng.choice([25, 30, 45, 50, 60, 75, 90, 120])
            goal = rng.choice(["", "", "Finish the exercise set", "Draft one section", "完成一套真题"])
            sessions.append(
                StudySession(
                    user=user,
                    subject=subject,
                    started_at=start,
                    ended_at=start + timedelta(minutes=minutes),
                    planned_minutes=rng.choice([None, minutes, minutes + 15, max(15, minutes - 15)]),
                    interruptions=rng.choice([1, 2, 3, 5] if short_night else [0, 0, 1, 1, 2]),
                    self_rating=rng.choice([None, 1, 2, 2, 3] if short_night else [None, 3, 4, 4, 5]),
                    goal=goal,
                    goal_achieved=rng.choice([None, True, True, False]) if goal else None,
                    journal=journal,
                )
            )
    return sessions, checkins
