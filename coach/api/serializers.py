from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coach.checkins import EDITABLE_FIELDS as CHECKIN_FIELDS
from coach.dashboard import DEFAULT_RANGE, RANGES
from coach.models import CheckIn, Profile, SessionAnalysis, StudySession, Timer, TipFeedback
from coach.sessions import ENTERED_FIELDS
from coach.tips import TIPS_BY_CODE


class StrictSerializer(serializers.Serializer):
    """Rejects fields it does not know, naming them, instead of silently dropping them."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


class StrictModelSerializer(StrictSerializer, serializers.ModelSerializer):
    pass


class SessionInputSerializer(StrictModelSerializer):
    class Meta:
        model = StudySession
        fields = ENTERED_FIELDS


class AnalysisOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = SessionAnalysis
        fields = (
            "revision",
            "focus_score",
            "score_breakdown",
            "themes",
            "labels",
            "text_focus",
            "attention",
            "truncated",
            "model_version",
            "analysed_at",
            "duration_ms",
        )
        read_only_fields = fields


class SessionOutputSerializer(serializers.ModelSerializer):
    duration_minutes = serializers.SerializerMethodField()
    focused_minutes = serializers.FloatField(read_only=True)
    analysis = serializers.SerializerMethodField()

    class Meta:
        model = StudySession
        fields = (
            "id",
            "subject",
            "started_at",
            "ended_at",
            "duration_minutes",
            "focused_minutes",
            "paused_seconds",
            "planned_minutes",
            "interruptions",
            "interruption_times",
            "self_rating",
            "goal",
            "goal_achieved",
            "journal",
            "revision",
            "analysis_status",
            "analysis_error",
            "analysis",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_duration_minutes(self, session: StudySession) -> float:
        return round(session.duration.total_seconds() / 60, 2)

    @extend_schema_field(AnalysisOutputSerializer(allow_null=True))
    def get_analysis(self, session: StudySession) -> dict | None:
        """The analysis of the session's current revision; null while it is pending."""
        analysis = session.current_analysis
        return AnalysisOutputSerializer(analysis).data if analysis else None


class SessionFilterSerializer(StrictSerializer):
    since = serializers.DateField(required=False, help_text="First day, in the user's time zone.")
    until = serializers.DateField(required=False, help_text="Last day, in the user's time zone.")
    subject = serializers.CharField(required=False, max_length=120)
    page = serializers.IntegerField(required=False, min_value=1)

    def validate(self, attrs):
        if attrs.get("since") and attrs.get("until") and attrs["until"] < attrs["since"]:
            raise serializers.ValidationError({"until": ["Must not be before since."]})
        return attrs


class DashboardQuerySerializer(StrictSerializer):
    range = serializers.ChoiceField(choices=list(RANGES), default=DEFAULT_RANGE)
    subject = serializers.CharField(required=False, default="", allow_blank=True, max_length=120)


class TimerStartSerializer(StrictSerializer):
    subject = serializers.CharField(max_length=120)
    goal = serializers.CharField(max_length=300, required=False, allow_blank=True)
    planned_minutes = serializers.IntegerField(min_value=1, max_value=960, required=False, allow_null=True)


class TimerSaveSerializer(StrictSerializer):
    journal = serializers.CharField(max_length=5000, required=False, allow_blank=True, trim_whitespace=False)
    self_rating = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    goal_achieved = serializers.BooleanField(required=False, allow_null=True)
    subject = serializers.CharField(max_length=120, required=False)


class TimerOutputSerializer(serializers.ModelSerializer):
    state = serializers.CharField(read_only=True)
    elapsed_seconds = serializers.SerializerMethodField()
    interruptions = serializers.SerializerMethodField()

    class Meta:
        model = Timer
        fields = (
            "state",
            "subject",
            "goal",
            "planned_minutes",
            "started_at",
            "paused_at",
            "stopped_at",
            "paused_seconds",
            "elapsed_seconds",
            "interruptions",
            "interruption_times",
        )
        read_only_fields = fields

    def get_elapsed_seconds(self, timer: Timer) -> int:
        return timer.elapsed_seconds()

    def get_interruptions(self, timer: Timer) -> int:
        return len(timer.interruption_times)


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
    since = serializers.DateField(required=False)
    until = serializers.DateField(required=False)
    page = serializers.IntegerField(required=False, min_value=1)


class RecommendationOutputSerializer(serializers.Serializer):
    """A recommendation as coach.coaching.present() gives it, in the user's language."""

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
