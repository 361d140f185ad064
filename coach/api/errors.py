"""The API's one error shape, for every error: `{"detail": reason}` or each refused field with
its reasons. Django's own 404 and 500 pages answer in that shape under /api/ too."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views import defaults
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from coach.conflicts import Conflict


def api_exception_handler(exc, context):
    """DRF's handler, plus: a Django ValidationError raised by a service becomes a 400 whose
    body names each field and its reasons, the same shape as a serializer's errors; a
    Conflict with the current state becomes a 409 in the same shape."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        if isinstance(exc, Conflict):
            return Response(detail, status=status.HTTP_409_CONFLICT)
        exc = ValidationError(detail=detail)
    return exception_handler(exc, context)


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


SERVER_ERROR = (
    "A server error occurred; the request may or may not have been carried out. Send it again: "
    "a create sent with the same Idempotency-Key is never carried out twice."
)


def server_error(request):
    """Every unhandled error under /api/, a dropped database connection included, in the
    one shape; it reads nothing from the database, which may be what failed."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": SERVER_ERROR}, status=500)
    return defaults.server_error(request)
