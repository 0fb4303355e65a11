"""The staff start page: today and this week, and everything that waits for someone."""

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lisko.access import organisations_where, roles
from lisko.appointments.models import Appointment
from lisko.appointments.selectors import caseload_appointments, organisation_requests
from lisko.matchingruns.selectors import matching_runs_for
from lisko.plans.selectors import goals_due_for_review
from lisko.referrals.models import Referral
from lisko.referrals.selectors import referrals_for_social_worker
from web.staff.access import StaffRequest, staff_only
from web.staff.presenters import SEEKING, unfilled_with_sentences
from web.staff.views.common import local_midnight


@staff_only()
@require_GET
def dashboard(request: StaffRequest) -> HttpResponse:
    """Today and this week at a glance, and everything that waits for someone."""
    staff = request.staff
    now = timezone.now()
    today = timezone.localdate()
    # "This week" is the coming seven days: on a Friday the next Monday matters more than
    # the weekend that ends the calendar week.
    week_end = today + dt.timedelta(days=7)
    context: dict[str, Any] = {
        "today": today,
        "administered": organisations_where(request.user, roles.ADMINISTERING),
    }
    if staff.is_social_worker:
        week = caseload_appointments(
            user=request.user, start=local_midnight(today), end=local_midnight(week_end)
        )
        for appointment in week:
            appointment.local_day = timezone.localdate(appointment.start)  # type: ignore[attr-defined]
        context["today_appointments"] = [a for a in week if timezone.localdate(a.start) == today]
        context["week_appointments"] = [a for a in week if timezone.localdate(a.start) > today]
        waiting = caseload_appointments(
            user=request.user,
            start=now,
            statuses=(Appointment.Status.UNFILLED, Appointment.Status.OFFERED),
        )
        context["unfilled"] = unfilled_with_sentences(waiting)
        context["offered"] = [a for a in waiting if a.status == Appointment.Status.OFFERED]
        context["referrals_waiting"] = referrals_for_social_worker(
            user=request.user, status=Referral.Status.SENT
        )
        context["reviews_due"] = goals_due_for_review(user=request.user, today=today)
    if staff.is_coordinator:
        requests = organisation_requests(
            user=request.user,
            statuses=(*SEEKING, Appointment.Status.UNFILLED),
            now=now,
        )
        context["pool_unfilled"] = unfilled_with_sentences(requests)
        context["pool_offered"] = [a for a in requests if a.status == Appointment.Status.OFFERED]
        context["pool_requested"] = [
            a
            for a in requests
            if a.status in (Appointment.Status.REQUESTED, Appointment.Status.MATCHING)
        ]
        runs = matching_runs_for(user=request.user, limit=1)
        context["latest_run"] = runs[0] if runs else None
    return render(request, "staff/dashboard.html", context)
