"""The reminders page, and the page a reminder's "turn off" link opens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from coach.reminders import links, services, vapid
from coach.reminders.forms import ReminderForm


@login_required
def reminders_page(request):
    reminders = services.reminders_for(request.user)
    forms = [
        ReminderForm(request.POST or None, instance=reminder, prefix=reminder.kind) for reminder in reminders
    ]
    if request.method == "POST" and all(form.is_valid() for form in forms):
        for form in forms:
            services.reminder_update(form.instance, **form.cleaned_data)
        messages.success(request, _("Reminders saved."))
        return redirect("reminders")
    return render(
        request,
        "reminders/reminders.html",
        {
            "forms": forms,
            "has_email": bool(request.user.email),
            "vapid_public_key": vapid.public_key(),
            "push_text": {
                "on": _("Notifications are on on this device."),
                "off": _("Notifications are off on this device."),
                "blocked": _(
                    "Notifications are blocked for this site; allow them in the browser's settings."
                ),
                "unsupported": _("This browser cannot receive push notifications."),
            },
        },
    )


@csrf_exempt  # the signed token is the authority: mail clients' one-click POST has no cookie
def reminder_off(request, token: str):
    """GET asks (link scanners must not turn anything off); POST turns the reminder off."""
    reminder = links.reminder_from_token(token)
    if reminder is None:
        return render(request, "reminders/reminder_off.html", {"invalid": True}, status=400)
    if request.method == "POST":
        services.turn_off(reminder)
        return render(request, "reminders/reminder_off.html", {"reminder": reminder, "done": True})
    return render(request, "reminders/reminder_off.html", {"reminder": reminder})
