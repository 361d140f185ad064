from rest_framework import serializers

from coach.api.strict import StrictSerializer

KEY_LIMITS = {"p256dh": 200, "auth": 100}


class PushSubscriptionSerializer(StrictSerializer):
    """A browser's PushSubscription, as its toJSON() gives it."""

    endpoint = serializers.URLField(max_length=1000)
    expirationTime = serializers.IntegerField(required=False, allow_null=True)  # noqa: N815 - the browser's name
    keys = serializers.JSONField(help_text='{"p256dh": the browser\'s public key, "auth": its auth secret}')

    def validate_keys(self, keys):
        # Checked here rather than by a nested serializer, so a refusal reads as the API's
        # other errors do: the field, and a list of reasons.
        if not isinstance(keys, dict) or set(keys) != set(KEY_LIMITS):
            raise serializers.ValidationError("Must hold exactly p256dh and auth.")
        for name, limit in KEY_LIMITS.items():
            if not isinstance(keys[name], str) or not 0 < len(keys[name]) <= limit:
                raise serializers.ValidationError(f"{name} must be a string of 1 to {limit} characters.")
        return keys


class PushUnsubscribeSerializer(StrictSerializer):
    endpoint = serializers.URLField(max_length=1000)
