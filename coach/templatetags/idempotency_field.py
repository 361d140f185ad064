from django import template
from django.utils.html import format_html

from coach import idempotency

register = template.Library()


@register.simple_tag
def idempotency_field():
    """A hidden field with a fresh idempotency key, in a form whose post creates something:
    the same post sent twice creates it once (coach/idempotency.py)."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', idempotency.FORM_FIELD, idempotency.new_key()
    )
