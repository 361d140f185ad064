"""The correction form on a session's page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coach.themes import THEME_NAMES

FOCUS_CHOICES = [("", _("as the model read it")), *[(str(n), str(n)) for n in range(1, 6)]]


class CorrectionForm(forms.Form):
    """Every box ticked is a theme that pulled the user's focus; submitting the boxes as they
    were confirms the reading. The focus stays the model's unless a rating is chosen."""

    labels = forms.MultipleChoiceField(
        label=_("What pulled your focus"),
        choices=list(THEME_NAMES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    text_focus = forms.TypedChoiceField(
        label=_("How focused the journal reads (1 to 5)"),
        choices=FOCUS_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
