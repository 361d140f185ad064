"""Session pages and the live timer's page. Each view parses the request, calls a service
or selector, and renders."""

import markdown
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coach import idempotency
from coach.accounts.services import profile_for
from coach.corrections.forms import CorrectionForm
from coach.corrections.reading import applies_to_earlier_text, session_reading
from coach.dashboard import charts
from coach.models import StudySession
from coach.realtime.sequence import current_version
from coach.sessions import timer as timers
from coach.sessions.analysis import analysis_retry
from coach.sessions.breakdown import part_rows, unscored_text, weights_note
from coach.sessions.forms import PomodoroForm, SessionFilterForm, SessionForm, TimerSaveForm, TimerStartForm
from coach.sessions.highlights import journal_segments
from coach.sessions.services import session_create, session_delete, session_get, session_list, session_update
from coach.themes import theme_list

SESSIONS_PER_PAGE = 20


def _owned_session(request, session_id: int) -> StudySession:
    try:
        return session_get(user=request.user, session_id=session_id)
    except StudySession.DoesNotExist:
        raise Http404(_("No such session.")) from None


def _save_form(form, save) -> bool:
    """Run a service on a valid form; put the service's field errors back on the form."""
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    return True


@login_required
def session_list_page(request):
    filters = SessionFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    sessions = session_list(user=request.user, **{k: v for k, v in criteria.items() if v}).select_related(
        "analysis"
    )
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "coach/session_list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "timer": timers.timer_get(user=request.user),
        },
    )


@login_required
def session_new(request):
    form = SessionForm(request.POST or None)
    if request.method == "POST":

        def create() -> str | None:
            if _save_form(form, lambda data: session_create(user=request.user, **data)):
                return reverse("session-list")
            return None

        location, _replayed = idempotency.form_create_once(request, create)
        if location:
            messages.success(request, _("Session saved."))
            return redirect(location)
    return render(request, "coach/session_form.html", {"form": form, "creating": True})


@login_required
def session_detail(request, session_id: int):
    data_version = current_version(request.user.id)  # before the data, see realtime/sequence.py
    session = _owned_session(request, session_id)
    analysis = session.current_analysis
    reading = session_reading(session)
    score_breakdown = analysis.score_breakdown if analysis else {}
    figures = {}
    if analysis:
        if session.journal.strip():
            figures["themes"] = charts.theme_probabilities(analysis.themes, analysis.labels)
        if analysis.focus_score is not None:
            figures["breakdown"] = charts.score_breakdown(score_breakdown)
    return render(
        request,
        "coach/session_detail.html",
        {
            "session": session,
            "analysis": analysis,
            "breakdown": part_rows(score_breakdown),
            "weights_note": weights_note(score_breakdown),
            "unscored": unscored_text(score_breakdown),
            "theme_labels": theme_list(reading.labels) if reading else [],
            "reading": reading,
            "model_theme_labels": theme_list(reading.model_labels) if reading else [],
            "calibration_added": theme_list(reading.calibration_added) if reading else [],
            "calibration_removed": theme_list(reading.calibration_removed) if reading else [],
            "correction_on_earlier_text": bool(
                reading and reading.correction and applies_to_earlier_text(reading.correction, session)
            ),
            "correction_form": CorrectionForm(
                initial={
                    "labels": reading.labels,
                    "text_focus": reading.correction.text_focus if reading.correction else None,
                }
            )
            if reading and session.journal.strip()
            else None,
            "segments": journal_segments(session.journal, analysis.attention, analysis.labels)
            if analysis
            else None,
            "figures": figures,
            "data_version": data_version,
        },
    )


@login_required
def session_edit(request, session_id: int):
    session = _owned_session(request, session_id)
    form = SessionForm(request.POST or None, instance=StudySession.objects.get(pk=session.pk))

    def save_changes(data):
        # Only what the user changed: the form shows times to the second, so an untouched
        # start or end must not overwrite the stored one (which may have microseconds).
        session_update(session=session, **{name: data[name] for name in form.changed_data})

    if request.method == "POST" and _save_form(form, save_changes):
        messages.success(request, _("Session updated."))
        return redirect("session-detail", session_id=session.id)
    return render(request, "coach/session_form.html", {"form": form, "session": session, "creating": False})


@login_required
def session_delete_page(request, session_id: int):
    session = _owned_session(request, session_id)
    if request.method == "POST":
        session_delete(session=session)
        messages.success(request, _("Session deleted."))
        return redirect("session-list")
    return render(request, "coach/session_confirm_delete.html", {"session": session})


@login_required
@require_POST
def session_retry_analysis(request, session_id: int):
    analysis_retry(session=_owned_session(request, session_id))
    messages.success(request, _("The analysis is queued again."))
    return redirect("session-detail", session_id=session_id)


@login_required
def timer_page(request):
    """The live timer. The page's script drives it through the timer API; these forms are
    the same actions without JavaScript."""
    timer = timers.timer_get(user=request.user)
    profile = profile_for(request.user)
    timer_state = timer and {**timers.timer_state(timer, profile), "state_url": reverse("timer-indicator")}
    return render(
        request,
        "coach/timer.html",
        {
            "timer": timer,
            "timer_state": timer_state,
            "start_form": TimerStartForm(),
            "save_form": TimerSaveForm(),
            "pomodoro_form": PomodoroForm(instance=profile),
            "timer_text": timer_text(),
        },
    )


@login_required
def timer_indicator_state(request):
    """The navigation's timer indicator asks here whether a timer runs: always 200, with
    `{"timer": null}` when none does (the API answers 404, which browsers log as an error)."""
    timer = timers.timer_get(user=request.user)
    return JsonResponse({"timer": timer and timers.timer_state(timer, profile_for(request.user))})


def timer_text() -> dict:
    """What the timer's script says at the end of a period, in the page's language."""
    return {
        "countdown_end": _("You reached your planned length: %(minutes)s min."),
        "work_end": _("Work period over: time for a %(minutes)s-minute break."),
        "break_end": _("Break over: ready for the next work period?"),
        "over": _("over"),
        "running": _("Running"),
        "paused": _("Paused"),
        "interruptions": _("Interruptions: %(count)s"),
        "notifications_blocked": _(
            "Notifications are blocked for this site; allow them in the browser's settings."
        ),
        "notifications_unsupported": _("This browser cannot show notifications."),
    }


@login_required
@require_POST
def timer_pomodoro_settings(request):
    """The lengths of a Pomodoro timer's periods, kept in the profile."""
    form = PomodoroForm(request.POST, instance=profile_for(request.user))
    if form.is_valid():
        form.save()
        messages.success(request, _("Pomodoro lengths saved."))
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(errors)}")
    return redirect("timer")


@login_required
@require_POST
def timer_action(request, action: str):
    forms_by_action = {"start": TimerStartForm, "save": TimerSaveForm}
    services = {
        "start": lambda data: timers.timer_start(user=request.user, **data),
        "pause": lambda data: timers.timer_pause(user=request.user),
        "resume": lambda data: timers.timer_resume(user=request.user),
        "interrupt": lambda data: timers.timer_interrupt(user=request.user),
        "next": lambda data: timers.timer_next_period(user=request.user),
        "stop": lambda data: timers.timer_stop(user=request.user),
        "save": lambda data: timers.timer_save(user=request.user, **data),
        "discard": lambda data: timers.timer_discard(user=request.user),
    }
    if action not in services:
        raise Http404
    form_class = forms_by_action.get(action)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return redirect("timer")
    try:
        if action == "save":
            # A resent save finds the timer gone: it goes to the session the first one made.
            location, _replayed = idempotency.form_create_once(
                request,
                lambda: reverse(
                    "session-detail", kwargs={"session_id": services["save"](form.cleaned_data).id}
                ),
            )
            messages.success(request, _("Session saved."))
            return redirect(location)
        services[action](form.cleaned_data if form else {})
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
    return redirect("timer")


def focus_score_help(request):
    """docs/focus-score.md, the rule of the focus score, as a page of the site."""
    source = (settings.BASE_DIR / "docs" / "focus-score.md").read_text(encoding="utf-8")
    return render(request, "coach/help.html", {"body": markdown.markdown(source, extensions=["tables"])})
