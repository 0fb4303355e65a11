"""Forms of the programme pages: they parse and label input (amounts in the reader's locale);
lisko.programmes.services decides what is allowed and says why not."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from lisko.programmes.models import LAST_YEAR, Currency, FundingApplication
from lisko.programmes.services import MOST_BUDGET_LINES
from web.staff.forms import BoundedDateField, DateInput, LocalisedErrors, StaffForm

FIRST_YEAR = 2000
# Amounts as typed, in the reader's locale ("1’250.50", "1.250,50"); the service decides the
# range, so that pages and services refuse alike.
AMOUNT_DIGITS = 16


def _amount(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        localize=True,
        max_digits=AMOUNT_DIGITS,
        decimal_places=2,
    )


# Where a service's refusal belongs on each form, by its code.
AMOUNT_ERRORS = {
    "invalid_amount": "amount",
    "negative_amount": "amount",
    "amount_too_large": "amount",
}


class ApplicationForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {
        "invalid_kind": "kind",
        "invalid_year": "year",
        "year_out_of_range": "year",
        "year_outside_period": "year",
        "title_missing": "title",
        "title_too_long": "title",
        "concept_too_long": "concept",
        "date_out_of_range": "submission_deadline",
        "out_of_range": "submission_deadline",
    }
    kind = forms.ChoiceField(label=_("What for"), choices=FundingApplication.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    title = forms.CharField(label=_("Title"), max_length=200)
    concept = forms.CharField(
        label=_("Concept"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Aims, activities, who is reached, and how the work is measured."),
    )
    submission_deadline = BoundedDateField(
        label=_("Submission deadline"), required=False, widget=DateInput()
    )


class BudgetLineForm(LocalisedErrors, forms.Form):
    label = forms.CharField(label=_("Item"), required=False, max_length=200)
    amount = _amount(_("Amount"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


BudgetLines = forms.formset_factory(
    BudgetLineForm, extra=2, max_num=MOST_BUDGET_LINES, validate_max=True
)


class DecisionForm(StaffForm):
    APPROVE = "approve"
    REFUSE = "refuse"
    error_fields: ClassVar[dict[str, str]] = {
        **{code: "amount_granted" for code in AMOUNT_ERRORS},
        "grant_exceeds_request": "amount_granted",
        "date_out_of_range": "report_due",
        "out_of_range": "report_due",
        "note_missing": "note",
        "note_too_long": "note",
    }
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve")), (REFUSE, _("Refuse"))],
        widget=forms.RadioSelect,
    )
    amount_granted = _amount(_("Amount granted"), required=False)
    report_due = BoundedDateField(label=_("Report due"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Reason or conditions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PaymentForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {
        **AMOUNT_ERRORS,
        "payment_exceeds_grant": "amount",
        "payment_in_future": "paid_on",
        "date_out_of_range": "paid_on",
        "out_of_range": "paid_on",
    }
    paid_on = BoundedDateField(label=_("Paid on"), widget=DateInput())
    amount = _amount(_("Amount"))


class ReportForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {
        "date_missing": "report_due",
        "date_out_of_range": "report_due",
        "out_of_range": "report_due",
    }
    report_due = BoundedDateField(label=_("Report due"), widget=DateInput())


class CloseForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {
        "report_in_future": "report_received_on",
        "date_out_of_range": "report_received_on",
        "out_of_range": "report_received_on",
    }
    report_received_on = BoundedDateField(label=_("Report received on"), widget=DateInput())


class AgreementForm(StaffForm):
    """A new agreement with a municipality of the funding region; the same funds each year
    (a year's funds can be changed on the agreement's page afterwards)."""

    error_fields: ClassVar[dict[str, str]] = {
        **{code: "funds" for code in AMOUNT_ERRORS},
        "municipality_outside": "municipality",
        "period_overlaps": "first_year",
        "invalid_year": "first_year",
        "year_out_of_range": "first_year",
        "period_reversed": "last_year",
        "period_too_long": "last_year",
        "invalid_currency": "currency",
        "conditions_too_long": "conditions",
        "contact_point_too_long": "contact_point",
    }
    municipality = forms.TypedChoiceField(label=_("Municipality"), coerce=int, choices=())
    first_year = forms.IntegerField(
        label=_("First year"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    last_year = forms.IntegerField(label=_("Final year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    funds = _amount(_("Funds each year"))
    contact_point = forms.CharField(label=_("Contact point"), required=False, max_length=300)
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, municipalities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a municipality")),
            *[(municipality.pk, municipality.name) for municipality in municipalities],
        ]


class FundsForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {
        **AMOUNT_ERRORS,
        "year_outside_period": "year",
        "invalid_year": "year",
        "year_out_of_range": "year",
    }
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    amount = _amount(_("Amount"))
