"""API input and output shapes of check-ins, insights, recommendations and feedback."""

from rest_framework import serializers

from coach.api.strict import StrictModelSerializer, StrictSerializer
from coach.coaching.checkins import EDITABLE_FIELDS as CHECKIN_FIELDS
from coach.coaching.tips import TIPS_BY_CODE
from coach.models import CheckIn, TipFeedback


class CheckInInputSerializer(StrictModelSerializer):
    class Meta:
        model = CheckIn
        fields = CHECKIN_FIELDS
        extra_kwargs = {"day": {"required": False, "help_text": "Defaults to today in the user's time zone."}}


class CheckInOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckIn
        fields = ("id", *CheckInInputSerializer.Meta.fields, "created_at", "updated_at")
        read_only_fields = fields


class CheckInFilterSerializer(StrictSerializer):
    json_types = False  # query parameters are strings

    since = serializers.DateField(required=False)
    until = serializers.DateField(required=False)
    page = serializers.IntegerField(required=False, min_value=1)


class RecommendationOutputSerializer(serializers.Serializer):
    """A recommendation as coach.coaching.recommendations.present() gives it, in the user's language."""

    id = serializers.IntegerField()
    rank = serializers.IntegerField()
    tip = serializers.CharField()
    family = serializers.CharField()
    family_name = serializers.CharField()
    title = serializers.CharField()
    action = serializers.CharField()
    why = serializers.ListField(child=serializers.CharField())
    score = serializers.FloatField()
    computed_at = serializers.DateTimeField()


class InsightOutputSerializer(serializers.Serializer):
    kind = serializers.CharField()
    theme = serializers.CharField()
    a = serializers.IntegerField(help_text="Group a: an hour, a length bucket, or 0.")
    b = serializers.IntegerField(help_text="Group b, likewise.")
    a_n = serializers.IntegerField()
    a_mean = serializers.FloatField()
    b_n = serializers.IntegerField()
    b_mean = serializers.FloatField()
    difference = serializers.FloatField()
    low = serializers.FloatField()
    high = serializers.FloatField()
    strength = serializers.FloatField()
    shown = serializers.BooleanField()
    reason = serializers.CharField()
    sentence = serializers.CharField(help_text="The insight in the user's language.")
    effect = serializers.CharField(source="effect_text", help_text="The difference and its interval.")


class FeedbackInputSerializer(StrictSerializer):
    tip = serializers.ChoiceField(choices=sorted(TIPS_BY_CODE))
    verdict = serializers.ChoiceField(choices=TipFeedback.Verdict.values)


class FeedbackOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = TipFeedback
        fields = ("tip", "verdict", "updated_at")
        read_only_fields = fields
