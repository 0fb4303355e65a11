"""Tokens for phones and integrations: username and password in, a token out.

The password check goes through django.contrib.auth.authenticate with the request, so
django-axes counts every failure and locks the account (per username and address) after
LISKO_LOGIN_FAILURE_LIMIT of them.
"""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import user_of
from api.exceptions import error_body


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


class TokenView(generics.GenericAPIView):
    """Exchange a username and password for an API token."""

    serializer_class = CredentialsSerializer
    authentication_classes: list[type] = []

    @extend_schema(
        request=CredentialsSerializer,
        responses={
            200: TokenSerializer,
            400: ErrorSerializer,
            429: OpenApiResponse(ErrorSerializer, description="Locked out after failures."),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = CredentialsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        http_request = request._request
        user = authenticate(request=http_request, **serializer.validated_data)
        if getattr(http_request, "axes_locked_out", False):
            # Answer the lockout here, in the API's shape, instead of axes' HTML page.
            http_request.axes_locked_out = False  # type: ignore[attr-defined]
            return Response(
                error_body(
                    code="locked_out",
                    message=_(
                        "Too many failed attempts to sign in. Please wait a while and try again."
                    ),
                ),
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None or not user.is_active:
            return Response(
                error_body(
                    code="invalid_credentials",
                    message=_("The username or the password is not correct."),
                ),
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class TokenRevokeView(generics.GenericAPIView):
    """Revoke the token this request was made with (and any other of this user)."""

    serializer_class = TokenSerializer

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        Token.objects.filter(user=user_of(request)).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
