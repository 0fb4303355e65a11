"""The network pages: the list of networks (a keeper's, by municipality), starting one, a
network's page (members, trainings, outreach with its counts per month, languages covered
against the newcomers'), the forms that change it, and a funding region's networks in counts
for its planners.

Officers, pool keepers and planners open them; anyone else, and anyone asking for a network
not theirs, gets the same 404 as for one that does not exist. A planner reads counts only: the
same network page without a name of a member. A refused change shows its translated reason on
the page again (400) and saves nothing. Views parse, call one selector or service, and render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render as django_render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lisko.access import access_of, roles
from lisko.accounts.models import User
from lisko.core.errors import DomainError, NotFound
from lisko.interpreters.models import Interpreter
from lisko.networks import selectors, services
from lisko.networks.models import NetworkMember
from lisko.places.models import Region
from lisko.programmes.models import FundingApplication
from web.doors import door, holding
from web.networks import presenters
from web.networks.forms import (
    CoordinatorForm,
    FundingForm,
    LeavingForm,
    MemberForm,
    NetworkForm,
    OutreachForm,
    TrainingForm,
)
from web.staff.forms import StaffForm

NETWORK_ROLES = roles.KEY_PERSON_NETWORK_KEEPING | roles.PROGRAMME_FUNDING


class NetworkRequest(HttpRequest):
    user: User  # type: ignore[assignment]


# Officers, pool keepers and planners; everyone else gets a 404.
network_pages = door(holding(NETWORK_ROLES))


PROGRAMME_ROLES = roles.MUNICIPAL_PROGRAMMES | roles.PROGRAMME_FUNDING


def render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render with what the navigation needs: whether the programme pages open."""
    sees_programmes = access_of(request.user).holds(PROGRAMME_ROLES)
    return django_render(
        request, template, {**context, "sees_programmes": sees_programmes}, status=status
    )


def _refused(form: forms.BaseForm, error: DomainError) -> None:
    fields = form.error_fields if isinstance(form, StaffForm) else {}
    field = fields.get(error.code)
    form.add_error(field if field in form.fields else None, str(error.message))


def _person(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _picked(choices: list[Any], pk: int | None) -> Any:
    """The object of `choices` with this id; NotFound for an id the reader could not pick."""
    if pk is None:
        return None
    found = next((choice for choice in choices if choice.pk == pk), None)
    if found is None:
        raise NotFound()
    return found


# -- the list and a new network ----------------------------------------------------------------


@network_pages
@require_GET
def index(request: NetworkRequest) -> HttpResponse:
    """The networks the person keeps, by municipality; a planner's funding regions."""
    from lisko.programmes.selectors import funding_regions_for

    today = timezone.localdate()
    kept = list(
        selectors.kept_networks_for(user=request.user).order_by("municipality__name", "name")
    )
    rows = [presenters.summary_row(s) for s in selectors.summaries(networks=kept, today=today)]
    return render(
        request,
        "networks/index.html",
        {
            "rows": rows,
            "may_start": selectors.start_choices(user=request.user).any,
            "regions": funding_regions_for(user=request.user),
        },
    )


def _network_form(choices: selectors.StartChoices, data: Any = None) -> NetworkForm:
    return NetworkForm(
        data,
        municipalities=[(m.pk, m.name) for m in choices.municipalities],
        organisations=[(o.pk, o.name) for o in choices.organisations],
        coordinators=[(u.pk, _person(u)) for u in choices.coordinators],
        initial={"started_on": timezone.localdate()},
    )


@network_pages
@require_http_methods(["GET", "POST"])
def new_network(request: NetworkRequest) -> HttpResponse:
    choices = selectors.start_choices(user=request.user)
    if not choices.any:
        raise Http404()
    form = _network_form(choices, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                network = services.start_network(
                    municipality=_picked(choices.municipalities, data["municipality"]),
                    organisation=_picked(choices.organisations, data["organisation"]),
                    name=data["name"],
                    started_on=data["started_on"],
                    coordinator=_picked(choices.coordinators, data.get("coordinator")),
                    coordinating_office=data["coordinating_office"],
                    by=request.user,
                )
            except DomainError as error:
                if isinstance(error, NotFound):
                    raise
                _refused(form, error)
            else:
                messages.success(request, _("The network is started."))
                return redirect(presenters.network_url(network))
        status = 400
    return render(request, "networks/new.html", {"form": form}, status=status)


# -- a network ---------------------------------------------------------------------------------


def _forms(page: selectors.NetworkPage, data: Any = None, only: str = "") -> dict[str, Any]:
    """The forms of the network page; `only` is bound to `data` (the one posted)."""

    def bound(name: str) -> Any:
        return data if name == only else None

    today = timezone.localdate()
    active = [member for member in page.members if member.left_on is None]
    everyone = [(m.pk, str(m.key_person)) for m in page.members]
    languages = selectors.language_choices()
    return {
        "member_form": MemberForm(
            bound("member"),
            candidates=[(p.pk, str(p)) for p in page.candidates],
            initial={"joined_on": today},
        ),
        "leaving_form": LeavingForm(bound("leaving"), initial={"left_on": today}),
        "training_form": TrainingForm(
            bound("training"),
            members=[(m.pk, str(m.key_person)) for m in active],
            initial={"held_on": today},
        ),
        "outreach_form": OutreachForm(
            bound("outreach"), languages=languages, initial={"held_on": today}
        ),
        # One form per entry, to correct it; a former member may have attended back then.
        "training_corrections": [
            (
                training,
                TrainingForm(
                    bound(f"training-{training.pk}"),
                    prefix=f"training-{training.pk}",
                    members=everyone,
                    initial={
                        "title": training.title,
                        "held_on": training.held_on,
                        "hours": training.hours,
                        "attendees": [member.pk for member in training.attendees.all()],
                    },
                ),
            )
            for training in page.trainings
        ],
        "outreach_corrections": [
            (
                entry,
                OutreachForm(
                    bound(f"outreach-{entry.pk}"),
                    prefix=f"outreach-{entry.pk}",
                    languages=languages,
                    initial={
                        "kind": entry.kind,
                        "held_on": entry.held_on,
                        "people_reached": entry.people_reached,
                        "languages": [language.code for language in entry.languages.all()],
                        "note": entry.note,
                    },
                ),
            )
            for entry in page.outreach
        ],
        "funding_form": FundingForm(
            bound("funding"),
            applications=[(a.pk, f"{a.title} ({a.year})") for a in page.funding_choices],
            initial={"application": page.network.funding_application_id},
        ),
        "coordinator_form": CoordinatorForm(
            bound("coordinator"),
            coordinators=[(u.pk, _person(u)) for u in page.coordinators],
            initial={
                "coordinator": page.network.coordinator_id,
                "coordinating_office": page.network.coordinating_office,
            },
        ),
    }


def _render(
    request: NetworkRequest,
    page: selectors.NetworkPage,
    page_forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    network = page.network
    return render(
        request,
        "networks/network.html",
        {
            "page": page,
            "network": network,
            "coordinator": presenters.coordinator_of(network, keeper=page.keeper),
            "summary": presenters.summary_row(page.summary),
            "months": presenters.month_rows(page.months),
            "coverage": presenters.coverage(page.coverage),
            **(page_forms or (_forms(page) if page.keeper else {})),
        },
        status=status,
    )


@network_pages
@require_GET
def network(request: NetworkRequest, network_id: int) -> HttpResponse:
    page = selectors.network_page(
        user=request.user, network_id=network_id, today=timezone.localdate()
    )
    return _render(request, page)


def _change(
    request: NetworkRequest,
    network_id: int,
    form_name: str,
    act: Callable[[selectors.NetworkPage, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Parse the posted form `form_name`, call `act` with the page and its cleaned data; a
    refusal shows the page again with the reason (400). Planners get 404."""
    page = selectors.network_page(
        user=request.user, network_id=network_id, today=timezone.localdate()
    )
    if not page.keeper:
        raise Http404()
    page_forms = _forms(page, request.POST, only=form_name)
    form = _posted(page_forms, form_name)
    if form.is_valid():
        try:
            act(page, form.cleaned_data)
        except DomainError as error:
            if isinstance(error, NotFound):
                raise
            _refused(form, error)
        else:
            messages.success(request, done)
            return redirect(presenters.network_url(page.network))
    return _render(request, page, page_forms, status=400)


def _posted(page_forms: dict[str, Any], form_name: str) -> forms.BaseForm:
    """The form called `form_name`: one of the page's own, or the correction of one entry."""
    if f"{form_name}_form" in page_forms:
        form: forms.BaseForm = page_forms[f"{form_name}_form"]
        return form
    for _entry, correction in (
        *page_forms["training_corrections"],
        *page_forms["outreach_corrections"],
    ):
        if correction.prefix == form_name:
            return correction
    # An entry the page does not show (another network's, or one removed meanwhile).
    raise NotFound()


def _remove(
    request: NetworkRequest,
    network_id: int,
    act: Callable[[selectors.NetworkPage], object],
    done: str,
) -> HttpResponse:
    """Call `act` with the page of a network the person keeps; planners get 404."""
    page = selectors.network_page(
        user=request.user, network_id=network_id, today=timezone.localdate()
    )
    if not page.keeper:
        raise Http404()
    try:
        act(page)
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        messages.error(request, str(error.message))
    else:
        messages.success(request, done)
    return redirect(presenters.network_url(page.network))


@network_pages
@require_POST
def add_member(request: NetworkRequest, network_id: int) -> HttpResponse:
    def act(page: selectors.NetworkPage, data: dict[str, Any]) -> object:
        key_person: Interpreter = _picked(page.candidates, data["key_person"])
        return services.add_member(
            network=page.network,
            key_person=key_person,
            joined_on=data["joined_on"],
            by=request.user,
        )

    return _change(request, network_id, "member", act, _("The key person is a member now."))


@network_pages
@require_POST
def record_leaving(request: NetworkRequest, network_id: int, member_id: int) -> HttpResponse:
    def act(page: selectors.NetworkPage, data: dict[str, Any]) -> object:
        member: NetworkMember = _picked(page.members, member_id)
        return services.record_leaving(member=member, left_on=data["left_on"], by=request.user)

    return _change(request, network_id, "leaving", act, _("The leaving is recorded."))


@network_pages
@require_POST
def record_training(request: NetworkRequest, network_id: int) -> HttpResponse:
    def act(page: selectors.NetworkPage, data: dict[str, Any]) -> object:
        return services.record_training(
            network=page.network,
            title=data["title"],
            held_on=data["held_on"],
            hours=data["hours"],
            attendees=[_picked(page.members, pk) for pk in data["attendees"]],
            by=request.user,
        )

    return _change(request, network_id, "training", act, _("The training is recorded."))


@network_pages
@require_POST
def correct_training(request: NetworkRequest, network_id: int, training_id: int) -> HttpResponse:
    def act(page: selectors.NetworkPage, data: dict[str, Any]) -> object:
        return services.correct_training(
            training=selectors.training_of(network=page.network, training_id=training_id),
            title=data["title"],
            held_on=data["held_on"],
            hours=data["hours"],
            attendees=[_picked(page.members, pk) for pk in data["attendees"]],
            by=request.user,
        )

    return _change(
        request, network_id, f"training-{training_id}", act, _("The training is corrected.")
    )


@network_pages
@require_POST
def remove_training(request: NetworkRequest, network_id: int, training_id: int) -> HttpResponse:
    def act(page: selectors.NetworkPage) -> object:
        return services.remove_training(
            training=selectors.training_of(network=page.network, training_id=training_id),
            by=request.user,
        )

    return _remove(request, network_id, act, _("The training is removed."))


@network_pages
@require_POST
def log_outreach(request: NetworkRequest, network_id: int) -> HttpResponse:
    def act(page: selectors.NetworkPage, data: dict[str, Any]) -> object:
        return services.log_outreach(network=page.network, by=request.user, **data)

    return _change(request, network_id, "outreach", act, _("The outreach is logged."))


@network_pages
@require_POST
def correct_outreach(request: NetworkRequest, network_id: int, outreach_id: int) -> HttpResponse:
    def act(page: selectors.NetworkPage, data: dict[str, Any]) -> object:
        return services.correct_outreach(
            outreach=selectors.outreach_of(network=page.network, outreach_id=outreach_id),
            by=request.user,
            **data,
        )

    return _change(
        request, network_id, f"outreach-{outreach_id}", act, _("The outreach entry is corrected.")
    )


@network_pages
@require_POST
def remove_outreach(request: NetworkRequest, network_id: int, outreach_id: int) -> HttpResponse:
    def act(page: selectors.NetworkPage) -> object:
        return services.remove_outreach(
            outreach=selectors.outreach_of(network=page.network, outreach_id=outreach_id),
            by=request.user,
        )

    return _remove(request, network_id, act, _("The outreach entry is removed."))


@network_pages
@require_POST
def link_funding(request: NetworkRequest, network_id: int) -> HttpResponse:
    def act(page: selectors.NetworkPage, data: dict[str, Any]) -> object:
        application: FundingApplication | None = _picked(page.funding_choices, data["application"])
        return services.link_funding(network=page.network, application=application, by=request.user)

    return _change(request, network_id, "funding", act, _("The funding is recorded."))


@network_pages
@require_POST
def set_coordinator(request: NetworkRequest, network_id: int) -> HttpResponse:
    def act(page: selectors.NetworkPage, data: dict[str, Any]) -> object:
        return services.set_coordinator(
            network=page.network,
            coordinator=_picked(page.coordinators, data.get("coordinator")),
            coordinating_office=data["coordinating_office"],
            by=request.user,
        )

    return _change(request, network_id, "coordinator", act, _("The coordinator is named."))


# -- a funding region's networks, in counts ----------------------------------------------------


@network_pages
@require_GET
def region(request: NetworkRequest, region_id: int) -> HttpResponse:
    """The networks of a funding region's municipalities, for its planners: counts only."""
    found = Region.objects.filter(pk=region_id).first()
    if found is None:
        raise Http404()
    today = timezone.localdate()
    networks = selectors.region_networks(user=request.user, region=found)
    return render(
        request,
        "networks/region.html",
        {
            "region": found,
            "rows": [
                presenters.summary_row(s)
                for s in selectors.summaries(networks=networks, today=today)
            ],
            "months": presenters.month_rows(
                selectors.outreach_by_month(networks=networks, today=today)
            ),
        },
    )
