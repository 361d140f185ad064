"""The label set: the eight distraction themes of shared/spec/distraction-themes.md.

This is the one place the theme codes are written down. The saved model stores the
same tuple in its metadata, and loading refuses an artifact whose labels differ.
"""

THEMES: tuple[str, ...] = (
    "digital",
    "people",
    "environment",
    "fatigue",
    "stress",
    "body",
    "procrastination",
    "planning",
)

FOCUS_MIN = 1.0
FOCUS_MAX = 5.0
