"""Rendering a page of the phone app or the partners' portal with what every page needs."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lisko.accounts.models import User
from web.mobile.presenters import date_formats


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """render(), plus `formats`: the date formats of the active language."""
    return render(request, template, {"formats": date_formats(), **context}, status=status)


def user_of(request: HttpRequest) -> User:
    """The logged-in user of a view behind login_required (which lets no anonymous user in)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
