"""A user's email address: adding or changing it, the link that verifies it, and which
addresses count.

`User.email` only ever holds a verified address (or nothing). A requested address waits in
`PendingEmail` until the link mailed to it is followed; until then the old verified address,
if any, stays in use for password resets and digests. The link carries a token signed with
the site's key (django.core.signing), bound to the user, the address and the nonce of that
request, so it cannot be guessed or pointed at another address; it expires after
EMAIL_VERIFICATION_DAYS and works once, because verifying deletes the pending row and a
newer request replaces its nonce. Staff who set an address in the admin vouch for it: it
counts as verified.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from coach import queue
from coach.accounts.throttles import hit
from coach.models import PendingEmail

TOKEN_SALT = "coach.accounts.email-verification"


def normalise(email: str) -> str:
    """The address as stored: no surrounding spaces, the domain in lower case."""
    return get_user_model().objects.normalize_email((email or "").strip())


def has_verified_email(user) -> bool:
    return bool(user.email)


def pending_email(user) -> PendingEmail | None:
    return PendingEmail.objects.filter(user=user).first()


def verified_users(email: str):
    """The active users whose verified address is `email` (any case): those a password reset
    may go to."""
    return get_user_model().objects.filter(email__iexact=normalise(email), is_active=True).exclude(email="")


def verification_token(pending: PendingEmail) -> str:
    return signing.dumps({"u": pending.user_id, "e": pending.email, "n": pending.nonce}, salt=TOKEN_SALT)


def verification_url(pending: PendingEmail) -> str:
    path = reverse("email-verify", args=[verification_token(pending)])
    return settings.SITE_URL.rstrip("/") + path


def email_change_request(*, user, email: str) -> PendingEmail:
    """Ask to use `email`: store it as pending (replacing an earlier request, whose link stops
    working) and mail it a verification link once the transaction commits. The verified
    address, if any, stays in use until then. Raises a ValidationError naming `email`."""
    email = normalise(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid email address.")}) from None
    if email.lower() == user.email.lower():
        raise ValidationError({"email": _("This is already your verified address.")})
    wait = hit(
        scope="email_verification", key=str(user.pk), rate=settings.PAGE_THROTTLE_RATES["email_verification"]
    )
    if wait:
        raise ValidationError(
            {
                "email": _("Too many verification links sent; try again in %(minutes)d minutes.")
                % {"minutes": max(1, round(wait / 60))}
            }
        )
    with transaction.atomic():
        pending, _created = PendingEmail.objects.update_or_create(
            user=user, defaults={"email": email, "nonce": secrets.token_hex(16)}
        )
        url, days = verification_url(pending), settings.EMAIL_VERIFICATION_DAYS
        transaction.on_commit(
            lambda: _mail(user, "registration/email_verify", email, {"url": url, "days": days})
        )
    return pending


def email_change_cancel(*, user) -> bool:
    """Forget the pending address; its link stops working. False when there was none."""
    deleted, _rows = PendingEmail.objects.filter(user=user).delete()
    return bool(deleted)


def email_link_check(*, token: str) -> PendingEmail:
    """The pending address a link verifies, with its user; a ValidationError naming `token` when the link is
    forged, expired, already used or replaced by a newer request."""
    max_age = settings.EMAIL_VERIFICATION_DAYS * 86400
    try:
        claims = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise ValidationError(
            {"token": _("This link has expired. Ask for a new one on the settings page.")}
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            {"token": _("This link is not valid. Check that it was copied whole.")}
        ) from None
    pending = (
        PendingEmail.objects.select_related("user")
        .filter(user_id=claims.get("u"), email=claims.get("e"), nonce=claims.get("n"), user__is_active=True)
        .first()
    )
    if pending is None:
        raise ValidationError(
            {
                "token": _(
                    "This link has already been used, or a newer one was sent since. Use the newest link."
                )
            }
        )
    return pending


def email_verify(*, token: str):
    """Follow a verification link: the pending address becomes the user's verified one, the
    previous address (if any) is told of the change, and the link stops working. Returns the
    user. Raises a ValidationError naming `token` (see email_link_check), or naming `email`
    when another account verified the address first."""
    with transaction.atomic():
        checked = email_link_check(token=token)
        # Locking the row makes a second click racing the first find it gone.
        pending = PendingEmail.objects.select_for_update().filter(id=checked.id).first()
        if pending is None:
            raise ValidationError({"token": _("This link has already been used.")})
        user = checked.user
        if verified_users(pending.email).exclude(pk=user.pk).exists():
            raise ValidationError({"email": _("Another account already uses this address.")})
        previous = user.email
        user.email = pending.email
        user.save(update_fields=["email"])
        pending.delete()
        if previous and previous.lower() != user.email.lower():
            new = user.email
            transaction.on_commit(
                lambda: _mail(user, "registration/email_changed", previous, {"new_email": new})
            )
    return user


def _mail(user, template: str, to: str, context: dict) -> None:
    """Render a mail in the user's language and queue it for a worker."""
    profile = getattr(user, "profile", None)
    with translation.override(profile.language if profile else settings.LANGUAGE_CODE):
        context = {"user": user, "site_url": settings.SITE_URL, **context}
        subject = "".join(render_to_string(f"{template}_subject.txt", context).splitlines())
        body = render_to_string(f"{template}_email.txt", context)
    queue.send(queue.SEND_EMAIL, args=(subject, body, settings.DEFAULT_FROM_EMAIL, [to], ""))
