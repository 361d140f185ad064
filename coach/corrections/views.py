"""The correction form's actions on a session's page, and the page "How well the classifier
reads you"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coach.corrections.agreement import reading_agreement
from coach.corrections.forms import CorrectionForm
from coach.corrections.services import correction_delete, correction_save
from coach.models import StudySession
from coach.sessions.services import session_get


def owned_session(request, session_id: int) -> StudySession:
    try:
        return session_get(user=request.user, session_id=session_id)
    except StudySession.DoesNotExist:
        raise Http404(_("No such session.")) from None


def _back_to(session_id: int):
    return redirect(reverse("session-detail", kwargs={"session_id": session_id}) + "#correction")


@login_required
@require_POST
def session_correction(request, session_id: int):
    session = owned_session(request, session_id)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(errors)}")
        return _back_to(session_id)
    try:
        correction_save(session=session, **form.cleaned_data)
    except ValidationError as error:
        for reasons in error.message_dict.values():
            messages.error(request, " ".join(reasons))
        return _back_to(session_id)
    messages.success(request, _("Your correction is saved; your dashboard and coach use it from now on."))
    return _back_to(session_id)


@login_required
@require_POST
def session_correction_delete(request, session_id: int):
    if correction_delete(session=owned_session(request, session_id)):
        messages.success(request, _("Your correction is removed; the model's reading counts again."))
    return _back_to(session_id)


@login_required
def classifier_agreement_page(request):
    return render(
        request, "coach/classifier_agreement.html", {"agreement": reading_agreement(user=request.user)}
    )
