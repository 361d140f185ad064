"""Sign-up and profile forms."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import UserCreationForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from coach import queue
from coach.accounts.email_addresses import has_verified_email
from coach.models import LIVING_TIME_ZONES, Profile

TIME_ZONE_CHOICES = [(name, name) for name in sorted(LIVING_TIME_ZONES)]


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("For password resets and the weekly digest, once you follow the link we mail to it."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES, initial="UTC")
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")


class ProfileForm(forms.ModelForm):
    """The user's preferences; the digest by email is offered only with a verified address."""

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

    def __init__(self, *args, verified_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        digest = self.fields["weekly_digest_email"]
        if verified_email:
            digest.help_text = _("Sent on Monday mornings to %(email)s.") % {"email": verified_email}
        else:
            digest.disabled = True
            digest.help_text = _("Add an email address below and verify it to receive the digest.")


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("New email address"), max_length=254)


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=64,
        help_text=_("What the token is for, e.g. “phone app” or “export script”."),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, sending only to verified addresses, with the mail queued for a
    worker instead of sent in the request."""

    def get_users(self, email):
        # User.email holds only verified addresses (coach/accounts/email_addresses.py), so
        # Django's match on it is the rule; the check says so where the rule is relied on.
        return (user for user in super().get_users(email) if has_verified_email(user))

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
