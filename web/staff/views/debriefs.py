"""Debriefs after emotionally heavy assignments, for coordinators: the requests still open, and
the supervision log of those held. The interpreter services decide who may record what."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lisko.core.errors import DomainError
from lisko.interpreters.debriefs import record_debrief
from lisko.interpreters.selectors import debrief_for, debriefs_for
from web.staff.access import StaffRequest, coordinator_only
from web.staff.forms import RecordDebriefForm
from web.staff.views.common import refused

# The supervision log shows the most recent ones; older ones stay in the database.
LOG_LENGTH = 200


def _page(
    request: StaffRequest, *, failed: tuple[int, RecordDebriefForm] | None = None, status: int = 200
) -> HttpResponse:
    debriefs = list(debriefs_for(user=request.user)[:LOG_LENGTH])
    forms = {debrief.pk: RecordDebriefForm(prefix=f"debrief-{debrief.pk}") for debrief in debriefs}
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render(
        request,
        "staff/debriefs.html",
        {
            "open": [(debrief, forms[debrief.pk]) for debrief in debriefs if debrief.is_open],
            "held": [debrief for debrief in debriefs if not debrief.is_open],
        },
        status=status,
    )


@coordinator_only
@require_GET
def debriefs(request: StaffRequest) -> HttpResponse:
    return _page(request)


@coordinator_only
@require_POST
def record(request: StaffRequest, debrief_id: int) -> HttpResponse:
    debrief = debrief_for(user=request.user, debrief_id=debrief_id)
    form = RecordDebriefForm(request.POST, prefix=f"debrief-{debrief.pk}")
    if form.is_valid():
        try:
            record_debrief(
                debrief=debrief,
                by=request.user,
                held_on=form.cleaned_data["held_on"],
                form=form.cleaned_data["form"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The debrief is recorded in the supervision log."))
            return redirect("staff:debriefs")
    return _page(request, failed=(debrief.pk, form), status=400)
