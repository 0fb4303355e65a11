"""Reading municipal programmes: scoped by who asks (lisko.access.rules.programme_agreement_rule
and funding_application_rule), each page's rows in a fixed number of queries; the people to
tell of a submission or a report falling due."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import DecimalField, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from lisko.access import access_of, roles
from lisko.access.rules import (
    funding_application_rule,
    officer_municipality_ids,
    planned_region_ids,
    programme_agreement_rule,
)
from lisko.core.errors import NotFound
from lisko.programmes.models import (
    BudgetLine,
    FundingApplication,
    Payment,
    ProgrammeAgreement,
)

if TYPE_CHECKING:
    from lisko.accounts.models import User
    from lisko.places.models import Municipality, Region

Status = FundingApplication.Status
ZERO = Decimal("0")


def _paid() -> Coalesce:
    return Coalesce(
        Sum("payments__amount"),
        Value(ZERO),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def agreements_for(*, user: Any) -> QuerySet[ProgrammeAgreement]:
    """The agreements the person may see, with their region, municipality and funds."""
    return (
        ProgrammeAgreement.objects.filter(programme_agreement_rule(access_of(user)))
        .select_related("region", "municipality")
        .prefetch_related("funds")
    )


def applications_for(*, user: Any) -> QuerySet[FundingApplication]:
    """The applications the person may see, each with its agreement and the sum paid."""
    return (
        FundingApplication.objects.filter(funding_application_rule(access_of(user)))
        .select_related("agreement__municipality", "agreement__region")
        .annotate(paid=_paid())
    )


def agreement_for(*, user: Any, agreement_id: int) -> ProgrammeAgreement:
    """The agreement, if the person may see it; NotFound otherwise (absent or foreign)."""
    agreement = agreements_for(user=user).filter(pk=agreement_id).first()
    if agreement is None:
        raise NotFound()
    return agreement


def application_for(*, user: Any, application_id: int) -> FundingApplication:
    """The application with its budget lines and payments, if the person may see it."""
    application = (
        applications_for(user=user)
        .prefetch_related(
            Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("position", "id")),
            Prefetch("payments", queryset=Payment.objects.order_by("paid_on", "id")),
        )
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound()
    return application


def is_officer_of(*, user: Any, agreement: ProgrammeAgreement) -> bool:
    return agreement.municipality_id in officer_municipality_ids(access_of(user))


def is_funder_of(*, user: Any, agreement: ProgrammeAgreement) -> bool:
    access = access_of(user)
    return access.holds(roles.PROGRAMME_FUNDING) and agreement.region_id in planned_region_ids(
        access
    )


def funding_regions_for(*, user: Any) -> list[Region]:
    """The cantons and districts among the regions the person plans for, by name."""
    from lisko.places.models import Region
    from lisko.programmes.services import FUNDING_REGION_KINDS

    access = access_of(user)
    if not access.holds(roles.PROGRAMME_FUNDING):
        return []
    return list(
        Region.objects.filter(
            pk__in=planned_region_ids(access), kind__in=FUNDING_REGION_KINDS
        ).order_by("name")
    )


def officer_municipalities_for(*, user: Any) -> list[Municipality]:
    from lisko.places.models import Municipality

    return list(
        Municipality.objects.filter(pk__in=officer_municipality_ids(access_of(user))).order_by(
            "name"
        )
    )


def municipalities_of(*, region: Region) -> list[Municipality]:
    """The municipalities in the region or in a region inside it, by name."""
    from lisko.places.selectors import municipalities_in, region_tree

    return list(municipalities_in(region_tree().descendants(region.pk)).order_by("name"))


# -- the canton-wide view ----------------------------------------------------------------------


@dataclass
class MunicipalityProgramme:
    """One municipality's row of the canton-wide view: its agreements (funds per year), its
    applications by status, and requested / granted / paid, in the agreements' currency."""

    municipality: Municipality
    currency: str
    agreements: list[ProgrammeAgreement] = field(default_factory=list)
    applications: list[FundingApplication] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    requested: Decimal = ZERO
    granted: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def funds(self) -> Decimal:
        return sum(
            (funds.amount for agreement in self.agreements for funds in agreement.funds.all()),
            ZERO,
        )


@dataclass
class CantonProgrammes:
    region: Region
    rows: list[MunicipalityProgramme]
    totals: dict[str, dict[str, Decimal]]  # currency → requested, granted, paid, funds


def canton_programmes(*, user: Any, region: Region) -> CantonProgrammes:
    """Every municipality's agreements, applications and money under the funding region, in
    three queries whatever their number (agreements with municipalities, funds, applications
    with their payments summed)."""
    from lisko.programmes.services import ensure_funder

    ensure_funder(user, region.pk)
    agreements = list(
        agreements_for(user=user).filter(region=region).order_by("municipality__name", "first_year")
    )
    applications = list(
        applications_for(user=user).filter(agreement__region=region).order_by("-year", "title")
    )
    rows: dict[int, MunicipalityProgramme] = {}
    for agreement in agreements:
        row = rows.setdefault(
            agreement.municipality_id,
            MunicipalityProgramme(municipality=agreement.municipality, currency=agreement.currency),
        )
        row.agreements.append(agreement)
    for application in applications:
        row = rows[application.agreement.municipality_id]
        row.applications.append(application)
        row.by_status[application.status] = row.by_status.get(application.status, 0) + 1
        row.requested += application.amount_requested
        row.granted += application.amount_granted or ZERO
        row.paid += getattr(application, "paid", ZERO)
    totals: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {"funds": ZERO, "requested": ZERO, "granted": ZERO, "paid": ZERO}
    )
    for row in rows.values():
        total = totals[row.currency]
        total["funds"] += row.funds
        total["requested"] += row.requested
        total["granted"] += row.granted
        total["paid"] += row.paid
    return CantonProgrammes(region=region, rows=list(rows.values()), totals=dict(totals))


# -- whom to tell ------------------------------------------------------------------------------


def funders_of(agreement: ProgrammeAgreement) -> list[User]:
    """The active planners of the agreement's funding region or of a region around it."""
    from lisko.accounts.models import User
    from lisko.places.selectors import region_tree

    around = [region.pk for region in region_tree().ancestors(agreement.region_id)]
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role__in=roles.PROGRAMME_FUNDING,
            memberships__planning_regions__region_id__in=around,
        )
        .distinct()
        .order_by("pk")
    )


def officers_of(municipality_id: int) -> list[User]:
    """The active integration officers of the municipality."""
    from lisko.accounts.models import User

    return list(
        User.objects.filter(
            is_active=True,
            memberships__role__in=roles.MUNICIPAL_PROGRAMMES,
            memberships__officer_municipalities__municipality_id=municipality_id,
        )
        .distinct()
        .order_by("pk")
    )


def reports_due(*, within: dt.timedelta, today: dt.date) -> QuerySet[FundingApplication]:
    """Applications whose report is asked for and due within `within` (or overdue up to a
    month), the soonest first."""
    return (
        FundingApplication.objects.filter(
            status=Status.REPORT_DUE,
            report_due__lte=today + within,
            report_due__gte=today - dt.timedelta(days=30),
        )
        .select_related("agreement__municipality")
        .order_by("report_due", "pk")
    )


def drafts_due(*, within: dt.timedelta, today: dt.date) -> QuerySet[FundingApplication]:
    """Drafts whose submission deadline falls within `within` (or passed up to a month ago),
    the soonest first."""
    return (
        FundingApplication.objects.filter(
            status=Status.DRAFT,
            submission_deadline__lte=today + within,
            submission_deadline__gte=today - dt.timedelta(days=30),
        )
        .select_related("agreement__municipality")
        .order_by("submission_deadline", "pk")
    )
