"""The programme pages: the start page (an officer's municipalities, a planner's funding
regions), the canton-wide view, an agreement, and an application with what each side may do
with it.

Only integration officers and planners open them; anyone else, and anyone asking for an
agreement or application not theirs, gets the same 404 as for one that does not exist. A
refused change shows its translated reason on the page again (400) and saves nothing. Views
parse, call one selector or service, and render; money reads through web.programmes.presenters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lisko.access import access_of, roles
from lisko.accounts.models import User
from lisko.core.errors import DomainError
from lisko.core.money import currency_of_country
from lisko.places.models import Region
from lisko.planning.figures import Filters
from lisko.programmes import selectors, services
from lisko.programmes.models import FundingApplication, ProgrammeAgreement
from web.doors import door, holding
from web.programmes import presenters
from web.programmes.forms import (
    AgreementForm,
    ApplicationForm,
    BudgetLines,
    CloseForm,
    DecisionForm,
    FundsForm,
    PaymentForm,
    ReportForm,
)
from web.staff.forms import StaffForm


class ProgrammeRequest(HttpRequest):
    """A request that passed `programme_page`: a logged-in officer or planner."""

    user: User  # type: ignore[assignment]


Status = FundingApplication.Status
PROGRAMME_ROLES = roles.MUNICIPAL_PROGRAMMES | roles.PROGRAMME_FUNDING


# Integration officers and planners; everyone else gets a 404.
programme_page = door(holding(PROGRAMME_ROLES))


def _refused(form: forms.BaseForm, error: DomainError) -> None:
    fields = form.error_fields if isinstance(form, StaffForm) else {}
    field = fields.get(error.code)
    form.add_error(field if field in form.fields else None, str(error.message))


def application_url(application: FundingApplication) -> str:
    return reverse("programmes:application", kwargs={"application_id": application.pk})


def agreement_url(agreement: ProgrammeAgreement) -> str:
    return reverse("programmes:agreement", kwargs={"agreement_id": agreement.pk})


# -- start, canton, agreement ------------------------------------------------------------------


@programme_page
@require_GET
def index(request: ProgrammeRequest) -> HttpResponse:
    """An officer's agreements and applications; a planner's funding regions."""
    user = request.user
    is_officer = access_of(user).holds(roles.MUNICIPAL_PROGRAMMES)
    agreements = (
        list(
            selectors.agreements_for(user=user).filter(
                municipality_id__in=[m.pk for m in selectors.officer_municipalities_for(user=user)]
            )
        )
        if is_officer
        else []
    )
    applications = (
        list(
            selectors.applications_for(user=user)
            .filter(agreement__in=agreements)
            .order_by("-year", "title")
        )
        if agreements
        else []
    )
    return render(
        request,
        "programmes/index.html",
        {
            "is_officer": is_officer,
            "agreements": [presenters.agreement_card(agreement) for agreement in agreements],
            "applications": [presenters.application_row(a) for a in applications],
            "regions": selectors.funding_regions_for(user=user),
            "welcome_coverage": _welcome_coverage(user) if is_officer else None,
        },
    )


def _welcome_coverage(user: User) -> Any:
    """The welcome conversation coverage of the officer's municipalities, as the planning
    pages show a table (suppressed like every planning figure)."""
    from lisko.planning.scope import default_period
    from lisko.planning.welcome import welcome_coverage_for_officer
    from web.planning.presenters import show_table

    table = welcome_coverage_for_officer(user=user, period=default_period())
    if table is None:
        return None
    return show_table(
        table,
        figure_key=table.key,
        heat=False,
        filters=Filters(),
        column_url=lambda *_: "",
        csv_url="",
        xlsx_url="",
    )


def _canton_page(
    request: ProgrammeRequest, region: Region, form: AgreementForm | None = None, status: int = 200
) -> HttpResponse:
    overview = selectors.canton_programmes(user=request.user, region=region)
    return render(
        request,
        "programmes/canton.html",
        {
            "region": region,
            "agreement_form": form
            or AgreementForm(
                municipalities=selectors.municipalities_of(region=region),
                initial={"currency": currency_of_country(region.country)},
            ),
            **presenters.canton_page(overview),
        },
        status=status,
    )


@programme_page
@require_http_methods(["GET", "POST"])
def canton(request: ProgrammeRequest, region_id: int) -> HttpResponse:
    """Every municipality's agreements, applications and money under the funding region; a
    POST makes a new agreement."""
    region = Region.objects.filter(pk=region_id).first()
    if region is None:
        raise Http404()
    services.ensure_funder(request.user, region.pk)
    if request.method != "POST":
        return _canton_page(request, region)
    municipalities = selectors.municipalities_of(region=region)
    form = AgreementForm(request.POST, municipalities=municipalities)
    if form.is_valid():
        data = form.cleaned_data
        municipality = next(m for m in municipalities if m.pk == data["municipality"])
        first, last = data["first_year"], data["last_year"]
        try:
            made = services.make_agreement(
                region=region,
                municipality=municipality,
                first_year=first,
                last_year=last,
                currency=data["currency"],
                # The same funds each year; a year too many is refused with the period.
                funds={year: data["funds"] for year in range(first, min(last, first + 20) + 1)},
                conditions=data["conditions"],
                contact_point=data["contact_point"],
                by=request.user,
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The agreement is made."))
            return redirect(agreement_url(made))
    return _canton_page(request, region, form, status=400)


@programme_page
@require_http_methods(["GET", "POST"])
def agreement(request: ProgrammeRequest, agreement_id: int) -> HttpResponse:
    """An agreement: its period, funds per year, conditions, contact point and applications;
    a POST by the funding region's planner sets the funds of a year."""
    user = request.user
    found = selectors.agreement_for(user=user, agreement_id=agreement_id)
    may_decide = selectors.is_funder_of(user=user, agreement=found)
    form = FundsForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not may_decide:
            raise Http404()
        if form.is_valid():
            try:
                services.set_funds(agreement=found, by=user, **form.cleaned_data)
            except DomainError as error:
                _refused(form, error)
            else:
                messages.success(request, _("The funds of the year are set."))
                return redirect(agreement_url(found))
        status = 400
    applications = selectors.applications_for(user=user).filter(agreement=found)
    return render(
        request,
        "programmes/agreement.html",
        {
            "agreement": presenters.agreement_card(found),
            "applications": [presenters.application_row(a) for a in applications],
            "may_apply": selectors.is_officer_of(user=user, agreement=found),
            "may_decide": may_decide,
            "funds_form": form,
        },
        status=status,
    )


# -- drafting ----------------------------------------------------------------------------------


def _lines(formset: Any) -> list[tuple[object, object]]:
    return [
        (form.cleaned_data.get("label", ""), form.cleaned_data.get("amount") or "")
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _draft_page(
    request: ProgrammeRequest,
    *,
    found: ProgrammeAgreement,
    application: FundingApplication | None,
) -> HttpResponse:
    if not selectors.is_officer_of(user=request.user, agreement=found):
        raise Http404()
    this_year = timezone.localdate().year
    initial: dict[str, Any] = {"year": this_year if found.covers(this_year) else found.first_year}
    lines_initial: list[dict[str, Any]] = []
    if application is not None:
        initial = {
            "kind": application.kind,
            "year": application.year,
            "title": application.title,
            "concept": application.concept,
            "submission_deadline": application.submission_deadline,
        }
        lines_initial = [
            {"label": line.label, "amount": line.amount} for line in application.budget_lines.all()
        ]
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data, initial=initial)
    lines = BudgetLines(data, initial=lines_initial, prefix="lines")
    status = 200
    if request.method == "POST":
        if form.is_valid() and lines.is_valid():
            try:
                if application is None:
                    saved = services.draft_application(
                        agreement=found, lines=_lines(lines), by=request.user, **form.cleaned_data
                    )
                else:
                    saved = services.edit_application(
                        application=application,
                        lines=_lines(lines),
                        by=request.user,
                        **form.cleaned_data,
                    )
            except DomainError as error:
                _refused(form, error)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect(application_url(saved))
        status = 400
    return render(
        request,
        "programmes/application_form.html",
        {
            "agreement": presenters.agreement_card(found),
            "application": application,
            "form": form,
            "lines": lines,
        },
        status=status,
    )


@programme_page
@require_http_methods(["GET", "POST"])
def new_application(request: ProgrammeRequest, agreement_id: int) -> HttpResponse:
    """The officer drafts an application under the agreement."""
    found = selectors.agreement_for(user=request.user, agreement_id=agreement_id)
    return _draft_page(request, found=found, application=None)


@programme_page
@require_http_methods(["GET", "POST"])
def edit_application(request: ProgrammeRequest, application_id: int) -> HttpResponse:
    """The officer changes a draft."""
    application = selectors.application_for(user=request.user, application_id=application_id)
    if application.status != Status.DRAFT:
        raise Http404()
    return _draft_page(request, found=application.agreement, application=application)


# -- one application ---------------------------------------------------------------------------


def _application_page(
    request: ProgrammeRequest,
    application: FundingApplication,
    bound: dict[str, forms.BaseForm] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    found = application.agreement
    bound = bound or {}
    return render(
        request,
        "programmes/application.html",
        {
            "application": application,
            "shown": presenters.application_detail(application),
            "agreement": presenters.agreement_card(found),
            "is_officer": selectors.is_officer_of(user=user, agreement=found),
            "may_decide": selectors.is_funder_of(user=user, agreement=found),
            "decision_form": bound.get("decision", DecisionForm()),
            "payment_form": bound.get("payment", PaymentForm()),
            "report_form": bound.get(
                "report", ReportForm(initial={"report_due": application.report_due})
            ),
            "close_form": bound.get("close", CloseForm()),
            "submit_form": bound.get("submit"),
        },
        status=status,
    )


@programme_page
@require_GET
def application(request: ProgrammeRequest, application_id: int) -> HttpResponse:
    found = selectors.application_for(user=request.user, application_id=application_id)
    return _application_page(request, found)


def _act(
    request: ProgrammeRequest,
    application_id: int,
    name: str,
    form_class: type[StaffForm],
    act: Callable[[FundingApplication, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Run one action on the application from its form; on a refusal, the page again (400)."""
    found = selectors.application_for(user=request.user, application_id=application_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(found, form.cleaned_data)
        except DomainError as error:
            if error.code == "not_found":
                raise
            _refused(form, error)
        else:
            messages.success(request, done)
            return redirect(application_url(found))
    return _application_page(request, found, {name: form}, status=400)


class _NoFields(StaffForm):
    pass


@programme_page
@require_POST
def submit(request: ProgrammeRequest, application_id: int) -> HttpResponse:
    return _act(
        request,
        application_id,
        "submit",
        _NoFields,
        lambda found, _data: services.submit_application(application=found, by=request.user),
        _("The application is submitted to the canton."),
    )


def _decide(request: ProgrammeRequest, found: FundingApplication, data: dict[str, Any]) -> object:
    if data["decision"] == DecisionForm.APPROVE:
        return services.approve_application(
            application=found,
            amount_granted=data["amount_granted"] if data["amount_granted"] is not None else "",
            report_due=data["report_due"],
            note=data["note"],
            by=request.user,
        )
    return services.refuse_application(application=found, note=data["note"], by=request.user)


@programme_page
@require_POST
def decide(request: ProgrammeRequest, application_id: int) -> HttpResponse:
    return _act(
        request,
        application_id,
        "decision",
        DecisionForm,
        lambda found, data: _decide(request, found, data),
        _("The decision is recorded."),
    )


@programme_page
@require_POST
def pay(request: ProgrammeRequest, application_id: int) -> HttpResponse:
    return _act(
        request,
        application_id,
        "payment",
        PaymentForm,
        lambda found, data: services.record_payment(application=found, by=request.user, **data),
        _("The payment is recorded."),
    )


@programme_page
@require_POST
def ask_for_report(request: ProgrammeRequest, application_id: int) -> HttpResponse:
    return _act(
        request,
        application_id,
        "report",
        ReportForm,
        lambda found, data: services.ask_for_report(application=found, by=request.user, **data),
        _("The municipality is asked for its report."),
    )


@programme_page
@require_POST
def close(request: ProgrammeRequest, application_id: int) -> HttpResponse:
    return _act(
        request,
        application_id,
        "close",
        CloseForm,
        lambda found, data: services.close_application(application=found, by=request.user, **data),
        _("The report is received and the application closed."),
    )
