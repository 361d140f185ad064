"""A password rule Django's validators leave out: whitespace does not count towards the
length, so "        " (eight spaces) or "a       " is not a password."""

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

MIN_VISIBLE_CHARACTERS = 8


class VisibleCharactersValidator:
    def __init__(self, min_visible: int = MIN_VISIBLE_CHARACTERS):
        self.min_visible = min_visible

    def validate(self, password: str, user=None) -> None:
        if len("".join(password.split())) < self.min_visible:
            raise ValidationError(self.get_help_text(), code="password_mostly_whitespace")

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must have at least %(min)d character that is not a space.",
            "Your password must have at least %(min)d characters that are not spaces.",
            self.min_visible,
        ) % {"min": self.min_visible}
