"""The export and import API: GET /api/v1/export/, and an import in three steps (upload with
a preview, an optional preview under another CSV mapping, confirm) plus its progress."""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from coach.portability import import_analysis
from coach.portability.downloads import export_response
from coach.portability.errors import ImportRefused
from coach.portability.imports import import_confirm, import_preview, import_upload
from coach.portability.serializers import (
    ExportQuerySerializer,
    ImportOptionsSerializer,
    ImportPreviewSerializer,
    ImportProgressSerializer,
    ImportResultSerializer,
    ImportUploadSerializer,
    preview_payload,
)
from coach.portability.uploads import upload_drop


class ExportApi(APIView):
    def perform_content_negotiation(self, request, force=False):
        # `format` picks the export, not DRF's renderer; errors answer in JSON.
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(
        parameters=[ExportQuerySerializer],
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="The whole export as one document (docs/export.md)."
            ),
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY, description="A zip of one CSV file per table (docs/export.md)."
            ),
        },
    )
    def get(self, request):
        query = ExportQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        return export_response(user=request.user, export_format=query.validated_data["format"])


class ImportUploadApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportPreviewSerializer},
        description="Upload a file and see what importing it would do; nothing is written yet. "
        "The file is kept for an hour under the returned token.",
    )
    def post(self, request):
        data = ImportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        staged = import_upload(user=request.user, name=upload.name, file=upload)
        try:
            preview = import_preview(user=request.user, token=staged.token)
        except ImportRefused:
            upload_drop(user=request.user, token=staged.token)
            raise
        return Response(preview_payload(preview), status=status.HTTP_201_CREATED)


def _options(request) -> tuple[str, dict]:
    data = ImportOptionsSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    options = dict(data.validated_data)
    return options.pop("token"), options


class ImportPreviewApi(APIView):
    @extend_schema(request=ImportOptionsSerializer, responses={200: ImportPreviewSerializer})
    def post(self, request):
        token, options = _options(request)
        preview = import_preview(user=request.user, token=token, options=options)
        if preview.option_errors:
            raise ValidationError(preview.option_errors)
        return Response(preview_payload(preview))


class ImportConfirmApi(APIView):
    @extend_schema(
        request=ImportOptionsSerializer,
        responses={201: ImportResultSerializer},
        description="Import the uploaded file, all or nothing. Sessions without an analysis are "
        "analysed in the background; GET /api/v1/import/progress/ and the socket's "
        "import.progress events say how far it got.",
    )
    def post(self, request):
        token, options = _options(request)
        result = import_confirm(user=request.user, token=token, options=options)
        return Response(ImportResultSerializer(result).data, status=status.HTTP_201_CREATED)


class ImportProgressApi(APIView):
    @extend_schema(responses={200: ImportProgressSerializer})
    def get(self, request):
        progress = import_analysis.progress(user_id=request.user.id) or {"done": None, "total": None}
        return Response(progress)
