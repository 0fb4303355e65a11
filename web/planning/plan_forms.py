"""Forms of the region plan pages: they parse and label input; lisko.regionplans.services decides
what is allowed. Choices come from the view (the region's fields of action, municipalities,
organisations and planners), so a form offers only what the service accepts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from lisko.organisations.models import Organisation
from lisko.regionplans.indicators import KINDS
from lisko.regionplans.models import LAST_YEAR, Measure, PlanGoal, PlanMeeting
from web.staff.forms import BoundedDateField, DateInput, StaffForm, TimeInput

LARGEST = Decimal("999999999999.99")


def _choose(form: forms.Form, name: str, choices: Any) -> None:
    """Give a choice field of the form its choices (they depend on the region)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class PlanForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {
        "title_missing": "title",
        "title_too_long": "title",
        "invalid_year": "start_year",
        "year_out_of_range": "start_year",
        "period_reversed": "end_year",
        "period_too_long": "end_year",
        "plan_exists": "start_year",
    }
    title = forms.CharField(label=_("Title"), max_length=200)
    start_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=LAST_YEAR)
    end_year = forms.IntegerField(label=_("Final year"), min_value=2000, max_value=LAST_YEAR)


class NewVersionForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {"note_missing": "note", "note_too_long": "note"}
    note = forms.CharField(
        label=_("What the new version changes"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NeedsForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {"invalid_field": "field_of_action"}
    field_of_action = forms.ChoiceField(label=_("Field of action"))

    def __init__(self, *args: Any, fields_of_action: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "field_of_action", fields_of_action)


def _amount(label: Any, *, required: bool = False, min_value: Decimal | None = None) -> Any:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        max_value=LARGEST,
        min_value=min_value if min_value is not None else -LARGEST,
        # "12,5" in German and French, "12.5" in English: as the reader writes numbers.
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class GoalForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {
        "invalid_field": "field_of_action",
        "text_missing": "text",
        "text_too_long": "text",
        "target_missing": "target",
        "invalid_target": "target",
        "invalid_baseline": "baseline",
        "invalid_current": "current_value",
        "label_missing": "indicator_label",
        "invalid_indicator": "indicator_kind",
        "indicator_params": "indicator_kind",
        "invalid_language": "language",
        "invalid_municipality": "municipality",
    }
    field_of_action = forms.ChoiceField(label=_("Field of action"))
    text = forms.CharField(
        label=_("Goal"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    indicator_kind = forms.ChoiceField(label=_("Indicator"))
    language = forms.ChoiceField(label=_("Language (for interpreting)"), required=False)
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        required=False,
        help_text=_("Leave empty for the whole region."),
    )
    indicator_field = forms.ChoiceField(label=_("Field of the offers"), required=False)
    indicator_label = forms.CharField(
        label=_("What is measured (by hand)"), max_length=200, required=False
    )
    baseline = _amount(_("Baseline"))
    target = _amount(_("Target"), required=True)
    current_value = _amount(_("Current value (by hand)"))

    def __init__(
        self,
        *args: Any,
        fields_of_action: list[tuple[str, str]],
        languages: list[tuple[str, str]],
        municipalities: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "field_of_action", fields_of_action)
        _choose(
            self,
            "indicator_kind",
            [
                (PlanGoal.MANUAL, _("A figure entered by hand")),
                *((key, kind.label) for key, kind in KINDS.items()),
            ],
        )
        _choose(self, "language", [("", "—"), *languages])
        _choose(self, "municipality", [("", _("The whole region")), *municipalities])
        _choose(self, "indicator_field", [("", "—"), *fields_of_action])

    def indicator_params(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "language": data.get("language") or "",
            "municipality": data.get("municipality") or "",
            "field_of_action": data.get("indicator_field") or "",
        }


class GoalValueForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {
        "invalid_current": "current_value",
        "current_missing": "current_value",
    }
    current_value = _amount(_("Current value"), required=True)


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:  # type: ignore[override]
        return obj.name


class OrganisationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:  # type: ignore[override]
        return obj.name


class MeasureForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {
        "invalid_field": "field_of_action",
        "title_missing": "title",
        "title_too_long": "title",
        "invalid_organisation": "responsible_organisation",
        "invalid_partner": "partner_organisations",
        "invalid_budget": "budget",
        "negative_budget": "budget",
        "invalid_currency": "currency",
        "invalid_status": "status",
        "partners_too_long": "partners_text",
        "funding_too_long": "funding_source",
    }
    field_of_action = forms.ChoiceField(label=_("Field of action"))
    title = forms.CharField(label=_("Measure"), max_length=200)
    responsible_organisation = OrganisationChoice(
        label=_("Responsible organisation"), queryset=Organisation.objects.none()
    )
    partner_organisations = OrganisationChoices(
        label=_("Partner organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners_text = forms.CharField(label=_("Other partners"), max_length=500, required=False)
    funding_source = forms.CharField(label=_("Funding source"), max_length=200, required=False)
    budget = _amount(_("Budget"), min_value=Decimal("0"))
    currency = forms.ChoiceField(label=_("Currency"), choices=Measure.Currency.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)

    def __init__(
        self,
        *args: Any,
        fields_of_action: list[tuple[str, str]],
        organisation_ids: list[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "field_of_action", fields_of_action)
        organisations = Organisation.objects.filter(pk__in=organisation_ids).order_by("name")
        self.fields["responsible_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["partner_organisations"].queryset = organisations  # type: ignore[attr-defined]


class MilestoneForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {
        "invalid_field": "field_of_action",
        "title_missing": "title",
        "title_too_long": "title",
        "due_missing": "due_on",
        "due_outside_plan": "due_on",
        "invalid_measure": "measure",
        "invalid_responsible": "responsible",
    }
    field_of_action = forms.ChoiceField(label=_("Field of action"))
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    responsible = forms.ChoiceField(label=_("Responsible person"), required=False)
    measure = forms.ChoiceField(label=_("Measure"), required=False)

    def __init__(
        self,
        *args: Any,
        fields_of_action: list[tuple[str, str]],
        people: list[tuple[str, str]],
        measures: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "field_of_action", fields_of_action)
        _choose(self, "responsible", [("", "—"), *people])
        _choose(self, "measure", [("", "—"), *measures])


# -- participation ----------------------------------------------------------------------------


class MeetingForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {
        "invalid_kind": "kind",
        "held_on_missing": "held_on",
        "held_on_too_early": "held_on",
        "held_on_too_late": "held_on",
        "held_on_outside_plan": "held_on",
        "invalid_time": "starts_at",
        "place_missing": "place",
        "place_too_long": "place",
        "agenda_missing": "agenda",
        "agenda_missing_too_long": "agenda",
        "participants_too_long": "other_participants",
        "invalid_participant": "organisations",
    }
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=PlanMeeting.Kind.choices)
    held_on = BoundedDateField(label=_("Day"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Time (optional)"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    organisations = OrganisationChoices(
        label=_("Participating organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_participants = forms.CharField(
        label=_("Other participants"), max_length=500, required=False
    )
    agenda = forms.CharField(
        label=_("Agenda"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, organisation_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(pk__in=organisation_ids).order_by("name")
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]


class ResultForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {
        "result_missing": "text",
        "result_missing_too_long": "text",
    }
    text = forms.CharField(
        label=_("Result"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResultMeasureForm(MeasureForm):
    """A measure the result creates: the measure's fields, and which result."""

    result = forms.ChoiceField(label=_("Result"))
    field_order = ["result"]

    def __init__(self, *args: Any, results: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "result", results)


class ResultStatusForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {
        "invalid_measure": "measure",
        "invalid_status": "status",
        "status_unchanged": "status",
        "already_linked": "measure",
    }
    result = forms.ChoiceField(label=_("Result"))
    measure = forms.ChoiceField(label=_("Measure"))
    status = forms.ChoiceField(label=_("New status"), choices=Measure.Status.choices)

    def __init__(
        self,
        *args: Any,
        results: list[tuple[str, str]],
        measures: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "result", results)
        _choose(self, "measure", measures)
