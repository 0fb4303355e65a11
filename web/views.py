from typing import Any

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from lisko.access import access_of, roles

# Where each role group starts; the first group the user belongs to wins.
HOME_BY_ROLES = [
    (roles.STAFF, "staff:dashboard"),
    (roles.IN_THE_POOL, "mobile:offers"),
    (roles.PARTNERS, "partners:referrals"),
    (roles.PLANNING, "planning:index"),
    (roles.MUNICIPAL_PROGRAMMES, "programmes:index"),
]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to the start page of their role."""
    access = access_of(request.user)
    for group, url_name in HOME_BY_ROLES:
        if access.holds(group):
            try:
                return redirect(reverse(url_name))
            except NoReverseMatch:
                break
    return render(request, "web/no_role.html", status=403)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Sends the link in the language of the account, not of the page that asked for it."""

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        context = kwargs.get("context", args[2] if len(args) > 2 else {})
        with translation.override(getattr(context.get("user"), "language", None)):
            super().send_mail(*args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a link to choose a new password, sent by e-mail (plain text)."""

    form_class = PasswordResetForm
