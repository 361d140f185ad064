"""The profile and API token endpoints."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from coach.accounts.lockout import lockout_response
from coach.accounts.serializers import (
    NewTokenSerializer,
    ProfileSerializer,
    TokenCreateSerializer,
    TokenOutputSerializer,
)
from coach.accounts.services import profile_for, profile_update
from coach.accounts.tokens import token_create, token_list, token_revoke
from coach.models import ApiToken


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


def _new_token_payload(token, key: str) -> dict:
    return NewTokenSerializer(
        {**{f: getattr(token, f) for f in TokenOutputSerializer.Meta.fields}, "token": key}
    ).data


class TokenApi(APIView):
    """POST: a new named token for a username and password (each call makes a new one).
    DELETE: revoke the token this request is authenticated with."""

    throttle_scope = "auth"

    def logging_in(self) -> bool:
        return getattr(self.request, "method", None) == "POST"

    def get_authenticators(self):
        # Logging in needs no credentials; revoking needs the token itself.
        return [] if self.logging_in() else super().get_authenticators()

    def get_permissions(self):
        return [AllowAny()] if self.logging_in() else super().get_permissions()

    @extend_schema(
        auth=[],
        request=TokenCreateSerializer,
        responses={
            201: NewTokenSerializer,
            400: OpenApiResponse(description="Wrong username or password, or a field refused"),
            429: OpenApiResponse(description="Locked out after repeated failures, or throttled"),
        },
    )
    def post(self, request):
        data = TokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(request._request, "axes_locked_out", False):
            return lockout_response(request._request)
        if user is None:
            raise ValidationError({"non_field_errors": [_("Unable to log in with these credentials.")]})
        token, key = token_create(user=user, name=data.validated_data["name"])
        return Response(_new_token_payload(token, key), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={204: None, 400: OpenApiResponse(description="Not authenticated with a token")},
    )
    def delete(self, request):
        if not isinstance(request.auth, ApiToken):
            raise ValidationError(
                {"non_field_errors": [_("This request is not authenticated with a token.")]}
            )
        token_revoke(user=request.user, token_key=request.auth.token_key)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenListApi(APIView):
    @extend_schema(responses=TokenOutputSerializer(many=True))
    def get(self, request):
        return Response(TokenOutputSerializer(token_list(user=request.user), many=True).data)


class TokenDetailApi(APIView):
    @extend_schema(responses={204: None, 404: OpenApiResponse(description="No such token of yours")})
    def delete(self, request, token_key: str):
        if not token_revoke(user=request.user, token_key=token_key):
            raise NotFound(_("No such token."))
        return Response(status=status.HTTP_204_NO_CONTENT)
