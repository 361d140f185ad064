"""A tokenizer for English and Chinese journal text that needs no download.

Every token is a span of the original text (``start``, ``end`` character offsets) plus a
small bag of feature ids, and the model embeds a token as the mean of its features:

- a Latin-script word gets its whole-word feature and its character 3- to 5-grams
  (fastText-style sub-word pieces), so a typo ("instgram") or an unseen word still shares
  most of its pieces with words seen in training;
- a Chinese character gets its own feature and the character bigrams it takes part in
  (with the previous and with the next character), because most Chinese words are two
  characters long and there are no spaces to find them;
- anything else that is not whitespace (punctuation, emoji, symbols) is a one-character
  token with its own feature.

Normalisation (NFKC, lower case, curly quotes) is done one character at a time and only
where it keeps the length, so offsets always point into the text the caller gave us.
Control and zero-width characters count as whitespace.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

PAD = "[PAD]"
UNK = "[UNK]"

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
_TOKEN_RE = re.compile(
    rf"(?P<cjk>[{_CJK}])"
    rf"|(?P<word>[^\W_{_CJK}]+(?:'[^\W_{_CJK}]+)*)"
    r"|(?P<other>\S)"
)
_CJK_RE = re.compile(rf"[{_CJK}]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_EXTRA_MAP = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'"}


@lru_cache(maxsize=65536)
def _normalise_char(ch: str) -> str:
    """One character in, exactly one character out (so offsets survive)."""
    if ch in _EXTRA_MAP:
        return _EXTRA_MAP[ch]
    category = unicodedata.category(ch)
    # Cc: control characters, Cf: zero-width and other format characters (ZWSP, ZWJ, BOM),
    # Zs/Zl/Zp: every kind of space; variation selectors (Mn) only decorate emoji.
    if category in ("Cc", "Cf", "Zs", "Zl", "Zp") or "\ufe00" <= ch <= "\ufe0f":
        return " "
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        folded = ch
    lowered = folded.lower()
    return lowered if len(lowered) == 1 else folded


def normalise(text: str) -> str:
    """Return ``text`` normalised character by character; same length as the input."""
    return "".join(_normalise_char(ch) for ch in text)


def detect_language(text: str) -> str:
    """Return ``"zh"`` when Chinese characters outnumber Latin words, else ``"en"``."""
    cjk = len(_CJK_RE.findall(text))
    if cjk == 0:
        return "en"
    return "zh" if cjk >= len(_LATIN_WORD_RE.findall(text)) else "en"


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    kind: str  # "word", "cjk" or "other"
    norm: str  # the normalised surface form


def split_tokens(text: str) -> list[Token]:
    """Split ``text`` into tokens whose offsets index the original string."""
    norm = normalise(text)
    return [
        Token(m.start(), m.end(), m.lastgroup or "other", m.group())
        for m in _TOKEN_RE.finditer(norm)
    ]


@lru_cache(maxsize=131072)
def _word_features(word: str, min_n: int, max_n: int) -> tuple[str, ...]:
    marked = f"<{word}>"
    grams = [
        "g:" + marked[i : i + n]
        for n in range(min_n, max_n + 1)
        for i in range(len(marked) - n + 1)
    ]
    return ("w:" + word, *grams)


def token_features(tokens: list[Token], min_n: int = 3, max_n: int = 5) -> list[tuple[str, ...]]:
    """The feature strings of each token, before they are looked up in a vocabulary."""
    features: list[tuple[str, ...]] = []
    for i, tok in enumerate(tokens):
        if tok.kind == "word":
            features.append(_word_features(tok.norm, min_n, max_n))
        elif tok.kind == "cjk":
            feats = ["c:" + tok.norm]
            prev = tokens[i - 1] if i > 0 else None
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if prev is not None and prev.kind == "cjk" and prev.end == tok.start:
                feats.append("b:" + prev.norm + tok.norm)
            if nxt is not None and nxt.kind == "cjk" and nxt.start == tok.end:
                feats.append("b:" + tok.norm + nxt.norm)
            features.append(tuple(feats))
        else:
            features.append(("o:" + tok.norm,))
    return features


@dataclass
class Encoding:
    """A text as the model sees it: token spans and, per token, its feature ids."""

    spans: list[tuple[int, int]]
    ids: list[list[int]]
    truncated: bool


class Tokenizer:
    """Maps text to token spans and feature ids with a vocabulary built from training text."""

    def __init__(self, vocab: list[str], min_n: int = 3, max_n: int = 5):
        if vocab[:2] != [PAD, UNK]:
            raise ValueError("vocabulary must start with [PAD], [UNK]")
        self.vocab = list(vocab)
        self.min_n = min_n
        self.max_n = max_n
        self._index = {feature: i for i, feature in enumerate(self.vocab)}

    @classmethod
    def train(
        cls,
        texts: Iterable[str],
        *,
        min_count: int = 2,
        max_size: int = 30000,
        min_n: int = 3,
        max_n: int = 5,
    ) -> Tokenizer:
        """Build the vocabulary: features seen ``min_count`` times, most frequent first."""
        counts: Counter[str] = Counter()
        for text in texts:
            for feats in token_features(split_tokens(text), min_n, max_n):
                counts.update(feats)
        kept = sorted(
            (f for f, c in counts.items() if c >= min_count), key=lambda f: (-counts[f], f)
        )
        return cls([PAD, UNK, *kept[: max_size - 2]], min_n=min_n, max_n=max_n)

    def __len__(self) -> int:
        return len(self.vocab)

    def encode(self, text: str, max_tokens: int | None = None) -> Encoding:
        tokens = split_tokens(text)
        truncated = max_tokens is not None and len(tokens) > max_tokens
        if truncated:
            # Keep one token past the cut so the last kept character still sees its bigram.
            tokens = tokens[: max_tokens + 1]
        index = self._index
        ids: list[list[int]] = []
        for feats in token_features(tokens, self.min_n, self.max_n):
            known = [index[f] for f in feats if f in index]
            ids.append(known or [1])
        spans = [(t.start, t.end) for t in tokens]
        if truncated:
            spans, ids = spans[:max_tokens], ids[:max_tokens]
        return Encoding(spans=spans, ids=ids, truncated=truncated)

    def to_dict(self) -> dict:
        return {"vocab": self.vocab, "min_n": self.min_n, "max_n": self.max_n}

    @classmethod
    def from_dict(cls, data: dict) -> Tokenizer:
        return cls(data["vocab"], min_n=data["min_n"], max_n=data["max_n"])
