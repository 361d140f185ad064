"""The profile, email address, account and API token endpoints."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from coach.accounts.deletion import delete_account, password_confirm
from coach.accounts.email_addresses import email_change_cancel, email_change_request, email_verify
from coach.accounts.lockout import lockout_response
from coach.accounts.serializers import (
    AccountDeleteSerializer,
    EmailRequestSerializer,
    EmailVerifySerializer,
    NewTokenSerializer,
    ProfileSerializer,
    TokenCreateSerializer,
    TokenOutputSerializer,
    VerifiedEmailSerializer,
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


class ProfileEmailApi(APIView):
    """POST: ask to use an address (a link is mailed to it; it counts once followed).
    DELETE: forget the address waiting for verification."""

    @extend_schema(
        request=EmailRequestSerializer,
        responses={202: ProfileSerializer},
        description="Mails a verification link to the address; the verified address, if any, "
        "stays in use until the link is followed. Asking again sends a new link, and the older "
        "one stops working.",
    )
    def post(self, request):
        data = EmailRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        email_change_request(user=request.user, email=data.validated_data["email"])
        return Response(ProfileSerializer(profile_for(request.user)).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None, responses={204: None, 404: OpenApiResponse(description="No address waiting")}
    )
    def delete(self, request):
        if not email_change_cancel(user=request.user):
            raise NotFound(_("No address is waiting for verification."))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProfileEmailVerifyApi(APIView):
    """Verify an address with the token of its mailed link; the token is the proof, so no
    credentials are needed."""

    permission_classes = [AllowAny]

    def get_authenticators(self):
        return []

    @extend_schema(
        auth=[],
        request=EmailVerifySerializer,
        responses={
            200: VerifiedEmailSerializer,
            400: OpenApiResponse(description="The token is forged, expired, used or replaced"),
        },
    )
    def post(self, request):
        data = EmailVerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = email_verify(token=data.validated_data["token"])
        return Response(VerifiedEmailSerializer({"email": user.email}).data)


class DeleteWithBodySchema(AutoSchema):
    """drf-spectacular leaves a DELETE's body out of the schema; this endpoint takes the
    password in it, so describe it as for a POST."""

    def _get_request_body(self, direction="request"):
        if self.method != "DELETE":
            return super()._get_request_body(direction)
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"


class AccountApi(APIView):
    """DELETE: delete the account and everything in it, with the password in the body."""

    schema = DeleteWithBodySchema()

    @extend_schema(
        request=AccountDeleteSerializer,
        responses={204: None, 400: OpenApiResponse(description="The password is wrong or missing")},
        description="Deletes the user and every row of theirs in one transaction: sessions, "
        "analyses, check-ins, recommendations, feedback, digests, tokens, signed-in sessions and "
        "login records. Their open sockets are closed. Cannot be undone; export first "
        "(`/settings/data/`).",
    )
    def delete(self, request):
        data = AccountDeleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        password_confirm(user=request.user, password=data.validated_data["password"])
        delete_account(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


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
