"""API shape of the profile."""

from rest_framework import serializers

from coach.api.strict import StrictModelSerializer
from coach.models import Profile


class ProfileSerializer(StrictModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Profile
        fields = (
            "username",
            "time_zone",
            "language",
            "weekly_goal_hours",
            "daily_goal_sessions",
            "weekly_digest_email",
        )
