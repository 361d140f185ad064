"""API shape of the profile."""

from rest_framework import serializers

from coach.api.strict import StrictModelSerializer, StrictSerializer
from coach.models import ApiToken, Profile


class ProfileSerializer(StrictModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    email = serializers.EmailField(
        source="user.email",
        read_only=True,
        help_text="The verified address, where resets and digests go; empty when there is none.",
    )
    pending_email = serializers.SerializerMethodField(
        help_text="An address waiting for its link to be followed; null when there is none."
    )

    class Meta:
        model = Profile
        fields = (
            "username",
            "email",
            "pending_email",
            "time_zone",
            "language",
            "weekly_goal_hours",
            "daily_goal_sessions",
            "weekly_digest_email",
            "share_corrections",
        )

    def get_pending_email(self, profile) -> str | None:
        pending = getattr(profile.user, "pending_email", None)
        return pending.email if pending else None


class EmailRequestSerializer(StrictSerializer):
    email = serializers.EmailField(max_length=254)


class EmailVerifySerializer(StrictSerializer):
    token = serializers.CharField(max_length=1000, help_text="The token at the end of the mailed link.")


class VerifiedEmailSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="The address now verified.")


class AccountDeleteSerializer(StrictSerializer):
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


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
