"""The dashboard pages: the landing page and the charts of one range."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coach.dashboard.payload_cache import cached_dashboard_payload
from coach.dashboard.selectors import DEFAULT_RANGE, MIN_SESSIONS_PER_CELL, RANGES
from coach.realtime.sequence import current_version

RANGE_LABELS = {
    "7d": gettext_lazy("7 days"),
    "30d": gettext_lazy("30 days"),
    "90d": gettext_lazy("90 days"),
    "all": gettext_lazy("All"),
}


FIGURE_TITLES = [
    ("focus", gettext_lazy("Focus score over time")),
    ("themes_weekly", gettext_lazy("What pulls your focus, week by week")),
    ("theme_share", gettext_lazy("Share of sessions per theme")),
    ("heatmap", gettext_lazy("When you focus best")),
    ("length", gettext_lazy("How long to study")),
]


def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "coach/landing.html")


@login_required
def dashboard(request):
    range_key = request.GET.get("range", DEFAULT_RANGE)
    if range_key not in RANGES:
        range_key = DEFAULT_RANGE
    subject = request.GET.get("subject", "")[:120]
    data_version = current_version(request.user.id)  # before the data, see realtime/sequence.py
    payload = {**cached_dashboard_payload(user=request.user, range_key=range_key, subject=subject)}
    payload["data_version"] = data_version
    return render(
        request,
        "coach/dashboard.html",
        {
            "payload": payload,
            "ranges": [(key, RANGE_LABELS[key]) for key in RANGES],
            "range_key": range_key,
            "subject": subject,
            "figure_titles": FIGURE_TITLES,
            "min_sessions_per_cell": MIN_SESSIONS_PER_CELL,
            "js_strings": {
                "analysed": _("“%(subject)s” analysed: focus score %(score)s."),
                "analysed_unscored": _("“%(subject)s” analysed: not enough to score."),
                "created": _("New session “%(subject)s”: analysing it now."),
                "updated": _("“%(subject)s” changed."),
                "deleted": _("A session was deleted."),
                "failed": _("The analysis of “%(subject)s” failed."),
                "change": _("%(change)s vs the previous period"),
                "api": reverse("api-dashboard"),
            },
        },
    )
