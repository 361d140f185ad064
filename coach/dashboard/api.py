"""The dashboard API: everything the dashboard draws, as JSON."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from coach.dashboard.payload_cache import cached_dashboard_payload
from coach.dashboard.serializers import DashboardQuerySerializer
from coach.realtime.sequence import current_version


class DashboardApi(APIView):
    @extend_schema(
        parameters=[DashboardQuerySerializer],
        responses={
            200: OpenApiResponse(
                description="Figures, headline numbers and summaries for the range, and "
                "`data_version`: the user's data version they include (the `seq` of the last "
                "event they reflect)."
            )
        },
    )
    def get(self, request):
        query = DashboardQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        # Read before the data: everything numbered up to it is in what follows.
        data_version = current_version(request.user.id)
        payload = cached_dashboard_payload(
            user=request.user,
            range_key=query.validated_data["range"],
            subject=query.validated_data["subject"],
        )
        return Response({**payload, "data_version": data_version})
