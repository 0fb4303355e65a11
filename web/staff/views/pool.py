"""The interpreter pool and the week's calendar of assignments, for pool keepers."""

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lisko.appointments.selectors import assignments_between, booked_minutes_by_interpreter
from lisko.core import limits
from lisko.core.errors import DomainError
from lisko.interpreters.models import Interpreter
from lisko.interpreters.selectors import interpreter_pool_for
from web.staff.access import StaffRequest, pool_keeper_only
from web.staff.presenters import calendar_week, pool_languages, pool_rows
from web.staff.views.common import local_midnight, refused, week_start


@pool_keeper_only
@require_GET
def pool(request: StaffRequest) -> HttpResponse:
    """The interpreter pool: languages, weekly availability, this week's load, certification."""
    today = timezone.localdate()
    monday = week_start(today)
    start, end = local_midnight(monday), local_midnight(monday + dt.timedelta(days=7))
    interpreters = list(interpreter_pool_for(user=request.user))
    kind = request.GET.get("kind", "")
    language = request.GET.get("language", "")
    rows = pool_rows(
        interpreters,
        load=booked_minutes_by_interpreter(user=request.user, start=start, end=end),
        today=today,
        start=start,
        end=end,
        kind=kind,
        language=language,
    )
    return render(
        request,
        "staff/pool.html",
        {
            "rows": rows,
            "kinds": Interpreter.Kind.choices,
            "kind": kind,
            "languages": pool_languages(interpreters),
            "language": language,
            "week_start": monday,
        },
    )


@pool_keeper_only
@require_GET
def calendar(request: StaffRequest) -> HttpResponse:
    """A week of assignments: one row per interpreter, one column per day."""
    this_week = week_start(timezone.localdate())
    monday = this_week
    if raw_week := request.GET.get("week", ""):
        try:
            asked = dt.date.fromisoformat(raw_week)
            # Year 1 or 9999 parses, but the week before or after it does not exist.
            limits.check_date(asked)
        except ValueError:
            messages.error(request, _("Enter a week as a date, for example 2026-11-23."))
        except DomainError as error:
            refused(request, error)
        else:
            monday = week_start(asked)
    assignments = assignments_between(
        user=request.user,
        start=local_midnight(monday),
        end=local_midnight(monday + dt.timedelta(days=7)),
    )
    return render(
        request,
        "staff/calendar.html",
        {
            **calendar_week(assignments, week_start=monday),
            "week_start": monday,
            "previous_week": monday - dt.timedelta(days=7),
            "next_week": monday + dt.timedelta(days=7),
            "this_week": this_week,
            "today": timezone.localdate(),
        },
    )
