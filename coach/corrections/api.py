"""The correction API: one correction per session, read, replaced or removed."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from coach.corrections.reading import session_correction
from coach.corrections.serializers import CorrectionInputSerializer, CorrectionOutputSerializer
from coach.corrections.services import correction_delete, correction_save
from coach.sessions.api import OwnedSessionMixin


class CorrectionApi(OwnedSessionMixin, APIView):
    @extend_schema(
        responses={
            200: CorrectionOutputSerializer,
            404: OpenApiResponse(description="No such session of yours, or it has no correction."),
        }
    )
    def get(self, request, session_id: int):
        correction = session_correction(self.get_session(request, session_id))
        if correction is None:
            raise Http404
        return Response(CorrectionOutputSerializer(correction).data)

    @extend_schema(
        request=CorrectionInputSerializer,
        responses={
            200: CorrectionOutputSerializer,
            409: OpenApiResponse(description="The session has no analysed journal to correct yet."),
        },
    )
    def put(self, request, session_id: int):
        session = self.get_session(request, session_id)
        data = CorrectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        correction = correction_save(session=session, **data.validated_data)
        return Response(CorrectionOutputSerializer(correction).data)

    @extend_schema(responses={204: None})
    def delete(self, request, session_id: int):
        if not correction_delete(session=self.get_session(request, session_id)):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)
