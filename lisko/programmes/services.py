"""Every change to a municipal programme: the only writers of lisko/programmes.

Two sides write. Planners of the funding region (a canton or district, or a region around it)
make agreements and decide applications: approve or refuse, record payments, ask for the
report and close. The municipality's integration officer drafts, edits and submits its
applications. Anyone who may not see the agreement gets NotFound, as for one that does not
exist; someone who sees it but is on the other side gets a translated refusal. Bad input is
refused with a translated DomainError and nothing is saved. `by=None` is the installation
itself (the demo).

An application's status changes only in `_move`, along TRANSITIONS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Final

from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lisko.access import access_of, forget_access, require_role, roles
from lisko.access.rules import officer_municipality_ids, planned_region_ids
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.core.errors import DomainError, NotFound
from lisko.core.limits import check_date
from lisko.organisations.models import Membership, Role
from lisko.places.models import Region
from lisko.programmes.models import (
    FIRST_YEAR,
    LARGEST_AMOUNT,
    LAST_YEAR,
    LONGEST_SPAN_YEARS,
    AgreementFunds,
    BudgetLine,
    Currency,
    FundingApplication,
    OfficerMunicipality,
    Payment,
    ProgrammeAgreement,
)

if TYPE_CHECKING:
    from lisko.accounts.models import User
    from lisko.places.models import Municipality

Status = FundingApplication.Status

# Where each status may go, and nowhere else.
TRANSITIONS: Final[dict[str, frozenset[str]]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED}),
    Status.SUBMITTED: frozenset({Status.APPROVED, Status.REFUSED}),
    Status.APPROVED: frozenset({Status.REPORT_DUE}),
    Status.REPORT_DUE: frozenset({Status.CLOSED}),
    Status.REFUSED: frozenset(),
    Status.CLOSED: frozenset(),
}
FUNDING_REGION_KINDS: Final = frozenset({Region.Kind.CANTON, Region.Kind.DISTRICT})
MOST_BUDGET_LINES: Final = 50
# The furthest a deadline or report date may lie from today: a programme period and a little.
FURTHEST_DATE: Final = dt.timedelta(days=(LONGEST_SPAN_YEARS + 1) * 366)
TEXT_LIMITS: Final = {"title": 200, "label": 200, "concept": 8000, "note": 2000}


# -- who may -----------------------------------------------------------------------------------


def _ensure_sees(by: User | None, agreement: ProgrammeAgreement) -> None:
    if by is None:
        return
    access = access_of(by)
    if agreement.municipality_id in officer_municipality_ids(access):
        return
    if access.holds(roles.PROGRAMME_FUNDING) and agreement.region_id in planned_region_ids(access):
        return
    raise NotFound()


def ensure_funder(by: User | None, region_id: int) -> None:
    """NotFound unless `by` plans for the funding region (or a region around it)."""
    if by is None:
        return
    access = access_of(by)
    if not access.holds(roles.PROGRAMME_FUNDING) or region_id not in planned_region_ids(access):
        raise NotFound()


def _ensure_deciding(by: User | None, agreement: ProgrammeAgreement) -> None:
    _ensure_sees(by, agreement)
    if by is None:
        return
    access = access_of(by)
    if not (
        access.holds(roles.PROGRAMME_FUNDING) and agreement.region_id in planned_region_ids(access)
    ):
        raise DomainError(
            _("Only the funding region's planners decide on applications."),
            code="permission_denied",
        )


def _ensure_applying(by: User | None, agreement: ProgrammeAgreement) -> None:
    _ensure_sees(by, agreement)
    if by is None:
        return
    if agreement.municipality_id not in officer_municipality_ids(access_of(by)):
        raise DomainError(
            _("Only the municipality's integration officer writes its applications."),
            code="permission_denied",
        )


# -- values ------------------------------------------------------------------------------------


def _text(value: object, *, limit: int, required: str | None = None, code: str) -> str:
    text = str(value or "").strip()
    if required is not None and not text:
        raise DomainError(required, code=code)
    if len(text) > limit:
        raise DomainError(
            _("Keep it to {limit} characters.").format(limit=limit), code=f"{code}_too_long"
        )
    return text


def _amount(value: object, *, code: str = "invalid_amount", positive: bool = False) -> Decimal:
    """A sum of money: a decimal with at most two places, not negative, at most a billion."""
    if isinstance(value, float):
        # Money is never a float: 0.1 + 0.2 is not 0.3.
        value = str(value)
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        amount = Decimal("NaN")
    if not amount.is_finite():
        example = formats.number_format(Decimal("1250.50"), decimal_pos=2)
        raise DomainError(
            _("Enter an amount, for example {example}.").format(example=example), code=code
        )
    if amount < 0 or (positive and amount == 0):
        raise DomainError(
            _("Enter an amount greater than zero.")
            if positive
            else _("An amount cannot be negative."),
            code="negative_amount",
        )
    if amount > LARGEST_AMOUNT:
        largest = formats.number_format(LARGEST_AMOUNT, decimal_pos=0, force_grouping=True)
        raise DomainError(
            _("An amount above {largest} cannot be meant.").format(largest=largest),
            code="amount_too_large",
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise DomainError(_("Give amounts to the cent, at most."), code=code)
    return amount.quantize(Decimal("0.01"))


def _year(value: object, *, code: str = "invalid_year") -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise DomainError(_("Enter the year as a number, for example 2026."), code=code) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(
            _("Choose a year between {first} and {last}.").format(first=FIRST_YEAR, last=LAST_YEAR),
            code="year_out_of_range",
        )
    return year


def _date(value: dt.date | None, *, today: dt.date, required: str | None = None) -> dt.date | None:
    """A date near enough to today to be meant: within a programme period either way."""
    if value is None:
        if required is not None:
            raise DomainError(required, code="date_missing")
        return None
    check_date(value)
    if abs(value - today) > FURTHEST_DATE:
        raise DomainError(
            _("This date lies too far from today to be meant."), code="date_out_of_range"
        )
    return value


def _lines(lines: Iterable[tuple[object, object]]) -> list[tuple[str, Decimal]]:
    made = []
    for label, amount in lines:
        if not str(label or "").strip() and str(amount or "").strip() in ("", "0"):
            continue  # an empty row of the form
        made.append(
            (
                _text(
                    label,
                    limit=TEXT_LIMITS["label"],
                    required=_("Say what each budget line is for."),
                    code="label_missing",
                ),
                _amount(amount),
            )
        )
    if len(made) > MOST_BUDGET_LINES:
        raise DomainError(
            _("An application has at most {count} budget lines.").format(count=MOST_BUDGET_LINES),
            code="too_many_lines",
        )
    if sum((amount for _label, amount in made), Decimal("0")) > LARGEST_AMOUNT:
        raise DomainError(
            _("The budget adds up to more than can be meant."), code="amount_too_large"
        )
    return made


def _currency(value: object) -> str:
    if value not in Currency.values:
        raise DomainError(_("Choose euro or Swiss franc."), code="invalid_currency")
    return str(value)


def _move(application: FundingApplication, to: str) -> None:
    """The one writer of an application's status: refuse a move the table does not allow."""
    if to not in TRANSITIONS[application.status]:
        refusals = {
            Status.SUBMITTED: _("Only a draft can be submitted."),
            Status.APPROVED: _("Only a submitted application can be approved."),
            Status.REFUSED: _("Only a submitted application can be refused."),
            Status.REPORT_DUE: _("A report can be asked for only on an approved application."),
            Status.CLOSED: _("Only an application whose report is due can be closed."),
        }
        raise DomainError(refusals[Status(to)], code="wrong_status")
    application.status = to


def _locked(application: FundingApplication) -> FundingApplication:
    """The application read afresh under a row lock, so two decisions cannot cross."""
    return (
        FundingApplication.objects.select_for_update(of=("self",))
        .select_related("agreement")
        .get(pk=application.pk)
    )


# -- officers ----------------------------------------------------------------------------------


@transaction.atomic
def assign_officer_municipality(
    *, membership: Membership, municipality: Municipality, by: User | None
) -> OfficerMunicipality:
    """Let an integration officer of the organisation keep a municipality's programmes."""
    require_role(
        by=by,
        roles=roles.ADMINISTERING,
        organisation_id=membership.organisation_id,
        refusal=_("Only an administrator of the organisation gives officers their municipality."),
    )
    if membership.role != Role.INTEGRATION_OFFICER:
        raise DomainError(
            _("Municipalities are given to integration officers only: give that role first."),
            code="not_an_officer",
        )
    assigned, _created = OfficerMunicipality.objects.get_or_create(
        membership=membership, municipality=municipality
    )
    record_access(
        actor=by,
        action=AuditEvent.Action.UPDATE,
        obj=membership,
        client_id=None,
        reason=f"officer municipality {municipality.pk} given",
        organisation_id=membership.organisation_id,
    )
    forget_access(membership.user)
    return assigned


# -- agreements --------------------------------------------------------------------------------


@transaction.atomic
def make_agreement(
    *,
    region: Region,
    municipality: Municipality,
    first_year: object,
    last_year: object,
    currency: object,
    funds: Mapping[object, object] | None = None,
    conditions: str = "",
    contact_point: str = "",
    by: User | None,
) -> ProgrammeAgreement:
    """Agree with a municipality of the region on a programme period and its funds per year."""
    from lisko.places.selectors import region_tree

    ensure_funder(by, region.pk)
    if region.kind not in FUNDING_REGION_KINDS:
        raise DomainError(
            _("Programme agreements are made by a canton or a district."), code="wrong_region"
        )
    if municipality.region_id not in region_tree().descendants(region.pk):
        raise DomainError(
            _("{municipality} does not lie in {region}.").format(
                municipality=municipality.name, region=region.name
            ),
            code="municipality_outside",
        )
    first, last = _year(first_year), _year(last_year)
    if last < first:
        raise DomainError(_("The period ends before it starts."), code="period_reversed")
    if last - first + 1 > LONGEST_SPAN_YEARS:
        raise DomainError(
            _("A programme period covers at most {years} years.").format(years=LONGEST_SPAN_YEARS),
            code="period_too_long",
        )
    if ProgrammeAgreement.objects.filter(
        region=region, municipality=municipality, first_year__lte=last, last_year__gte=first
    ).exists():
        raise DomainError(
            _("{municipality} already has an agreement for these years.").format(
                municipality=municipality.name
            ),
            code="period_overlaps",
        )
    agreement = ProgrammeAgreement.objects.create(
        region=region,
        municipality=municipality,
        first_year=first,
        last_year=last,
        currency=_currency(currency),
        conditions=_text(conditions, limit=4000, code="conditions"),
        contact_point=_text(contact_point, limit=300, code="contact_point"),
        created_by=by,
    )
    for year, amount in (funds or {}).items():
        set_funds(agreement=agreement, year=year, amount=amount, by=by)
    return agreement


@transaction.atomic
def set_funds(
    *, agreement: ProgrammeAgreement, year: object, amount: object, by: User | None
) -> AgreementFunds:
    """Set the funds of one year of the agreement's period."""
    _ensure_deciding(by, agreement)
    checked_year = _year(year)
    if not agreement.covers(checked_year):
        raise DomainError(
            _("{year} lies outside the programme period {first} to {last}.").format(
                year=checked_year, first=agreement.first_year, last=agreement.last_year
            ),
            code="year_outside_period",
        )
    funds, _created = AgreementFunds.objects.update_or_create(
        agreement=agreement, year=checked_year, defaults={"amount": _amount(amount)}
    )
    return funds


# -- the municipality's side -------------------------------------------------------------------


def _write_lines(application: FundingApplication, lines: list[tuple[str, Decimal]]) -> None:
    application.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(application=application, label=label, amount=amount, position=position)
        for position, (label, amount) in enumerate(lines)
    )
    application.amount_requested = sum((amount for _label, amount in lines), Decimal("0"))


def _fill(
    application: FundingApplication,
    *,
    kind: object,
    year: object,
    title: object,
    concept: object,
    submission_deadline: dt.date | None,
    today: dt.date,
) -> None:
    agreement = application.agreement
    if kind not in FundingApplication.Kind.values:
        raise DomainError(_("Choose what the application is for."), code="invalid_kind")
    checked_year = _year(year)
    if not agreement.covers(checked_year):
        raise DomainError(
            _("{year} lies outside the programme period {first} to {last}.").format(
                year=checked_year, first=agreement.first_year, last=agreement.last_year
            ),
            code="year_outside_period",
        )
    application.kind = str(kind)
    application.year = checked_year
    application.title = _text(
        title,
        limit=TEXT_LIMITS["title"],
        required=_("Give the application a title."),
        code="title_missing",
    )
    application.concept = _text(concept, limit=TEXT_LIMITS["concept"], code="concept")
    application.submission_deadline = _date(submission_deadline, today=today)


@transaction.atomic
def draft_application(
    *,
    agreement: ProgrammeAgreement,
    kind: object,
    year: object,
    title: object,
    concept: object = "",
    lines: Sequence[tuple[object, object]] = (),
    submission_deadline: dt.date | None = None,
    by: User | None,
    today: dt.date | None = None,
) -> FundingApplication:
    """Start the municipality's application for funds under its agreement, as a draft."""
    _ensure_applying(by, agreement)
    today = today or timezone.localdate()
    application = FundingApplication(
        agreement=agreement, currency=agreement.currency, created_by=by
    )
    _fill(
        application,
        kind=kind,
        year=year,
        title=title,
        concept=concept,
        submission_deadline=submission_deadline,
        today=today,
    )
    checked_lines = _lines(lines)
    application.save()
    _write_lines(application, checked_lines)
    application.save(update_fields=["amount_requested"])
    return application


@transaction.atomic
def edit_application(
    *,
    application: FundingApplication,
    kind: object,
    year: object,
    title: object,
    concept: object = "",
    lines: Sequence[tuple[object, object]] = (),
    submission_deadline: dt.date | None = None,
    by: User | None,
    today: dt.date | None = None,
) -> FundingApplication:
    """Change a draft: what it is for, its concept and its budget lines."""
    _ensure_applying(by, application.agreement)
    application = _locked(application)
    if application.status != Status.DRAFT:
        raise DomainError(_("Only a draft can be changed."), code="not_a_draft")
    _fill(
        application,
        kind=kind,
        year=year,
        title=title,
        concept=concept,
        submission_deadline=submission_deadline,
        today=today or timezone.localdate(),
    )
    _write_lines(application, _lines(lines))
    application.save()
    return application


@transaction.atomic
def submit_application(
    *, application: FundingApplication, by: User | None, now: dt.datetime | None = None
) -> FundingApplication:
    """Send a draft to the canton; its planners are told."""
    from lisko.notifications.outbox import announce

    _ensure_applying(by, application.agreement)
    application = _locked(application)
    _move(application, Status.SUBMITTED)
    if application.amount_requested <= 0:
        raise DomainError(
            _("Add at least one budget line with an amount before submitting."),
            code="nothing_requested",
        )
    application.submitted_at = now or timezone.now()
    application.save(update_fields=["status", "submitted_at"])
    announce("application_submitted", application_id=application.pk)
    return application


# -- the canton's side -------------------------------------------------------------------------


@transaction.atomic
def approve_application(
    *,
    application: FundingApplication,
    amount_granted: object,
    report_due: dt.date | None = None,
    note: object = "",
    by: User | None,
    now: dt.datetime | None = None,
) -> FundingApplication:
    """Grant a submitted application up to the amount applied for."""
    _ensure_deciding(by, application.agreement)
    now = now or timezone.now()
    application = _locked(application)
    _move(application, Status.APPROVED)
    granted = _amount(amount_granted, positive=True)
    if granted > application.amount_requested:
        requested = formats.number_format(
            application.amount_requested, decimal_pos=2, force_grouping=True
        )
        raise DomainError(
            _("The grant cannot exceed the {requested} {currency} applied for.").format(
                requested=requested, currency=application.currency
            ),
            code="grant_exceeds_request",
        )
    application.amount_granted = granted
    application.report_due = _date(report_due, today=timezone.localdate(now))
    application.decision_note = _text(note, limit=TEXT_LIMITS["note"], code="note")
    application.decided_at = now
    application.decided_by = by
    application.save()
    return application


@transaction.atomic
def refuse_application(
    *,
    application: FundingApplication,
    note: object,
    by: User | None,
    now: dt.datetime | None = None,
) -> FundingApplication:
    """Refuse a submitted application, saying why."""
    _ensure_deciding(by, application.agreement)
    application = _locked(application)
    _move(application, Status.REFUSED)
    application.decision_note = _text(
        note,
        limit=TEXT_LIMITS["note"],
        required=_("Say why the application is refused."),
        code="note_missing",
    )
    application.decided_at = now or timezone.now()
    application.decided_by = by
    application.save()
    return application


@transaction.atomic
def record_payment(
    *,
    application: FundingApplication,
    paid_on: dt.date | None,
    amount: object,
    by: User | None,
    today: dt.date | None = None,
) -> Payment:
    """Record money paid out on an approved application, up to the amount granted."""
    _ensure_deciding(by, application.agreement)
    application = _locked(application)
    if not application.is_granted:
        raise DomainError(_("Payments go only to an approved application."), code="not_approved")
    today = today or timezone.localdate()
    day = _date(paid_on, today=today, required=_("Enter the day of the payment."))
    assert day is not None
    if day > today:
        raise DomainError(_("Record a payment once it is made."), code="payment_in_future")
    paid = _amount(amount, positive=True)
    already = application.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    granted = application.amount_granted or Decimal("0")
    if already + paid > granted:
        left = formats.number_format(granted - already, decimal_pos=2, force_grouping=True)
        raise DomainError(
            _("Only {left} {currency} of the grant is left to pay.").format(
                left=left, currency=application.currency
            ),
            code="payment_exceeds_grant",
        )
    return Payment.objects.create(application=application, paid_on=day, amount=paid, recorded_by=by)


@transaction.atomic
def ask_for_report(
    *,
    application: FundingApplication,
    report_due: dt.date | None,
    by: User | None,
    today: dt.date | None = None,
) -> FundingApplication:
    """Ask the municipality for its report on an approved application, by a date."""
    _ensure_deciding(by, application.agreement)
    application = _locked(application)
    _move(application, Status.REPORT_DUE)
    due = _date(
        report_due or application.report_due,
        today=today or timezone.localdate(),
        required=_("Enter the day the report is due."),
    )
    application.report_due = due
    application.save(update_fields=["status", "report_due"])
    return application


@transaction.atomic
def close_application(
    *,
    application: FundingApplication,
    report_received_on: dt.date | None,
    by: User | None,
    today: dt.date | None = None,
) -> FundingApplication:
    """Close an application once its report is in."""
    _ensure_deciding(by, application.agreement)
    application = _locked(application)
    _move(application, Status.CLOSED)
    today = today or timezone.localdate()
    received = _date(
        report_received_on, today=today, required=_("Enter the day the report came in.")
    )
    assert received is not None
    if received > today:
        raise DomainError(_("A report cannot come in after today."), code="report_in_future")
    application.report_received_on = received
    application.save(update_fields=["status", "report_received_on"])
    return application


def remove_officer_municipality(*, assigned: OfficerMunicipality, by: User | None) -> None:
    """Take a municipality away from an integration officer: their access to its programmes
    ends with the next request."""
    membership = assigned.membership
    require_role(
        by=by,
        roles=roles.ADMINISTERING,
        organisation_id=membership.organisation_id,
        refusal=_("Only an administrator of the organisation gives officers their municipality."),
    )
    municipality_id = assigned.municipality_id
    assigned.delete()
    record_access(
        actor=by,
        action=AuditEvent.Action.UPDATE,
        obj=membership,
        client_id=None,
        reason=f"officer municipality {municipality_id} taken away",
        organisation_id=membership.organisation_id,
    )
    forget_access(membership.user)
