"""The CSV export: a zip of one CSV file per table (docs/export.md), written to the response
as it is made. zipfile writes to a stream that cannot seek by putting each file's sizes
after its data, so nothing but the current chunk of rows is held in memory.

Each file is UTF-8 with a byte-order mark, which Excel needs to read Chinese text, and has
a header row of stable column names; times are ISO 8601 with the user's offset."""

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator

from django.utils import timezone

from coach.portability import records
from coach.portability.cells import neutralise
from coach.themes import THEME_NAMES

BOM = "\ufeff"
THEME_COLUMNS = tuple(f"theme_{code}" for code in THEME_NAMES)

PROFILE_COLUMNS = ("username", *records.PROFILE_FIELDS)
SESSION_COLUMNS = tuple(name for name in records.SESSION_FIELDS if name != "interruption_times")
INTERRUPTION_COLUMNS = ("session_uid", "at")
ANALYSIS_COLUMNS = (
    "session_uid",
    "model_version",
    "analysed_at",
    "focus_score",
    "text_focus",
    "labels",
    *THEME_COLUMNS,
    "score_breakdown",
    "truncated",
)


def cell(value) -> str | int | float:
    """One CSV cell: numbers as they are, booleans as true/false, nothing as an empty cell,
    lists and objects as JSON, text neutralised against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return neutralise(str(value))


class _Pipe(io.RawIOBase):
    """A write-only stream whose bytes are taken out as the response goes."""

    def __init__(self):
        self.pieces: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.pieces.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self.pieces)
        self.pieces = []
        return data


def _tables(*, user, zone) -> Iterator[tuple[str, tuple[str, ...], Iterable[tuple]]]:
    """(file name, columns, rows) for every table, each read as its file is written."""
    yield "profile.csv", PROFILE_COLUMNS, [records.profile_record(user=user, zone=zone)]
    yield "sessions.csv", SESSION_COLUMNS, records.session_records(user=user, zone=zone)
    yield "interruptions.csv", INTERRUPTION_COLUMNS, records.interruption_records(user=user, zone=zone)
    yield "analyses.csv", ANALYSIS_COLUMNS, _analysis_rows(user=user, zone=zone)
    yield "checkins.csv", records.CHECKIN_FIELDS, records.checkin_records(user=user, zone=zone)
    yield (
        "recommendations.csv",
        records.RECOMMENDATION_FIELDS,
        records.recommendation_records(user=user, zone=zone),
    )
    yield "tip_feedback.csv", records.FEEDBACK_FIELDS, records.feedback_records(user=user, zone=zone)
    yield "digests.csv", records.DIGEST_FIELDS, records.digest_records(user=user, zone=zone)


def _analysis_rows(*, user, zone) -> Iterator[dict]:
    for row in records.analysis_records(user=user, zone=zone):
        for code, column in zip(THEME_NAMES, THEME_COLUMNS, strict=True):
            row[column] = row["themes"].get(code)
        yield row


def export_csv_zip(*, user, rows_per_write: int = 500) -> Iterator[bytes]:
    """The user's whole export as a stream of bytes that together are one zip file."""
    zone = records.user_zone(user)
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        stamp = timezone.localtime(timezone.now(), zone).timetuple()[:6]
        for name, columns, rows in _tables(user=user, zone=zone):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, mode="w") as member:
                text = io.StringIO()
                writer = csv.writer(text, lineterminator="\r\n")
                text.write(BOM)
                writer.writerow(columns)
                for count, row in enumerate(rows, start=1):
                    writer.writerow([cell(row.get(column)) for column in columns])
                    if count % rows_per_write == 0:
                        member.write(text.getvalue().encode("utf-8"))
                        text.seek(0)
                        text.truncate()
                        yield pipe.take()
                member.write(text.getvalue().encode("utf-8"))
            yield pipe.take()
    yield pipe.take()
