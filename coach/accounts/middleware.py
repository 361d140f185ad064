import zoneinfo

from django.utils import timezone, translation


class UserPreferencesMiddleware:
    """Activate the signed-in user's language and time zone for the request.

    Runs after LocaleMiddleware, so a signed-in user's saved language wins over the
    browser's Accept-Language; anonymous visitors keep what LocaleMiddleware chose.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        profile = getattr(user, "profile", None) if user and user.is_authenticated else None
        if profile is not None:
            translation.activate(profile.language)
            request.LANGUAGE_CODE = translation.get_language()
            timezone.activate(zoneinfo.ZoneInfo(profile.time_zone))
        else:
            timezone.deactivate()
        response = self.get_response(request)
        if profile is not None:
            response.headers.setdefault("Content-Language", profile.language)
        return response
