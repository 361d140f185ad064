"""Forms for entering a session after the fact, filtering the list and driving the timer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coach.models import Profile, StudySession, Timer
from coach.sessions.services import ENTERED_FIELDS


class DateTimeLocalInput(forms.DateTimeInput):
    """A browser date-and-time picker that shows and sends seconds, so a session saved by the
    timer keeps its exact times through an edit that does not touch them."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M:%S", attrs={"step": "1", **kwargs.pop("attrs", {})}, **kwargs)


class SessionForm(forms.ModelForm):
    """The after-the-fact session form; start and end are read in the user's time zone."""

    class Meta:
        model = StudySession
        fields = ENTERED_FIELDS
        widgets = {
            "started_at": DateTimeLocalInput(),
            "ended_at": DateTimeLocalInput(),
            "self_rating": forms.Select(
                choices=[("", "—"), (1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")]
            ),
            "journal": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("started_at", "ended_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        self.fields["journal"].help_text = _(
            "How did it go? What pulled your focus? English or Chinese, up to 5,000 characters."
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # The picker shows whole seconds; a time the user left alone keeps its stored
            # value to the microsecond, so checks against the timer's interruptions see it.
            for name in ("started_at", "ended_at"):
                if name in cleaned and name not in self.changed_data:
                    cleaned[name] = getattr(self.instance, name)
        return cleaned


class SessionFilterForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    subject = forms.CharField(label=_("Subject"), required=False, max_length=120)


class TimerStartForm(forms.Form):
    mode = forms.TypedChoiceField(
        label=_("Mode"),
        choices=Timer.Mode.choices,
        initial=Timer.Mode.FREE,
        required=False,
        empty_value=Timer.Mode.FREE,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(label=_("Subject or task"), max_length=120)
    goal = forms.CharField(label=_("What I intend to finish"), max_length=300, required=False)
    planned_minutes = forms.IntegerField(
        label=_("Planned minutes"), min_value=1, max_value=960, required=False
    )


class TimerSaveForm(forms.Form):
    journal = forms.CharField(
        label=_("Journal"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
    )
    self_rating = forms.TypedChoiceField(
        label=_("Self-rated focus"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "—"), (1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")],
    )
    goal_achieved = forms.NullBooleanField(label=_("Goal achieved"), required=False)


class PomodoroForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = (
            "pomodoro_work_minutes",
            "pomodoro_short_break_minutes",
            "pomodoro_long_break_minutes",
            "pomodoro_long_break_every",
        )
