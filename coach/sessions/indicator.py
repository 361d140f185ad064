"""The running timer's indicator in every page's navigation."""

from django.urls import reverse
from django.utils.translation import gettext as _

from coach.accounts.services import profile_for
from coach.models import Timer
from coach.sessions.timer import timer_state


def running_timer(request) -> dict:
    """A context processor: the signed-in user's timer as its indicator shows it (None
    without one), and the words its script needs when a timer starts in another tab."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    timer = Timer.objects.filter(user=user).first()
    return {
        "running_timer": timer and timer_state(timer, profile_for(user)),
        "timer_indicator": {
            "api": reverse("timer-indicator"),
            "text": {
                "running": _("Timer running:"),
                "paused": _("Timer paused:"),
                "stopped": _("Timer stopped, not saved yet:"),
                "break": _("On a break:"),
                "left": _("left"),
                "over": _("over"),
            },
        },
    }
