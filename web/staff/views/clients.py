"""Client pages: the caseload, one client, the client's details, consents, languages and
household."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lisko.access import organisations_where, roles
from lisko.appointments.selectors import appointments_of_client
from lisko.associations.selectors import associations_of_organisation_for
from lisko.clients import services as client_services
from lisko.clients.models import Client
from lisko.clients.selectors import (
    caseload_for,
    client_for,
    client_language_of_visible_client,
    consent_of_visible_client,
    household_member_of_visible_client,
    visible_client,
)
from lisko.core.errors import DomainError, NotFound
from lisko.languages.selectors import all_languages
from lisko.organisations.selectors import fields_of_action_for
from lisko.places.countries import country_name
from lisko.plans.models import EmpowermentPlan, Milestone
from lisko.plans.selectors import plan_for
from lisko.referrals.selectors import referrals_for_social_worker
from web.staff.access import StaffRequest, social_worker_only
from web.staff.charts import independence_chart
from web.staff.forms import (
    PROFICIENCY_LEVELS,
    ClientForm,
    ClientLanguageForm,
    ConsentForm,
    GoalForm,
    HouseholdMemberForm,
    NewClientForm,
    ProficiencyForm,
)
from web.staff.presenters import goals_by_field
from web.staff.views.common import attempt, back_to_client, refused


@social_worker_only
@require_GET
def clients(request: StaffRequest) -> HttpResponse:
    """The caseload, searchable by name or reference."""
    query = request.GET.get("q", "").strip()
    # The selector filters in the database, so its audit event names only the clients shown.
    caseload = caseload_for(user=request.user, query=query)
    return render(request, "staff/clients.html", {"clients": caseload, "query": query})


# The forms of the client page, each with the ids its labels and its anchor use: a form that
# failed is bound again with the same ids, so its errors sit next to its fields.
def goal_form(client: Client, data: Any = None) -> GoalForm:
    return GoalForm(
        data,
        fields_of_action=fields_of_action_for(organisation=client.organisation),
        auto_id="goal_%s",
    )


def consent_form(request: StaffRequest, client: Client, data: Any = None) -> ConsentForm:
    return ConsentForm(
        data,
        # The choices show names only: the partners the selector prefetches are not needed.
        associations=associations_of_organisation_for(
            user=request.user, organisation_id=client.organisation_id, names_only=True
        ),
        auto_id="consent_%s",
    )


def language_form(client: Client, data: Any = None) -> ClientLanguageForm:
    spoken = {entry.language_id for entry in client.languages.all()}
    return ClientLanguageForm(
        data,
        languages=[language for language in all_languages() if language.pk not in spoken],
        auto_id="language_%s",
    )


def household_form(data: Any = None) -> HouseholdMemberForm:
    return HouseholdMemberForm(data, auto_id="member_%s")


def _client_page_context(
    request: StaffRequest,
    client_id: int,
    *,
    forms: dict[str, Any] | None = None,
    goal_forms: dict[int, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    client = client_for(user=request.user, client_id=client_id)
    try:
        plan: EmpowermentPlan | None = plan_for(user=request.user, client_id=client_id)
    except NotFound:
        plan = None
    goals = list(plan.goals.all()) if plan is not None else []
    appointments = appointments_of_client(user=request.user, client_id=client_id)
    referrals = referrals_for_social_worker(user=request.user, client_id=client_id)
    today = timezone.localdate()
    consents = list(client.consents.all())
    fields = goals_by_field(goals, appointments, referrals)
    for goal in goals:
        # A review or step that failed for this goal, shown again with its errors.
        for kind, form in (goal_forms or {}).get(goal.pk, {}).items():
            setattr(goal, f"retry_{kind}", form)
    forms = forms or {}
    return {
        "client": client,
        "country_of_origin": country_name(client.country_of_origin)
        if client.country_of_origin
        else "",
        "plan": plan,
        "fields": fields,
        "chart": independence_chart(goals, today=today),
        "appointments": appointments,
        "upcoming": [a for a in appointments if a.end >= timezone.now()][::-1],
        "past": [a for a in appointments if a.end < timezone.now()],
        "referrals": referrals,
        "active_consents": [c for c in consents if c.is_active],
        "withdrawn_consents": [c for c in consents if not c.is_active],
        "goal_form": forms.get("goal") or goal_form(client),
        "consent_form": forms.get("consent") or consent_form(request, client),
        "language_form": forms.get("language") or language_form(client),
        "household_form": forms.get("household") or household_form(),
        "proficiency_levels": PROFICIENCY_LEVELS,
        "today": today,
        "Milestone": Milestone,
    }


def client_page_again(
    request: StaffRequest,
    client_id: int,
    *,
    forms: dict[str, Any] | None = None,
    goal_forms: dict[int, dict[str, Any]] | None = None,
) -> HttpResponse:
    """The client page with a form that was refused, its errors beside its fields and the text
    as typed; the form's action carries its anchor, so the browser scrolls to it (no script)."""
    context = _client_page_context(request, client_id, forms=forms, goal_forms=goal_forms)
    return render(request, "staff/client.html", context, status=400)


@social_worker_only
@require_GET
def client(request: StaffRequest, client_id: int) -> HttpResponse:
    """One client: profile, consents, the plan with its chart, appointments and referrals."""
    return render(request, "staff/client.html", _client_page_context(request, client_id))


@social_worker_only
def new_client(request: StaffRequest) -> HttpResponse:
    """Open a case for a new client, on the social worker's own caseload."""
    organisations = list(organisations_where(request.user, roles.CASEWORK))
    form = NewClientForm(
        request.POST or None, languages=all_languages(), organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = client_services.create_client(
                organisation=form.chosen_organisation(), by=request.user, **form.details()
            )
        except DomainError as error:
            refused(form, error)
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
        request.POST or None, languages=all_languages(), initial=ClientForm.initial_of(client)
    )
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():
            messages.info(request, _("Nothing was changed."))
            return back_to_client(client_id)
        details = form.details(form.changed_data)
        if attempt(
            form,
            lambda: client_services.update_client(client=client, by=request.user, **details),
        ):
            messages.success(request, _("The client's details are saved."))
            return back_to_client(client_id)
    return render(request, "staff/client_form.html", {"form": form, "client": client})


# Consents ---------------------------------------------------------------------------------


@social_worker_only
@require_POST
def give_consent(request: StaffRequest, client_id: int) -> HttpResponse:
    """Record a consent the client gives."""
    client = visible_client(user=request.user, client_id=client_id)
    form = consent_form(request, client, request.POST)
    if not form.is_valid():
        return client_page_again(request, client_id, forms={"consent": form})
    if not attempt(
        form,
        lambda: client_services.give_consent(
            client=client,
            purpose=form.cleaned_data["purpose"],
            association=form.cleaned_data["association"],
            shared_details=form.cleaned_data["shared_details"],
            by=request.user,
        ),
    ):
        return client_page_again(request, client_id, forms={"consent": form})
    messages.success(request, _("The consent is recorded."))
    return back_to_client(client_id, "consents")


@social_worker_only
@require_POST
def withdraw_consent(request: StaffRequest, client_id: int, consent_id: int) -> HttpResponse:
    """Record that the client withdrew a consent."""
    consent = consent_of_visible_client(
        user=request.user, client_id=client_id, consent_id=consent_id
    )
    if attempt(request, lambda: client_services.withdraw_consent(consent=consent, by=request.user)):
        messages.success(request, _("The consent is withdrawn; nothing more is shared under it."))
    return back_to_client(client_id, "consents")


# Languages --------------------------------------------------------------------------------


@social_worker_only
@require_POST
def add_client_language(request: StaffRequest, client_id: int) -> HttpResponse:
    """Record a language the client speaks, with a proficiency."""
    client = visible_client(user=request.user, client_id=client_id)
    # Validated against every language: one already spoken is refused by the service, in words.
    form = ClientLanguageForm(request.POST, languages=all_languages(), auto_id="language_%s")
    if not form.is_valid() or not attempt(
        form,
        lambda: client_services.add_client_language(
            client=client,
            language=form.cleaned_data["language"],
            proficiency=form.cleaned_data["proficiency"],
            by=request.user,
        ),
    ):
        return client_page_again(request, client_id, forms={"language": form})
    messages.success(
        request,
        _("{language} is added to the client's languages.").format(
            language=form.cleaned_data["language"].display_name()
        ),
    )
    return back_to_client(client_id, "languages")


@social_worker_only
@require_POST
def change_client_language(
    request: StaffRequest, client_id: int, client_language_id: int
) -> HttpResponse:
    """Change how well the client speaks one of their languages."""
    entry = client_language_of_visible_client(
        user=request.user, client_id=client_id, client_language_id=client_language_id
    )
    form = ProficiencyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a proficiency from 1 to 5."))
    elif attempt(
        request,
        lambda: client_services.change_client_language(
            client_language=entry, proficiency=form.cleaned_data["proficiency"], by=request.user
        ),
    ):
        messages.success(
            request,
            _("The proficiency in {language} is now {level} of 5.").format(
                language=entry.language.display_name(), level=entry.proficiency
            ),
        )
    return back_to_client(client_id)


@social_worker_only
@require_POST
def remove_client_language(
    request: StaffRequest, client_id: int, client_language_id: int
) -> HttpResponse:
    """Remove one of the client's languages."""
    entry = client_language_of_visible_client(
        user=request.user, client_id=client_id, client_language_id=client_language_id
    )
    if attempt(
        request,
        lambda: client_services.remove_client_language(client_language=entry, by=request.user),
    ):
        messages.success(
            request,
            _("{language} is removed from the client's languages.").format(
                language=entry.language.display_name()
            ),
        )
    return back_to_client(client_id)


# Household --------------------------------------------------------------------------------


@social_worker_only
@require_POST
def add_household_member(request: StaffRequest, client_id: int) -> HttpResponse:
    """Record someone who lives with the client."""
    client = visible_client(user=request.user, client_id=client_id)
    form = household_form(request.POST)
    if not form.is_valid():
        return client_page_again(request, client_id, forms={"household": form})
    try:
        member = client_services.add_household_member(
            client=client, by=request.user, **form.cleaned_data
        )
    except DomainError as error:
        refused(form, error)
        return client_page_again(request, client_id, forms={"household": form})
    messages.success(request, _("{name} is added to the household.").format(name=member.first_name))
    return back_to_client(client_id, "household")


@social_worker_only
@require_POST
def remove_household_member(request: StaffRequest, client_id: int, member_id: int) -> HttpResponse:
    """Remove someone from the client's household."""
    member = household_member_of_visible_client(
        user=request.user, client_id=client_id, member_id=member_id
    )
    if attempt(
        request, lambda: client_services.remove_household_member(member=member, by=request.user)
    ):
        messages.success(
            request, _("{name} is removed from the household.").format(name=member.first_name)
        )
    return back_to_client(client_id)
