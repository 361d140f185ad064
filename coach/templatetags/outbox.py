"""The settings of the offline outbox (static/coach/outbox.js), rendered into every page."""

from django import template
from django.urls import reverse
from django.utils.html import json_script
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def outbox_config(context):
    return json_script(
        {
            "user": context["user"].pk,
            "api": reverse("api-sessions"),
            "text": {
                "waiting": _("Waiting to be sent: %(count)s"),
                "discard": _("Discard"),
                "refused": _("The server refused this session."),
            },
        },
        "outbox-config",
    )
