"""One error shape for the whole API: {"error": {"code", "message", "fields"?}}.

Messages are translated in the language LocaleMiddleware activated from the request
(Accept-Language), since services raise with gettext at the moment of refusal. Bad input never
becomes a 500: what the database refuses answers 400 or 409 like any other refusal.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response

from lisko.core.errors import DomainError, NotFound

logger = logging.getLogger(__name__)

# Domain codes that mean "you may not", not "this is wrong": answered 403.
FORBIDDEN_CODES = frozenset({"forbidden", "permission_denied"})


def error_body(*, code: str, message: str, fields: Any = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if fields is not None:
        error["fields"] = fields
    return {"error": error}


def _field_errors(detail: Any) -> Any:
    """DRF's nested error detail as plain strings (lists of messages, keyed by field)."""
    if isinstance(detail, dict):
        return {str(key): _field_errors(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_field_errors(item) for item in detail]
    return str(detail)


def handle_exception(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every refusal as the one error shape, translated."""
    if isinstance(exc, NotFound | Http404 | exceptions.NotFound):
        message = exc.message if isinstance(exc, NotFound) else _("Not found.")
        return _respond(status.HTTP_404_NOT_FOUND, code="not_found", message=str(message))
    if isinstance(exc, DomainError):
        code = exc.code
        answer = (
            status.HTTP_403_FORBIDDEN if code in FORBIDDEN_CODES else status.HTTP_400_BAD_REQUEST
        )
        return _respond(answer, code=code, message=str(exc.message))
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            fields = _field_errors(detail)
            non_field = fields.pop("non_field_errors", None)
            message = non_field[0] if non_field else _("Some fields are not valid.")
            return _respond(
                status.HTTP_400_BAD_REQUEST, code="invalid", message=message, fields=fields or None
            )
        messages = _field_errors(detail)
        message = messages[0] if isinstance(messages, list) and messages else str(messages)
        return _respond(status.HTTP_400_BAD_REQUEST, code="invalid", message=message)
    if isinstance(exc, DjangoValidationError):
        return _respond(status.HTTP_400_BAD_REQUEST, code="invalid", message=" ".join(exc.messages))
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        # Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE while DRF reads it.
        return _respond(
            status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            code="too_large",
            message=_("The request is too large."),
        )
    if isinstance(exc, RecursionError):
        # Only reading a request recurses as deep as the input goes (JSON nested a hundred
        # thousand levels); Lisko's own code does not recurse.
        logger.info("Recursion error answered as unreadable input")
        return _respond(
            status.HTTP_400_BAD_REQUEST,
            code="parse_error",
            message=_("The request is nested too deeply to be read."),
        )
    if isinstance(exc, DjangoPermissionDenied):
        return _respond(
            status.HTTP_403_FORBIDDEN,
            code="permission_denied",
            message=_("You do not have permission to do this."),
        )
    if isinstance(exc, IntegrityError):
        # A rule the database holds (a unique or exclusion constraint) was broken by a request
        # racing another one; the transaction was rolled back, nothing changed.
        logger.info("Integrity error answered as a conflict: %s", exc)
        return _respond(
            status.HTTP_409_CONFLICT,
            code="conflict",
            message=_("This conflicts with a change made at the same time. Please try again."),
        )
    if isinstance(exc, DataError):
        logger.info("Data error answered as bad input: %s", exc)
        return _respond(
            status.HTTP_400_BAD_REQUEST,
            code="invalid",
            message=_("A value is out of the range this field accepts."),
        )
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
        answer_detail: Any = exc.detail
        message = (
            str(answer_detail)
            if not isinstance(answer_detail, list | dict)
            else str(_field_errors(answer_detail))
        )
        codes = exc.get_codes()
        return _respond(
            exc.status_code,
            code=codes if isinstance(codes, str) else str(exc.default_code),
            message=message,
            headers=headers,
        )
    return None


def _respond(
    answer: int,
    *,
    code: str,
    message: str,
    fields: Any = None,
    headers: dict[str, str] | None = None,
) -> Response:
    return Response(
        error_body(code=code, message=message, fields=fields), status=answer, headers=headers
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's handler404: a URL no route matches. Under /api/ it answers in the API's error
    shape, elsewhere with the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(code="not_found", message=str(_("Not found."))), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500: under /api/ the API's error shape, elsewhere the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            error_body(
                code="server_error",
                message=str(_("Something went wrong on our side. Please try again later.")),
            ),
            status=500,
        )
    return defaults.server_error(request)
