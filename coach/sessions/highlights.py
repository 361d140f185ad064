"""The journal cut into segments, each marked with the theme whose attention covers it.

The model gives, for every theme, spans as character offsets into the journal with a weight.
Only the themes the model labelled are shown; where spans of two themes overlap, the one
with the higher weight marks the characters. The model's pieces need not be words ("在打"
of "我在打电话"), so each span is widened to the whole words it touches before it is shown:
words are runs of letters and digits, and in Chinese text jieba's segmentation (loaded on
first use, about a second). Templates escape each segment's text.
"""

import re
from dataclasses import dataclass
from functools import cache

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


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"\w+")


@cache
def _segmenter():
    import jieba

    jieba.setLogLevel(60)  # its start-up chatter is not ours to log
    return jieba


def word_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every word of the text, punctuation and spaces left out."""
    if CJK.search(text):
        tokens = _segmenter().tokenize(text)
        return [(start, end) for word, start, end in tokens if WORD.search(word)]
    return [match.span() for match in WORD.finditer(text)]


def snapped(start: int, end: int, words: list[tuple[int, int]]) -> tuple[int, int]:
    """The span widened to the whole words it overlaps; unchanged where it touches none."""
    touched = [(a, b) for a, b in words if a < end and b > start]
    if not touched:
        return start, end
    return min(start, touched[0][0]), max(end, touched[-1][1])


def journal_segments(journal: str, attention: dict[str, list[dict]], labels: list[str]) -> list[Segment]:
    best: list[tuple[float, str | None]] = [(0.0, None)] * len(journal)
    words = word_bounds(journal) if any(attention.get(theme) for theme in labels) else []
    for theme in labels:
        for span in attention.get(theme, []):
            start, end = max(0, int(span["start"])), min(len(journal), int(span["end"]))
            start, end = snapped(start, end, words)
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
