"""The phone app's push subscription: the service worker's endpoint, kept or forgotten."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lisko.core.errors import DomainError, NotFound
from lisko.notifications.services import subscribe_push, unsubscribe_push
from web.mobile.pages import user_of


def _body(request: HttpRequest) -> dict[str, object]:
    # A body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused by Django itself (400).
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as error:
        raise DomainError(_("The request could not be read."), code="parse_error") from error
    if not isinstance(body, dict):
        raise DomainError(_("The request could not be read."), code="parse_error")
    return body


@login_required
@require_POST
def subscribe(request: HttpRequest) -> JsonResponse:
    """Keep this phone's push endpoint: {"endpoint": …, "keys": {"p256dh": …, "auth": …}}."""
    try:
        body = _body(request)
        keys = body.get("keys") if isinstance(body.get("keys"), dict) else {}
        subscribe_push(
            by=user_of(request),
            endpoint=str(body.get("endpoint", "")),
            p256dh=str(keys.get("p256dh", "")),  # type: ignore[union-attr]
            auth=str(keys.get("auth", "")),  # type: ignore[union-attr]
            device=request.headers.get("User-Agent", "")[:100],
        )
    except NotFound as error:
        return JsonResponse({"error": "not_found", "detail": str(error.message)}, status=404)
    except DomainError as error:
        return JsonResponse({"error": error.code, "detail": str(error.message)}, status=400)
    return JsonResponse({"detail": _("This phone now receives notices.")}, status=201)


@login_required
@require_POST
def unsubscribe(request: HttpRequest) -> JsonResponse:
    try:
        body = _body(request)
    except DomainError as error:
        return JsonResponse({"error": error.code, "detail": str(error.message)}, status=400)
    unsubscribe_push(by=user_of(request), endpoint=str(body.get("endpoint", "")))
    return JsonResponse({"detail": _("This phone no longer receives notices.")})
