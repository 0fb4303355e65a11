"""Forms of the network pages: they parse and label input; lisko.networks.services decides
what is allowed and says why not. Choices come from the selectors (what the reader may pick)."""

from __future__ import annotations

from typing import Any, ClassVar, Final

from django import forms
from django.utils.translation import gettext_lazy as _

from lisko.networks.models import NOTE_LENGTH, Outreach
from web.staff.forms import BoundedDateField, DateInput, StaffForm

DATE_ERRORS = {"date_missing", "date_too_early", "date_too_late", "out_of_range"}


def _dates(field: str) -> dict[str, str]:
    return dict.fromkeys(DATE_ERRORS, field)


Choices = list[tuple[Any, str]]
# Names and titles are typed in any script: the field follows what is typed, not the page.
AUTO: Final = {"dir": "auto"}


class NetworkForm(StaffForm):
    error_fields: ClassVar[dict[str, str]] = {
        "name": "name",
        "name_too_long": "name",
        "name_taken": "name",
        "office_too_long": "coordinating_office",
        "coordinator_not_staff": "coordinator",
        **_dates("started_on"),
    }
    municipality = forms.TypedChoiceField(label=_("Municipality"), coerce=int)
    organisation = forms.TypedChoiceField(
        label=_("Organisation running it"),
        coerce=int,
        help_text=_("The members come from this organisation's pool of key persons."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(AUTO))
    started_on = BoundedDateField(label=_("Started on"), widget=DateInput())
    coordinator = forms.TypedChoiceField(
        label=_("Coordinator"), coerce=int, required=False, empty_value=None
    )
    coordinating_office = forms.CharField(
        label=_("Coordinating office"),
        max_length=200,
        required=False,
        widget=forms.TextInput(AUTO),
        help_text=_("The office that coordinates the network, if no one of the staff is named."),
    )

    def __init__(
        self,
        *args: Any,
        municipalities: Choices,
        organisations: Choices,
        coordinators: Choices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipalities  # type: ignore[attr-defined]
        self.fields["organisation"].choices = organisations  # type: ignore[attr-defined]
        if coordinators:
            self.fields["coordinator"].choices = [("", "–"), *coordinators]  # type: ignore[attr-defined]
        else:
            del self.fields["coordinator"]


class CoordinatorForm(StaffForm):
    prefix = "coordinator"
    error_fields: ClassVar[dict[str, str]] = {
        "office_too_long": "coordinating_office",
        "coordinator_not_staff": "coordinator",
    }
    coordinator = forms.TypedChoiceField(
        label=_("Coordinator"), coerce=int, required=False, empty_value=None
    )
    coordinating_office = forms.CharField(
        label=_("Coordinating office"), max_length=200, required=False, widget=forms.TextInput(AUTO)
    )

    def __init__(self, *args: Any, coordinators: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if coordinators:
            self.fields["coordinator"].choices = [("", "–"), *coordinators]  # type: ignore[attr-defined]
        else:
            del self.fields["coordinator"]


class MemberForm(StaffForm):
    prefix = "member"
    error_fields: ClassVar[dict[str, str]] = {
        "not_a_key_person": "key_person",
        "already_member": "key_person",
        "inactive_key_person": "key_person",
        **_dates("joined_on"),
    }
    key_person = forms.TypedChoiceField(label=_("Key person"), coerce=int)
    joined_on = BoundedDateField(label=_("Joined on"), widget=DateInput())

    def __init__(self, *args: Any, candidates: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key_person"].choices = candidates  # type: ignore[attr-defined]


class LeavingForm(StaffForm):
    prefix = "leaving"
    error_fields: ClassVar[dict[str, str]] = {
        "left_before_joining": "left_on",
        **_dates("left_on"),
    }
    left_on = BoundedDateField(label=_("Left on"), widget=DateInput())


class TrainingForm(StaffForm):
    prefix = "training"
    error_fields: ClassVar[dict[str, str]] = {
        "title": "title",
        "title_too_long": "title",
        "invalid_hours": "hours",
        "not_a_member_then": "attendees",
        **_dates("held_on"),
    }
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(AUTO))
    held_on = BoundedDateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(label=_("Hours"), localize=True, max_digits=6, decimal_places=2)
    attendees = forms.TypedMultipleChoiceField(
        label=_("Attended"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, members: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = members  # type: ignore[attr-defined]


class OutreachForm(StaffForm):
    prefix = "outreach"
    error_fields: ClassVar[dict[str, str]] = {
        "invalid_kind": "kind",
        "invalid_people_reached": "people_reached",
        "unknown_language": "languages",
        "too_many_languages": "languages",
        "note_too_long": "note",
        **_dates("held_on"),
    }
    kind = forms.ChoiceField(label=_("Kind"), choices=Outreach.Kind.choices)
    held_on = BoundedDateField(label=_("Date"), widget=DateInput())
    # The service decides the range, so that pages and services refuse alike.
    people_reached = forms.IntegerField(label=_("People reached"), localize=True)
    languages = forms.MultipleChoiceField(label=_("Languages"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=Outreach._meta.get_field("note").help_text,
    )

    def __init__(self, *args: Any, languages: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = languages  # type: ignore[attr-defined]


class FundingForm(StaffForm):
    prefix = "funding"
    error_fields: ClassVar[dict[str, str]] = {}
    application = forms.TypedChoiceField(
        label=_("Funding application"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, applications: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [("", _("None")), *applications]  # type: ignore[attr-defined]
