"""The association partners' portal: referrals sent to their association, and their offers.

A partner sees only referrals to their own associations, and only while the client's consent to
share stands; of the client only what that consent covers (referrals.selectors.details_for_partner).
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lisko.associations.selectors import (
    associations_of_partner,
    offer_of_partner,
    offers_of_partner,
)
from lisko.associations.services import update_offer_as_partner
from lisko.audit.services import record_reads
from lisko.core.errors import DomainError, NotFound
from lisko.core.limits import parse_id
from lisko.languages.models import Language
from lisko.referrals.models import DeclineCode, Referral, Status
from lisko.referrals.selectors import (
    details_for_partner,
    partner_referral_list,
    referral_for_partner,
    shared_client_details,
)
from lisko.referrals.services import (
    accept_referral,
    complete_referral,
    decline_referral,
    drop_referral,
    report_referral_progress,
    start_referral,
)
from web.mobile.pages import render_page, user_of

# The filters above the list: (query value, label, statuses shown); "open" is the default.
FILTERS = (
    (
        "open",
        pgettext_lazy("referrals filter", "Open"),
        (Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS),
    ),
    ("sent", pgettext_lazy("referrals filter", "New"), (Status.SENT,)),
    ("in_progress", pgettext_lazy("referrals filter", "In progress"), (Status.IN_PROGRESS,)),
    (
        "closed",
        pgettext_lazy("referrals filter", "Closed"),
        (Status.DECLINED, Status.COMPLETED, Status.DROPPED),
    ),
)


def _require_partner(request: HttpRequest) -> None:
    if not associations_of_partner(user=user_of(request)).exists():
        raise Http404


@login_required
def referrals(request: HttpRequest) -> HttpResponse:
    """The referrals to the partner's associations, newest first, filtered by stage."""
    _require_partner(request)
    statuses_by_filter = {value: statuses for value, _label, statuses in FILTERS}
    chosen = request.GET.get("show", "open")
    if chosen not in statuses_by_filter:
        chosen = "open"
    shown = list(
        partner_referral_list(user=user_of(request))
        .filter(status__in=statuses_by_filter[chosen])
        .order_by("-created_at", "-id")
    )
    # Only the clients on this page were read: one audit event each, in one insert.
    record_reads(
        actor=user_of(request),
        objects={referral.client_id: referral.client for referral in shown}.values(),
        client_id_of="pk",
        reason="partner referrals",
    )
    return render_page(
        request,
        "partners/referrals.html",
        {
            "section": "referrals",
            "rows": [(referral, shared_client_details(referral=referral)) for referral in shown],
            "filters": [(value, label) for value, label, _statuses in FILTERS],
            "chosen": chosen,
        },
    )


def _referral(request: HttpRequest, referral_id: int) -> Referral:
    try:
        return referral_for_partner(user=user_of(request), referral_id=referral_id)
    except NotFound:
        raise Http404 from None


def _render_referral(
    request: HttpRequest, referral: Referral, *, error_message: str = "", action: str = ""
) -> HttpResponse:
    return render_page(
        request,
        "partners/referral.html",
        {
            "section": "referrals",
            "referral": referral,
            "details": details_for_partner(referral=referral),
            "events": list(referral.events.all()),
            "error_message": error_message,
            "failed_action": action,
            "form": request.POST if error_message else {},
            "decline_codes": DeclineCode.choices,
        },
        status=400 if error_message else 200,
    )


@login_required
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    """One referral: what the consent shares of the client, the history, and the next steps."""
    return _render_referral(request, _referral(request, referral_id))


# What each button does: the action's name in the form → a call of one service.
ACTIONS: dict[str, Callable[[Referral, HttpRequest], Referral]] = {
    "accept": lambda referral, request: accept_referral(
        referral=referral, by=user_of(request), note=request.POST.get("note", "")
    ),
    # The code is required here (an empty choice is refused by the service).
    "decline": lambda referral, request: decline_referral(
        referral=referral,
        by=user_of(request),
        reason=request.POST.get("reason", ""),
        code=request.POST.get("decline_code", ""),
    ),
    "start": lambda referral, request: start_referral(
        referral=referral, by=user_of(request), note=request.POST.get("note", "")
    ),
    "progress": lambda referral, request: report_referral_progress(
        referral=referral, by=user_of(request), note=request.POST.get("note", "")
    ),
    "complete": lambda referral, request: complete_referral(
        referral=referral, by=user_of(request), outcome=request.POST.get("outcome", "")
    ),
    "drop": lambda referral, request: drop_referral(
        referral=referral, by=user_of(request), reason=request.POST.get("reason", "")
    ),
}
DONE_MESSAGES = {
    "accept": gettext_lazy("You have accepted the referral."),
    "decline": gettext_lazy("You have declined the referral; the social worker sees your reason."),
    "start": gettext_lazy("Noted: the client has started."),
    "progress": gettext_lazy("Your progress report has been sent to the social worker."),
    "complete": gettext_lazy("The referral is completed; thank you for the outcome."),
    "drop": gettext_lazy("The referral has been ended."),
}


@login_required
@require_POST
def referral_action(request: HttpRequest, referral_id: int, action: str) -> HttpResponse:
    """Accept, decline, start, report progress, complete or drop one referral."""
    referral = _referral(request, referral_id)
    if action not in ACTIONS:
        raise Http404
    try:
        ACTIONS[action](referral, request)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        return _render_referral(
            request,
            _referral(request, referral_id),
            error_message=str(error.message),
            action=action,
        )
    messages.success(request, str(DONE_MESSAGES[action]))
    return redirect("partners:referral", referral_id=referral.pk)


# Offers ---------------------------------------------------------------------------------


@login_required
def offers(request: HttpRequest) -> HttpResponse:
    """The partner's own offers with their free places."""
    _require_partner(request)
    return render_page(
        request,
        "partners/offers.html",
        {
            "section": "offers",
            "offers": [
                (offer, [language.display_name() for language in offer.languages.all()])
                for offer in offers_of_partner(user=user_of(request))
            ],
        },
    )


def _languages_by_name() -> list[tuple[Language, str]]:
    """Every language with its name in the reader's language, in alphabetical order."""
    named = [(language, language.display_name()) for language in Language.objects.all()]
    return sorted(named, key=lambda pair: pair[1].casefold())


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, offer_id: int) -> HttpResponse:
    """Change an offer's description, languages, places and schedule."""
    try:
        offer = offer_of_partner(user=user_of(request), offer_id=offer_id)
    except NotFound:
        raise Http404 from None
    error_message = ""
    chosen = {language.pk for language in offer.languages.all()}
    form = {
        "description": offer.description,
        "schedule": offer.schedule,
        "capacity": str(offer.capacity),
    }
    if request.method == "POST":
        form = {key: request.POST.get(key, "") for key in ("description", "schedule", "capacity")}
        chosen = {
            pk for raw in request.POST.getlist("languages") if (pk := parse_id(raw)) is not None
        }
        try:
            capacity = _parse_capacity(form["capacity"])
            languages = list(Language.objects.filter(pk__in=chosen))
            if len(languages) != len(chosen):
                raise DomainError(_("Choose languages from the list."))
            update_offer_as_partner(
                offer=offer,
                by=user_of(request),
                description=form["description"],
                schedule=form["schedule"],
                capacity=capacity,
                languages=languages,
            )
        except NotFound:
            raise Http404 from None
        except DomainError as error:
            error_message = str(error.message)
        else:
            messages.success(request, _("Your offer has been saved."))
            return redirect("partners:offers")
    return render_page(
        request,
        "partners/offer_edit.html",
        {
            "section": "offers",
            "offer": offer,
            "form": form,
            "language_choices": _languages_by_name(),
            "chosen": chosen,
            "error_message": error_message,
        },
        status=400 if error_message else 200,
    )


def _parse_capacity(raw: str) -> int:
    try:
        capacity = int(raw.strip())
    except ValueError:
        raise DomainError(_("Enter the number of places as a whole number.")) from None
    if capacity > 10_000:
        raise DomainError(_("Enter a realistic number of places."))
    return capacity
