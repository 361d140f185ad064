"""API query of the dashboard."""

from rest_framework import serializers

from coach.api.strict import StrictSerializer
from coach.dashboard.selectors import DEFAULT_RANGE, RANGES


class DashboardQuerySerializer(StrictSerializer):
    json_types = False  # query parameters are strings

    range = serializers.ChoiceField(choices=list(RANGES), default=DEFAULT_RANGE)
    subject = serializers.CharField(required=False, default="", allow_blank=True, max_length=120)
