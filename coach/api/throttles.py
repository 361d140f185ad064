"""API throttles beyond DRF's per-user and per-address ones: writes counted on their own, so
a script flooding sessions is slowed long before it can keep the workers from everyone else."""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import UserRateThrottle


class WriteRateThrottle(UserRateThrottle):
    """Per user (per address when anonymous); only requests that change something count."""

    scope = "writes"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)
