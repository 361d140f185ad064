"""The export and import API's inputs and outputs."""

from rest_framework import serializers

from coach.api.strict import StrictSerializer
from coach.portability import csv_formats
from coach.portability.downloads import FORMATS


class ExportQuerySerializer(StrictSerializer):
    json_types = False
    format = serializers.ChoiceField(choices=FORMATS, default="json")


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A FocusWeb JSON export, or a CSV of sessions.")


class ImportOptionsSerializer(StrictSerializer):
    token = serializers.CharField(max_length=64, help_text="The token the upload answered with.")
    mapping = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text=f"CSV only: the column holding each of {', '.join(csv_formats.TARGETS)}.",
    )
    duration_unit = serializers.ChoiceField(choices=csv_formats.DURATION_UNITS, required=False)
    date_order = serializers.ChoiceField(choices=csv_formats.DATE_ORDERS, required=False)

    def to_internal_value(self, data):
        # A mapping's own problems are named under "mapping", in the one error shape (a flat
        # list of reasons), not nested per key as DictField would.
        mapping = data.get("mapping") if isinstance(data, dict) else None
        if mapping is not None and (
            not isinstance(mapping, dict)
            or not all(isinstance(key, str) and isinstance(value, str) for key, value in mapping.items())
        ):
            raise serializers.ValidationError(
                {"mapping": ["Expected an object of fields to column names (strings)."]}
            )
        return super().to_internal_value(data)


class LineSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    reason = serializers.CharField()


class CsvPreviewSerializer(serializers.Serializer):
    format = serializers.CharField(help_text="toggl, clockify or plain.")
    columns = serializers.ListField(child=serializers.CharField())
    mapping = serializers.DictField(child=serializers.CharField())
    duration_unit = serializers.CharField()
    date_order = serializers.CharField()
    refused = LineSerializer(many=True)
    duplicates = LineSerializer(many=True)
    formula_cells = serializers.IntegerField(help_text="Cells starting with = + - or @, imported as text.")


class CountSerializer(serializers.Serializer):
    new = serializers.IntegerField()
    already_here = serializers.IntegerField()


class ImportPreviewSerializer(serializers.Serializer):
    token = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["json", "csv"])
    summary = serializers.CharField()
    counts = serializers.DictField(child=CountSerializer())
    profile_changes = serializers.DictField()
    csv = CsvPreviewSerializer(allow_null=True)


class ImportResultSerializer(serializers.Serializer):
    added = serializers.DictField(child=serializers.IntegerField())
    analysing = serializers.IntegerField(help_text="Sessions queued for analysis in the background.")


class ImportProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField(allow_null=True)
    total = serializers.IntegerField(
        allow_null=True, help_text="Null when no import is being analysed lately."
    )


def preview_payload(preview) -> dict:
    csv = None
    if preview.kind == "csv" and preview.csv_plan is not None:
        plan, options = preview.csv_plan, preview.csv_options
        csv = {
            "format": preview.csv_file.format.key,
            "columns": preview.csv_file.header,
            "mapping": options.mapping,
            "duration_unit": options.duration_unit,
            "date_order": options.date_order,
            "refused": [{"line": line, "reason": reason} for line, reason in plan.refused],
            "duplicates": [{"line": line, "reason": reason} for line, reason in plan.duplicates],
            "formula_cells": plan.formula_cells,
        }
    return {
        "token": preview.token,
        "name": preview.name,
        "kind": preview.kind,
        "summary": preview.summary,
        "counts": preview.counts,
        "profile_changes": preview.profile_changes,
        "csv": csv,
    }
