"""Analysed study sessions in bulk for the benchmarks: the history of heavy users.

Run inside a benchmark process with Django set up, on a database the benchmark created.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta


def analysed_history(*, users, per_user: int, now: datetime, seed: int = 1, days: int = 730) -> int:
    """`per_user` analysed sessions for each user, spread over `days` days before `now`, with
    zero to three theme labels each. Returns how many sessions were made."""
    from coach.models import SessionAnalysis, SessionLabel, StudySession
    from ml import THEMES

    rng = random.Random(seed)
    sessions = []
    for user in users:
        for _ in range(per_user):
            start = now - timedelta(minutes=rng.randint(60, days * 24 * 60))
            sessions.append(
                StudySession(
                    user=user,
                    subject=rng.choice(["Maths", "History", "Thesis", "Spanish"]),
                    started_at=start,
                    ended_at=start + timedelta(minutes=rng.randint(20, 120)),
                    interruptions=rng.randint(0, 5),
                    self_rating=rng.randint(1, 5),
                    journal="x",
                    analysis_status="done",
                )
            )
    created = StudySession.objects.bulk_create(sessions, batch_size=2000)
    analyses, labels = [], []
    for session in created:
        chosen = rng.sample(THEMES, rng.choice([0, 1, 1, 2, 3]))
        analyses.append(
            SessionAnalysis(
                session=session,
                revision=1,
                themes={t: 0.5 for t in THEMES},
                labels=chosen,
                text_focus=3.0,
                attention={},
                focus_score=rng.uniform(20, 95),
                score_breakdown={},
                model_version="bench",
                analysed_at=now,
                duration_ms=5,
            )
        )
        labels.extend(SessionLabel(session=session, theme=t) for t in chosen)
    SessionAnalysis.objects.bulk_create(analyses, batch_size=2000)
    SessionLabel.objects.bulk_create(labels, batch_size=5000)
    return len(created)
