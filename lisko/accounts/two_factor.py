"""A second factor for signing in: a time-based code (TOTP) from an authenticator app.

django-otp keeps the devices and checks the codes (with throttling after failures); these
services are the few steps Lisko's pages and API take with them.
"""

from io import BytesIO

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from lisko.accounts.models import User
from lisko.core.errors import DomainError

DEVICE_NAME = "authenticator app"


def has_second_factor(user: User) -> bool:
    """True once `user` has confirmed an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def start_setup(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for `user` (an earlier unconfirmed one is replaced)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def pending_device(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


@transaction.atomic
def confirm_setup(*, user: User, code: str) -> TOTPDevice:
    """Confirm the pending authenticator with a first code from it; older ones are retired."""
    device = pending_device(user=user)
    if device is None:
        raise DomainError(_("Start the setup again: no authenticator is waiting."), code="none")
    if not _is_code(code) or not device.verify_token(code.strip()):
        raise DomainError(
            _("This code is not right. Enter the six digits the app shows now."),
            code="wrong_code",
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


def check_code(*, user: User, code: str) -> TOTPDevice:
    """The confirmed device that accepts `code`; a DomainError otherwise (failures throttle)."""
    device = match_token(user, code.strip()) if _is_code(code) else None
    if device is None or not device.confirmed:
        raise DomainError(
            _("This code is not right. Enter the six digits the app shows now."),
            code="wrong_code",
        )
    return device


def provisioning_svg(device: TOTPDevice) -> str:
    """The device's key as a QR code (SVG markup) for the authenticator app to scan."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def _is_code(code: str) -> bool:
    code = (code or "").strip()
    return code.isascii() and code.isdigit() and 6 <= len(code) <= 8
