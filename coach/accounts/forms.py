"""Sign-up and profile forms."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import UserCreationForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from coach import queue
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
        fields = (
            "time_zone",
            "language",
            "weekly_goal_hours",
            "daily_goal_sessions",
            "weekly_digest_email",
            "share_corrections",
        )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=64,
        help_text=_("What the token is for, e.g. “phone app” or “export script”."),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, with the mail queued for a worker instead of sent in the request."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = loader.render_to_string(html_email_template_name, context) if html_email_template_name else ""
        queue.send(queue.SEND_EMAIL, args=(subject, body, from_email, [to_email], html))
