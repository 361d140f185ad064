"""The corrections of users who agreed to share them (Profile.share_corrections), as lines
of the training corpus: `{"id", "text", "themes", "focus", "batch"}` (ml/data/README.md;
`lang` is left to ml, which detects it from the text as it does for every line).

Exported: corrections of the themes (or confirmations) made on the journal as it is now.
Left out, and counted: corrections of the focus alone (they say nothing about the themes,
and a line needs both) and corrections made on an earlier text of a journal edited since
(the themes were said of another text). Nothing names the user or the session."""

import json
from collections.abc import Iterator
from dataclasses import dataclass

from coach.corrections.reading import journal_digest
from coach.models import SessionCorrection

BATCH = "corrections"


@dataclass
class ExportCounts:
    exported: int = 0
    focus_only: int = 0
    earlier_text: int = 0


def _rounded_focus(value: float) -> int:
    return min(max(int(value + 0.5), 1), 5)


def shared_correction_lines(counts: ExportCounts) -> Iterator[str]:
    """One JSON line per exportable correction of a consenting user, oldest first."""
    corrections = (
        SessionCorrection.objects.filter(session__user__profile__share_corrections=True)
        .select_related("session")
        .order_by("created_at", "id")
    )
    for correction in corrections.iterator():
        journal = correction.session.journal
        if correction.labels is None:
            counts.focus_only += 1
            continue
        if correction.journal_digest != journal_digest(journal):
            counts.earlier_text += 1
            continue
        focus = correction.text_focus if correction.text_focus is not None else correction.model_text_focus
        counts.exported += 1
        yield json.dumps(
            {
                "id": f"{BATCH}:{counts.exported}",
                "text": journal,
                "themes": correction.labels,
                "focus": _rounded_focus(focus if focus is not None else 3.0),
                "batch": BATCH,
            },
            ensure_ascii=False,
        )
