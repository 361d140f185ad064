"""The "Your data" page: export, import with a preview, and the progress of an import's analysis."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coach.portability import import_analysis
from coach.portability.downloads import FORMATS, export_response
from coach.portability.errors import ImportRefused
from coach.portability.forms import MappingForm, UploadForm
from coach.portability.imports import UploadGone, import_confirm, import_preview, import_upload


def _data_page(request, *, upload_form=None, status: int = 200):
    return render(
        request,
        "coach/data.html",
        {
            "upload_form": upload_form or UploadForm(),
            "progress": import_analysis.progress(user_id=request.user.id),
            "progress_strings": {"analysed": _("%(done)s of %(total)s sessions analysed.")},
        },
        status=status,
    )


@login_required
def data_page(request):
    return _data_page(request)


@login_required
def data_export(request):
    export_format = request.GET.get("format", "json")
    if export_format not in FORMATS:
        messages.error(request, _("Choose JSON or CSV."))
        return redirect("data")
    return export_response(user=request.user, export_format=export_format)


@login_required
@require_POST
def data_import(request):
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            staged = import_upload(user=request.user, name=upload.name, file=upload)
        except ImportRefused as refusal:
            form.add_error("file", refusal.problems)
        else:
            return redirect("data-import-preview", token=staged.token)
    return _data_page(request, upload_form=form, status=400)


@login_required
def data_import_preview(request, token: str):
    options = mapping_form = None
    if request.method == "POST" and "duration_unit" in request.POST:
        staged_columns = request.POST.getlist("columns")
        mapping_form = MappingForm(request.POST, columns=staged_columns)
        if mapping_form.is_valid():
            options = mapping_form.options()
    try:
        if (
            request.method == "POST"
            and request.POST.get("action") == "confirm"
            and (mapping_form is None or options)
        ):
            result = import_confirm(user=request.user, token=token, options=options)
            messages.success(request, _imported_message(result))
            return redirect("data")
        preview = import_preview(user=request.user, token=token, options=options)
    except UploadGone as gone:
        messages.error(request, gone.messages[0])
        return redirect("data")
    except ImportRefused as refusal:
        return render(
            request, "coach/data_import.html", {"problems": refusal.problems, "token": token}, status=400
        )
    if preview.kind == "csv":
        mapping_form = MappingForm(
            initial=MappingForm.initial_for(preview.csv_options), columns=preview.csv_file.header
        )
        for target, reasons in preview.option_errors.items():
            name = target if target in mapping_form.fields else f"map_{target}"
            mapping_form.add_error(name if name in mapping_form.fields else None, reasons)
    return render(
        request,
        "coach/data_import.html",
        {"preview": preview, "mapping_form": mapping_form, "token": token},
        status=400 if preview.option_errors else 200,
    )


def _imported_message(result) -> str:
    total = sum(result.added.values())
    message = ngettext("Imported %(count)s item.", "Imported %(count)s items.", total) % {"count": total}
    if result.analysing:
        message += " " + ngettext(
            "%(count)s session is being analysed in the background.",
            "%(count)s sessions are being analysed in the background.",
            result.analysing,
        ) % {"count": result.analysing}
    return message
