"""An import from start to end, the same for the page and the API: stage the upload, preview
what it would do, confirm. Each step reads the staged file again and checks it from scratch."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coach.portability import import_csv, import_json, uploads
from coach.portability.errors import ImportRefused

TABLE_LABELS = {
    "sessions": gettext_lazy("Sessions"),
    "checkins": gettext_lazy("Check-ins"),
    "recommendations": gettext_lazy("Recommendations"),
    "tip_feedback": gettext_lazy("Feedback on tips"),
    "digests": gettext_lazy("Weekly digests"),
}
# How many of each table, for the preview's summary.
TABLE_COUNTS = {
    "sessions": lambda n: ngettext("%(count)s session", "%(count)s sessions", n),
    "checkins": lambda n: ngettext("%(count)s check-in", "%(count)s check-ins", n),
    "recommendations": lambda n: ngettext("%(count)s recommendation", "%(count)s recommendations", n),
    "tip_feedback": lambda n: ngettext("%(count)s verdict on a tip", "%(count)s verdicts on tips", n),
    "digests": lambda n: ngettext("%(count)s weekly digest", "%(count)s weekly digests", n),
}


@dataclass
class Preview:
    """What confirming would do. For a JSON export: `counts` per table (new, already here);
    for a CSV: the format, the columns, the mapping used and the plan row by row."""

    token: str
    name: str
    kind: str
    summary: str
    counts: dict = field(default_factory=dict)
    profile_changes: dict = field(default_factory=dict)
    csv_file: import_csv.CsvFile | None = None
    csv_options: import_csv.CsvOptions | None = None
    csv_plan: import_csv.CsvPlan | None = None
    # With a CSV whose mapping is incomplete: each mapping field and why; no plan then.
    option_errors: dict = field(default_factory=dict)

    @property
    def count_rows(self) -> list[tuple[str, int, int]]:
        """(table's name, new, already here) for each table, in the document's order."""
        return [(TABLE_LABELS[name], c["new"], c["already_here"]) for name, c in self.counts.items()]


@dataclass
class Result:
    added: dict
    analysing: int


class UploadGone(ValidationError):
    def __init__(self):
        super().__init__(
            {"token": [_("This upload has expired or was already imported: upload the file again.")]}
        )


def _json_summary(plan: import_json.JsonPlan) -> str:
    parts = [
        TABLE_COUNTS[name](count.new) % {"count": count.new}
        for name, count in plan.counts.items()
        if count.new
    ]
    already = sum(count.already_here for count in plan.counts.values())
    if not parts:
        parts.append(_("nothing new"))
    if already:
        parts.append(
            ngettext("%(count)s already here", "%(count)s already here", already) % {"count": already}
        )
    return ", ".join(parts)


def _csv_summary(plan: import_csv.CsvPlan) -> str:
    return _("%(new)s sessions to import, %(refused)s refused, %(duplicates)s already here or repeated") % {
        "new": len(plan.sessions),
        "refused": len(plan.refused),
        "duplicates": len(plan.duplicates),
    }


def import_upload(*, user, name: str, file) -> uploads.StagedUpload:
    """Read and keep an uploaded file; ImportRefused when it is too large, empty or a zip."""
    content = uploads.upload_read(file)
    return uploads.upload_stage(user=user, name=name, content=content)


def _staged(user, token: str) -> uploads.StagedUpload:
    staged = uploads.upload_get(user=user, token=token)
    if staged is None:
        raise UploadGone()
    return staged


def import_preview(*, user, token: str, options: dict | None = None) -> Preview:
    """Check the staged file (with a CSV, under `options`: mapping, duration_unit, date_order,
    or the detected ones) and say what confirming would do; nothing is written."""
    staged = _staged(user, token)
    if staged.kind == "json":
        plan = import_json.json_plan(user=user, content=staged.content)
        return Preview(
            token=token,
            name=staged.name,
            kind="json",
            summary=_json_summary(plan),
            counts={name: {"new": c.new, "already_here": c.already_here} for name, c in plan.counts.items()},
            profile_changes=plan.profile_changes,
        )
    data = import_csv.csv_read(staged.content)
    chosen = csv_options(data, options)
    try:
        plan = import_csv.csv_plan(user=user, data=data, options=chosen)
    except ValidationError as error:
        return Preview(
            token=token,
            name=staged.name,
            kind="csv",
            summary=_("Choose which column holds what."),
            csv_file=data,
            csv_options=chosen,
            option_errors=error.message_dict,
        )
    return Preview(
        token=token,
        name=staged.name,
        kind="csv",
        summary=_csv_summary(plan),
        counts={"sessions": {"new": len(plan.sessions), "already_here": len(plan.duplicates)}},
        csv_file=data,
        csv_options=chosen,
        csv_plan=plan,
    )


def csv_options(data: import_csv.CsvFile, given: dict | None) -> import_csv.CsvOptions:
    """The detected options, overridden by what the user chose."""
    chosen = import_csv.default_options(data)
    if given:
        if given.get("mapping") is not None:
            chosen.mapping = {target: column for target, column in given["mapping"].items() if column}
        chosen.duration_unit = given.get("duration_unit") or chosen.duration_unit
        chosen.date_order = given.get("date_order") or chosen.date_order
    return chosen


def import_confirm(*, user, token: str, options: dict | None = None) -> Result:
    """Import the staged file for `user`, all or nothing, and forget it. A CSV imports the rows
    its preview showed as importable; refused and repeated rows are left out."""
    staged = _staged(user, token)
    try:
        if staged.kind == "json":
            plan = import_json.json_plan(user=user, content=staged.content)
            waiting = import_json.json_apply(user=user, plan=plan)
            added = {name: count.new for name, count in plan.counts.items()}
        else:
            data = import_csv.csv_read(staged.content)
            plan = import_csv.csv_plan(user=user, data=data, options=csv_options(data, options))
            waiting = import_csv.csv_apply(user=user, plan=plan)
            added = {"sessions": len(plan.sessions)}
    except IntegrityError as error:
        # Another import of the same file committed first; this one changed nothing.
        raise ImportRefused([_("Part of this file was imported meanwhile; preview it again.")]) from error
    uploads.upload_drop(user=user, token=token)
    return Result(added=added, analysing=len(waiting))
