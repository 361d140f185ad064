"""The journal corpus: loading the hand-written batches, removing near-duplicates, the split.

The batches in ``ml/data/batches/<batch>.jsonl`` are the source. ``python -m ml dedupe``
checks every line, drops near-duplicates and writes ``ml/data/corpus.jsonl`` (what training
reads) and ``ml/data/dedupe.json`` (what was dropped and why). ``python -m ml split``
assigns whole batches to train, validation and test and writes ``ml/data/splits.json``.
Both are deterministic: the same batches give byte-identical files.
"""

from __future__ import annotations

import itertools
import json
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from ml.themes import THEMES
from ml.tokenizer import detect_language, normalise

DATA_DIR = Path(__file__).resolve().parent / "data"
BATCH_DIR = DATA_DIR / "batches"
CORPUS_PATH = DATA_DIR / "corpus.jsonl"
DEDUPE_REPORT_PATH = DATA_DIR / "dedupe.json"
SPLITS_PATH = DATA_DIR / "splits.json"
SPLITS = ("train", "validation", "test")
LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Entry:
    id: str  # "<batch>:<line number>", stable as long as the batch file is only appended to
    text: str
    themes: tuple[str, ...]
    focus: int
    lang: str
    batch: str

    def to_json(self) -> str:
        data = asdict(self)
        data["themes"] = list(self.themes)
        return json.dumps(data, ensure_ascii=False)


@dataclass
class LoadReport:
    entries: list[Entry] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)  # {"id", "reason"}


def parse_entry(data: object, *, entry_id: str, batch: str = "") -> Entry:
    """Validate one labelled line; raise ``ValueError`` saying what is wrong with it."""
    if not isinstance(data, dict):
        raise ValueError("line is not a JSON object")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("missing or empty 'text'")
    themes = data.get("themes")
    if not isinstance(themes, list) or any(t not in THEMES for t in themes):
        raise ValueError(f"'themes' must be a list of codes from {THEMES}, got {themes!r}")
    focus = data.get("focus")
    if isinstance(focus, bool) or not isinstance(focus, (int, float)) or not 1 <= focus <= 5:
        raise ValueError(f"'focus' must be a number from 1 to 5, got {focus!r}")
    lang = data.get("lang") or detect_language(text)
    if lang not in LANGUAGES:
        raise ValueError(f"'lang' must be one of {LANGUAGES}, got {lang!r}")
    ordered = tuple(t for t in THEMES if t in themes)
    return Entry(entry_id, text, ordered, int(round(focus)), lang, data.get("batch") or batch)


def load_batches(batch_dir: Path = BATCH_DIR) -> LoadReport:
    """Read every ``*.jsonl`` batch in name order; bad lines are reported, not raised."""
    report = LoadReport()
    for path in sorted(batch_dir.glob("*.jsonl")):
        batch = path.stem
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            entry_id = f"{batch}:{number}"
            try:
                entry = parse_entry(json.loads(line), entry_id=entry_id, batch=batch)
            except ValueError as exc:  # json.JSONDecodeError is a ValueError too
                report.rejected.append({"id": entry_id, "reason": str(exc)})
                continue
            # The file name is the batch; a mismatching "batch" field must not move an
            # entry into another split.
            report.entries.append(Entry(**{**asdict(entry), "batch": batch}))
    return report


def read_jsonl(path: Path) -> list[Entry]:
    """Read labelled entries from a JSON-lines file (the corpus or an outside test set)."""
    entries = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            entries.append(
                parse_entry(data, entry_id=data.get("id") or f"{Path(path).stem}:{number}")
            )
        except (ValueError, AttributeError) as exc:
            raise ValueError(f"{path}, line {number}: {exc}") from exc
    return entries


def write_jsonl(entries: Iterable[Entry], path: Path) -> None:
    path.write_text("".join(e.to_json() + "\n" for e in entries), encoding="utf-8")


# --- near-duplicates ------------------------------------------------------------------

_SPACE_RE = re.compile(r"\s+")
_NUM_PERM = 128
_BANDS = 32  # 32 bands of 4 rows: pairs above a Jaccard of about 0.45 become candidates
_PRIME = (1 << 61) - 1


def shingles(text: str) -> set[int]:
    """Character n-grams of the normalised text (5 for Latin script, 3 for Chinese)."""
    flat = _SPACE_RE.sub(" ", normalise(text)).strip()
    n = 3 if detect_language(flat) == "zh" else 5
    if len(flat) <= n:
        return {zlib.crc32(flat.encode())}
    return {zlib.crc32(flat[i : i + n].encode()) for i in range(len(flat) - n + 1)}


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _minhash(sets: Sequence[set[int]], seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 1 << 31, size=_NUM_PERM, dtype=np.uint64)
    b = rng.integers(0, 1 << 31, size=_NUM_PERM, dtype=np.uint64)
    signatures = np.empty((len(sets), _NUM_PERM), dtype=np.uint64)
    for i, s in enumerate(sets):
        x = np.fromiter(s, dtype=np.uint64, count=len(s))
        # a < 2^31 and x < 2^32, so a * x + b stays below 2^64: no overflow.
        signatures[i] = ((a[:, None] * x[None, :] + b[:, None]) % _PRIME).min(axis=1)
    return signatures


def near_duplicate_pairs(texts: Sequence[str], threshold: float) -> list[tuple[int, int, float]]:
    """Pairs (i, j, jaccard) with i < j whose shingle Jaccard is at least ``threshold``.

    MinHash with banded locality-sensitive hashing proposes candidates; the exact Jaccard
    of each candidate decides, so the result does not depend on hash luck above ~0.6.
    """
    sets = [shingles(t) for t in texts]
    signatures = _minhash(sets)
    rows = _NUM_PERM // _BANDS
    candidates: set[tuple[int, int]] = set()
    for band in range(_BANDS):
        buckets: dict[bytes, list[int]] = {}
        for i, sig in enumerate(signatures[:, band * rows : (band + 1) * rows]):
            buckets.setdefault(sig.tobytes(), []).append(i)
        for members in buckets.values():
            candidates.update(itertools.combinations(members, 2))
    pairs = []
    for i, j in sorted(candidates):
        score = jaccard(sets[i], sets[j])
        if score >= threshold:
            pairs.append((i, j, round(score, 3)))
    return pairs


@dataclass
class DedupeResult:
    kept: list[Entry]
    dropped: list[dict]  # {"id", "duplicate_of", "jaccard", "text"}
    rejected: list[dict]


def dedupe(entries: Sequence[Entry], threshold: float = 0.7) -> DedupeResult:
    """Drop every entry that nearly repeats an earlier one (batch name order, then line)."""
    pairs = near_duplicate_pairs([e.text for e in entries], threshold)
    drop: dict[int, tuple[int, float]] = {}
    for i, j, score in pairs:
        if j not in drop:
            # Point to the earliest entry that survives, so the report reads as a chain-free list.
            root = i
            while root in drop:
                root = drop[root][0]
            drop[j] = (root, score)
    dropped = [
        {
            "id": entries[j].id,
            "duplicate_of": entries[i].id,
            "jaccard": score,
            "text": entries[j].text,
        }
        for j, (i, score) in sorted(drop.items())
    ]
    kept = [e for k, e in enumerate(entries) if k not in drop]
    return DedupeResult(kept=kept, dropped=dropped, rejected=[])


def build_corpus(
    batch_dir: Path = BATCH_DIR,
    corpus_path: Path = CORPUS_PATH,
    report_path: Path = DEDUPE_REPORT_PATH,
    threshold: float = 0.7,
) -> DedupeResult:
    """Load the batches, remove near-duplicates, write the corpus and the report."""
    loaded = load_batches(batch_dir)
    result = dedupe(loaded.entries, threshold)
    result.rejected = loaded.rejected
    write_jsonl(result.kept, corpus_path)
    report = {
        "threshold": threshold,
        "method": "character shingles (5 Latin, 3 Chinese), MinHash LSH, exact Jaccard",
        "lines_read": len(loaded.entries) + len(loaded.rejected),
        "kept": len(result.kept),
        "rejected": result.rejected,
        "dropped": result.dropped,
    }
    report_path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return result


# --- the split --------------------------------------------------------------------------


def _split_score(
    sizes: dict[str, int],
    theme_counts: dict[str, np.ndarray],
    total: int,
    val: Sequence[str],
    test: Sequence[str],
) -> tuple:
    shares = [sum(sizes[b] for b in part) / total for part in (val, test)]
    out_of_range = sum(1 for s in shares if not 0.10 <= s <= 0.22)
    worst_theme = min(int(sum(theme_counts[b] for b in part).min()) for part in (val, test))
    share_error = sum(abs(s - 0.15) for s in shares)
    # Shares of 10-22% first; then the best-covered rarest theme (enough to measure a
    # per-language F1, so capped at 25); then shares nearest 15%; names break ties.
    return (out_of_range, -min(worst_theme, 25), round(share_error, 4), sorted(val), sorted(test))


def choose_split(entries: Sequence[Entry]) -> dict[str, list[str]]:
    """Assign whole batches per language: about 70/15/15 of entries, every theme in val/test.

    Per language, round(15%) of the batches go to validation and as many to test. All
    assignments of that size are enumerated (22 batches per language make about 1.5
    million), so no random seed is involved.
    """
    split: dict[str, list[str]] = {name: [] for name in SPLITS}
    for lang in LANGUAGES:
        lang_entries = [e for e in entries if e.lang == lang]
        batches = sorted({e.batch for e in lang_entries})
        if len(batches) < 3:
            raise ValueError(f"need at least 3 {lang} batches to split, have {batches}")
        size = max(1, round(0.15 * len(batches)))
        # Entries and theme counts per batch, so each assignment is scored from a few sums.
        sizes = Counter(e.batch for e in lang_entries)
        theme_counts = {b: np.zeros(len(THEMES), dtype=np.int64) for b in batches}
        for e in lang_entries:
            for theme in e.themes:
                theme_counts[e.batch][THEMES.index(theme)] += 1
        total = len(lang_entries)
        best = None
        for val in itertools.combinations(batches, size):
            rest = [b for b in batches if b not in val]
            for test in itertools.combinations(rest, size):
                score = _split_score(sizes, theme_counts, total, val, test)
                if best is None or score < best:
                    best = score
        assert best is not None
        val_batches, test_batches = best[3], best[4]
        split["validation"] += val_batches
        split["test"] += test_batches
        split["train"] += [b for b in batches if b not in val_batches + test_batches]
    return {name: sorted(batches) for name, batches in split.items()}


def extend_split(entries: Sequence[Entry], split: dict[str, list[str]]) -> dict[str, list[str]]:
    """Keep every batch where `split` put it and add the batches it does not name to train,
    so the validation and test parts stay the same and scores stay comparable after a new
    wave of writing; batches `split` names that are gone are dropped."""
    present = {e.batch for e in entries}
    kept = {name: [b for b in split[name] if b in present] for name in SPLITS}
    assigned = {b for batches in kept.values() for b in batches}
    kept["train"] += sorted(present - assigned)
    return {name: sorted(batches) for name, batches in kept.items()}


SPLIT_METHOD = (
    "whole batches per language; enumerated assignments; val and test each "
    "maximise their rarest theme count, then keep shares near 15%"
)
EXTENDED_SPLIT_METHOD = (
    "validation and test kept from the previous split; later batches added to train"
)


def write_splits(
    split: dict[str, list[str]], path: Path = SPLITS_PATH, method: str = SPLIT_METHOD
) -> None:
    data = {"method": method, **split}
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def read_splits(path: Path = SPLITS_PATH) -> dict[str, list[str]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {name: list(data[name]) for name in SPLITS}


def split_entries(entries: Sequence[Entry], split: dict[str, list[str]]) -> dict[str, list[Entry]]:
    """Entries per split; a batch in no split (written after the split was made) is left out."""
    where = {batch: name for name, batches in split.items() for batch in batches}
    parts: dict[str, list[Entry]] = {name: [] for name in SPLITS}
    for entry in entries:
        if entry.batch in where:
            parts[where[entry.batch]].append(entry)
    return parts


def load_corpus(path: Path = CORPUS_PATH) -> list[Entry]:
    return read_jsonl(path)
