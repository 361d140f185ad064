"""The export as an HTTP download, the same for the page and the API: streamed, with a file
name that says whose export it is and when."""

from django.http import StreamingHttpResponse
from django.utils import timezone

from coach.portability.export_csv import export_csv_zip
from coach.portability.export_json import export_json

FORMATS = ("json", "csv")


def export_response(*, user, export_format: str) -> StreamingHttpResponse:
    """The user's export in `export_format` ("json" or "csv"), streamed as it is read."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    if export_format == "csv":
        response = StreamingHttpResponse(export_csv_zip(user=user), content_type="application/zip")
        name = f"focusweb-export-{stamp}.zip"
    else:
        stream = (piece.encode("utf-8") for piece in export_json(user=user))
        response = StreamingHttpResponse(stream, content_type="application/json; charset=utf-8")
        name = f"focusweb-export-{stamp}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    # Tells a proxy such as nginx to pass the stream on as it comes instead of buffering it.
    response["X-Accel-Buffering"] = "no"
    return response
