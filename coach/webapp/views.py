"""The installable app: its manifest, its service worker and the page shown offline."""

import json

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from coach.webapp.offline import OFFLINE_PAGES, PRECACHED_STATIC_FILES, SERVICE_WORKER_VERSION

THEME_COLOUR = "#0b6bcb"
BACKGROUND_COLOUR = "#f7f7f5"


def _icon(name: str, size: int, purpose: str) -> dict:
    return {
        "src": static(f"coach/icons/{name}"),
        "sizes": f"{size}x{size}",
        "type": "image/png",
        "purpose": purpose,
    }


@require_GET
@cache_control(max_age=3600)
def manifest(request):
    """The web app manifest: installs to a home screen and opens on the dashboard."""
    document = {
        "id": "/",
        "name": "FocusWeb",
        "short_name": "FocusWeb",
        "description": _("Study sessions, what breaks your focus, and what to change."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("dashboard") + "?source=app",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            _icon("icon-192.png", 192, "any"),
            _icon("icon-512.png", 512, "any"),
            _icon("icon-maskable-512.png", 512, "maskable"),
        ],
        "shortcuts": [
            {"name": _("Timer"), "url": reverse("timer")},
            {"name": _("Add a session"), "url": reverse("session-new")},
        ],
    }
    return JsonResponse(
        document, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """Served from the site's root so it may control every page; never cached by the browser
    without asking, so a new release reaches the device on its next visit."""
    config = {
        "version": SERVICE_WORKER_VERSION,
        "offlinePages": [reverse(name) for name in OFFLINE_PAGES],
        "offlineFallback": reverse("offline"),
        "forgetPagesOn": [reverse("login"), reverse("logout")],
        "staticUrl": settings.STATIC_URL,
        "staticFiles": [static(path) for path in PRECACHED_STATIC_FILES],
        "icon": static("coach/icons/icon-192.png"),
        "text": {"turnOff": _("Turn off")},
    }
    response = render(
        request, "webapp/service-worker.js", {"config": json.dumps(config)}, content_type="text/javascript"
    )
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request):
    """What a page that was never visited shows while there is no connection."""
    return render(request, "webapp/offline.html")
