"""API shapes of a session's correction."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coach.api.strict import StrictSerializer
from coach.corrections.reading import journal_digest
from coach.models import SessionCorrection
from coach.themes import THEME_NAMES


class CorrectionInputSerializer(StrictSerializer):
    labels = serializers.ListField(
        child=serializers.ChoiceField(choices=list(THEME_NAMES)),
        max_length=len(THEME_NAMES),
        allow_empty=True,
        allow_null=True,
        required=False,
        default=None,
        help_text="Every theme that pulled your focus ([] for none); null or absent: as the model read it.",
    )
    text_focus = serializers.IntegerField(
        min_value=1,
        max_value=5,
        allow_null=True,
        required=False,
        default=None,
        help_text="The focus the journal shows, 1 to 5; null or absent: as the model read it.",
    )

    def validate_labels(self, value):
        if value is not None and len(set(value)) != len(value):
            raise serializers.ValidationError("Each theme may be listed once.")
        return value

    def validate(self, attrs):
        if attrs.get("labels") is None and attrs.get("text_focus") is None:
            raise serializers.ValidationError(
                {"non_field_errors": ["Correct the themes, the focus or both."]}
            )
        return attrs


class CorrectionOutputSerializer(serializers.ModelSerializer):
    added = serializers.ListField(child=serializers.CharField(), read_only=True)
    removed = serializers.ListField(child=serializers.CharField(), read_only=True)
    applies_to_earlier_text = serializers.SerializerMethodField()

    class Meta:
        model = SessionCorrection
        fields = (
            "revision",
            "labels",
            "text_focus",
            "added",
            "removed",
            "model_labels",
            "model_text_focus",
            "model_version",
            "applies_to_earlier_text",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_applies_to_earlier_text(self, correction: SessionCorrection) -> bool:
        """True when the journal has been edited since the correction was made."""
        return correction.journal_digest != journal_digest(correction.session.journal)
