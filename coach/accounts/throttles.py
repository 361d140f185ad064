"""Rate limits for the account pages DRF does not serve: sign-up and password-reset mail,
counted per client address and, for a reset, per email address too, in the shared cache."""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "5/hour" → (5, 3600)."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period[0]]


def hit(*, scope: str, key: str, rate: str) -> int:
    """Count one request against `rate` in a fixed window; the seconds to wait when it is
    over the limit, else 0."""
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    name = f"throttle:{scope}:{key}:{window}"
    cache.add(name, 0, timeout=period)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=period)
        count = 1
    return 0 if count <= limit else period - int(time.time()) % period


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def too_many(request, retry_after: int):
    response = render(request, "429.html", {"retry_minutes": max(1, round(retry_after / 60))}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def throttle_posts(scope: str):
    """Limit a page's POSTs per client address to settings.PAGE_THROTTLE_RATES[scope]."""

    def decorate(view):
        @wraps(view)
        def throttled(request, *args, **kwargs):
            if request.method == "POST":
                wait = hit(scope=scope, key=client_address(request), rate=settings.PAGE_THROTTLE_RATES[scope])
                if wait:
                    return too_many(request, wait)
            return view(request, *args, **kwargs)

        return throttled

    return decorate
