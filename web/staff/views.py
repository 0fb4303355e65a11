"""Pages for social workers and coordinators. Views parse input, call one selector or service,
and render; who sees what is decided by the selectors, business rules by the services."""

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lisko.appointments import services as appointment_services
from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.selectors import (
    appointment_for,
    appointment_page_for,
    appointment_status_for,
    appointments_of_client,
    assignments_between,
    booked_minutes_by_interpreter,
    caseload_appointments,
    interpreter_names,
    organisation_requests,
    override_candidates,
)
from lisko.associations.selectors import associations_for, offer_for, offers_matching
from lisko.clients import services as client_services
from lisko.clients.models import ClientLanguage, Consent, HouseholdMember
from lisko.clients.selectors import (
    caseload_for,
    client_for,
    record_of_visible_client,
    visible_client,
)
from lisko.core.errors import DomainError, NotFound
from lisko.interpreters.models import Interpreter, Modality, WeeklyAvailability
from lisko.interpreters.selectors import interpreter_pool_for
from lisko.languages.models import Language
from lisko.matchingruns.batch import request_matching_run
from lisko.matchingruns.models import MatchingRun
from lisko.matchingruns.overrides import (
    assign_by_hand,
    lock_offer,
    override_warnings,
    rematch_request,
)
from lisko.matchingruns.selectors import matching_run_for, matching_runs_for
from lisko.organisations.models import Role
from lisko.organisations.selectors import fields_of_action_for, organisations_of
from lisko.plans import services as plan_services
from lisko.plans.models import EmpowermentPlan, Goal, Milestone
from lisko.plans.selectors import goals_due_for_review, latest_level, plan_for
from lisko.referrals import services as referral_services
from lisko.referrals.models import Referral
from lisko.referrals.selectors import referral_for, referrals_for_social_worker
from web.staff.access import (
    StaffRequest,
    caseworker_or_coordinator,
    coordinator_only,
    social_worker_only,
    staff_only,
)
from web.staff.charts import independence_chart
from web.staff.forms import (
    PROFICIENCY_LEVELS,
    BookingForm,
    ClientForm,
    ClientLanguageForm,
    ConsentForm,
    GoalForm,
    HouseholdMemberForm,
    MilestoneForm,
    NewClientForm,
    OfferSearchForm,
    OverrideForm,
    ProficiencyForm,
    ReferForm,
    ReviewForm,
)
from web.staff.reasons import (
    reason_summary,
    score_sentences,
    unfilled_sentence,
    warning_sentence,
)

SEEKING = (
    Appointment.Status.REQUESTED,
    Appointment.Status.MATCHING,
    Appointment.Status.OFFERED,
)
# Certifications expiring this soon are flagged in the pool.
CERTIFICATION_WARNING_DAYS = 90
POLL_SECONDS = 2


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _minutes_between(start: dt.time, end: dt.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def _error(request: StaffRequest, error: DomainError) -> None:
    messages.error(request, str(error.message))


def _languages() -> list[Language]:
    return list(Language.objects.all())


# Dashboard --------------------------------------------------------------------------------


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
    context: dict[str, Any] = {"today": today}
    if staff.is_social_worker:
        week = caseload_appointments(
            user=request.user, start=_local_midnight(today), end=_local_midnight(week_end)
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
        context["unfilled"] = [
            (a, unfilled_sentence(a.unfilled_reason, a.unfilled_data, language=a.language.code))
            for a in waiting
            if a.status == Appointment.Status.UNFILLED
        ]
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
        context["pool_unfilled"] = [
            (a, unfilled_sentence(a.unfilled_reason, a.unfilled_data, language=a.language.code))
            for a in requests
            if a.status == Appointment.Status.UNFILLED
        ]
        context["pool_offered"] = [a for a in requests if a.status == Appointment.Status.OFFERED]
        context["pool_requested"] = [
            a
            for a in requests
            if a.status in (Appointment.Status.REQUESTED, Appointment.Status.MATCHING)
        ]
        runs = matching_runs_for(user=request.user, limit=1)
        context["latest_run"] = runs[0] if runs else None
    return render(request, "staff/dashboard.html", context)


# Clients ----------------------------------------------------------------------------------


@social_worker_only
@require_GET
def clients(request: StaffRequest) -> HttpResponse:
    """The caseload, searchable by name or reference."""
    query = request.GET.get("q", "").strip()
    caseload = caseload_for(user=request.user)
    if query:
        needle = query.casefold()
        caseload = [
            client
            for client in caseload
            if needle in f"{client.first_name} {client.last_name} {client.reference}".casefold()
        ]
    return render(request, "staff/clients.html", {"clients": caseload, "query": query})


def _client_page_context(request: StaffRequest, client_id: int) -> dict[str, Any]:
    client = client_for(user=request.user, client_id=client_id)
    try:
        plan: EmpowermentPlan | None = plan_for(user=request.user, client_id=client_id)
    except NotFound:
        plan = None
    goals = list(plan.goals.all()) if plan is not None else []
    appointments = appointments_of_client(user=request.user, client_id=client_id)
    referrals = referrals_for_social_worker(user=request.user, client_id=client_id)
    appointments_by_goal: dict[int, list[Appointment]] = defaultdict(list)
    for appointment in appointments:
        if appointment.goal_id:
            appointments_by_goal[appointment.goal_id].append(appointment)
    referrals_by_goal: dict[int, list[Referral]] = defaultdict(list)
    for referral in referrals:
        if referral.goal_id:
            referrals_by_goal[referral.goal_id].append(referral)
    today = timezone.localdate()
    fields: dict[int, dict[str, Any]] = {}
    for goal in goals:
        goal.level_now = latest_level(goal)  # type: ignore[attr-defined]
        goal.linked_appointments = appointments_by_goal.get(goal.pk, [])  # type: ignore[attr-defined]
        goal.linked_referrals = referrals_by_goal.get(goal.pk, [])  # type: ignore[attr-defined]
        fields.setdefault(goal.field_of_action_id, {"field": goal.field_of_action, "goals": []})[
            "goals"
        ].append(goal)
    field_choices = fields_of_action_for(organisation=client.organisation)
    consents = list(client.consents.all())
    spoken = {entry.language_id for entry in client.languages.all()}
    return {
        "client": client,
        "plan": plan,
        "fields": list(fields.values()),
        "chart": independence_chart(goals, today=today),
        "appointments": appointments,
        "upcoming": [a for a in appointments if a.end >= timezone.now()][::-1],
        "past": [a for a in appointments if a.end < timezone.now()],
        "referrals": referrals,
        "active_consents": [c for c in consents if c.is_active],
        "withdrawn_consents": [c for c in consents if not c.is_active],
        "goal_form": GoalForm(fields_of_action=field_choices, auto_id="goal_%s"),
        "consent_form": ConsentForm(
            # The choices show names only: the partners the selector prefetches are not needed.
            associations=associations_for(user=request.user)
            .filter(organisation_id=client.organisation_id)
            .prefetch_related(None),
            auto_id="consent_%s",
        ),
        "language_form": ClientLanguageForm(
            languages=[language for language in _languages() if language.pk not in spoken],
            auto_id="language_%s",
        ),
        "household_form": HouseholdMemberForm(auto_id="member_%s"),
        "proficiency_levels": PROFICIENCY_LEVELS,
        "today": today,
        "Milestone": Milestone,
    }


@social_worker_only
@require_GET
def client(request: StaffRequest, client_id: int) -> HttpResponse:
    """One client: profile, consents, the plan with its chart, appointments and referrals."""
    return render(request, "staff/client.html", _client_page_context(request, client_id))


def _back_to_client(client_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("staff:client", args=[client_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


@social_worker_only
@require_POST
def give_consent(request: StaffRequest, client_id: int) -> HttpResponse:
    """Record a consent the client gives."""
    client = visible_client(user=request.user, client_id=client_id)
    form = ConsentForm(
        request.POST,
        associations=associations_for(user=request.user).filter(
            organisation_id=client.organisation_id
        ),
    )
    if not form.is_valid():
        messages.error(request, _("Please check the consent: purpose and association."))
        return _back_to_client(client_id, "consents")
    try:
        client_services.give_consent(
            client=client,
            purpose=form.cleaned_data["purpose"],
            association=form.cleaned_data["association"],
            shared_details=form.cleaned_data["shared_details"],
            by=request.user,
        )
    except DomainError as error:
        _error(request, error)
    else:
        messages.success(request, _("The consent is recorded."))
    return _back_to_client(client_id, "consents")


@social_worker_only
@require_POST
def withdraw_consent(request: StaffRequest, client_id: int, consent_id: int) -> HttpResponse:
    """Record that the client withdrew a consent."""
    consent = record_of_visible_client(
        user=request.user, client_id=client_id, records=Consent.objects.all(), record_id=consent_id
    )
    try:
        client_services.withdraw_consent(consent=consent, by=request.user)
    except DomainError as error:
        _error(request, error)
    else:
        messages.success(request, _("The consent is withdrawn; nothing more is shared under it."))
    return _back_to_client(client_id, "consents")


@social_worker_only
def new_client(request: StaffRequest) -> HttpResponse:
    """Open a case for a new client, on the social worker's own caseload."""
    organisations = list(organisations_of(request.user, Role.SOCIAL_WORKER).order_by("name"))
    form = NewClientForm(request.POST or None, languages=_languages(), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            created = client_services.create_client(
                organisation=form.chosen_organisation(), by=request.user, **form.details()
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("The case of {first_name} {last_name} is open.").format(
                    first_name=created.first_name, last_name=created.last_name
                ),
            )
            return redirect("staff:client", client_id=created.pk)
    return render(request, "staff/client_form.html", {"form": form, "client": None})


@social_worker_only
def edit_client(request: StaffRequest, client_id: int) -> HttpResponse:
    """Correct a client's details; the responsible social worker is not changed here."""
    client = client_for(user=request.user, client_id=client_id, reason="edit client")
    form = ClientForm(
        request.POST or None, languages=_languages(), initial=ClientForm.initial_of(client)
    )
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():
            messages.info(request, _("Nothing was changed."))
            return _back_to_client(client_id)
        try:
            client_services.update_client(
                client=client, by=request.user, **form.details(form.changed_data)
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The client's details are saved."))
            return _back_to_client(client_id)
    return render(request, "staff/client_form.html", {"form": form, "client": client})


@social_worker_only
@require_POST
def add_client_language(request: StaffRequest, client_id: int) -> HttpResponse:
    """Record a language the client speaks, with a proficiency."""
    client = visible_client(user=request.user, client_id=client_id)
    form = ClientLanguageForm(request.POST, languages=_languages())
    if not form.is_valid():
        messages.error(request, _("Choose a language and a proficiency from 1 to 5."))
        return _back_to_client(client_id)
    language = form.cleaned_data["language"]
    try:
        client_services.add_client_language(
            client=client,
            language=language,
            proficiency=form.cleaned_data["proficiency"],
            by=request.user,
        )
    except DomainError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("{language} is added to the client's languages.").format(
                language=language.display_name()
            ),
        )
    return _back_to_client(client_id)


@social_worker_only
@require_POST
def change_client_language(
    request: StaffRequest, client_id: int, client_language_id: int
) -> HttpResponse:
    """Change how well the client speaks one of their languages."""
    entry = record_of_visible_client(
        user=request.user,
        client_id=client_id,
        records=ClientLanguage.objects.select_related("client", "language"),
        record_id=client_language_id,
    )
    form = ProficiencyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a proficiency from 1 to 5."))
        return _back_to_client(client_id)
    try:
        client_services.change_client_language(
            client_language=entry, proficiency=form.cleaned_data["proficiency"], by=request.user
        )
    except DomainError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("The proficiency in {language} is now {level} of 5.").format(
                language=entry.language.display_name(), level=entry.proficiency
            ),
        )
    return _back_to_client(client_id)


@social_worker_only
@require_POST
def remove_client_language(
    request: StaffRequest, client_id: int, client_language_id: int
) -> HttpResponse:
    """Remove one of the client's languages."""
    entry = record_of_visible_client(
        user=request.user,
        client_id=client_id,
        records=ClientLanguage.objects.select_related("client", "language"),
        record_id=client_language_id,
    )
    try:
        client_services.remove_client_language(client_language=entry, by=request.user)
    except DomainError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("{language} is removed from the client's languages.").format(
                language=entry.language.display_name()
            ),
        )
    return _back_to_client(client_id)


@social_worker_only
@require_POST
def add_household_member(request: StaffRequest, client_id: int) -> HttpResponse:
    """Record someone who lives with the client."""
    client = visible_client(user=request.user, client_id=client_id)
    form = HouseholdMemberForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Please check the household member: first name, relation and birth date.")
        )
        return _back_to_client(client_id)
    try:
        member = client_services.add_household_member(
            client=client, by=request.user, **form.cleaned_data
        )
    except DomainError as error:
        _error(request, error)
    else:
        messages.success(
            request, _("{name} is added to the household.").format(name=member.first_name)
        )
    return _back_to_client(client_id)


@social_worker_only
@require_POST
def remove_household_member(request: StaffRequest, client_id: int, member_id: int) -> HttpResponse:
    """Remove someone from the client's household."""
    member = record_of_visible_client(
        user=request.user,
        client_id=client_id,
        records=HouseholdMember.objects.select_related("client"),
        record_id=member_id,
    )
    try:
        client_services.remove_household_member(member=member, by=request.user)
    except DomainError as error:
        _error(request, error)
    else:
        messages.success(
            request, _("{name} is removed from the household.").format(name=member.first_name)
        )
    return _back_to_client(client_id)


# Empowerment plan ---------------------------------------------------------------------------


@social_worker_only
@require_POST
def start_plan(request: StaffRequest, client_id: int) -> HttpResponse:
    """Start the client's empowerment plan."""
    client = visible_client(user=request.user, client_id=client_id)
    try:
        plan_services.create_plan(client=client, by=request.user)
    except DomainError as error:
        _error(request, error)
    return _back_to_client(client_id, "plan")


@social_worker_only
@require_POST
def add_goal(request: StaffRequest, client_id: int) -> HttpResponse:
    """Add a goal, worded with the client, to the plan."""
    client = visible_client(user=request.user, client_id=client_id)
    plan = EmpowermentPlan.objects.filter(client=client).first()
    if plan is None:
        raise Http404()
    form = GoalForm(
        request.POST, fields_of_action=fields_of_action_for(organisation=client.organisation)
    )
    if not form.is_valid():
        messages.error(request, _("A goal needs a field of action, a wording and a level."))
        return _back_to_client(client_id, "plan")
    try:
        goal = plan_services.add_goal(plan=plan, by=request.user, **form.cleaned_data)
    except DomainError as error:
        _error(request, error)
        return _back_to_client(client_id, "plan")
    messages.success(request, _("The goal is added to the plan."))
    return _back_to_client(client_id, f"goal-{goal.pk}")


def _goal_of_caseload(request: StaffRequest, goal_id: int) -> Goal:
    goal = Goal.objects.select_related("plan__client").filter(pk=goal_id).first()
    if goal is None:
        raise Http404()
    visible_client(user=request.user, client_id=goal.plan.client_id)
    return goal


@social_worker_only
@require_POST
def review_goal(request: StaffRequest, goal_id: int) -> HttpResponse:
    """Record the client's independence level for a goal today."""
    goal = _goal_of_caseload(request, goal_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            plan_services.review_goal(goal=goal, by=request.user, **form.cleaned_data)
        except DomainError as error:
            _error(request, error)
        else:
            messages.success(request, _("The review is recorded."))
    else:
        messages.error(request, _("Choose a level from 1 to 5."))
    return _back_to_client(goal.plan.client_id, f"goal-{goal.pk}")


@social_worker_only
@require_POST
def change_goal_status(request: StaffRequest, goal_id: int) -> HttpResponse:
    """Mark a goal achieved, paused, dropped or open again."""
    goal = _goal_of_caseload(request, goal_id)
    try:
        plan_services.change_goal_status(
            goal=goal, status=request.POST.get("status", ""), by=request.user
        )
    except DomainError as error:
        _error(request, error)
    return _back_to_client(goal.plan.client_id, f"goal-{goal.pk}")


@social_worker_only
@require_POST
def add_milestone(request: StaffRequest, goal_id: int) -> HttpResponse:
    """Add a step towards a goal; without a name, the social worker is responsible."""
    goal = _goal_of_caseload(request, goal_id)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        responsible_text = form.cleaned_data["responsible_text"]
        try:
            plan_services.add_milestone(
                goal=goal,
                title=form.cleaned_data["title"],
                due_date=form.cleaned_data["due_date"],
                responsible_user=None if responsible_text else request.user,
                responsible_text=responsible_text,
                by=request.user,
            )
        except DomainError as error:
            _error(request, error)
        else:
            messages.success(request, _("The step is added."))
    else:
        messages.error(request, _("A step needs a title and a due date."))
    return _back_to_client(goal.plan.client_id, f"goal-{goal.pk}")


@social_worker_only
@require_POST
def complete_milestone(request: StaffRequest, milestone_id: int) -> HttpResponse:
    """Mark a step done."""
    milestone = Milestone.objects.select_related("goal__plan").filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404()
    client_id = milestone.goal.plan.client_id
    visible_client(user=request.user, client_id=client_id)
    try:
        plan_services.complete_milestone(milestone=milestone, by=request.user)
    except DomainError as error:
        _error(request, error)
    return _back_to_client(client_id, f"goal-{milestone.goal_id}")


# Booking ----------------------------------------------------------------------------------


def _open_goals(client_id: int) -> Any:
    return (
        Goal.objects.filter(plan__client_id=client_id, status=Goal.Status.OPEN)
        .select_related("field_of_action")
        .order_by("field_of_action__position", "id")
    )


@social_worker_only
def book(request: StaffRequest, client_id: int) -> HttpResponse:
    """Book an appointment for a client, and ask for an interpreter or key person at once."""
    client = client_for(user=request.user, client_id=client_id, reason="booking")
    languages = _languages()
    goals = _open_goals(client.pk)
    if request.method == "POST":
        form = BookingForm(request.POST, languages=languages, goals=goals)
        if form.is_valid():
            data = form.cleaned_data
            try:
                appointment = appointment_services.book_appointment(
                    client=client,
                    by=request.user,
                    kind=data["kind"],
                    start=data["start"],
                    end=data["end"],
                    language=data["language"],
                    modality=data["modality"],
                    municipality=data["municipality"],
                    address=data["address"],
                    remote_link=data["remote_link"],
                    gender=data["gender"],
                    min_level=data["who"],
                    min_proficiency=data["min_proficiency"],
                    priority=data["priority"],
                    notes_for_interpreter=data["notes_for_interpreter"],
                    goal=data["goal"],
                    alternative_slots=data["alternative_slots"],
                    request=data["request_now"],
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("The appointment is booked."))
                return redirect("staff:appointment", appointment_id=appointment.pk)
    else:
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
    return render(request, "staff/book.html", {"client": client, "form": form})


def _status_context(request: StaffRequest, appointment: Appointment) -> dict[str, Any]:
    assignments: list[Assignment] = appointment.all_assignments  # type: ignore[attr-defined]
    booked = next(
        (a for a in assignments if a.state in (Assignment.State.ACCEPTED, Assignment.State.DONE)),
        None,
    )
    offered = [a for a in assignments if a.state == Assignment.State.OFFERED]
    proposal = booked or (offered[0] if offered else None)
    language = appointment.language.display_name()
    alternatives: list[dict[str, Any]] = []
    if proposal is not None:
        listed = proposal.score.get("alternatives", []) if proposal.score else []
        ids = []
        for alternative in listed:
            try:
                ids.append(int(alternative.get("interpreter_id", alternative.get("interpreter"))))
            except (TypeError, ValueError, AttributeError):
                continue
        names = interpreter_names(user=request.user, ids=ids)
        alternatives = [
            {"interpreter": names[pk], "data": alternative}
            for pk, alternative in zip(ids, listed, strict=False)
            if pk in names
        ]
    others = [a for a in assignments if a is not proposal]
    return {
        "appointment": appointment,
        "booked": booked,
        "offered": offered,
        "proposal": proposal,
        "why": score_sentences(proposal.score, language=language) if proposal else [],
        "alternatives": alternatives,
        "others": others,
        "unfilled_reason": (
            unfilled_sentence(
                appointment.unfilled_reason, appointment.unfilled_data, language=language
            )
            if appointment.status == Appointment.Status.UNFILLED
            else ""
        ),
        "polling": appointment.status in SEEKING,
        "poll_seconds": POLL_SECONDS,
    }


@caseworker_or_coordinator
@require_GET
def appointment(request: StaffRequest, appointment_id: int) -> HttpResponse:
    """An appointment and the live progress of its interpreter request."""
    appointment = appointment_page_for(user=request.user, appointment_id=appointment_id)
    context = _status_context(request, appointment)
    context["slots"] = list(appointment.alternative_slots.all())
    context["is_coordinator"] = request.staff.is_coordinator
    return render(request, "staff/appointment.html", context)


@caseworker_or_coordinator
@require_GET
def appointment_status(request: StaffRequest, appointment_id: int) -> HttpResponse:
    """The status box alone, polled by the appointment page while a request is open."""
    appointment = appointment_status_for(user=request.user, appointment_id=appointment_id)
    return render(request, "staff/_appointment_status.html", _status_context(request, appointment))


@caseworker_or_coordinator
@require_POST
def request_interpreter(request: StaffRequest, appointment_id: int) -> HttpResponse:
    """Ask for an interpreter for a draft or unfilled appointment."""
    appointment = appointment_for(user=request.user, appointment_id=appointment_id)
    try:
        appointment_services.request_interpreter(appointment=appointment, by=request.user)
    except DomainError as error:
        _error(request, error)
    else:
        messages.success(request, _("An interpreter is requested."))
    return redirect("staff:appointment", appointment_id=appointment_id)


@caseworker_or_coordinator
@require_POST
def cancel_appointment(request: StaffRequest, appointment_id: int) -> HttpResponse:
    """Cancel an appointment; its offers and booking are withdrawn."""
    appointment = appointment_for(user=request.user, appointment_id=appointment_id)
    try:
        appointment_services.cancel_appointment(
            appointment=appointment, by=request.user, reason=request.POST.get("reason", "")[:200]
        )
    except DomainError as error:
        _error(request, error)
    else:
        messages.success(request, _("The appointment is cancelled."))
    return redirect("staff:appointment", appointment_id=appointment_id)


@coordinator_only
@require_POST
def rematch(request: StaffRequest, appointment_id: int) -> HttpResponse:
    """Withdraw the open offers and look for someone again from scratch."""
    appointment = appointment_for(user=request.user, appointment_id=appointment_id)
    try:
        rematch_request(appointment=appointment, by=request.user)
    except DomainError as error:
        _error(request, error)
    else:
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
    try:
        lock_offer(assignment=offer, by=request.user)
    except DomainError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("The offer to {name} stays open until the appointment starts.").format(
                name=offer.interpreter
            ),
        )
    return redirect("staff:appointment", appointment_id=appointment_id)


# Referrals --------------------------------------------------------------------------------


@social_worker_only
@require_GET
def referrals(request: StaffRequest) -> HttpResponse:
    """Every referral of the caseload, by status."""
    status = request.GET.get("status") or None
    if status not in Referral.Status.values:
        status = None
    return render(
        request,
        "staff/referrals.html",
        {
            "referrals": referrals_for_social_worker(user=request.user, status=status),
            "status": status,
            "statuses": Referral.Status.choices,
        },
    )


@social_worker_only
@require_GET
def referral(request: StaffRequest, referral_id: int) -> HttpResponse:
    """One referral with its history and the partner's feedback."""
    item = referral_for(user=request.user, referral_id=referral_id)
    return render(request, "staff/referral.html", {"referral": item})


@social_worker_only
@require_POST
def drop_referral(request: StaffRequest, referral_id: int) -> HttpResponse:
    """Withdraw a referral before it is completed."""
    item = referral_for(user=request.user, referral_id=referral_id)
    try:
        referral_services.drop_referral(
            referral=item, by=request.user, reason=request.POST.get("reason", "")
        )
    except DomainError as error:
        _error(request, error)
    else:
        messages.success(request, _("The referral is withdrawn."))
    return redirect("staff:referral", referral_id=referral_id)


@social_worker_only
@require_GET
def find_offer(request: StaffRequest, client_id: int) -> HttpResponse:
    """Find an offer for a client by field of action, language, municipality and free places."""
    client = client_for(user=request.user, client_id=client_id, reason="find an offer")
    languages = _languages()
    form = OfferSearchForm(
        request.GET or None,
        fields_of_action=fields_of_action_for(organisation=client.organisation),
        languages=languages,
        initial={"free_places": True},
    )
    filters: dict[str, Any] = {"with_free_places": True}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        by_code = {language.code: language for language in languages}
        filters = {
            "field_of_action": data["field_of_action"],
            "language": by_code.get(data["language"]),
            "municipality": data["municipality"],
            "with_free_places": data["free_places"],
        }
    offers = list(offers_matching(user=request.user, **filters)[:60])
    return render(
        request, "staff/find_offer.html", {"client": client, "form": form, "offers": offers}
    )


@social_worker_only
def refer(request: StaffRequest, client_id: int, offer_id: int) -> HttpResponse:
    """Refer a client to one offer, under a consent to share with its association."""
    client = client_for(user=request.user, client_id=client_id, reason="referral")
    offer = offer_for(user=request.user, offer_id=offer_id)
    consents = [
        consent
        for consent in client.consents.all()
        if consent.is_active
        and consent.purpose == Consent.Purpose.SHARE_WITH_ASSOCIATION
        and consent.association_id == offer.association_id
    ]
    goals = list(_open_goals(client.pk))
    serving = next((g for g in goals if g.field_of_action_id == offer.field_of_action_id), None)
    form = ReferForm(
        request.POST or None,
        consents=consents,
        goals=_open_goals(client.pk),
        initial={"goal": serving.pk if serving else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["consent"] == "new":
                item = referral_services.refer_client_with_new_consent(
                    client=client,
                    offer=offer,
                    shared_details=data["shared_details"],
                    goal=data["goal"],
                    note=data["note"],
                    by=request.user,
                )
            else:
                item = referral_services.refer_client(
                    client=client,
                    offer=offer,
                    consent=next(c for c in consents if str(c.pk) == data["consent"]),
                    goal=data["goal"],
                    note=data["note"],
                    by=request.user,
                )
        except DomainError as error:
            form.add_error(None, str(error.message))
        except StopIteration:
            form.add_error("consent", _("Choose one of the consents shown."))
        else:
            messages.success(
                request,
                _("{client} is referred to {offer}.").format(
                    client=client.first_name, offer=offer.title
                ),
            )
            return redirect("staff:referral", referral_id=item.pk)
    return render(
        request,
        "staff/refer.html",
        {"client": client, "offer": offer, "form": form, "consents": consents},
    )


# Coordinator ------------------------------------------------------------------------------


@coordinator_only
@require_GET
def pool(request: StaffRequest) -> HttpResponse:
    """The interpreter pool: languages, weekly availability, this week's load, certification."""
    today = timezone.localdate()
    week_start = _week_start(today)
    start, end = _local_midnight(week_start), _local_midnight(week_start + dt.timedelta(days=7))
    interpreters = list(interpreter_pool_for(user=request.user))
    load = booked_minutes_by_interpreter(user=request.user, start=start, end=end)
    kind = request.GET.get("kind", "")
    language_filter = request.GET.get("language", "")
    rows = []
    # Translated once per page, not once per row and day.
    weekdays = [(value, str(label)) for value, label in WeeklyAvailability.Weekday.choices]
    modality_names: dict[str, str] = {
        Modality.ON_SITE: _("on site"),
        Modality.PHONE: _("phone"),
        Modality.VIDEO: _("video"),
    }
    expiring_before = today + dt.timedelta(days=CERTIFICATION_WARNING_DAYS)
    for interpreter in interpreters:
        if kind and interpreter.kind != kind:
            continue
        codes = {entry.language.code for entry in interpreter.languages.all()}
        if language_filter and language_filter not in codes:
            continue
        minutes = load.get(interpreter.pk, 0)
        limit = interpreter.weekly_minutes_limit
        available_minutes = sum(
            (
                dt.datetime.combine(today, slot.end_time)
                - dt.datetime.combine(today, slot.start_time)
            ).seconds
            // 60
            for slot in interpreter.weekly_availability.all()
        )
        absent = [
            absence
            for absence in interpreter.absences.all()
            if absence.end > start and absence.start < end
        ]
        expires = interpreter.certification_expires
        rows.append(
            {
                "interpreter": interpreter,
                "languages": _spoken(interpreter),
                "modalities": ", ".join(modality_names[m] for m in interpreter.modalities),
                "minutes": minutes,
                "limit": limit,
                "percent": min(100, round(100 * minutes / limit)) if limit else None,
                "available_hours": round(available_minutes / 60, 1),
                "days": _available_days(interpreter, weekdays),
                "absent": absent,
                "expired": expires is not None and expires < today,
                "expiring": expires is not None and today <= expires < expiring_before,
            }
        )
    languages = sorted(
        {s.language.code: s.language for i in interpreters for s in i.languages.all()}.values(),
        key=lambda language: language.display_name(),
    )
    return render(
        request,
        "staff/pool.html",
        {
            "rows": rows,
            "kinds": Interpreter.Kind.choices,
            "kind": kind,
            "languages": languages,
            "language": language_filter,
            "week_start": week_start,
        },
    )


def _available_days(interpreter: Interpreter, weekdays: list[tuple[int, str]]) -> SafeString:
    """The weekdays of the weekly pattern, one small box per day, named for screen readers.

    Built here rather than in the template: the pool shows seven boxes for every interpreter.
    """
    days = {slot.weekday for slot in interpreter.weekly_availability.all()}
    label = ", ".join(label for value, label in weekdays if value in days)
    boxes = format_html_join(
        "",
        '<span{} title="{}">{}</span>',
        (
            (mark_safe(' class="on"') if value in days else "", name, name[:2])
            for value, name in weekdays
        ),
    )
    return format_html(
        '<span class="days" role="img" aria-label="{}">{}</span>',
        label or _("no regular hours"),
        boxes,
    )


def _spoken(interpreter: Interpreter) -> SafeString:
    """The interpreter's languages, best first, each with its proficiency."""
    spoken = sorted(interpreter.languages.all(), key=lambda s: (-s.proficiency, s.language.code))
    return format_html_join(
        ", ",
        '{} <span class="muted">{}</span>',
        ((entry.language.display_name(), entry.proficiency) for entry in spoken),
    )


@coordinator_only
@require_GET
def calendar(request: StaffRequest) -> HttpResponse:
    """A week of assignments: one row per interpreter, one column per day."""
    try:
        week_start = _week_start(dt.date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        week_start = _week_start(timezone.localdate())
    days = [week_start + dt.timedelta(days=offset) for offset in range(7)]
    assignments = assignments_between(
        user=request.user,
        start=_local_midnight(week_start),
        end=_local_midnight(week_start + dt.timedelta(days=7)),
    )
    rows: dict[int, dict[str, Any]] = {}
    for assignment in assignments:
        row = rows.setdefault(
            assignment.interpreter_id,
            {"interpreter": assignment.interpreter, "days": [[] for _day in days], "minutes": 0},
        )
        day_index = (timezone.localdate(assignment.appointment.start) - week_start).days
        row["days"][day_index].append(assignment)
        if assignment.state != Assignment.State.OFFERED:
            row["minutes"] += assignment.appointment.duration_minutes
    counts = Counter(assignment.state for assignment in assignments)
    return render(
        request,
        "staff/calendar.html",
        {
            "days": days,
            "rows": list(rows.values()),
            "week_start": week_start,
            "previous_week": week_start - dt.timedelta(days=7),
            "next_week": week_start + dt.timedelta(days=7),
            "this_week": _week_start(timezone.localdate()),
            "today": timezone.localdate(),
            "booked_count": counts[Assignment.State.ACCEPTED] + counts[Assignment.State.DONE],
            "offered_count": counts[Assignment.State.OFFERED],
        },
    )


def _run_context(run: MatchingRun) -> dict[str, Any]:
    requests = list(run.requests.all())
    for request in requests:
        request.sentence = (  # type: ignore[attr-defined]
            unfilled_sentence(
                request.reason_code,
                request.reason_data,
                language=request.appointment.language.code,
            )
            if request.outcome == "unassigned"
            else ""
        )
    reasons = Counter(
        request.reason_code for request in requests if request.outcome == "unassigned"
    )
    unfilled_by_reason = [
        {"code": code, "count": count, "sentence": reason_summary(code)}
        for code, count in reasons.most_common()
    ]
    # Solving happens part by part; the requests are decided together when the last part ends.
    parts_total, parts_done = run.parts_total, run.parts_done
    if run.status in (MatchingRun.Status.DONE, MatchingRun.Status.FAILED):
        percent = 100
    elif run.status == MatchingRun.Status.RUNNING:
        percent = max(5, round(95 * parts_done / parts_total)) if parts_total else 5
    else:
        percent = 0
    return {
        "run": run,
        "requests": requests,
        "unfilled_by_reason": unfilled_by_reason,
        "percent": percent,
        "parts_total": parts_total,
        "parts_done": parts_done,
        "polling": run.status in (MatchingRun.Status.QUEUED, MatchingRun.Status.RUNNING),
        "poll_seconds": POLL_SECONDS,
    }


@coordinator_only
def matching(request: StaffRequest) -> HttpResponse:
    """Matching runs: start one over the open requests of the coming two weeks, see the latest."""
    if request.method == "POST":
        organisation = request.staff.organisation
        if organisation is None:  # a coordinator always has one; refuse rather than guess
            raise Http404()
        try:
            run = request_matching_run(organisation=organisation, by=request.user)
        except DomainError as error:
            _error(request, error)
        else:
            messages.success(request, _("The matching run is queued."))
            return redirect("staff:matching_run", run_id=run.pk)
    return render(
        request,
        "staff/matching.html",
        {
            "runs": matching_runs_for(user=request.user),
            "open_count": len(
                organisation_requests(user=request.user, statuses=(Appointment.Status.REQUESTED,))
            ),
        },
    )


@coordinator_only
@require_GET
def matching_run(request: StaffRequest, run_id: int) -> HttpResponse:
    """One matching run: progress while it runs, then its result and figures."""
    run = matching_run_for(user=request.user, run_id=run_id)
    return render(request, "staff/matching_run.html", _run_context(run))


@coordinator_only
@require_GET
def matching_run_progress(request: StaffRequest, run_id: int) -> HttpResponse:
    """The run's progress and result alone, polled while the run is queued or running."""
    run = matching_run_for(user=request.user, run_id=run_id)
    return render(request, "staff/_run_progress.html", _run_context(run))


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
            if error.code == "needs_confirmation":
                broken = override_warnings(appointment=appointment, interpreter=chosen.interpreter)
            else:
                form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("The appointment is offered to {name}.").format(name=chosen.interpreter),
            )
            return redirect("staff:appointment", appointment_id=appointment.pk)
    rows = [
        {
            "candidate": candidate,
            "hints": [warning_sentence(code, data) for code, data in candidate.warnings],
        }
        for candidate in candidates
    ]
    return render(
        request,
        "staff/override.html",
        {
            "appointment": appointment,
            "rows": rows,
            "form": form,
            "chosen": chosen,
            "broken": broken,
        },
    )
