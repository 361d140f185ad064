"""API shape of the profile."""

from rest_framework import serializers

from coach.api.strict import StrictModelSerializer, StrictSerializer
from coach.models import ApiToken, Profile


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
            "share_corrections",
        )


class TokenCreateSerializer(StrictSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    name = serializers.CharField(max_length=64, required=False, default="API")


class TokenOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ("token_key", "name", "created", "last_used_at", "expiry")


class NewTokenSerializer(TokenOutputSerializer):
    token = serializers.CharField(help_text="The key: shown this once, never stored.")

    class Meta(TokenOutputSerializer.Meta):
        fields = ("token", *TokenOutputSerializer.Meta.fields)
