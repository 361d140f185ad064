"""Account pages: sign-up, settings, the email address and its verification link, deleting
the account and the language switch (log-in and passwords are Django's own views, routed in
coach/accounts/urls.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coach.accounts.deletion import EXPORT_PATH, account_contents, delete_account, password_confirm
from coach.accounts.email_addresses import (
    email_change_cancel,
    email_change_request,
    email_link_check,
    email_verify,
    pending_email,
)
from coach.accounts.forms import (
    AccountDeleteForm,
    EmailForm,
    PasswordResetForm,
    ProfileForm,
    SignUpForm,
    TokenForm,
)
from coach.accounts.lockout import attempts_left, lockout_seconds
from coach.accounts.services import profile_for, profile_update, user_create
from coach.accounts.throttles import hit, throttle_posts
from coach.accounts.tokens import token_create, token_list, token_revoke


class LoginView(auth_views.LoginView):
    """Django's login page, which also warns before the attempt that would lock the account
    for this address."""

    def form_invalid(self, form):
        left = attempts_left(self.request, username=form.data.get("username", ""))
        if left == 1:
            form.add_error(
                None,
                _("One more failed attempt locks this account from your address for %(minutes)d minutes.")
                % {"minutes": lockout_seconds() // 60},
            )
        return super().form_invalid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page: its mail goes through a worker, and at most a few mails an hour go
    to one address (more requests are answered the same way, so they reveal nothing)."""

    form_class = PasswordResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        rate = settings.PAGE_THROTTLE_RATES["password_reset_email"]
        if hit(scope="password_reset_email", key=email, rate=rate):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


@throttle_posts("signup")
def signup(request):
    form = SignUpForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        user = user_create(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            email=form.cleaned_data["email"],
            time_zone=form.cleaned_data["time_zone"],
            language=form.cleaned_data["language"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        response = redirect("home")
        remember_language(response, user.profile.language)
        return response
    return render(request, "registration/signup.html", {"form": form})


@login_required
def settings_page(request):
    profile = profile_for(request.user)
    form = ProfileForm(request.POST or None, instance=profile, verified_email=request.user.email)
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(profile=profile, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            translation.activate(profile.language)
            messages.success(request, _("Settings saved."))
            response = redirect("settings")
            remember_language(response, profile.language)
            return response
    return _settings(request, form=form, status=400 if form.errors else 200)


def _settings(request, *, form=None, token_form=None, email_form=None, new_key: str = "", status: int = 200):
    return render(
        request,
        "coach/settings.html",
        {
            "form": form
            or ProfileForm(instance=profile_for(request.user), verified_email=request.user.email),
            "email_form": email_form or EmailForm(),
            "pending_email": pending_email(request.user),
            "token_form": token_form or TokenForm(),
            "tokens": token_list(user=request.user),
            "new_key": new_key,
        },
        status=status,
    )


def _add_errors(form, error: ValidationError) -> None:
    for field, reasons in error.message_dict.items():
        form.add_error(field if field in form.fields else None, reasons)


@login_required
@require_POST
def token_new(request):
    """Make a named API token and show its key, this once, on the settings page."""
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, key = token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error.message_dict["name"])
        else:
            return _settings(request, new_key=key)
    return _settings(request, token_form=form, status=400)


@login_required
@require_POST
def token_revoke_page(request, token_key: str):
    if token_revoke(user=request.user, token_key=token_key):
        messages.success(request, _("The token is revoked: it no longer works."))
    else:
        messages.error(request, _("No such token."))
    return redirect("settings")


@login_required
@require_POST
def email_request(request):
    """Ask to use an address: a link goes to it, and it counts once the link is followed."""
    form = EmailForm(request.POST)
    if form.is_valid():
        try:
            pending = email_change_request(user=request.user, email=form.cleaned_data["email"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("We sent a link to %(email)s. Follow it to start using the address.")
                % {"email": pending.email},
            )
            return redirect("settings")
    return _settings(request, email_form=form, status=400)


@login_required
@require_POST
def email_cancel(request):
    if email_change_cancel(user=request.user):
        messages.success(
            request, _("The address waiting for verification is forgotten; its link no longer works.")
        )
    return redirect("settings")


def email_verify_page(request, token: str):
    """A verification link: the page asks for a click, so a mail scanner opening the link
    does not use it up; the click verifies the address."""
    try:
        if request.method == "POST":
            user = email_verify(token=token)
        else:
            pending = email_link_check(token=token)
    except ValidationError as error:
        reasons = [reason for reasons in error.message_dict.values() for reason in reasons]
        return render(request, "registration/email_verify.html", {"errors": reasons}, status=400)
    if request.method == "POST":
        messages.success(request, _("Your email address %(email)s is verified.") % {"email": user.email})
        return redirect("settings" if request.user.is_authenticated else "login")
    return render(request, "registration/email_verify.html", {"email": pending.email})


@login_required
def account_delete_page(request):
    """Delete the account after the password is entered again, having shown what goes."""
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_confirm(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            delete_account(user=request.user)
            # The user's sessions went with them: start an empty one rather than logging out,
            # which would announce a logout of a user who no longer exists.
            request.session.flush()
            request.user = AnonymousUser()
            messages.success(request, _("Your account and everything in it are deleted."))
            return redirect("login")
    return render(
        request,
        "coach/account_delete.html",
        {"form": form, "contents": account_contents(user=request.user), "export_path": EXPORT_PATH},
        status=400 if form.errors else 200,
    )


@require_POST
def switch_language(request):
    """Switch the interface language; remembered in the profile and a cookie."""
    language = request.POST.get("language", "")
    if language not in dict(translation.trans_real.get_languages()):
        language = "en"
    if request.user.is_authenticated:
        profile_update(profile=profile_for(request.user), language=language)
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    remember_language(response, language)
    return response


def remember_language(response, language: str) -> None:
    """The language cookie, with the same SameSite, Secure and HttpOnly as Django's own."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
