"""API tokens: making, listing and revoking a user's named tokens, and the authentication
class that accepts them. Built on django-rest-knox, which stores only a hash of each key."""

from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from knox.settings import knox_settings
from rest_framework.exceptions import Throttled

from coach.models import ApiToken

# A token's "last used" moves at most this often, so busy clients do not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it with its key, which is never available again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, so you can tell it apart later.")})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": _("At most 64 characters.")})
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit and token_list(user=user).count() >= limit:
        raise ValidationError({"name": _("You have %(limit)d tokens; revoke one first.") % {"limit": limit}})
    return ApiToken.objects.create(user=user, name=name)


def token_list(*, user) -> QuerySet[ApiToken]:
    """The user's tokens that have not expired, newest first."""
    now = timezone.now()
    return ApiToken.objects.filter(user=user).exclude(expiry__lt=now)


def token_revoke(*, user, token_key: str) -> bool:
    """Revoke one of the user's tokens by its public prefix; False when there is none."""
    deleted, _rows = ApiToken.objects.filter(user=user, token_key=token_key).delete()
    return bool(deleted)


def tokens_revoke_all(*, user) -> int:
    deleted, _rows = ApiToken.objects.filter(user=user).delete()
    return deleted


class ApiTokenAuthentication(TokenAuthentication):
    """knox's hashed tokens, noting when each was last used. A token is refused, like a
    password, while its account is locked out for the address the request comes from."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and AxesProxyHandler.is_locked(request, {"username": result[0].get_username()}):
            raise Throttled(detail=_("Too many failed logins from this address; try again later."))
        return result

    def authenticate_credentials(self, token: bytes):
        user, auth_token = super().authenticate_credentials(token)
        now = timezone.now()
        if auth_token.last_used_at is None or now - auth_token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(digest=auth_token.digest).update(last_used_at=now)
        return user, auth_token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the token: `Authorization: Token <key>`."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
