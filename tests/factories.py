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
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
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
