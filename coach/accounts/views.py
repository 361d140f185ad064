"""Account pages: sign-up, settings and the language switch (log-in and passwords are
Django's own views, routed in coach/accounts/urls.py)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coach.accounts.forms import ProfileForm, SignUpForm
from coach.accounts.services import profile_for, profile_update, user_create


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
        response.set_cookie("django_language", user.profile.language)
        return response
    return render(request, "registration/signup.html", {"form": form})


@login_required
def settings_page(request):
    profile = profile_for(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile_update(profile=profile, **form.cleaned_data)
        translation.activate(profile.language)
        messages.success(request, _("Settings saved."))
        response = redirect("settings")
        response.set_cookie("django_language", profile.language)
        return response
    return render(request, "coach/settings.html", {"form": form})


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
    response.set_cookie("django_language", language, max_age=365 * 24 * 3600, samesite="Lax")
    return response
