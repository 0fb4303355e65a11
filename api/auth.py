"""Tokens for phones and integrations: username and password in, a token for this device out.

The password check goes through django.contrib.auth.authenticate with the request, so
django-axes counts every failure and locks the pair of account and address after
LISKO_LOGIN_FAILURE_LIMIT of them. Each sign-in gets a token of its own, which works for
LISKO_API_TOKEN_DAYS, until it is revoked, or until the password changes.
"""

from typing import Any

from django.contrib.auth import authenticate
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import user_of
from api.exceptions import error_body
from lisko.access import two_factor_required
from lisko.accounts import services
from lisko.accounts.models import DeviceToken, User
from lisko.accounts.selectors import open_tokens_for
from lisko.accounts.two_factor import check_code, has_second_factor
from lisko.core.errors import DomainError


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=8,
        required=False,
        allow_blank=True,
        help_text="The code of the authenticator app, where the organisation asks for one.",
    )
    device = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="A name for this device, shown in the list of signed-in devices.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class DeviceTokenSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField()

    class Meta:
        model = DeviceToken
        fields = ["id", "device", "created_at", "expires_at", "last_used_at", "current"]

    def get_current(self, token: DeviceToken) -> bool:
        return bool(self.context.get("current_id") == token.pk)


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
        credentials = dict(serializer.validated_data)
        device = credentials.pop("device", "")
        code = credentials.pop("otp", "")
        user = authenticate(request=http_request, **credentials)
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
        if two_factor_required(user):
            refusal = _second_factor_refusal(user, code)
            if refusal is not None:
                return refusal
        return Response({"token": services.issue_token(user=user, device=device)})


def _second_factor_refusal(user: User, code: str) -> Response | None:
    """None when the code confirms the sign-in; else the refusal, saying what is missing."""
    if not has_second_factor(user):
        message = _("Set up an authenticator app on the web first: your organisation asks for it.")
        return Response(
            error_body(code="two_factor_setup_needed", message=message),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if not code:
        return Response(
            error_body(
                code="two_factor_required",
                message=_("Enter the code of your authenticator app as well."),
            ),
            status=status.HTTP_400_BAD_REQUEST,
        )
    try:
        check_code(user=user, code=code)
    except DomainError as error:
        return Response(
            error_body(code=error.code, message=str(error.message)),
            status=status.HTTP_400_BAD_REQUEST,
        )
    return None


class TokenRevokeView(generics.GenericAPIView):
    """Sign this device out: revoke the token this request was made with."""

    serializer_class = TokenSerializer

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, DeviceToken):
            services.revoke_token(token_id=request.auth.pk, by=user_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class DeviceTokenListView(generics.ListAPIView):
    """The devices signed in with a token of yours that still works."""

    serializer_class = DeviceTokenSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[DeviceToken]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return DeviceToken.objects.none()
        return open_tokens_for(user=user_of(self.request))

    def get_serializer_context(self) -> dict[str, Any]:
        auth = self.request.auth
        return {**super().get_serializer_context(), "current_id": getattr(auth, "pk", None)}


class DeviceTokenRevokeView(generics.GenericAPIView):
    """Sign one of your devices out (a lost phone, say)."""

    serializer_class = DeviceTokenSerializer

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        services.revoke_token(token_id=pk, by=user_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
