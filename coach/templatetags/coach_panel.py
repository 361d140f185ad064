"""The coaching panel reads its own data, so any page can include it with one line:
{% include "includes/coach_panel.html" %}."""

from django import template

from coach.coaching.recommendations import PANEL_SIZE, present, recommendation_list

register = template.Library()


@register.simple_tag(takes_context=True)
def coach_panel_recommendations(context) -> list[dict]:
    """The signed-in user's top recommendations, presented in the active language."""
    user = context["request"].user
    if not user.is_authenticated:
        return []
    return [present(r) for r in recommendation_list(user=user, limit=PANEL_SIZE)]
