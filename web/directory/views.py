"""The directory pages of the desk: the organisation's associations (with their active offers
and free places), adding one, an association's page (details, offers, partner users), adding
and changing an offer, and linking or unlinking partner users.

Staff who may read the directory (roles.DIRECTORY) open them; those who may keep it
(roles.DIRECTORY_KEEPING) also see the forms. Anyone else (a partner, an interpreter, a
planner) and anyone asking for an association or offer not theirs gets the same 404 as for
one that does not exist; a reader who may not keep the directory gets a 403 for a change. A
refused change shows its translated reason on the page again (400) and saves nothing. Views
parse, call one selector or service, and render.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lisko.access import organisations_where, require_role, roles
from lisko.associations import selectors, services
from lisko.associations.models import Association
from lisko.core.errors import DomainError, NotFound
from lisko.languages.selectors import all_languages
from lisko.organisations.models import Role
from lisko.organisations.selectors import fields_of_action_for
from web.directory import presenters
from web.directory.forms import AssociationForm, OfferForm, PartnerForm
from web.doors import door, holding
from web.staff.access import StaffRequest
from web.staff.views.common import refused

KEEPING_REFUSAL = gettext_lazy(
    "Only social workers and administrators manage associations and offers."
)


def _keeping_refused(request: HttpRequest, error: DomainError) -> HttpResponse | None:
    """A change refused for the role (a reader who may not keep the directory): 403 with the
    page that says who may."""
    if error.code not in ("permission_denied", "forbidden"):
        return None
    return render(
        request,
        "web/no_role.html",
        {
            "page_purpose": str(error.message),
            "allowed_roles": [Role(role).label for role in Role if role in roles.DIRECTORY_KEEPING],
        },
        status=403,
    )


# Those who read the directory; everyone else gets a 404.
directory_pages = door(holding(roles.DIRECTORY), refused=_keeping_refused)


def _require_keeper(request: StaffRequest, association: Association | None = None) -> None:
    """Refuse a change unless the person keeps the directory of the association's organisation
    (of any organisation, for a new association): before a form is read."""
    if association is None:
        if not request.staff.access.holds(roles.DIRECTORY_KEEPING):
            raise DomainError(KEEPING_REFUSAL, code="permission_denied")
        return
    require_role(
        by=request.user,
        roles=roles.DIRECTORY_KEEPING,
        organisation_id=association.organisation_id,
        refusal=KEEPING_REFUSAL,
    )


def _keeps(request: StaffRequest, association: Association) -> bool:
    return request.staff.access.holds(roles.DIRECTORY_KEEPING, association.organisation_id)


# -- the directory -----------------------------------------------------------------------------


def _index_page(
    request: StaffRequest, form: AssociationForm | None = None, status: int = 200
) -> HttpResponse:
    kept = list(organisations_where(request.user, roles.DIRECTORY_KEEPING))
    associations = list(selectors.directory_for(user=request.user))
    return render(
        request,
        "directory/index.html",
        {
            "rows": presenters.sorted_rows(associations),
            "several_organisations": len({a.organisation_id for a in associations}) > 1,
            "form": (form or AssociationForm(organisations=kept)) if kept else None,
        },
        status=status,
    )


@directory_pages
@require_GET
def index(request: StaffRequest) -> HttpResponse:
    """The associations of the person's organisations, with active offers and free places."""
    return _index_page(request)


@directory_pages
@require_POST
def new_association(request: StaffRequest) -> HttpResponse:
    """Add an association to the directory of an organisation the person keeps it for."""
    _require_keeper(request)
    kept = list(organisations_where(request.user, roles.DIRECTORY_KEEPING))
    form = AssociationForm(request.POST, organisations=kept)
    if form.is_valid():
        try:
            association = services.create_association(
                organisation=form.cleaned_data["organisation"], by=request.user, **form.details()
            )
        except NotFound:
            raise
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The association is added."))
            return redirect(presenters.association_url(association))
    return _index_page(request, form=form, status=400)


# -- an association ----------------------------------------------------------------------------


def _association_page(
    request: StaffRequest,
    association_id: int,
    *,
    details_form: AssociationForm | None = None,
    partner_form: PartnerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    association = selectors.directory_association_for(
        user=request.user, association_id=association_id
    )
    keeps = _keeps(request, association)
    context: dict[str, Any] = {
        "association": association,
        "offers": [presenters.offer_line(o) for o in association.offers_with_places_list],  # type: ignore[attr-defined]
        "partners": presenters.partner_names(association),
        "keeps": keeps,
    }
    if keeps:
        context["details_form"] = details_form or AssociationForm(
            initial=AssociationForm.initial_of(association)
        )
        context["partner_form"] = partner_form or _partner_form(association)
    return render(request, "directory/association.html", context, status=status)


def _partner_form(association: Association, data: Any = None) -> PartnerForm:
    return PartnerForm(
        data,
        people=selectors.people_of_organisation(organisation_id=association.organisation_id),
        candidates=list(selectors.partner_candidates(association=association)),
    )


@directory_pages
@require_GET
def association(request: StaffRequest, association_id: int) -> HttpResponse:
    """An association: its details, its offers with their places, its partner users."""
    return _association_page(request, association_id)


@directory_pages
@require_POST
def edit_association(request: StaffRequest, association_id: int) -> HttpResponse:
    """Change an association's details."""
    found = selectors.directory_association_for(user=request.user, association_id=association_id)
    _require_keeper(request, found)
    form = AssociationForm(request.POST)
    if form.is_valid():
        try:
            services.update_association(association=found, by=request.user, **form.details())
        except NotFound:
            raise
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The association's details are saved."))
            return redirect(presenters.association_url(found))
    return _association_page(request, association_id, details_form=form, status=400)


@directory_pages
@require_POST
def add_partner(request: StaffRequest, association_id: int) -> HttpResponse:
    """Let an association partner of the organisation see this association's referrals."""
    found = selectors.directory_association_for(user=request.user, association_id=association_id)
    _require_keeper(request, found)
    form = _partner_form(found, request.POST)
    if form.is_valid():
        try:
            services.add_partner(association=found, user=form.cleaned_data["user"], by=request.user)
        except NotFound:
            raise
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(
                request,
                _("{person} now sees the referrals sent to {association}.").format(
                    person=form.cleaned_data["user"], association=found.name
                ),
            )
            return redirect(f"{presenters.association_url(found)}#partners")
    return _association_page(request, association_id, partner_form=form, status=400)


@directory_pages
@require_POST
def remove_partner(request: StaffRequest, association_id: int, user_id: int) -> HttpResponse:
    """Stop a partner user from seeing this association's referrals."""
    found = selectors.directory_association_for(user=request.user, association_id=association_id)
    _require_keeper(request, found)
    partner = next((user for user in found.partners.all() if user.pk == user_id), None)
    if partner is None:
        raise NotFound()
    services.remove_partner(association=found, user=partner, by=request.user)
    messages.success(
        request,
        _("{person} no longer sees the referrals sent to {association}.").format(
            person=partner, association=found.name
        ),
    )
    return redirect(f"{presenters.association_url(found)}#partners")


# -- offers ------------------------------------------------------------------------------------


def _offer_form(association: Association, data: Any = None, **kwargs: Any) -> OfferForm:
    return OfferForm(
        data,
        fields_of_action=fields_of_action_for(organisation=association.organisation),
        languages=all_languages(),
        **kwargs,
    )


@directory_pages
@require_http_methods(["GET", "POST"])
def new_offer(request: StaffRequest, association_id: int) -> HttpResponse:
    """Add an offer to an association."""
    found = selectors.association_header_for(user=request.user, association_id=association_id)
    _require_keeper(request, found)
    if request.method == "GET":
        form = _offer_form(found, initial={"municipality": found.municipality_id})
        return render(request, "directory/offer.html", {"association": found, "form": form})
    form = _offer_form(found, request.POST)
    if form.is_valid():
        try:
            services.create_offer(association=found, by=request.user, **form.cleaned_data)
        except NotFound:
            raise
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The offer is added."))
            return redirect(presenters.association_url(found))
    return render(request, "directory/offer.html", {"association": found, "form": form}, status=400)


@directory_pages
@require_http_methods(["GET", "POST"])
def offer(request: StaffRequest, association_id: int, offer_id: int) -> HttpResponse:
    """An offer's page: its places and, for those who keep the directory, the form to change
    it (active or not included)."""
    found = selectors.association_header_for(user=request.user, association_id=association_id)
    item = selectors.directory_offer_for(user=request.user, association=found, offer_id=offer_id)
    context: dict[str, Any] = {
        "association": found,
        "offer": item,
        "line": presenters.offer_line(item),
        "keeps": _keeps(request, found),
    }
    if request.method == "GET":
        if context["keeps"]:
            context["form"] = _offer_form(found, initial=OfferForm.initial_of(item))
        return render(request, "directory/offer.html", context)
    _require_keeper(request, found)
    form = _offer_form(found, request.POST)
    if form.is_valid():
        try:
            services.update_offer(offer=item, by=request.user, **form.cleaned_data)
        except NotFound:
            raise
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The offer is saved."))
            return redirect(presenters.association_url(found))
    return render(request, "directory/offer.html", {**context, "form": form}, status=400)


@directory_pages
@require_POST
def offer_active(request: StaffRequest, association_id: int, offer_id: int) -> HttpResponse:
    """Take an offer out of the referral search, or put it back (`active` is "0" or "1")."""
    found = selectors.association_header_for(user=request.user, association_id=association_id)
    item = selectors.directory_offer_for(user=request.user, association=found, offer_id=offer_id)
    _require_keeper(request, found)
    active = request.POST.get("active") == "1"
    try:
        services.update_offer(offer=item, by=request.user, is_active=active)
    except NotFound:
        raise
    except DomainError as error:
        refused(request, error)
    else:
        if active:
            messages.success(
                request, _("The offer is active again: clients can be referred to it.")
            )
        else:
            messages.success(
                request, _("The offer is deactivated: no new client can be referred to it.")
            )
    return redirect(presenters.association_url(found))
