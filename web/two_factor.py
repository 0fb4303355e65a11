"""Signing in with a second factor: set up an authenticator app, then confirm each sign-in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from lisko.access import two_factor_required
from lisko.accounts import two_factor
from lisko.accounts.models import User
from lisko.core.errors import DomainError


def confirm_first(request: HttpRequest) -> HttpResponse | None:
    """The page that confirms the second factor, when the person's organisation asks for one
    and this sign-in has not given it yet (then back to the page asked for); None otherwise."""
    if two_factor_required(request.user) and not request.user.is_verified():  # type: ignore[union-attr]
        return redirect(
            f"{reverse('two_factor_verify')}?{urlencode({'next': request.get_full_path()})}"
        )
    return None


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("home")


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Link an authenticator app: scan the code, confirm with the first six digits."""
    user: User = request.user  # type: ignore[assignment]
    error = ""
    if request.method == "POST":
        try:
            device = two_factor.confirm_setup(user=user, code=request.POST.get("code", ""))
        except DomainError as refusal:
            error = str(refusal.message)
        else:
            otp_login(request, device)
            return redirect(_next(request))
    device = two_factor.pending_device(user=user) or two_factor.start_setup(user=user)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "qr_svg": two_factor.provisioning_svg(device),
            "secret": _grouped(device.bin_key),
            "error": error,
            "next": _next(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Confirm this sign-in with the code the authenticator app shows."""
    user: User = request.user  # type: ignore[assignment]
    if not two_factor.has_second_factor(user):
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _next(request)})}")
    error = ""
    if request.method == "POST":
        try:
            device = two_factor.check_code(user=user, code=request.POST.get("code", ""))
        except DomainError as refusal:
            error = str(refusal.message)
        else:
            otp_login(request, device)
            return redirect(_next(request))
    return render(
        request, "registration/two_factor_verify.html", {"error": error, "next": _next(request)}
    )


def _grouped(key: bytes) -> str:
    # The key as the apps show it for typing in by hand: base32, in groups of four.
    from base64 import b32encode

    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[index : index + 4] for index in range(0, len(text), 4))
