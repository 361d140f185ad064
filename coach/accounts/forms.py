"""Sign-up and profile forms."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from coach.models import LIVING_TIME_ZONES, Profile

TIME_ZONE_CHOICES = [(name, name) for name in sorted(LIVING_TIME_ZONES)]


class SignUpForm(UserCreationForm):
    email = forms.EmailField(label=_("Email (for password resets)"), required=False)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES, initial="UTC")
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)

    class Meta:
        model = Profile
        fields = ("time_zone", "language", "weekly_goal_hours", "daily_goal_sessions", "weekly_digest_email")


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=64,
        help_text=_("What the token is for, e.g. “phone app” or “export script”."),
    )
