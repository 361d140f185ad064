"""The `Idempotency-Key` header on the API's creates: `@idempotent` on a view's `post`, and
the header as the OpenAPI schema describes it (coach/idempotency.py keeps the answers)."""

import functools

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from coach import idempotency

REPLAYED_HEADER = "Idempotent-Replayed"

KEY_PARAMETER = OpenApiParameter(
    name=idempotency.HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    pattern=idempotency.VALID_KEY.pattern,
    description=(
        "Any unique string (a UUID) chosen by the client for this create. The same request "
        "sent again with the same key within 24 hours creates nothing: it is answered with "
        "the first answer (same status, body and Location, plus `Idempotent-Replayed: true`). "
        "The same key with another body answers 422."
    ),
)


class KeyReusedError(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY

    def __init__(self):
        super().__init__(detail={idempotency.HEADER: [idempotency.KEY_REUSED]})


def idempotent(post):
    """Answer a create once per Idempotency-Key; without the header the view runs as it is."""

    @functools.wraps(post)
    def answered_once(view, request, *args, **kwargs):
        key = request.headers.get(idempotency.HEADER)
        if key is None:
            return post(view, request, *args, **kwargs)
        if not idempotency.is_valid(key):
            raise ValidationError({idempotency.HEADER: [idempotency.KEY_INVALID]})
        answered = {}

        def create():
            response = answered["response"] = post(view, request, *args, **kwargs)
            if not status.is_success(response.status_code):
                return None
            return idempotency.Answer(response.status_code, response.data, response.get("Location", ""))

        try:
            answer, replayed = idempotency.answer_once(
                user=request.user,
                key=key,
                fingerprint=idempotency.fingerprint(
                    method=request.method, path=request.path, payload=request.data
                ),
                create=create,
            )
        except idempotency.KeyReused:
            raise KeyReusedError from None
        if not replayed:
            return answered["response"]
        headers = {REPLAYED_HEADER: "true"}
        if answer.location:
            headers["Location"] = answer.location
        return Response(answer.body, status=answer.status_code, headers=headers)

    return answered_once
