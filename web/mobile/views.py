"""The phone pages of interpreters and key persons: offers, bookings, time log, availability.

Views parse input, call one service or selector and render. Everything an interpreter sees of an
appointment goes through `presenters.card_for` (the data-minimisation rule).
"""

import datetime as dt
from collections.abc import Iterable
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lisko.appointments.models import Assignment
from lisko.appointments.selectors import (
    STATES_VISIBLE_TO_INTERPRETER,
    assignment_for_interpreter,
    assignments_to_log_for,
    logged_assignments_for,
    offers_for_interpreter,
    upcoming_assignments_for,
)
from lisko.appointments.services import accept_offer, complete_assignment, decline_offer
from lisko.audit.services import record_reads
from lisko.core.errors import DomainError, NotFound
from lisko.interpreters.debriefs import ask_for_debrief, may_ask_for_debrief
from lisko.interpreters.models import Debrief, Interpreter, WeeklyAvailability
from lisko.interpreters.selectors import own_absence, own_interpreter_profile, upcoming_absences_for
from lisko.interpreters.services import add_absence, remove_absence, set_weekly_availability
from lisko.notifications.models import Notification
from lisko.notifications.selectors import notifications_for, unread_for
from lisko.notifications.services import mark_read
from web.mobile.pages import render_page, user_of
from web.mobile.parsing import (
    local_datetime,
    parse_date,
    parse_minutes,
    parse_month,
    parse_time,
)
from web.mobile.presenters import AssignmentCard, card_for, duration_text


def _profile(request: HttpRequest) -> Interpreter:
    """The logged-in interpreter's own profile; everyone else finds no such page."""
    try:
        return own_interpreter_profile(user=user_of(request))
    except NotFound:
        raise Http404 from None


def _own_assignment(request: HttpRequest, assignment_id: int) -> Assignment:
    # Proposals not yet sent and offers since withdrawn or declined are not the interpreter's.
    assignment = _own_offer(request, assignment_id)
    if assignment is None:
        raise Http404
    return assignment


def _own_offer(request: HttpRequest, assignment_id: int) -> Assignment | None:
    """The interpreter's own offer or booking to answer; None for an offer made to them that
    has closed since (taken by someone else, withdrawn, declined, expired): a tap on a page
    opened before is no error, it only comes too late."""
    try:
        assignment = assignment_for_interpreter(user=user_of(request), assignment_id=assignment_id)
    except NotFound:
        raise Http404 from None
    if assignment.state in STATES_VISIBLE_TO_INTERPRETER:
        return assignment
    if assignment.offered_at is None:  # a proposal never sent is not theirs to see
        raise Http404
    return None


def _too_late(request: HttpRequest) -> HttpResponse:
    messages.error(request, _("This offer is no longer open."))
    return redirect("mobile:offers")


def _cards(
    request: HttpRequest, assignments: Iterable[Assignment], reason: str
) -> list[AssignmentCard]:
    """The interpreter's view of these assignments; each shows a client's first name, so the
    read is recorded against its appointment (one insert for the whole page)."""
    assignments = list(assignments)
    record_reads(
        actor=user_of(request),
        objects=[assignment.appointment for assignment in assignments],
        client_id_of="client_id",
        reason=reason,
    )
    return [card_for(assignment) for assignment in assignments]


def _when(card: AssignmentCard) -> str:
    start = timezone.localtime(card.start)
    return _("{day} at {time}").format(
        day=date_format(start, "DATE_FORMAT"), time=date_format(start, "TIME_FORMAT")
    )


def _by_day(cards: list[AssignmentCard]) -> list[tuple[dt.date, list[AssignmentCard]]]:
    return [
        (day, list(group))
        for day, group in groupby(cards, key=lambda card: timezone.localtime(card.start).date())
    ]


# Offers ---------------------------------------------------------------------------------


@login_required
def offers(request: HttpRequest) -> HttpResponse:
    """The offers waiting for an answer, soonest first, each with accept and decline."""
    profile = _profile(request)
    cards = _cards(request, offers_for_interpreter(user=user_of(request)), "interpreter offers")
    return render_page(
        request,
        "mobile/offers.html",
        {
            "section": "offers",
            "profile": profile,
            "cards": cards,
            "notices": list(
                unread_for(user=user_of(request)).exclude(kind=Notification.Kind.NEW_OFFER)[:5]
            ),
            "decline_reasons": Assignment.DeclineReason.choices,
            "push_key": settings.LISKO_VAPID_PUBLIC_KEY,
        },
    )


@login_required
@require_POST
def notice_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Put a notice away (cancelled, changed, withdrawn, reminder)."""
    notice = notifications_for(user=user_of(request)).filter(pk=notification_id).first()
    if notice is None:
        raise Http404
    mark_read(notification=notice, by=user_of(request))
    return redirect("mobile:offers")


@login_required
@require_POST
def accept(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """One tap: take the appointment."""
    assignment = _own_offer(request, assignment_id)
    if assignment is None:
        return _too_late(request)
    if assignment.state == Assignment.State.ACCEPTED:
        # A second tap (or a resent form) after the first went through.
        messages.info(request, _("You have already accepted this appointment."))
        return redirect("mobile:upcoming")
    try:
        accept_offer(assignment=assignment, by=user_of(request))
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("mobile:offers")
    card = card_for(assignment_for_interpreter(user=user_of(request), assignment_id=assignment.pk))
    messages.success(
        request, _("Accepted: {kind} on {when}.").format(kind=card.kind, when=_when(card))
    )
    return redirect("mobile:upcoming")


@login_required
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """Say no, with a reason from the list and an optional note."""
    assignment = _own_offer(request, assignment_id)
    if assignment is None:
        return _too_late(request)
    error_message = ""
    if request.method == "POST":
        try:
            decline_offer(
                assignment=assignment,
                by=user_of(request),
                reason=request.POST.get("reason", ""),
                note=request.POST.get("note", "").strip()[:200],
            )
        except NotFound:
            raise Http404 from None
        except DomainError as error:
            error_message = str(error.message)
        else:
            messages.success(request, _("Declined. The offer has been removed from your list."))
            return redirect("mobile:offers")
    (card,) = _cards(request, [assignment], "interpreter offer")
    if assignment.state != Assignment.State.OFFERED and not error_message:
        error_message = _("This offer is no longer open.")
    return render_page(
        request,
        "mobile/decline.html",
        {
            "section": "offers",
            "card": card,
            "decline_reasons": Assignment.DeclineReason.choices,
            "chosen_reason": request.POST.get("reason", ""),
            "note": request.POST.get("note", ""),
            "error_message": error_message,
        },
        status=400 if error_message and request.method == "POST" else 200,
    )


# Bookings -------------------------------------------------------------------------------


@login_required
def upcoming(request: HttpRequest) -> HttpResponse:
    """Accepted appointments that have not ended, grouped by day; kept for offline reading."""
    profile = _profile(request)
    cards = _cards(request, upcoming_assignments_for(user=user_of(request)), "interpreter bookings")
    return render_page(
        request,
        "mobile/upcoming.html",
        {"section": "upcoming", "profile": profile, "days": _by_day(cards), "count": len(cards)},
    )


@login_required
def assignment_detail(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """One offer or booking with everything needed to get there, and the time log once begun."""
    assignment = _own_assignment(request, assignment_id)
    (card,) = _cards(request, [assignment], "interpreter assignment")
    return _render_assignment(request, card)


def _render_assignment(
    request: HttpRequest,
    card: AssignmentCard,
    *,
    error_message: str = "",
    form: dict[str, str] | None = None,
    debrief_error: str = "",
    wish: str = "",
) -> HttpResponse:
    start = timezone.localtime(card.start)
    # Duty of care: after a heavy assignment, the interpreter may ask to talk it through.
    assignment = Assignment.objects.select_related("appointment__organisation").get(pk=card.id)
    debrief = Debrief.objects.filter(assignment_id=card.id).first()
    end = timezone.localtime(card.end)
    initial = {
        "date": start.date().isoformat(),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "travel": str(card.travel_minutes * 2),
    }
    return render_page(
        request,
        "mobile/assignment.html",
        {
            "section": "upcoming" if card.state != Assignment.State.OFFERED else "offers",
            "card": card,
            "decline_reasons": Assignment.DeclineReason.choices,
            "can_log": card.state == Assignment.State.ACCEPTED and card.has_started,
            "form": form or initial,
            "error_message": error_message,
            "debrief": debrief,
            "may_ask_for_debrief": debrief is None and may_ask_for_debrief(assignment),
            "debrief_error": debrief_error,
            "wish": wish,
        },
        status=400 if error_message or debrief_error else 200,
    )


@login_required
@require_POST
def ask_debrief(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """After an emotionally heavy assignment: ask the coordinator for a debrief."""
    assignment = _own_assignment(request, assignment_id)
    wish = request.POST.get("wish", "")
    try:
        ask_for_debrief(assignment=assignment, by=user_of(request), wish=wish)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        (card,) = _cards(request, [assignment], "interpreter assignment")
        return _render_assignment(request, card, debrief_error=str(error.message), wish=wish)
    messages.success(request, _("Your coordinator has been told and will get in touch."))
    return redirect("mobile:assignment", assignment_id=assignment.pk)


@login_required
@require_POST
def log_time(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """After the appointment: the actual start, end and travel, which closes the booking."""
    assignment = _own_assignment(request, assignment_id)
    form = {key: request.POST.get(key, "") for key in ("date", "start", "end", "travel")}
    try:
        day = parse_date(form["date"])
        actual_start = local_datetime(day, parse_time(form["start"]))
        actual_end = local_datetime(day, parse_time(form["end"]))
        if actual_end <= actual_start:
            # Work past midnight: the end belongs to the next day.
            actual_end = local_datetime(day + dt.timedelta(days=1), parse_time(form["end"]))
        complete_assignment(
            assignment=assignment,
            by=user_of(request),
            actual_start=actual_start,
            actual_end=actual_end,
            travel_minutes=parse_minutes(form["travel"]),
        )
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        return _render_assignment(
            request, card_for(assignment), error_message=str(error.message), form=form
        )
    messages.success(request, _("Thank you. Your time has been logged."))
    return redirect("mobile:timesheet")


@login_required
def timesheet(request: HttpRequest) -> HttpResponse:
    """The month's logged time (worked and travel), and what still waits for a log."""
    _profile(request)
    today = timezone.localdate()
    try:
        month = parse_month(request.GET.get("month"), today=today)
    except DomainError as error:
        # A bad link still shows the hours: this month's, with the reason the other is not.
        messages.error(request, str(error.message))
        month = today.replace(day=1)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    previous_month = (month - dt.timedelta(days=1)).replace(day=1)
    logged = _cards(
        request,
        logged_assignments_for(
            user=user_of(request),
            start=local_datetime(month, dt.time.min),
            end=local_datetime(next_month, dt.time.min),
        ),
        "interpreter time log",
    )
    to_log = _cards(request, assignments_to_log_for(user=user_of(request)), "interpreter time log")
    worked = sum(card.worked_minutes for card in logged)
    travel = sum(card.actual_travel_minutes or 0 for card in logged)
    return render_page(
        request,
        "mobile/timesheet.html",
        {
            "section": "timesheet",
            "month": month,
            "previous_month": previous_month.strftime("%Y-%m"),
            "next_month": next_month.strftime("%Y-%m") if next_month <= today else "",
            "logged": logged,
            "to_log": to_log,
            "total_worked": duration_text(worked),
            "total_travel": duration_text(travel),
            "total": duration_text(worked + travel),
        },
    )


# Availability ---------------------------------------------------------------------------

Row = dict[str, str]


def _rows_from_post(request: HttpRequest) -> list[Row]:
    weekdays = request.POST.getlist("weekday")
    starts = request.POST.getlist("start")
    ends = request.POST.getlist("end")
    return [
        {"weekday": weekday, "start": start, "end": end}
        for weekday, start, end in zip(weekdays, starts, ends, strict=False)
    ]


def _slots_from_rows(rows: list[Row]) -> list[tuple[int, dt.time, dt.time]]:
    slots = []
    for row in rows:
        if not row["start"].strip() and not row["end"].strip():
            continue  # an empty row left over from "add"
        try:
            weekday = int(row["weekday"])
        except ValueError:
            raise DomainError(_("Choose a day of the week.")) from None
        slots.append((weekday, parse_time(row["start"]), parse_time(row["end"])))
    return slots


def _week(rows: list[Row]) -> list[dict[str, object]]:
    """The seven days, Monday first, each with its rows and their positions in the form."""
    return [
        {
            "value": weekday.value,
            "label": weekday.label,
            "rows": [row for row in rows if row["weekday"] == str(weekday.value)],
        }
        for weekday in WeeklyAvailability.Weekday
    ]


def _absences(request: HttpRequest) -> list[dict[str, object]]:
    """Upcoming absences as whole days: an absence ends at midnight after its last day."""
    return [
        {
            "id": absence.pk,
            "first_day": timezone.localtime(absence.start).date(),
            "last_day": timezone.localtime(absence.end - dt.timedelta(microseconds=1)).date(),
            "reason": absence.reason,
        }
        for absence in upcoming_absences_for(user=user_of(request))
    ]


@login_required
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest) -> HttpResponse:
    """The weekly pattern, one card per day, and the absences; thumbs first, no script needed.

    "Add" and "remove" buttons send the form back and get it again with one row more or less;
    only "save" changes anything.
    """
    profile = _profile(request)
    error_message = ""
    status = 200
    if request.method == "POST":
        rows = _rows_from_post(request)
        if "remove" in request.POST:
            index = request.POST.get("remove", "")
            rows = [row for position, row in enumerate(rows) if str(position) != index]
        elif "add" in request.POST:
            rows.append({"weekday": request.POST.get("add", ""), "start": "", "end": ""})
        else:
            try:
                set_weekly_availability(
                    interpreter=profile, by=user_of(request), slots=_slots_from_rows(rows)
                )
            except NotFound:
                raise Http404 from None
            except DomainError as error:
                error_message = str(error.message)
                status = 400
            else:
                messages.success(request, _("Your weekly availability has been saved."))
                return redirect("mobile:availability")
    else:
        rows = [
            {
                "weekday": str(slot.weekday),
                "start": slot.start_time.strftime("%H:%M"),
                "end": slot.end_time.strftime("%H:%M"),
            }
            for slot in profile.weekly_availability.all()
        ]
    for position, row in enumerate(rows):
        row["position"] = str(position)
    return render_page(
        request,
        "mobile/availability.html",
        {
            "section": "availability",
            "profile": profile,
            "week": _week(rows),
            "unsaved": request.method == "POST",
            "absences": _absences(request),
            "error_message": error_message,
            "absence_form": {},
            "today": timezone.localdate().isoformat(),
        },
        status=status,
    )


@login_required
@require_POST
def absence_add(request: HttpRequest) -> HttpResponse:
    """A time off, whole days from the first to the last (inclusive)."""
    profile = _profile(request)
    form = {key: request.POST.get(key, "").strip() for key in ("first_day", "last_day", "reason")}
    try:
        first_day = parse_date(form["first_day"])
        last_day = parse_date(form["last_day"] or form["first_day"])
        if last_day < first_day:
            raise DomainError(_("The last day of an absence cannot be before the first."))
        if last_day < timezone.localdate():
            raise DomainError(_("An absence must not lie entirely in the past."))
        add_absence(
            interpreter=profile,
            by=user_of(request),
            start=local_datetime(first_day, dt.time.min),
            end=local_datetime(last_day + dt.timedelta(days=1), dt.time.min),
            reason=form["reason"][:200],
        )
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        rows = [
            {
                "weekday": str(slot.weekday),
                "start": slot.start_time.strftime("%H:%M"),
                "end": slot.end_time.strftime("%H:%M"),
                "position": str(position),
            }
            for position, slot in enumerate(profile.weekly_availability.all())
        ]
        return render_page(
            request,
            "mobile/availability.html",
            {
                "section": "availability",
                "profile": profile,
                "week": _week(rows),
                "absences": _absences(request),
                "absence_error": str(error.message),
                "absence_form": form,
                "today": timezone.localdate().isoformat(),
            },
            status=400,
        )
    messages.success(request, _("Your absence has been recorded."))
    return redirect("mobile:availability")


@login_required
@require_POST
def absence_remove(request: HttpRequest, absence_id: int) -> HttpResponse:
    """Delete one of one's own absences."""
    try:
        remove_absence(
            absence=own_absence(user=user_of(request), absence_id=absence_id), by=user_of(request)
        )
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The absence has been removed."))
    return redirect("mobile:availability")
