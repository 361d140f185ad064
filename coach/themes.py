"""The distraction themes as the app shows them: names in both languages and one colour each.

The codes and their order come from the model (ml.THEMES); this module adds only what the
interface needs. Colours are the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness.
"""

from django.utils.translation import gettext_lazy as _

THEME_NAMES = {
    "digital": _("Phone and online"),
    "people": _("People and interruptions"),
    "environment": _("Surroundings"),
    "fatigue": _("Tiredness and sleep"),
    "stress": _("Stress and emotions"),
    "body": _("Physical needs"),
    "procrastination": _("Avoidance and motivation"),
    "planning": _("Unclear goals and task switching"),
}

THEME_COLOURS = {
    "digital": "#0072B2",
    "people": "#E69F00",
    "environment": "#009E73",
    "fatigue": "#56B4E9",
    "stress": "#D55E00",
    "body": "#CC79A7",
    "procrastination": "#F0E442",
    "planning": "#7F7F7F",
}

SCORE_PART_NAMES = {
    "text_focus": _("Focus in your journal"),
    "self_rating": _("Your own rating"),
    "interruptions": _("Interruptions per hour"),
    "time_on_plan": _("Time against plan"),
    "goal": _("Goal achieved"),
}


def theme_list(codes) -> list[dict]:
    return [{"code": code, "name": THEME_NAMES[code], "colour": THEME_COLOURS[code]} for code in codes]
