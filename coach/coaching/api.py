"""The coaching API: check-ins, insights, recommendations and feedback on tips."""

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from coach.api.idempotency import KEY_PARAMETER, idempotent
from coach.coaching.checkins import checkin_create, checkin_delete, checkin_get, checkin_list, checkin_update
from coach.coaching.recommendations import feedback_give, present, recommendation_list, stored_insights
from coach.coaching.serializers import (
    CheckInFilterSerializer,
    CheckInInputSerializer,
    CheckInOutputSerializer,
    FeedbackInputSerializer,
    FeedbackOutputSerializer,
    InsightOutputSerializer,
    RecommendationOutputSerializer,
)
from coach.models import CheckIn


class CheckInListApi(GenericAPIView):
    serializer_class = CheckInOutputSerializer

    def get_queryset(self):
        # The browsable API builds its forms from this; scoped like everything else.
        return checkin_list(user=self.request.user)

    @extend_schema(parameters=[CheckInFilterSerializer], responses=CheckInOutputSerializer(many=True))
    def get(self, request):
        filters = CheckInFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        criteria = {k: v for k, v in filters.validated_data.items() if k != "page"}
        page = self.paginate_queryset(checkin_list(user=request.user, **criteria))
        return self.get_paginated_response(CheckInOutputSerializer(page, many=True).data)

    @extend_schema(
        request=CheckInInputSerializer,
        parameters=[KEY_PARAMETER],
        responses={201: CheckInOutputSerializer},
    )
    @idempotent
    def post(self, request):
        data = CheckInInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        checkin = checkin_create(user=request.user, **data.validated_data)
        location = reverse("api-checkin", kwargs={"checkin_id": checkin.id})
        return Response(
            CheckInOutputSerializer(checkin).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )


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
