"""The data page's forms: the upload, and the column mapping of a CSV import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coach.portability import csv_formats

TARGET_LABELS = {
    "start": _("Start (date and time)"),
    "start_date": _("Start date"),
    "start_time": _("Start time"),
    "end": _("End (date and time)"),
    "end_date": _("End date"),
    "end_time": _("End time"),
    "duration": _("Duration"),
    "subject": _("Subject or task"),
    "journal": _("Notes or journal"),
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File to import"),
        help_text=_(
            "A FocusWeb JSON export, or a CSV of sessions from a spreadsheet, Toggl Track or Clockify."
        ),
    )


class MappingForm(forms.Form):
    """Which column holds what; offered with the detected choices filled in."""

    duration_unit = forms.ChoiceField(
        label=_("Durations without a colon are in"),
        choices=[("minutes", _("minutes")), ("hours", _("hours")), ("hms", _("hours:minutes:seconds"))],
    )
    date_order = forms.ChoiceField(
        label=_("Dates with slashes are written"),
        choices=[
            ("ymd", _("year first (2026/12/07)")),
            ("mdy", _("month first (12/07/2026)")),
            ("dmy", _("day first (07/12/2026)")),
        ],
    )

    def __init__(self, *args, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in this file)")), *((column, column) for column in columns)]
        for target in csv_formats.TARGETS:
            self.fields[f"map_{target}"] = forms.ChoiceField(
                label=TARGET_LABELS[target], choices=choices, required=False
            )

    def options(self) -> dict:
        data = self.cleaned_data
        return {
            "mapping": {target: data.get(f"map_{target}", "") for target in csv_formats.TARGETS},
            "duration_unit": data["duration_unit"],
            "date_order": data["date_order"],
        }

    @staticmethod
    def initial_for(options) -> dict:
        initial = {f"map_{target}": column for target, column in options.mapping.items()}
        return {**initial, "duration_unit": options.duration_unit, "date_order": options.date_order}
