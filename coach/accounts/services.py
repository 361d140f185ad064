"""Accounts: creating a user with their profile, and changing their preferences."""

from django.contrib.auth import SESSION_KEY, get_user_model
from django.db import transaction
from django.utils import timezone

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


def sessions_clear() -> int:
    """Delete expired sign-in sessions and those whose user no longer exists or is disabled;
    returns how many went."""
    from django.contrib.sessions.models import Session

    expired, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    active_ids = {
        str(pk) for pk in get_user_model().objects.filter(is_active=True).values_list("pk", flat=True)
    }
    orphaned = [
        session.session_key
        for session in Session.objects.iterator(chunk_size=1000)
        if session.get_decoded().get(SESSION_KEY) not in active_ids
    ]
    removed, _ = Session.objects.filter(session_key__in=orphaned).delete()
    return expired + removed
