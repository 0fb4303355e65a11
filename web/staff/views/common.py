"""What the staff views share: showing a refusal, weeks and days, going back to the client."""

import datetime as dt
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from lisko.core.errors import DomainError
from web.staff.access import StaffRequest
from web.staff.forms import StaffForm


def refused(where: StaffRequest | forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal: on a form, next to the field its code concerns (the form's
    `error_fields` maps codes to fields) or on top of the form; without a form, as a message."""
    if isinstance(where, forms.BaseForm):
        fields = where.error_fields if isinstance(where, StaffForm) else {}
        where.add_error(fields.get(error.code), str(error.message))
    else:
        messages.error(where, str(error.message))


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def back_to_client(client_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("staff:client", args=[client_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


def attempt(where: StaffRequest | forms.BaseForm, call: Callable[[], object]) -> bool:
    """Run one service call; True if it went through, else its refusal is shown (`refused`)."""
    try:
        call()
    except DomainError as error:
        refused(where, error)
        return False
    return True
