"""Appointments: booking one, its page and live status box, asking for an interpreter,
cancelling, and the coordinator's rematch, keeping an offer open and offering by hand."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from lisko.appointments import services as appointment_services
from lisko.appointments.models import Appointment
from lisko.appointments.modes import Suggestion, suggest_mode
from lisko.appointments.selectors import (
    appointment_for,
    appointment_page_for,
    appointment_status_for,
    clashing_appointments,
    has_interpreted_for,
    interpreter_names,
)
from lisko.clients.selectors import client_for, has_interpreting_consent
from lisko.core.errors import DomainError
from lisko.interpreters.models import Modality
from lisko.interpreters.selectors import speakers_within_reach
from lisko.languages.selectors import all_languages
from lisko.matchingruns.overrides import (
    assign_by_hand,
    lock_offer,
    override_candidates,
    override_warnings,
    rematch_request,
)
from lisko.notifications.client_messages import consents_to_messages
from lisko.notifications.selectors import client_messages_about
from lisko.plans.selectors import open_goals_of
from web.staff.access import (
    StaffRequest,
    caseworker_or_coordinator,
    coordinator_only,
    social_worker_only,
)
from web.staff.forms import BookingForm, OverrideForm, RescheduleForm
from web.staff.presenters import override_rows, status_box
from web.staff.views.common import attempt, refused

BOOKING_FIELDS = (
    "kind",
    "skills",
    "start",
    "end",
    "language",
    "modality",
    "municipality",
    "address",
    "remote_link",
    "gender",
    "min_proficiency",
    "priority",
    "notes_for_interpreter",
    "goal",
    "alternative_slots",
)


@social_worker_only
def book(request: StaffRequest, client_id: int) -> HttpResponse:
    """Book an appointment for a client, and ask for an interpreter or key person at once."""
    client = client_for(user=request.user, client_id=client_id, reason="booking")
    languages = all_languages()
    goals = open_goals_of(client_id=client.pk)
    if request.method != "POST":
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        form = BookingForm(
            languages=languages,
            goals=goals,
            initial={
                "date": tomorrow,
                "start_time": dt.time(9),
                "end_time": dt.time(10),
                "municipality": client.municipality_id,
                "language": client.preferred_language.code,
                "goal": request.GET.get("goal"),
            },
        )
        return _booking_page(request, client, form)
    applied = request.POST.get("apply_modality", "")
    if applied in Modality.values:
        # The suggestion's button: take its way of working into the form, book nothing yet.
        form = BookingForm(
            {**request.POST.dict(), "modality": applied}, languages=languages, goals=goals
        )
        form.is_valid()
        return _booking_page(request, client, form)
    form = BookingForm(request.POST, languages=languages, goals=goals)
    if form.is_valid():
        data = form.cleaned_data
        try:
            appointment = appointment_services.book_appointment(
                client=client,
                by=request.user,
                min_level=data["who"],
                request=data["request_now"],
                **{name: data[name] for name in BOOKING_FIELDS},
            )
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The appointment is booked."))
            if clashing_appointments(appointment=appointment):
                messages.warning(
                    request,
                    _(
                        "{name} already has another appointment at this time: check which "
                        "one to keep."
                    ).format(name=client.first_name),
                )
            if data["request_now"] and not has_interpreting_consent(client=client):
                messages.warning(
                    request,
                    _(
                        "{name} has not agreed to interpreting yet: the interpreter is told the "
                        "time and place, not the name. Record the consent on the client page "
                        "if {name} agrees."
                    ).format(name=client.first_name),
                )
            return redirect("staff:appointment", appointment_id=appointment.pk)
    return _booking_page(request, client, form)


def _booking_page(request: StaffRequest, client: Any, form: BookingForm) -> HttpResponse:
    context = {"client": client, "form": form, "suggestion": _suggestion(client, form)}
    return render(request, "staff/book.html", context)


def _suggestion(client: Any, form: BookingForm) -> Suggestion | None:
    """The way of working to suggest for what the form holds so far; None until the kind, the
    time and the language are known."""
    if not form.is_bound:
        data = {name: form[name].value() for name in form.fields}
        form = BookingForm(data, languages=all_languages())
        form.is_valid()
    data = form.cleaned_data
    if not all(data.get(name) for name in ("kind", "start", "end", "language")):
        return None
    speakers = speakers_within_reach(
        organisation_id=client.organisation_id,
        language_code=data["language"],
        municipality=data.get("municipality"),
    )
    return suggest_mode(
        kind=data["kind"],
        lead_time=data["start"] - timezone.now(),
        duration=data["end"] - data["start"],
        heavy=data["kind"] in (client.organisation.heavy_kinds or ()),
        speakers_nearby=speakers.nearby,
        speakers_remote=speakers.remote,
    )


@social_worker_only
@require_GET
def book_suggestion(request: StaffRequest, client_id: int) -> HttpResponse:
    """The mode suggestion alone, refreshed by the booking form while it is filled in."""
    client = client_for(user=request.user, client_id=client_id, reason="booking")
    form = BookingForm(request.GET, languages=all_languages())
    form.is_valid()
    context = {"client": client, "suggestion": _suggestion(client, form), "form": form}
    return render(request, "staff/_mode_suggestion.html", context)


def _status_box(request: StaffRequest, appointment: Appointment) -> dict[str, object]:
    return status_box(
        appointment,
        names_of=lambda ids: interpreter_names(user=request.user, ids=ids),
        knows_client=lambda interpreter_id: has_interpreted_for(
            interpreter_id=interpreter_id,
            client_id=appointment.client_id,
            besides=appointment.pk,
        ),
    )


@caseworker_or_coordinator
@require_GET
def appointment(request: StaffRequest, appointment_id: int) -> HttpResponse:
    """An appointment and the live progress of its interpreter request."""
    appointment = appointment_page_for(user=request.user, appointment_id=appointment_id)
    context = _status_box(request, appointment)
    context["slots"] = list(appointment.alternative_slots.all())
    context["clashes"] = clashing_appointments(appointment=appointment)
    context["is_coordinator"] = request.staff.is_coordinator
    context["reschedule_form"] = _reschedule_form(appointment)
    context.update(_client_messages(appointment))
    return render(request, "staff/appointment.html", context)


def _client_messages(appointment: Appointment) -> dict[str, object]:
    """The text messages to the client about this appointment, and whether they consent."""
    return {
        "client_messages": list(client_messages_about(appointment=appointment)),
        "client_consents_to_messages": consents_to_messages(appointment.client),
    }


def _reschedule_form(appointment: Appointment, data: Any = None) -> RescheduleForm:
    start = timezone.localtime(appointment.start)
    initial = {
        "date": start.date(),
        "start_time": start.time(),
        "end_time": timezone.localtime(appointment.end).time(),
        "modality": appointment.modality,
        "remote_link": appointment.remote_link,
    }
    return RescheduleForm(data, initial=initial)


@caseworker_or_coordinator
@require_POST
def reschedule(request: StaffRequest, appointment_id: int) -> HttpResponse:
    """Move an appointment or change how the interpreter takes part; the page then says what
    became of the offers already out."""
    appointment = appointment_page_for(user=request.user, appointment_id=appointment_id)
    form = _reschedule_form(appointment, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            done = appointment_services.reschedule_appointment(
                appointment=appointment,
                by=request.user,
                start=data["start"],
                end=data["end"],
                modality=data["modality"],
                remote_link=data["remote_link"].strip(),
            )
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _rescheduled_message(done))
            return redirect("staff:appointment", appointment_id=appointment_id)
    context = _status_box(request, appointment)
    context["slots"] = list(appointment.alternative_slots.all())
    context["clashes"] = clashing_appointments(appointment=appointment)
    context["is_coordinator"] = request.staff.is_coordinator
    context["reschedule_form"] = form
    context.update(_client_messages(appointment))
    return render(request, "staff/appointment.html", context, status=400)


def _rescheduled_message(done: appointment_services.Rescheduled) -> str:
    if done.withdrawn:
        return ngettext(
            "The appointment is changed. The offer already out was withdrawn and the "
            "appointment is being matched again.",
            "The appointment is changed. The %(count)d offers already out were withdrawn and "
            "the appointment is being matched again.",
            done.withdrawn,
        ) % {"count": done.withdrawn}
    if done.rematching:
        return _("The appointment is changed. No offers were out; it is being matched again.")
    return _("The appointment is changed.")


@caseworker_or_coordinator
@require_GET
def appointment_status(request: StaffRequest, appointment_id: int) -> HttpResponse:
    """The status box alone, polled by the appointment page while a request is open."""
    appointment = appointment_status_for(user=request.user, appointment_id=appointment_id)
    return render(request, "staff/_appointment_status.html", _status_box(request, appointment))


@caseworker_or_coordinator
@require_POST
def request_interpreter(request: StaffRequest, appointment_id: int) -> HttpResponse:
    """Ask for an interpreter for a draft or unfilled appointment."""
    appointment = appointment_for(user=request.user, appointment_id=appointment_id)
    if attempt(
        request,
        lambda: appointment_services.request_interpreter(appointment=appointment, by=request.user),
    ):
        messages.success(request, _("An interpreter is requested."))
    return redirect("staff:appointment", appointment_id=appointment_id)


@caseworker_or_coordinator
@require_POST
def cancel_appointment(request: StaffRequest, appointment_id: int) -> HttpResponse:
    """Cancel an appointment; its offers and booking are withdrawn."""
    appointment = appointment_for(user=request.user, appointment_id=appointment_id)
    reason = request.POST.get("reason", "")[:200]
    if attempt(
        request,
        lambda: appointment_services.cancel_appointment(
            appointment=appointment, by=request.user, reason=reason
        ),
    ):
        messages.success(request, _("The appointment is cancelled."))
    return redirect("staff:appointment", appointment_id=appointment_id)


@caseworker_or_coordinator
@require_POST
def ask_again(request: StaffRequest, appointment_id: int) -> HttpResponse:
    """After "no interpreter found": ask again with fewer requirements (any gender, key persons
    too, no specialisation) or another way of working (phone or video, with the call's
    details)."""
    appointment = appointment_for(user=request.user, appointment_id=appointment_id)
    changes: dict[str, object] = {}
    if request.POST.get("any_gender") and appointment.gender:
        changes["gender"] = ""
    if request.POST.get("key_persons_too") and appointment.min_level:
        changes["min_level"] = 0
    if request.POST.get("any_specialisation") and appointment.required_skills:
        changes["skills"] = []
    modality = request.POST.get("modality", "")
    if modality in Modality.values and modality != appointment.modality:
        changes["modality"] = modality
        changes["remote_link"] = request.POST.get("remote_link", "").strip()[:500]
    if not changes:
        messages.error(request, _("Choose at least one change to ask again with."))
    elif attempt(
        request,
        lambda: appointment_services.change_appointment(
            appointment=appointment, by=request.user, **changes
        ),
    ):
        messages.success(request, _("The request is open again with these changes."))
    return redirect("staff:appointment", appointment_id=appointment_id)


@coordinator_only
@require_POST
def rematch(request: StaffRequest, appointment_id: int) -> HttpResponse:
    """Withdraw the open offers and look for someone again from scratch."""
    appointment = appointment_for(user=request.user, appointment_id=appointment_id)
    if attempt(request, lambda: rematch_request(appointment=appointment, by=request.user)):
        messages.success(request, _("The request is being matched again."))
    return redirect("staff:appointment", appointment_id=appointment_id)


@coordinator_only
@require_POST
def keep_offer_open(request: StaffRequest, appointment_id: int, assignment_id: int) -> HttpResponse:
    """Keep one offer open until the appointment starts, instead of letting it expire."""
    appointment = appointment_page_for(user=request.user, appointment_id=appointment_id)
    offer = next(
        (a for a in appointment.all_assignments if a.pk == assignment_id),  # type: ignore[attr-defined]
        None,
    )
    if offer is None:
        raise Http404()
    if attempt(request, lambda: lock_offer(assignment=offer, by=request.user)):
        messages.success(
            request,
            _("The offer to {name} stays open until the appointment starts.").format(
                name=offer.interpreter
            ),
        )
    return redirect("staff:appointment", appointment_id=appointment_id)


@coordinator_only
def override(request: StaffRequest, appointment_id: int) -> HttpResponse:
    """Offer an appointment to a person by hand. The list gives quick hints; once a person is
    chosen, the matcher itself names every rule the offer breaks, and breaking one needs a
    confirmation."""
    appointment = appointment_page_for(user=request.user, appointment_id=appointment_id)
    candidates = override_candidates(user=request.user, appointment=appointment)
    by_id = {candidate.interpreter.pk: candidate for candidate in candidates}
    form = OverrideForm(request.POST or None)
    chosen = None
    broken: list[str] = []
    if request.method == "POST" and form.is_valid():
        chosen = by_id.get(form.cleaned_data["interpreter"])
        if chosen is None:
            raise Http404()
        try:
            assign_by_hand(
                appointment=appointment,
                interpreter=chosen.interpreter,
                by=request.user,
                confirm=form.cleaned_data["confirm"],
            )
        except DomainError as error:
            if error.code != "needs_confirmation":
                refused(form, error)
            else:
                broken = override_warnings(appointment=appointment, interpreter=chosen.interpreter)
        else:
            messages.success(
                request,
                _("The appointment is offered to {name}.").format(name=chosen.interpreter),
            )
            return redirect("staff:appointment", appointment_id=appointment.pk)
    context = {"appointment": appointment, "form": form, "chosen": chosen, "broken": broken}
    return render(request, "staff/override.html", {**context, "rows": override_rows(candidates)})
