"""Referrals: the caseload's referrals, one referral, finding an offer, referring, dropping."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lisko.associations.selectors import offer_for, offers_matching
from lisko.clients.models import Consent
from lisko.clients.selectors import client_for
from lisko.core.errors import DomainError
from lisko.languages.selectors import all_languages
from lisko.organisations.selectors import fields_of_action_for
from lisko.plans.selectors import open_goals_of
from lisko.referrals import services as referral_services
from lisko.referrals.models import OPEN, Referral
from lisko.referrals.selectors import referral_for, referrals_for_social_worker
from web.staff.access import StaffRequest, social_worker_only
from web.staff.forms import OfferSearchForm, ReferForm
from web.staff.views.common import attempt, refused


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
            "open_statuses": OPEN,
        },
    )


@social_worker_only
@require_GET
def referral(request: StaffRequest, referral_id: int) -> HttpResponse:
    """One referral with its history and the partner's feedback."""
    item = referral_for(user=request.user, referral_id=referral_id)
    return render(request, "staff/referral.html", {"referral": item, "open_statuses": OPEN})


@social_worker_only
@require_POST
def drop_referral(request: StaffRequest, referral_id: int) -> HttpResponse:
    """Withdraw a referral before it is completed."""
    item = referral_for(user=request.user, referral_id=referral_id)
    reason = request.POST.get("reason", "")
    if attempt(
        request,
        lambda: referral_services.drop_referral(referral=item, by=request.user, reason=reason),
    ):
        messages.success(request, _("The referral is withdrawn."))
    return redirect("staff:referral", referral_id=referral_id)


@social_worker_only
@require_GET
def find_offer(request: StaffRequest, client_id: int) -> HttpResponse:
    """Find an offer for a client by field of action, language, municipality and free places."""
    client = client_for(user=request.user, client_id=client_id, reason="find an offer")
    languages = all_languages()
    # Opened from the client's page, the search starts from what fits the client: the preferred
    # language and the home municipality. Any search typed afterwards (even one clearing them)
    # is taken as typed.
    prefilled = not request.GET
    query = (
        {
            "language": client.preferred_language.code,
            "municipality": str(client.municipality_id),
            "free_places": "on",
        }
        if prefilled
        else request.GET
    )
    form = OfferSearchForm(
        query,
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
        request,
        "staff/find_offer.html",
        {"client": client, "form": form, "offers": offers, "prefilled": prefilled},
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
    goals = list(open_goals_of(client_id=client.pk))
    serving = next((g for g in goals if g.field_of_action_id == offer.field_of_action_id), None)
    form = ReferForm(
        request.POST or None,
        consents=consents,
        goals=open_goals_of(client_id=client.pk),
        initial={"goal": serving.pk if serving else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {"client": client, "offer": offer, "goal": data["goal"], "note": data["note"]}
        try:
            if data["consent"] == "new":
                item = referral_services.refer_client_with_new_consent(
                    shared_details=data["shared_details"], by=request.user, **common
                )
            else:
                item = referral_services.refer_client(
                    consent=next(c for c in consents if str(c.pk) == data["consent"]),
                    by=request.user,
                    **common,
                )
        except DomainError as error:
            refused(form, error)
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
