"""Creates that a retry never repeats: a request sent with an idempotency key (the API's
`Idempotency-Key` header, the forms' hidden token) is answered once; the same request sent
again gets the first answer back, and the object it created, instead of a second one.

The answer is stored in the same transaction as the object, so a request that failed on the
way back (a dropped connection, a killed web process) either left both, and its retry is
answered from them, or neither, and its retry creates the object. Two copies sent at once
wait for each other on the (user, key) unique index, and the second one replays."""

import hashlib
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coach.models import IdempotencyKey

HEADER = "Idempotency-Key"
FORM_FIELD = "idempotency_key"
# Long enough for any client's retries, short enough that the table stays small.
KEPT_FOR = timedelta(hours=24)
# Visible ASCII, as an HTTP header carries it; a UUID is the usual choice.
VALID_KEY = re.compile(r"^[!-~]{1,255}$")

KEY_INVALID = _("Must be 1 to 255 visible ASCII characters, such as a UUID.")
KEY_REUSED = _(
    "This key was already used for a different request within the last 24 hours; "
    "send a new key with a new request."
)


class KeyReused(Exception):
    """The key was used before with another method, path or body."""


@dataclass(frozen=True)
class Answer:
    status_code: int
    body: dict = field(default_factory=dict)
    location: str = ""


def new_key() -> str:
    """A fresh key for a form to carry: each rendering of a form is one intended create."""
    return str(uuid.uuid4())


def is_valid(key: str) -> bool:
    return bool(VALID_KEY.match(key))


def fingerprint(*, method: str, path: str, payload) -> str:
    canonical = json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder, default=str)
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


def answer_once(
    *, user, key: str, fingerprint: str, create: Callable[[], Answer | None]
) -> tuple[Answer | None, bool]:
    """Run `create` once per (user, key) and keep its answer; for a key seen before, return
    the kept answer instead. Returns (answer, replayed). `create` returns None when it
    created nothing (bad input): then nothing is kept and the key stays free. Raises
    KeyReused when the key came with a different request."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    user=user, key=key, fingerprint=fingerprint, status_code=0
                )
        except IntegrityError:
            kept = IdempotencyKey.objects.get(user=user, key=key)
            if kept.fingerprint != fingerprint:
                raise KeyReused from None
            return Answer(kept.status_code, kept.body, kept.location), True
        answer = create()
        if answer is None:
            record.delete()
            return None, False
        record.status_code, record.body, record.location = answer.status_code, answer.body, answer.location
        record.save(update_fields=["status_code", "body", "location"])
        IdempotencyKey.objects.filter(user=user, created_at__lt=timezone.now() - KEPT_FOR).delete()
        return answer, False


def forget_old_answers(*, now=None) -> int:
    """Delete every kept answer older than KEPT_FOR, whoever it belongs to (each user's own
    are also dropped when they next create something); how many went."""
    deleted, _rows = IdempotencyKey.objects.filter(created_at__lt=(now or timezone.now()) - KEPT_FOR).delete()
    return deleted


def form_create_once(request, create: Callable[[], str | None]) -> tuple[str | None, bool]:
    """A form post that creates: run `create` (which returns the address to go to next, or
    None when the form was refused) once per the form's hidden token; a second post of the
    same form (a double click, a resend after a lost answer) goes to the first one's address
    and creates nothing. Returns (address, replayed). The same token with other values (the
    form edited after going back) is a new create, as the person meant it."""
    key = request.POST.get(FORM_FIELD, "")
    if not is_valid(key):
        return create(), False
    values = {
        name: values
        for name, values in request.POST.lists()
        if name not in {"csrfmiddlewaretoken", FORM_FIELD}
    }

    def create_and_answer():
        location = create()
        return Answer(status_code=303, location=location) if location else None

    try:
        answer, replayed = answer_once(
            user=request.user,
            key=key,
            fingerprint=fingerprint(method="POST", path=request.path, payload=values),
            create=create_and_answer,
        )
    except KeyReused:
        return create(), False
    return (answer.location if answer else None), replayed
