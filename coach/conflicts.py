"""A request that is well formed but conflicts with the current state: a timer step out of
order, a second check-in for a day that has one. Services raise Conflict (a ValidationError
naming the field, so forms show it as before); the API answers it with 409."""

from django.core.exceptions import ValidationError


class Conflict(ValidationError):
    pass
