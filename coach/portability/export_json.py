"""The JSON export: one versioned document (docs/export.md), written piece by piece so the
download starts at once and no more than a chunk of rows is ever held in memory."""

import json
from collections.abc import Iterator

from django.utils import timezone

from coach.portability import records

# Records are joined into pieces of about this many characters before they are handed to
# the server: one write per record would cost more than the encoding itself.
PIECE_CHARS = 64 * 1024


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def export_json(*, user) -> Iterator[str]:
    """The user's whole export as a stream of text pieces that together are one JSON document."""
    zone = records.user_zone(user)
    header = {
        "format": records.FORMAT,
        "version": records.VERSION,
        "exported_at": timezone.localtime(timezone.now(), zone).isoformat(),
        "profile": records.profile_record(user=user, zone=zone),
    }
    yield _dumps(header)[:-1]
    for name, read in records.TABLES.items():
        yield f',"{name}":['
        piece, first = [], True
        size = 0
        for record in read(user=user, zone=zone):
            text = _dumps(record)
            piece.append(text if first else "," + text)
            first = False
            size += len(text)
            if size >= PIECE_CHARS:
                yield "".join(piece)
                piece, size = [], 0
        piece.append("]")
        yield "".join(piece)
    yield "}\n"
