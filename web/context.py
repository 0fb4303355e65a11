"""Template context for every page."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from lisko.notifications.selectors import unread_for
from web.language import languages_for


def notices(request: HttpRequest) -> dict[str, Any]:
    """How many of the person's notices are unread, counted only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": SimpleLazyObject(lambda: unread_for(user=user).count())}


def switcher_languages(request: HttpRequest) -> dict[str, Any]:
    """The languages the page's language switcher offers: the phone's pages speak more."""
    return {"switcher_languages": languages_for(request.path)}
