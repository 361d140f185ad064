"""Accounts: creating a user with their profile, and changing their preferences."""

from django.contrib.auth import get_user_model
from django.db import transaction

from coach.models import Profile


@transaction.atomic
def user_create(
    *, username: str, password: str, email: str = "", time_zone: str = "UTC", language: str = "en"
):
    """Create a user and their profile in one transaction."""
    user = get_user_model().objects.create_user(username=username, password=password, email=email)
    profile = Profile(user=user, time_zone=time_zone, language=language)
    profile.full_clean(exclude=["user"])
    profile.save()
    return user


def profile_for(user) -> Profile:
    """The user's profile, created with defaults for users made outside the sign-up page
    (createsuperuser, the admin)."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def profile_update(*, profile: Profile, **fields) -> Profile:
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user"])
    profile.save()
    return profile
