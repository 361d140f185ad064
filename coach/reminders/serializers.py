from rest_framework import serializers

from coach.api.strict import StrictSerializer


class PushKeysSerializer(StrictSerializer):
    p256dh = serializers.CharField(max_length=200)
    auth = serializers.CharField(max_length=100)


class PushSubscriptionSerializer(StrictSerializer):
    """A browser's PushSubscription, as its toJSON() gives it."""

    endpoint = serializers.URLField(max_length=1000)
    expirationTime = serializers.IntegerField(required=False, allow_null=True)  # noqa: N815 - the browser's name
    keys = PushKeysSerializer()


class PushUnsubscribeSerializer(StrictSerializer):
    endpoint = serializers.URLField(max_length=1000)
