"""Remembering each user's language (User.language).

Switching language with the switcher saves the choice on the account; logging in brings it back
on any device; a logged-in user without a language cookie reads pages in the saved language.
Enable with "web.language.UserLanguageMiddleware" after AuthenticationMiddleware.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from lisko.accounts.models import User

# The pages an interpreter meets on the phone: they speak every language of settings.LANGUAGES;
# every other page speaks settings.LISKO_DESK_LANGUAGES (scripts/phone_messages.py lists the
# same pages' sources).
PHONE_PATHS = ("/me/", "/login/", "/logout/", "/two-factor/", "/password/", "/notices/")


def _supported(code: str | None) -> bool:
    return code is not None and code in {language for language, _name in settings.LANGUAGES}


def speaks_every_language(path: str) -> bool:
    """Whether the page at `path` is one of the phone's, translated into the phone languages."""
    return path == "/" or path.startswith(PHONE_PATHS)


def languages_for(path: str) -> list[str]:
    """The languages the switcher offers on the page at `path`."""
    if speaks_every_language(path):
        return [code for code, _name in settings.LANGUAGES]
    return list(settings.LISKO_DESK_LANGUAGES)


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        was_logged_in = isinstance(request.user, User)
        if isinstance(request.user, User) and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            saved = request.user.language
            if _supported(saved):
                translation.activate(saved)
                request.LANGUAGE_CODE = saved
        if translation.get_language() not in languages_for(request.path):
            # A phone language on a desk page: the desk is not translated into it.
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        response = self.get_response(request)
        user = request.user
        if not isinstance(user, User):
            return response
        if not was_logged_in:
            # Just logged in: this device now speaks the user's language.
            self._set_cookie(response, user.language)
        elif request.method == "POST" and request.path == reverse("set_language"):
            chosen = request.POST.get("language", "")
            if _supported(chosen) and chosen != user.language:
                User.objects.filter(pk=user.pk).update(language=chosen)
                user.language = chosen
        return response

    @staticmethod
    def _set_cookie(response: HttpResponse, language: str) -> None:
        if not _supported(language):
            return
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
