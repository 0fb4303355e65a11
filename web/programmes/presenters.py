"""How programmes read on a page: money with its currency in the reader's locale, statuses in
words, links. Works on what the selectors read; never queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lisko.programmes.models import FundingApplication, ProgrammeAgreement
from lisko.programmes.selectors import CantonProgrammes

Status = FundingApplication.Status
# The badge of each status (web/static/staff/staff.css).
STATUS_CSS = {
    Status.DRAFT: "badge",
    Status.SUBMITTED: "badge warn",
    Status.APPROVED: "badge ok",
    Status.REFUSED: "badge bad",
    Status.REPORT_DUE: "badge warn",
    Status.CLOSED: "badge",
}
ZERO = Decimal("0")


def money(amount: Decimal | None, currency: str) -> str:
    """24’500.50 CHF, 24.500,50 CHF, 24 500,50 CHF: as the reader's locale writes it."""
    if amount is None:
        return "–"
    return _("{amount} {currency}").format(
        amount=number_format(amount, 2, force_grouping=True), currency=currency
    )


def agreement_card(agreement: ProgrammeAgreement) -> dict[str, Any]:
    return {
        "agreement": agreement,
        "url": reverse("programmes:agreement", kwargs={"agreement_id": agreement.pk}),
        "apply_url": reverse("programmes:new_application", kwargs={"agreement_id": agreement.pk}),
        "funds": [
            (funds.year, money(funds.amount, agreement.currency)) for funds in agreement.funds.all()
        ],
    }


def application_row(application: FundingApplication) -> dict[str, Any]:
    currency = application.currency
    return {
        "application": application,
        "url": reverse("programmes:application", kwargs={"application_id": application.pk}),
        "municipality": application.agreement.municipality.name,
        "status": application.get_status_display(),
        "status_css": STATUS_CSS[Status(application.status)],
        "requested": money(application.amount_requested, currency),
        "granted": money(application.amount_granted, currency),
        "paid": money(getattr(application, "paid", None) or ZERO, currency),
    }


def application_detail(application: FundingApplication) -> dict[str, Any]:
    currency = application.currency
    payments = list(application.payments.all())
    paid = sum((payment.amount for payment in payments), ZERO)
    granted = application.amount_granted
    return {
        **application_row(application),
        "lines": [
            (line.label, money(line.amount, currency)) for line in application.budget_lines.all()
        ],
        "payments": [(payment.paid_on, money(payment.amount, currency)) for payment in payments],
        "paid": money(paid, currency),
        "left": money(granted - paid, currency) if granted is not None else "",
        "edit_url": reverse(
            "programmes:edit_application", kwargs={"application_id": application.pk}
        ),
    }


def canton_page(overview: CantonProgrammes) -> dict[str, Any]:
    """The canton-wide table: one row per municipality, the totals per currency."""
    rows = []
    for row in overview.rows:
        currency = row.currency
        rows.append(
            {
                "municipality": row.municipality,
                "agreements": [agreement_card(agreement) for agreement in row.agreements],
                "by_status": [
                    (label, row.by_status[value], STATUS_CSS[Status(value)])
                    for value, label in Status.choices
                    if row.by_status.get(value)
                ],
                "applications": [application_row(a) for a in row.applications],
                "funds": money(row.funds, currency),
                "requested": money(row.requested, currency),
                "granted": money(row.granted, currency),
                "paid": money(row.paid, currency),
            }
        )
    totals = [
        {
            "currency": currency,
            **{key: money(value, currency) for key, value in figures.items()},
        }
        for currency, figures in sorted(overview.totals.items())
    ]
    return {"rows": rows, "totals": totals}
