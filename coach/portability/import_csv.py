"""Importing sessions from a CSV file: a spreadsheet or another timer's export.

`csv_read` decodes the file and finds its header row and format; `csv_plan` applies a
column mapping and says, row by row, what would be imported, what is refused and why, and
what is already here; `csv_apply` writes the plan in one transaction. Cells that a
spreadsheet would run as formulas are kept as plain text (coach/portability/cells.py)."""

import csv
import io
import re
import uuid
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coach.models import JOURNAL_MAX_CHARS, StudySession, check_session_times
from coach.portability import csv_formats, records
from coach.portability.cells import looks_like_formula, restore
from coach.portability.errors import ImportRefused
from coach.portability.imported_sessions import ids_by_uid, sessions_save

SUBJECT_MAX_CHARS = StudySession._meta.get_field("subject").max_length
DELIMITERS = (",", ";", "\t")
# Sessions from a CSV get a uid made from what they are, so the same row imported twice,
# from the same file or a copy of it, is recognised.
CSV_NAMESPACE = uuid.UUID("5b0f6c1e-4a7d-4c1e-9a55-3f1d2b7e8c90")


@dataclass
class CsvFile:
    """A decoded CSV: its header, its rows with their line numbers, the guessed format."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    delimiter: str
    format: csv_formats.CsvFormat
    suggested: dict[str, str]


@dataclass
class CsvOptions:
    mapping: dict[str, str]
    duration_unit: str = "hms"
    date_order: str = "ymd"


@dataclass
class CsvPlan:
    sessions: list[tuple[int, StudySession]] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    formula_cells: int = 0


def decode(content: bytes) -> str:
    """The file's text: UTF-8 with or without a byte-order mark, or UTF-16 with one (Excel's
    "Unicode text"). Anything else is refused, naming where it stopped making sense."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRefused([_("This is not a text file: is it a spreadsheet (.xlsx) rather than a CSV?")])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ImportRefused(
            [
                _(
                    "The file is not UTF-8 text (line %(line)s). Save it as “CSV UTF-8” in your "
                    "spreadsheet and upload it again."
                )
                % {"line": line}
            ]
        ) from error


def _delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def csv_read(content: bytes) -> CsvFile:
    """Decode the file and read its rows; the first non-blank row is the header."""
    text = decode(content)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        raise ImportRefused([_("The file is empty.")])
    delimiter = _delimiter(first)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        numbered = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise ImportRefused([_("The CSV cannot be read: %(error)s.") % {"error": error}]) from error
    numbered = [
        (line, [cell.strip() for cell in row]) for line, row in numbered if any(c.strip() for c in row)
    ]
    header = [name.lstrip("\ufeff").strip() for name in numbered[0][1]]
    found, suggested = csv_formats.detect(header)
    return CsvFile(header=header, rows=numbered[1:], delimiter=delimiter, format=found, suggested=suggested)


def default_options(data: CsvFile) -> CsvOptions:
    return CsvOptions(
        mapping=dict(data.suggested),
        duration_unit=data.format.duration_unit,
        date_order=_guess_date_order(data) or data.format.date_order,
    )


def _guess_date_order(data: CsvFile) -> str | None:
    """dmy when some slashed date's first part is above 12, mdy when its second part is."""
    column = data.suggested.get("start_date") or data.suggested.get("start")
    if column is None or column not in data.header:
        return None
    index = data.header.index(column)
    for _line, row in data.rows[:200]:
        match = re.match(r"^(\d{1,2})[/.](\d{1,2})[/.]\d{4}", row[index] if index < len(row) else "")
        if match:
            if int(match.group(1)) > 12:
                return "dmy"
            if int(match.group(2)) > 12:
                return "mdy"
    return None


def check_options(data: CsvFile, options: CsvOptions) -> None:
    """ValidationError naming each mapping field that is unknown, points to a missing column,
    or leaves a session without a start, an end or a subject."""
    errors = {}
    for target, column in options.mapping.items():
        if target not in csv_formats.TARGETS:
            errors[target] = [_("Unknown field.")]
        elif column and column not in data.header:
            errors[target] = [_("The file has no column “%(column)s”.") % {"column": column}]
    mapped = {target for target, column in options.mapping.items() if column}
    if "start" not in mapped and "start_date" not in mapped:
        errors.setdefault("start", [_("Choose the column with the start (or the start date).")])
    if not ({"end", "end_date", "duration"} & mapped):
        errors.setdefault("end", [_("Choose the column with the end, or one with the duration.")])
    if "subject" not in mapped:
        errors.setdefault("subject", [_("Choose the column with the subject or task.")])
    if options.duration_unit not in csv_formats.DURATION_UNITS:
        errors["duration_unit"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(csv_formats.DURATION_UNITS)}
        ]
    if options.date_order not in csv_formats.DATE_ORDERS:
        errors["date_order"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(csv_formats.DATE_ORDERS)}
        ]
    if errors:
        raise ValidationError(errors)


class _Refused(Exception):
    pass


def parse_date(text: str, order: str) -> date:
    text = text.strip()
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
        if not match:
            match = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
            if not match:
                raise ValueError(text)
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
        first, second, year = (int(part) for part in match.groups())
        month, day = (first, second) if order == "mdy" else (second, first)
    return date(year, month, day)


def parse_time(text: str) -> time:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?", text.strip())
    if not match:
        raise ValueError(text)
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    meridiem = (match.group(4) or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    return time(hour, minute, second)


def parse_moment(text: str, *, order: str, zone: zoneinfo.ZoneInfo) -> datetime:
    """A date and time: ISO 8601 (with or without an offset) or a date, a space and a time;
    times without an offset are in `zone`."""
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        day_text, _space, clock_text = text.partition(" ")
        moment = datetime.combine(
            parse_date(day_text, order), parse_time(clock_text) if clock_text else time()
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, zone)


def parse_duration(text: str, unit: str) -> timedelta:
    text = text.strip()
    if ":" in text:
        parts = [int(part) for part in text.split(":")]
        if len(parts) == 2:
            parts.append(0)
        if len(parts) != 3 or parts[1] >= 60 or parts[2] >= 60:
            raise ValueError(text)
        return timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])
    amount = float(text.replace(",", "."))
    if amount < 0:
        raise ValueError(text)
    return timedelta(hours=amount) if unit == "hours" else timedelta(minutes=amount)


def _cell(row: list[str], header: list[str], column: str | None) -> str:
    if not column:
        return ""
    index = header.index(column)
    return restore(row[index]) if index < len(row) else ""


def _times(values: dict[str, str], options: CsvOptions, zone) -> tuple[datetime, datetime]:
    order = options.date_order
    try:
        if values["start"]:
            start = parse_moment(values["start"], order=order, zone=zone)
        elif values["start_date"]:
            clock = parse_time(values["start_time"]) if values["start_time"] else time()
            start = timezone.make_aware(
                datetime.combine(parse_date(values["start_date"], order), clock), zone
            )
        else:
            raise _Refused(_("It has no start."))
    except (ValueError, OverflowError):
        raise _Refused(_("The start is not a date and time FocusWeb can read.")) from None
    try:
        if values["end"]:
            end = parse_moment(values["end"], order=order, zone=zone)
        elif values["end_time"]:
            day = (
                parse_date(values["end_date"], order)
                if values["end_date"]
                else timezone.localtime(start, zone).date()
            )
            end = timezone.make_aware(datetime.combine(day, parse_time(values["end_time"])), zone)
        elif values["duration"]:
            end = start + parse_duration(values["duration"], options.duration_unit)
        else:
            raise _Refused(_("It has neither an end nor a duration."))
    except (ValueError, OverflowError):
        raise _Refused(_("The end or duration is not one FocusWeb can read.")) from None
    return start, end


def _session(values: dict[str, str], options: CsvOptions, *, user, zone, now) -> StudySession:
    start, end = _times(values, options, zone)
    try:
        check_session_times(start, end, now=now)
    except OverflowError:
        raise _Refused(_("The start is not a date and time FocusWeb can read.")) from None
    except ValidationError as error:
        names = {"started_at": _("Start"), "ended_at": _("End")}
        raise _Refused(
            " ".join(
                f"{names[name]}: {message}"
                for name, messages in error.message_dict.items()
                for message in messages
            )
        ) from None
    subject = values["subject"]
    if not subject:
        raise _Refused(_("The subject is empty."))
    if len(subject) > SUBJECT_MAX_CHARS:
        raise _Refused(_("The subject is longer than %(count)s characters.") % {"count": SUBJECT_MAX_CHARS})
    if len(values["journal"]) > JOURNAL_MAX_CHARS:
        raise _Refused(_("The notes are longer than %(count)s characters.") % {"count": JOURNAL_MAX_CHARS})
    return StudySession(
        user=user,
        uid=uuid.uuid5(
            CSV_NAMESPACE,
            f"{start.astimezone(zoneinfo.ZoneInfo('UTC')).isoformat()}|"
            f"{end.astimezone(zoneinfo.ZoneInfo('UTC')).isoformat()}|{subject}",
        ),
        subject=subject,
        started_at=start,
        ended_at=end,
        journal=values["journal"],
    )


def csv_plan(*, user, data: CsvFile, options: CsvOptions, now: datetime | None = None) -> CsvPlan:
    """Map every row and say which would be imported, which are refused (and why) and which
    are already here or repeat an earlier row; nothing is written."""
    check_options(data, options)
    now = now or timezone.now()
    zone = records.user_zone(user)
    plan = CsvPlan()
    seen: dict[tuple, int] = {}
    for line, row in data.rows:
        plan.formula_cells += sum(1 for cell in row if looks_like_formula(cell))
        values = {
            target: _cell(row, data.header, options.mapping.get(target)) for target in csv_formats.TARGETS
        }
        try:
            session = _session(values, options, user=user, zone=zone, now=now)
        except _Refused as refusal:
            plan.refused.append((line, str(refusal)))
            continue
        if session.uid in seen:
            plan.duplicates.append(
                (line, _("The same session as line %(line)s.") % {"line": seen[session.uid]})
            )
            continue
        seen[session.uid] = line
        plan.sessions.append((line, session))
    _drop_existing(plan, user=user)
    return plan


def _drop_existing(plan: CsvPlan, *, user) -> None:
    """Move sessions the user already has (same uid, or same start, end and subject) to the
    duplicates."""
    if not plan.sessions:
        return
    starts = [session.started_at for _line, session in plan.sessions]
    existing = StudySession.objects.filter(
        user=user, started_at__gte=min(starts), started_at__lte=max(starts)
    )
    known = {
        (start, end, subject)
        for start, end, subject in existing.values_list("started_at", "ended_at", "subject")
    }
    uids = set(ids_by_uid(user=user, uids=[session.uid for _line, session in plan.sessions]))
    kept = []
    for line, session in plan.sessions:
        if session.uid in uids or (session.started_at, session.ended_at, session.subject) in known:
            plan.duplicates.append((line, _("Already here.")))
        else:
            kept.append((line, session))
    plan.sessions = kept
    plan.duplicates.sort()


@transaction.atomic
def csv_apply(*, user, plan: CsvPlan) -> list[int]:
    """Write the plan's sessions in one transaction and queue their analysis; returns their ids."""
    return sessions_save(user=user, sessions=[(session, None) for _line, session in plan.sessions])
