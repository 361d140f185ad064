"""API throttles: DRF's per-user, per-address and scoped ones, and writes counted on their
own, so a script flooding sessions is slowed long before it can keep the workers from
everyone else. Each lets requests through while the cache (Redis) cannot be reached: a
Redis outage costs rate limiting for its few seconds, not every API request."""

import logging

from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)


class FailOpen:
    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # noqa: BLE001 - the cache's client raises its own connection errors
            logger.warning(
                "The throttle's cache is unreachable; request let through unthrottled", exc_info=True
            )
            return True


class AnonThrottle(FailOpen, AnonRateThrottle):
    pass


class UserThrottle(FailOpen, UserRateThrottle):
    pass


class ScopedThrottle(FailOpen, ScopedRateThrottle):
    pass


class WriteRateThrottle(FailOpen, UserRateThrottle):
    """Per user (per address when anonymous); only requests that change something count."""

    scope = "writes"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)
