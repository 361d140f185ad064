"""The journal cut into segments, each marked with the theme whose attention covers it.

The model gives, for every theme, spans as character offsets into the journal with a weight.
Only the themes the model labelled are shown; where spans of two themes overlap, the one
with the higher weight marks the characters. Templates escape each segment's text.
"""

from dataclasses import dataclass

from coach.themes import THEME_COLOURS, THEME_NAMES


@dataclass(frozen=True)
class Segment:
    text: str
    theme: str | None = None
    weight: float = 0.0

    @property
    def colour(self) -> str:
        return THEME_COLOURS[self.theme] if self.theme else ""

    @property
    def theme_name(self) -> str:
        return str(THEME_NAMES[self.theme]) if self.theme else ""


def journal_segments(journal: str, attention: dict[str, list[dict]], labels: list[str]) -> list[Segment]:
    best: list[tuple[float, str | None]] = [(0.0, None)] * len(journal)
    for theme in labels:
        for span in attention.get(theme, []):
            start, end = max(0, int(span["start"])), min(len(journal), int(span["end"]))
            weight = float(span["weight"])
            for i in range(start, end):
                if weight > best[i][0]:
                    best[i] = (weight, theme)
    segments: list[Segment] = []
    start = 0
    for i in range(1, len(journal) + 1):
        if i == len(journal) or best[i] != best[start]:
            weight, theme = best[start]
            segments.append(Segment(journal[start:i], theme, round(weight, 2)))
            start = i
    return segments
