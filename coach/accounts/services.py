"""Accounts: creating a user with their profile, and changing their preferences."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coach.accounts.email_addresses import email_change_request, has_verified_email
from coach.models import LoginSession, Profile


@transaction.atomic
def user_create(
    *, username: str, password: str, email: str = "", time_zone: str = "UTC", language: str = "en"
):
    """Create a user and their profile in one transaction; an email address given is mailed a
    link and counts once it is verified."""
    user = get_user_model().objects.create_user(username=username, password=password)
    profile = Profile(user=user, time_zone=time_zone, language=language)
    profile.full_clean(exclude=["user"])
    profile.save()
    if email:
        email_change_request(user=user, email=email)
    return user


def profile_for(user) -> Profile:
    """The user's profile, created with defaults for users made outside the sign-up page
    (createsuperuser, the admin)."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def profile_update(*, profile: Profile, **fields) -> Profile:
    """Change the given preferences. The weekly digest can be switched on only with a
    verified address (a choice made before verification existed is kept, and honoured once
    an address is verified)."""
    turning_on_digest = fields.get("weekly_digest_email") and not profile.weekly_digest_email
    if turning_on_digest and not has_verified_email(profile.user):
        raise ValidationError(
            {
                "weekly_digest_email": _(
                    "Add an email address and verify it first: the digest is only sent there."
                )
            }
        )
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user"])
    profile.save()
    return profile


def sessions_clear() -> int:
    """Delete expired sessions, those of disabled users and those nobody is signed in to (a
    deleted user's go with them); returns how many went."""
    expired, _rows = LoginSession.objects.filter(expire_date__lt=timezone.now()).delete()
    unused, _rows = LoginSession.objects.filter(Q(user__isnull=True) | Q(user__is_active=False)).delete()
    return expired + unused
