"""Forms of the coaching pages: the daily check-in and the digest email opt-in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coach.coaching.checkins import EDITABLE_FIELDS
from coach.coaching.tips import TIPS_BY_CODE
from coach.models import CheckIn, TipFeedback


class CheckInForm(forms.ModelForm):
    class Meta:
        model = CheckIn
        fields = EDITABLE_FIELDS
        widgets = {
            "day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "hours_slept": forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "24"}),
            "bedtime": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "meditation_minutes": forms.NumberInput(attrs={"min": "0", "max": "600", "step": "5"}),
            "exercise_minutes": forms.NumberInput(attrs={"min": "0", "max": "600", "step": "5"}),
            "caffeine_cups": forms.NumberInput(attrs={"min": "0", "max": "20"}),
            "mood": forms.RadioSelect(choices=[(n, str(n)) for n in range(1, 6)]),
        }


class FeedbackForm(forms.Form):
    tip = forms.ChoiceField(choices=[(code, code) for code in sorted(TIPS_BY_CODE)])
    verdict = forms.ChoiceField(choices=TipFeedback.Verdict.choices)


class DigestEmailForm(forms.Form):
    weekly_digest_email = forms.BooleanField(label=_("Email me the weekly digest"), required=False)
