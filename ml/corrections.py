"""Users' corrections as training data: ``python -m ml train --corrections file.jsonl``.

The file is in the corpus format (``ml/data/README.md``), written by the app's
``manage.py export_corrections`` from the users who agreed to share their corrections.
Corrections only ever join the training split: an entry whose text, normalised, is also in
validation, test or the hard split is dropped, so no score is measured on text trained on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from ml.corpus import Entry, read_jsonl
from ml.tokenizer import normalise

CORRECTIONS_BATCH = "corrections"


def _key(text: str) -> str:
    return " ".join(normalise(text).split())


def load_corrections(path: Path) -> list[Entry]:
    """The corrections in ``path``, each in the batch ``corrections``; raises ``ValueError``
    naming the file and line of a bad entry."""
    return [replace(entry, batch=CORRECTIONS_BATCH) for entry in read_jsonl(Path(path))]


def merge_corrections(
    train: Sequence[Entry], corrections: Sequence[Entry], held_out: Iterable[Entry]
) -> tuple[list[Entry], list[Entry]]:
    """The training entries plus the corrections not also held out, and those dropped."""
    held_out_texts = {_key(entry.text) for entry in held_out}
    kept = [entry for entry in corrections if _key(entry.text) not in held_out_texts]
    dropped = [entry for entry in corrections if _key(entry.text) in held_out_texts]
    return [*train, *kept], dropped
