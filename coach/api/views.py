"""The REST API: parse with an input serializer, call a service, answer with an output one."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from coach import timer as timers
from coach.accounts import profile_for, profile_update
from coach.analysis import analysis_retry
from coach.api.serializers import (
    CheckInFilterSerializer,
    CheckInInputSerializer,
    CheckInOutputSerializer,
    DashboardQuerySerializer,
    FeedbackInputSerializer,
    FeedbackOutputSerializer,
    InsightOutputSerializer,
    ProfileSerializer,
    RecommendationOutputSerializer,
    SessionFilterSerializer,
    SessionInputSerializer,
    SessionOutputSerializer,
    TimerOutputSerializer,
    TimerSaveSerializer,
    TimerStartSerializer,
)
from coach.charts import dashboard_payload
from coach.checkins import checkin_create, checkin_delete, checkin_get, checkin_list, checkin_update
from coach.coaching import feedback_give, present, recommendation_list, stored_insights
from coach.dashboard import dashboard_data
from coach.models import CheckIn, StudySession
from coach.sessions import session_create, session_delete, session_get, session_list, session_update


class SessionListApi(GenericAPIView):
    serializer_class = SessionOutputSerializer

    @extend_schema(parameters=[SessionFilterSerializer], responses=SessionOutputSerializer(many=True))
    def get(self, request):
        filters = SessionFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        criteria = {k: v for k, v in filters.validated_data.items() if k != "page"}
        page = self.paginate_queryset(session_list(user=request.user, **criteria).select_related("analysis"))
        return self.get_paginated_response(SessionOutputSerializer(page, many=True).data)

    @extend_schema(request=SessionInputSerializer, responses={201: SessionOutputSerializer})
    def post(self, request):
        data = SessionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = session_create(user=request.user, **data.validated_data)
        return Response(SessionOutputSerializer(session).data, status=status.HTTP_201_CREATED)


class OwnedSessionMixin:
    def get_session(self, request, session_id: int) -> StudySession:
        # Another user's session is "not found", never "forbidden": its id tells nothing.
        try:
            return session_get(user=request.user, session_id=session_id)
        except StudySession.DoesNotExist:
            raise Http404 from None


class SessionDetailApi(OwnedSessionMixin, APIView):
    @extend_schema(responses=SessionOutputSerializer)
    def get(self, request, session_id: int):
        return Response(SessionOutputSerializer(self.get_session(request, session_id)).data)

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
    @extend_schema(request=TimerSaveSerializer, responses={201: SessionOutputSerializer})
    def post(self, request):
        data = TimerSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = timers.timer_save(user=request.user, **data.validated_data)
        return Response(SessionOutputSerializer(session).data, status=status.HTTP_201_CREATED)


class ProfileApi(APIView):
    @extend_schema(responses=ProfileSerializer)
    def get(self, request):
        return Response(ProfileSerializer(profile_for(request.user)).data)

    @extend_schema(request=ProfileSerializer, responses=ProfileSerializer)
    def patch(self, request):
        profile = profile_for(request.user)
        data = ProfileSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return Response(ProfileSerializer(profile_update(profile=profile, **data.validated_data)).data)


class DashboardApi(APIView):
    @extend_schema(
        parameters=[DashboardQuerySerializer],
        responses={
            200: OpenApiResponse(description="Figures, headline numbers and summaries for the range.")
        },
    )
    def get(self, request):
        query = DashboardQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        data = dashboard_data(
            user=request.user,
            range_key=query.validated_data["range"],
            subject=query.validated_data["subject"],
        )
        return Response(dashboard_payload(data))


class CheckInListApi(GenericAPIView):
    serializer_class = CheckInOutputSerializer

    @extend_schema(parameters=[CheckInFilterSerializer], responses=CheckInOutputSerializer(many=True))
    def get(self, request):
        filters = CheckInFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        criteria = {k: v for k, v in filters.validated_data.items() if k != "page"}
        page = self.paginate_queryset(checkin_list(user=request.user, **criteria))
        return self.get_paginated_response(CheckInOutputSerializer(page, many=True).data)

    @extend_schema(request=CheckInInputSerializer, responses={201: CheckInOutputSerializer})
    def post(self, request):
        data = CheckInInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        checkin = checkin_create(user=request.user, **data.validated_data)
        return Response(CheckInOutputSerializer(checkin).data, status=status.HTTP_201_CREATED)


class CheckInDetailApi(APIView):
    def get_checkin(self, request, checkin_id: int) -> CheckIn:
        # Another user's check-in is "not found", like a session.
        try:
            return checkin_get(user=request.user, checkin_id=checkin_id)
        except CheckIn.DoesNotExist:
            raise Http404 from None

    @extend_schema(responses=CheckInOutputSerializer)
    def get(self, request, checkin_id: int):
        return Response(CheckInOutputSerializer(self.get_checkin(request, checkin_id)).data)

    @extend_schema(request=CheckInInputSerializer, responses=CheckInOutputSerializer)
    def put(self, request, checkin_id: int):
        return self._update(request, checkin_id, partial=False)

    @extend_schema(request=CheckInInputSerializer, responses=CheckInOutputSerializer)
    def patch(self, request, checkin_id: int):
        return self._update(request, checkin_id, partial=True)

    def _update(self, request, checkin_id: int, *, partial: bool):
        checkin = self.get_checkin(request, checkin_id)
        data = CheckInInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        return Response(CheckInOutputSerializer(checkin_update(checkin=checkin, **data.validated_data)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, checkin_id: int):
        checkin_delete(checkin=self.get_checkin(request, checkin_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CoachApi(APIView):
    @extend_schema(
        responses={
            200: OpenApiResponse(
                description="The stored recommendations, best first, and the insights shown to the user."
            )
        }
    )
    def get(self, request):
        recommendations = [present(r) for r in recommendation_list(user=request.user)]
        insights = [insight for insight in stored_insights(user=request.user) if insight.shown]
        return Response(
            {
                "recommendations": RecommendationOutputSerializer(recommendations, many=True).data,
                "insights": InsightOutputSerializer(insights, many=True).data,
            }
        )


class RecommendationListApi(APIView):
    @extend_schema(responses=RecommendationOutputSerializer(many=True))
    def get(self, request):
        recommendations = [present(r) for r in recommendation_list(user=request.user)]
        return Response(RecommendationOutputSerializer(recommendations, many=True).data)


class FeedbackApi(APIView):
    @extend_schema(request=FeedbackInputSerializer, responses={201: FeedbackOutputSerializer})
    def post(self, request):
        data = FeedbackInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        feedback = feedback_give(user=request.user, **data.validated_data)
        return Response(FeedbackOutputSerializer(feedback).data, status=status.HTTP_201_CREATED)
