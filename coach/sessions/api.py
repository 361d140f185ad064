"""The sessions and timer API: parse with an input serializer, call a service, answer with
an output one."""

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, OpenApiTypes, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from coach.api.idempotency import KEY_PARAMETER, idempotent
from coach.models import StudySession
from coach.realtime.sequence import current_version
from coach.sessions import timer as timers
from coach.sessions.analysis import analysis_retry
from coach.sessions.serializers import (
    SessionFilterSerializer,
    SessionInputSerializer,
    SessionOutputSerializer,
    TimerOutputSerializer,
    TimerSaveSerializer,
    TimerStartSerializer,
)
from coach.sessions.services import session_create, session_delete, session_get, session_list, session_update


class SessionListApi(GenericAPIView):
    serializer_class = SessionOutputSerializer

    def get_queryset(self):
        # The browsable API builds its forms from this; scoped like everything else.
        return session_list(user=self.request.user)

    @extend_schema(parameters=[SessionFilterSerializer], responses=SessionOutputSerializer(many=True))
    def get(self, request):
        filters = SessionFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        criteria = {k: v for k, v in filters.validated_data.items() if k != "page"}
        page = self.paginate_queryset(
            session_list(user=request.user, **criteria).select_related("analysis", "correction")
        )
        return self.get_paginated_response(SessionOutputSerializer(page, many=True).data)

    @extend_schema(
        request=SessionInputSerializer,
        parameters=[KEY_PARAMETER],
        responses={201: SessionOutputSerializer},
    )
    @idempotent
    def post(self, request):
        data = SessionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = session_create(user=request.user, **data.validated_data)
        return created(session)


def created(session: StudySession) -> Response:
    """201 with the new session and its address."""
    location = reverse("api-session", kwargs={"session_id": session.id})
    return Response(
        SessionOutputSerializer(session).data, status=status.HTTP_201_CREATED, headers={"Location": location}
    )


class OwnedSessionMixin:
    def get_session(self, request, session_id: int) -> StudySession:
        # Another user's session is "not found", never "forbidden": its id tells nothing.
        try:
            return session_get(user=request.user, session_id=session_id)
        except StudySession.DoesNotExist:
            raise Http404 from None


# The user's data version that a read includes (the `seq` of the last event it reflects),
# read before the data, so a client knows which events it has already seen.
DATA_VERSION_HEADER = "Data-Version"
DATA_VERSION_RESPONSE_HEADER = OpenApiParameter(
    DATA_VERSION_HEADER,
    OpenApiTypes.INT,
    location=OpenApiParameter.HEADER,
    response=True,
    description="The user's data version this answer includes (the `seq` of the last event it reflects).",
)


class SessionDetailApi(OwnedSessionMixin, APIView):
    @extend_schema(responses=SessionOutputSerializer, parameters=[DATA_VERSION_RESPONSE_HEADER])
    def get(self, request, session_id: int):
        data_version = current_version(request.user.id)
        response = Response(SessionOutputSerializer(self.get_session(request, session_id)).data)
        response[DATA_VERSION_HEADER] = str(data_version)
        return response

    @extend_schema(request=SessionInputSerializer, responses=SessionOutputSerializer)
    def put(self, request, session_id: int):
        return self._update(request, session_id, partial=False)

    @extend_schema(request=SessionInputSerializer, responses=SessionOutputSerializer)
    def patch(self, request, session_id: int):
        return self._update(request, session_id, partial=True)

    def _update(self, request, session_id: int, *, partial: bool):
        session = self.get_session(request, session_id)
        data = SessionInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        session = session_update(session=session, **data.validated_data)
        return Response(SessionOutputSerializer(session).data)

    @extend_schema(responses={204: None})
    def delete(self, request, session_id: int):
        session_delete(session=self.get_session(request, session_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SessionRetryAnalysisApi(OwnedSessionMixin, APIView):
    @extend_schema(request=None, responses={202: SessionOutputSerializer})
    def post(self, request, session_id: int):
        session = self.get_session(request, session_id)
        analysis_retry(session=session)
        return Response(SessionOutputSerializer(session).data, status=status.HTTP_202_ACCEPTED)


class TimerApi(APIView):
    @extend_schema(
        responses={200: TimerOutputSerializer, 404: OpenApiResponse(description="No timer is running.")}
    )
    def get(self, request):
        timer = timers.timer_get(user=request.user)
        if timer is None:
            return Response({"detail": "No timer is running."}, status=status.HTTP_404_NOT_FOUND)
        return Response(TimerOutputSerializer(timer).data)

    @extend_schema(responses={204: None})
    def delete(self, request):
        timers.timer_discard(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TimerStartApi(APIView):
    @extend_schema(request=TimerStartSerializer, responses={201: TimerOutputSerializer})
    def post(self, request):
        data = TimerStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        timer = timers.timer_start(user=request.user, **data.validated_data)
        return Response(TimerOutputSerializer(timer).data, status=status.HTTP_201_CREATED)


class TimerStepApi(APIView):
    """pause, resume, interruption and stop: no body, the timer's new state back."""

    step = None

    @extend_schema(request=None, responses=TimerOutputSerializer)
    def post(self, request):
        timer = self.step(user=request.user)
        return Response(TimerOutputSerializer(timer).data)


class TimerSaveApi(APIView):
    @extend_schema(
        request=TimerSaveSerializer,
        parameters=[KEY_PARAMETER],
        responses={201: SessionOutputSerializer},
    )
    @idempotent
    def post(self, request):
        data = TimerSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return created(timers.timer_save(user=request.user, **data.validated_data))
