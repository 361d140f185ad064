"""API input and output shapes of sessions, their analyses and the timer."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coach.accounts.services import profile_for
from coach.api.strict import StrictModelSerializer, StrictSerializer
from coach.corrections.reading import session_correction, session_labels
from coach.corrections.serializers import CorrectionOutputSerializer
from coach.models import SessionAnalysis, StudySession, Timer
from coach.sessions.services import ENTERED_FIELDS
from coach.sessions.timer import PERIOD_KINDS, timer_state


class SessionInputSerializer(StrictModelSerializer):
    class Meta:
        model = StudySession
        # Paused seconds, for timers that run elsewhere (another app, this site's offline timer).
        fields = (*ENTERED_FIELDS, "paused_seconds")


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
            "model_labels",
            "model_version",
            "analysed_at",
            "duration_ms",
        )
        read_only_fields = fields


class SessionOutputSerializer(serializers.ModelSerializer):
    duration_minutes = serializers.SerializerMethodField()
    focused_minutes = serializers.FloatField(read_only=True)
    analysis = serializers.SerializerMethodField()
    labels = serializers.SerializerMethodField()
    correction = serializers.SerializerMethodField()

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
            "labels",
            "correction",
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

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_labels(self, session: StudySession) -> list[str]:
        """The themes counted everywhere: the user's correction where there is one, the
        analysis's otherwise; empty while the analysis is pending."""
        return session_labels(session)

    @extend_schema_field(CorrectionOutputSerializer(allow_null=True))
    def get_correction(self, session: StudySession) -> dict | None:
        correction = session_correction(session)
        return CorrectionOutputSerializer(correction).data if correction else None


class SessionFilterSerializer(StrictSerializer):
    json_types = False  # query parameters are strings

    since = serializers.DateField(required=False, help_text="First day, in the user's time zone.")
    until = serializers.DateField(required=False, help_text="Last day, in the user's time zone.")
    subject = serializers.CharField(required=False, max_length=120)
    page = serializers.IntegerField(required=False, min_value=1)

    def validate(self, attrs):
        if attrs.get("since") and attrs.get("until") and attrs["until"] < attrs["since"]:
            raise serializers.ValidationError({"until": ["Must not be before since."]})
        return attrs


class TimerStartSerializer(StrictSerializer):
    mode = serializers.ChoiceField(choices=Timer.Mode.choices, required=False)
    subject = serializers.CharField(max_length=120)
    goal = serializers.CharField(max_length=300, required=False, allow_blank=True)
    planned_minutes = serializers.IntegerField(min_value=1, max_value=960, required=False, allow_null=True)


class TimerSaveSerializer(StrictSerializer):
    journal = serializers.CharField(max_length=5000, required=False, allow_blank=True, trim_whitespace=False)
    self_rating = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    goal_achieved = serializers.BooleanField(required=False, allow_null=True)
    subject = serializers.CharField(max_length=120, required=False)


class TimerPeriodSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=PERIOD_KINDS)
    work_periods = serializers.IntegerField(help_text="Work periods so far, this one included.")
    length_seconds = serializers.IntegerField()
    elapsed_seconds = serializers.IntegerField(help_text="Of this period, its pauses left out.")
    next_kind = serializers.ChoiceField(choices=PERIOD_KINDS)
    next_length_seconds = serializers.IntegerField()
    next_length_minutes = serializers.IntegerField()


class TimerOutputSerializer(serializers.ModelSerializer):
    """The timer as stored, with its clocks read now (`coach.sessions.timer.timer_state`)."""

    state = serializers.CharField(read_only=True)
    elapsed_seconds = serializers.SerializerMethodField(
        help_text="Focused seconds: pauses and breaks left out."
    )
    break_seconds = serializers.SerializerMethodField()
    interruptions = serializers.SerializerMethodField()
    remaining_seconds = serializers.SerializerMethodField(
        help_text="Left in the countdown or the current Pomodoro period, negative once past it; "
        "null for a free timer."
    )
    period = serializers.SerializerMethodField(
        help_text="The current Pomodoro period; null in the other modes."
    )

    class Meta:
        model = Timer
        fields = (
            "state",
            "mode",
            "subject",
            "goal",
            "planned_minutes",
            "started_at",
            "paused_at",
            "stopped_at",
            "paused_seconds",
            "elapsed_seconds",
            "break_seconds",
            "remaining_seconds",
            "period",
            "periods",
            "interruptions",
            "interruption_times",
        )
        read_only_fields = fields

    def _clocks(self, timer: Timer) -> dict:
        if not hasattr(timer, "_clocks"):
            timer._clocks = timer_state(timer, profile_for(timer.user))
        return timer._clocks

    def get_elapsed_seconds(self, timer: Timer) -> int:
        return self._clocks(timer)["elapsed_seconds"]

    def get_break_seconds(self, timer: Timer) -> int:
        return self._clocks(timer)["break_seconds"]

    def get_interruptions(self, timer: Timer) -> int:
        return self._clocks(timer)["interruptions"]

    def get_remaining_seconds(self, timer: Timer) -> int | None:
        return self._clocks(timer)["remaining_seconds"]

    @extend_schema_field(TimerPeriodSerializer(allow_null=True))
    def get_period(self, timer: Timer) -> dict | None:
        return self._clocks(timer)["period"]
