"""Lockout after repeated failed logins (django-axes), as the pages and the API report it.

Failures are counted per username and client address together (AXES_LOCKOUT_PARAMETERS),
so nobody can lock another person out of their account from their own address, and one
address cannot lock every account it tries."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework import status


def lockout_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def attempts_left(request, *, username: str) -> int:
    """Failed logins still allowed for this username from this request's address."""
    failures = AxesProxyHandler.get_failures(request, {"username": username})
    return max(settings.AXES_FAILURE_LIMIT - failures, 0)


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE): JSON for the API,
    the site's page otherwise; 429 with Retry-After either way."""
    minutes = lockout_seconds() // 60
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("Too many failed logins. Try again in %(minutes)d minutes.") % {"minutes": minutes}},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )
    else:
        response = render(
            request,
            settings.AXES_LOCKOUT_TEMPLATE,
            {"cooloff_minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )
    response["Retry-After"] = str(lockout_seconds())
    return response
