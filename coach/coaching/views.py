"""The coach's pages: insights and recommendations, the daily check-in and the weekly
digests. Each view parses the request, calls a service or selector, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coach import idempotency
from coach.accounts.services import profile_for, profile_update
from coach.coaching.checkins import checkin_initial, checkin_list, checkin_save_day, local_today
from coach.coaching.digests import digest_get, digest_list, present_digest
from coach.coaching.forms import CheckInForm, DigestEmailForm, FeedbackForm
from coach.coaching.insights import MIN_SESSIONS_PER_GROUP
from coach.coaching.recommendations import (
    PANEL_SIZE,
    feedback_current,
    feedback_give,
    feedback_restore,
    present,
    recommendation_list,
    stored_insights,
)
from coach.models import WeeklyDigest

RECENT_CHECKINS_SHOWN = 7


def _safe_next(request, fallback: str) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return fallback


@login_required
def coach_page(request):
    insights = stored_insights(user=request.user)
    return render(
        request,
        "coach/coach.html",
        {
            "recommendations": [present(r) for r in recommendation_list(user=request.user)],
            "panel_size": "all",
            "next": request.path,
            "shown_insights": [insight for insight in insights if insight.shown],
            "waiting_insights": [insight for insight in insights if not insight.shown],
            "min_sessions": MIN_SESSIONS_PER_GROUP,
            "has_checkins": checkin_list(user=request.user).exists(),
        },
    )


@login_required
def coach_panel_fragment(request):
    """The panel's HTML alone, fetched by its script when the recommendations change."""
    size = None if request.GET.get("size") == "all" else PANEL_SIZE
    return render(
        request,
        "includes/coach_panel_section.html",
        {
            "recommendations": [present(r) for r in recommendation_list(user=request.user, limit=size)],
            "panel_size": "all" if size is None else PANEL_SIZE,
            "next": _safe_next(request, reverse("coach")),
        },
    )


@login_required
@require_POST
def coach_feedback(request):
    """A verdict on a tip. The panel's script posts it and asks for JSON, so the reader stays
    where they are and can undo; without script the page reloads at `next`."""
    form = FeedbackForm(request.POST)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not form.is_valid():
        if wants_json:
            return JsonResponse(form.errors, status=400)
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return HttpResponseRedirect(_safe_next(request, reverse("coach")))
    previous = feedback_current(user=request.user, tip=form.cleaned_data["tip"])
    feedback_give(user=request.user, **form.cleaned_data)
    thanks = _("Thanks, your coach will take that into account.")
    if wants_json:
        return JsonResponse(
            {"verdict": form.cleaned_data["verdict"], "previous": previous, "message": thanks}
        )
    messages.success(request, thanks)
    return HttpResponseRedirect(_safe_next(request, reverse("coach")))


@login_required
@require_POST
def coach_feedback_undo(request):
    """Put a tip's verdict back to what it was before the last click (`previous`, empty for
    none): the "Undo" the panel offers for a few seconds after "Not for me"."""
    previous = request.POST.get("previous") or None
    try:
        feedback_restore(user=request.user, tip=request.POST.get("tip", ""), verdict=previous)
    except ValidationError as error:
        return JsonResponse(error.message_dict, status=400)
    return JsonResponse({"restored": previous})


def _asked_day(request, *, today):
    """The day in ?day=, or today when there is none; a day that is not a real date, or is
    still to come, is refused with a message and today shown instead."""
    asked = request.GET.get("day") or ""
    if not asked:
        return today
    try:
        day = parse_date(asked)
    except ValueError:
        day = None
    if day is None or day > today or day.year < 1970:
        messages.error(
            request,
            _("day: “%(day)s” is not a past or present date; showing today instead.") % {"day": asked[:20]},
        )
        return today
    return day


@login_required
def checkin_page(request):
    """Today's check-in (or the day in ?day=), pre-filled from that day or the one before."""
    today = local_today(user=request.user)
    day = _asked_day(request, today=today)
    form = CheckInForm(request.POST or None, initial=checkin_initial(user=request.user, day=day))
    if request.method == "POST":

        def save() -> str | None:
            if not form.is_valid():
                return None
            try:
                _checkin, created = checkin_save_day(
                    user=request.user,
                    day=form.cleaned_data["day"],
                    **{name: value for name, value in form.cleaned_data.items() if name != "day"},
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                return None
            messages.success(request, _("Check-in saved.") if created else _("Check-in updated."))
            return reverse("checkin")

        location, replayed = idempotency.form_create_once(request, save)
        if location:
            if replayed:
                messages.success(request, _("Check-in saved."))
            return redirect(location)
    return render(
        request,
        "coach/checkin.html",
        {
            "form": form,
            "day": day,
            "today": today,
            "recent": checkin_list(user=request.user)[:RECENT_CHECKINS_SHOWN],
        },
    )


@login_required
def digest_list_page(request):
    profile = profile_for(request.user)
    return render(
        request,
        "coach/digest_list.html",
        {
            "digests": digest_list(user=request.user)[:52],
            "email_form": DigestEmailForm(initial={"weekly_digest_email": profile.weekly_digest_email}),
            "verified_email": request.user.email,
        },
    )


@login_required
def digest_detail(request, digest_id: int):
    try:
        digest = digest_get(user=request.user, digest_id=digest_id)
    except WeeklyDigest.DoesNotExist:
        raise Http404(_("No such digest.")) from None
    return render(request, "coach/digest_detail.html", present_digest(digest))


@login_required
@require_POST
def digest_email_setting(request):
    form = DigestEmailForm(request.POST)
    form.is_valid()
    wanted = form.cleaned_data.get("weekly_digest_email", False)
    try:
        profile_update(profile=profile_for(request.user), weekly_digest_email=wanted)
    except ValidationError as error:
        messages.error(request, " ".join(error.message_dict["weekly_digest_email"]))
        return redirect("digest-list")
    if wanted:
        messages.success(
            request, _("The weekly digest will be emailed to %(email)s.") % {"email": request.user.email}
        )
    else:
        messages.success(request, _("The weekly digest will not be emailed."))
    return redirect("digest-list")
