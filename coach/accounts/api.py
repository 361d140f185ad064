"""The profile API."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from coach.accounts.serializers import ProfileSerializer
from coach.accounts.services import profile_for, profile_update


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
