from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from coach.models import Profile, StudySession

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password(PASSWORD)
    profile = factory.RelatedFactory("tests.factories.ProfileFactory", factory_related_name="user")

    @factory.post_generation
    def saved(user, create, extracted, **kwargs):
        if create:
            user.save()


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory, profile=None)
    time_zone = "UTC"
    language = "en"


class StudySessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudySession

    user = factory.SubFactory(UserFactory)
    subject = factory.Iterator(["Linear algebra", "Organic chemistry", "Spanish verbs", "Thesis chapter 2"])
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=3))
    ended_at = factory.LazyAttribute(lambda s: s.started_at + timedelta(minutes=50))
    interruptions = 1
    self_rating = 4
    journal = "Worked through the problem set; phone stayed in the drawer."


def analysed_session(*, user, started_at, score: float, labels=(), minutes: int = 50, **fields):
    """A session with a stored analysis, as the worker would leave it."""
    from coach.models import SessionAnalysis, SessionLabel
    from ml import THEMES

    session = StudySessionFactory(
        user=user,
        started_at=started_at,
        ended_at=started_at + timedelta(minutes=minutes),
        analysis_status="done",
        **fields,
    )
    SessionAnalysis.objects.create(
        session=session,
        revision=session.revision,
        themes={theme: (0.9 if theme in labels else 0.05) for theme in THEMES},
        labels=list(labels),
        model_labels=list(labels),
        text_focus=3.0,
        attention={theme: [] for theme in THEMES},
        focus_score=score,
        score_breakdown={"score": score, "components": []},
        model_version="test",
        analysed_at=started_at + timedelta(minutes=minutes, seconds=1),
        duration_ms=5,
    )
    SessionLabel.objects.bulk_create(SessionLabel(session=session, theme=theme) for theme in labels)
    return session


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "coach.CheckIn"

    user = factory.SubFactory(UserFactory)
    day = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    hours_slept = 7.5
    meditation_minutes = 0
    exercise_minutes = 0
    caffeine_cups = 1
    mood = 3


class TipFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "coach.TipFeedback"

    user = factory.SubFactory(UserFactory)
    tip = "digital_other_room"
    verdict = "helpful"
    updated_at = factory.LazyFunction(timezone.now)


class WeeklyDigestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "coach.WeeklyDigest"

    user = factory.SubFactory(UserFactory)
    week_start = factory.LazyFunction(
        lambda: timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 7)
    )
    sessions = 4
    focus_minutes = 200.0
    goal_hours = 10
    top_themes = factory.LazyFunction(lambda: [{"code": "digital", "sessions": 2}])
