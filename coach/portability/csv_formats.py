"""The CSV files people bring from other timers and spreadsheets: recognising them by their
header row, and which column holds what (docs/export.md lists each format's columns).

A mapping names, for each thing a session needs, the column that holds it. Starts and ends
come as one column (`start`, `end`) or as a date and a time column (`start_date` +
`start_time`); the end may instead be a duration."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# What an imported session is made of, in the order the mapping form shows them.
TARGETS = (
    "start",
    "start_date",
    "start_time",
    "end",
    "end_date",
    "end_time",
    "duration",
    "subject",
    "journal",
)
DURATION_UNITS = ("hms", "minutes", "hours")
DATE_ORDERS = ("ymd", "mdy", "dmy")


@dataclass(frozen=True)
class CsvFormat:
    key: str
    name: str  # shown on the preview, translated
    # Header names (lower case) that together identify the format.
    signature: frozenset[str]
    mapping: dict[str, str] = field(default_factory=dict)
    duration_unit: str = "hms"
    date_order: str = "ymd"


# Toggl Track, Reports → Detailed → Export CSV: dates as YYYY-MM-DD, times as HH:MM:SS in the
# exporting user's time zone, durations as HH:MM:SS.
TOGGL = CsvFormat(
    key="toggl",
    name=_("Toggl Track (detailed report)"),
    signature=frozenset(
        {"project", "description", "start date", "start time", "end date", "end time", "duration"}
    ),
    mapping={
        "start_date": "Start date",
        "start_time": "Start time",
        "end_date": "End date",
        "end_time": "End time",
        "duration": "Duration",
        "subject": "Project",
        "journal": "Description",
    },
)
# Clockify, Reports → Detailed → Export → CSV: dates as MM/DD/YYYY and times as 12-hour
# clock with AM/PM by default (both follow the workspace's settings), "Duration (h)" as
# HH:MM:SS and "Duration (decimal)" in hours.
CLOCKIFY = CsvFormat(
    key="clockify",
    name=_("Clockify (detailed report)"),
    signature=frozenset(
        {"project", "description", "start date", "start time", "end date", "end time", "duration (h)"}
    ),
    mapping={
        "start_date": "Start Date",
        "start_time": "Start Time",
        "end_date": "End Date",
        "end_time": "End Time",
        "duration": "Duration (h)",
        "subject": "Project",
        "journal": "Description",
    },
    date_order="mdy",
)
# A spreadsheet of one's own (or FocusWeb's own sessions.csv): columns found by name, in
# English or Chinese.
SYNONYMS = {
    "start": ("start", "started", "started_at", "start time", "begin", "开始", "开始时间"),
    "end": ("end", "ended", "ended_at", "end time", "stop", "结束", "结束时间"),
    "duration": (
        "duration",
        "duration (minutes)",
        "minutes",
        "duration_minutes",
        "时长",
        "时长（分钟）",
        "时长(分钟)",
        "分钟",
    ),
    "subject": ("subject", "task", "project", "topic", "科目", "任务", "项目", "主题"),
    "journal": ("journal", "notes", "note", "description", "comment", "笔记", "备注", "日志", "记录"),
}
PLAIN = CsvFormat(key="plain", name=_("Spreadsheet"), signature=frozenset(), duration_unit="minutes")
FORMATS = (TOGGL, CLOCKIFY)


def header_key(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower()


def detect(header: list[str]) -> tuple[CsvFormat, dict[str, str]]:
    """The format the header row looks like and its suggested mapping, with only the columns
    this file has. A spreadsheet's columns are found by their English or Chinese names."""
    by_key = {header_key(name): name for name in header if name.strip()}
    for known in FORMATS:
        if known.signature <= set(by_key):
            mapping = {
                target: by_key[header_key(column)]
                for target, column in known.mapping.items()
                if header_key(column) in by_key
            }
            return known, mapping
    mapping = {}
    for target, names in SYNONYMS.items():
        for name in names:
            if name in by_key:
                mapping[target] = by_key[name]
                break
    return PLAIN, mapping
