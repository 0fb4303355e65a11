"""Forms of the staff pages: they parse and label input; the services decide what is allowed."""

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lisko.appointments.models import Appointment
from lisko.associations.models import Association
from lisko.clients.models import Client, Consent, Gender, HouseholdMember, ResidenceStatus
from lisko.core import limits
from lisko.core.errors import DomainError
from lisko.interpreters.models import Debrief, Modality, Skill
from lisko.languages.models import Language, name_with_macrolanguage
from lisko.organisations.models import FieldOfAction, Organisation
from lisko.places.collation import name_key, sorted_by_name
from lisko.places.countries import country_choices, is_country
from lisko.places.models import Municipality
from lisko.plans.models import Goal

LEVELS = [(level, str(level)) for level in range(1, 6)]
WHO_CHOICES = [
    (0, _("An interpreter or a key person")),
    (1, _("A certified interpreter (level 1 or higher)")),
    (2, _("A certified interpreter (level 2 or higher)")),
    (3, _("A certified interpreter (level 3)")),
]
PRIORITIES = [(1, _("Normal")), (2, _("High")), (3, _("Urgent"))]
ALTERNATIVE_SLOTS = 2


class GoalChoiceField(forms.ModelChoiceField):
    """A goal named with its field of action, as social workers think of it."""

    def label_from_instance(self, obj: Goal) -> str:  # type: ignore[override]
        return gettext("{field}: {goal}").format(
            field=obj.field_of_action.display_name(), goal=obj.wording
        )


class MunicipalityIterator(forms.models.ModelChoiceIterator):
    """The municipalities by name as a reader sorts them ("Käerjeng" before "Kopstal"), not by
    the database's bytes."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for municipality in sorted_by_name(self.queryset, lambda m: m.name):
            yield self.choice(municipality)


class MunicipalityChoiceField(forms.ModelChoiceField):
    iterator = MunicipalityIterator

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Municipality.objects.all())
        super().__init__(**kwargs)


class CountryChoiceField(forms.ChoiceField):
    """A country of ISO 3166-1, chosen by its name in the reader's language; cleans to its
    two-letter code (empty when not known)."""

    default_error_messages = {
        "invalid_choice": _("Choose a country from the list."),
    }

    def __init__(self, **kwargs: Any) -> None:
        self.kept = ""
        # A callable: the names follow the language of each request, not of the first one.
        super().__init__(choices=self._countries, **kwargs)

    def _countries(self) -> list[tuple[str, str]]:
        kept = [(self.kept, self.kept)] if self.kept else []
        return [("", gettext("Not known")), *kept, *country_choices()]

    def keep(self, code: str) -> None:
        """Offer a code recorded before the list existed (say "XK"), so that saving other
        details does not drop it unseen."""
        if code and not is_country(code):
            self.kept = code
            # The form works on a copy of the field: the choices must ask this copy.
            self.choices = self._countries

    def to_python(self, value: Any) -> str:
        return super().to_python(value).strip().upper()

    def valid_value(self, value: Any) -> bool:
        return value in ("", self.kept) or is_country(str(value))


class LocalisedErrors:
    """Numbers in Django's own field messages ("at most 10000 places", "at most 5000
    characters") written as the reader writes them ("10’000", "10.000", "10,000").

    Django puts a validator's numbers into its message as they are; the message is turned into
    text here, in the reader's language, with the plural form still chosen by the number.
    """

    def add_error(self, field: str | None, error: Any) -> None:
        if isinstance(error, ValidationError):
            for item in _items(error):
                _localise_numbers(item)
        super().add_error(field, error)  # type: ignore[misc]


def _items(error: ValidationError) -> list[ValidationError]:
    if hasattr(error, "error_dict"):
        return [item for items in error.error_dict.values() for item in items]
    return list(error.error_list)


def _localise_numbers(item: ValidationError) -> None:
    params = item.params if isinstance(item.params, dict) else None
    numbers = {
        key: value
        for key, value in (params or {}).items()
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    }
    if not numbers:
        return
    text = str(item.message % params)
    for value in sorted(numbers.values(), key=lambda number: -len(str(number))):
        written = formats.number_format(value, force_grouping=True)
        if written != str(value):
            text = re.sub(rf"(?<![\d.,]){re.escape(str(value))}(?!\d)", written, text)
    item.message, item.params = text, None


class StaffForm(LocalisedErrors, forms.Form):
    """Labels without a trailing colon: the layout sets them apart already."""

    # Where a service's refusal belongs, by its code; any other goes on top of the form.
    error_fields: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class BoundedDateField(forms.DateField):
    """A date within the years Lisko deals with (lisko.core.limits): year 1 or 9999 parses,
    but breaks the date arithmetic that follows."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None:
            _check(limits.check_date, value)


class BirthDateField(BoundedDateField):
    """A birth date no longer ago than anybody lives."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None:
            _check(limits.check_birth_date, value, today=timezone.localdate())


def _check(rule: Any, *args: Any, **kwargs: Any) -> None:
    """Run one of the limits' checks, its refusal as the field's error."""
    try:
        rule(*args, **kwargs)
    except DomainError as error:
        raise forms.ValidationError(str(error.message), code=error.code) from None


def language_choices(languages: list[Language]) -> list[tuple[str, str]]:
    """Languages by name in the reader's language; a variety names its macrolanguage."""
    by_id = {language.pk: language for language in languages}
    choices = []
    for language in languages:
        parent = by_id.get(language.parent_id) if language.parent_id else None
        name = name_with_macrolanguage(
            language.display_name(), parent.display_name() if parent is not None else None
        )
        choices.append((language.code, name))
    return sorted(choices, key=lambda choice: name_key(choice[1]))


class GoalForm(StaffForm):
    field_of_action = forms.ModelChoiceField(
        label=_("Field of action"), queryset=FieldOfAction.objects.none()
    )
    wording = forms.CharField(
        label=_("Goal in the client's words"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    intake_level = forms.TypedChoiceField(
        label=_("Independence today (1 needs a lot of support, 5 manages alone)"),
        choices=LEVELS,
        coerce=int,
        initial=2,
    )

    def __init__(self, *args: Any, fields_of_action: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fields_of_action is not None:
            self.fields["field_of_action"].queryset = fields_of_action  # type: ignore[attr-defined]


class ReviewForm(StaffForm):
    level = forms.TypedChoiceField(
        label=_("Independence now (1–5)"), choices=LEVELS, coerce=int, initial=3
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class MilestoneForm(StaffForm):
    title = forms.CharField(label=_("Step"), max_length=200)
    due_date = BoundedDateField(label=_("Due"), widget=DateInput())
    responsible_text = forms.CharField(
        label=_("Responsible"),
        required=False,
        max_length=200,
        help_text=_("Leave empty if you are responsible yourself."),
    )


class ConsentForm(StaffForm):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Consent.Purpose.choices)
    association = forms.ModelChoiceField(
        label=_("Association (only for sharing)"),
        queryset=Association.objects.none(),
        required=False,
    )
    shared_details = forms.MultipleChoiceField(
        label=_("What the association may see besides the first name"),
        choices=Consent.SharedDetail.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    expires_on = BoundedDateField(
        label=_("Expires on"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Leave empty to use the organisation's renewal period for this purpose. Recording "
            "a consent that has expired again renews it."
        ),
    )

    def __init__(self, *args: Any, associations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if associations is not None:
            self.fields["association"].queryset = associations  # type: ignore[attr-defined]

    def clean_expires_on(self) -> dt.date | None:
        expires_on = self.cleaned_data.get("expires_on")
        if expires_on is not None and expires_on <= timezone.localdate():
            raise forms.ValidationError(
                _("Choose an expiry date in the future."), code="expires_in_past"
            )
        return expires_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The consent expires as the chosen day begins, on the local clock: "expired on" it.
        expires_on = cleaned.get("expires_on")
        cleaned["expires_at"] = (
            None
            if expires_on is None
            else timezone.make_aware(dt.datetime.combine(expires_on, dt.time.min))
        )
        return cleaned


# The booking form's choice "no specialisation", beside "as the kind needs" (blank).
NO_SKILL = "none"


def skills_of_choice(choice: str) -> list[str] | None:
    """The booking form's specialisation choice as the booking service takes it."""
    if not choice:
        return None
    return [] if choice == NO_SKILL else [choice]


class BookingForm(StaffForm):
    kind = forms.ChoiceField(label=_("Kind of appointment"), choices=Appointment.Kind.choices)
    date = BoundedDateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    modality = forms.ChoiceField(
        label=_("How the interpreter takes part"),
        choices=Modality.choices,
        initial=Modality.ON_SITE,
        widget=forms.RadioSelect,
    )
    municipality = MunicipalityChoiceField(label=_("Municipality"), required=False)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    remote_link = forms.CharField(
        label=_("Call link or phone number"), required=False, max_length=500
    )
    language = forms.ChoiceField(label=_("Language and variety"))
    who = forms.TypedChoiceField(
        label=_("Who is needed"), choices=WHO_CHOICES, coerce=int, initial=0
    )
    min_proficiency = forms.TypedChoiceField(
        label=_("Minimum proficiency in the language (1–5)"),
        choices=LEVELS,
        coerce=int,
        initial=3,
    )
    gender = forms.ChoiceField(
        label=_("Interpreter's gender"),
        choices=[("", _("Any"))] + [c for c in Gender.choices if c[0]],
        required=False,
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=PRIORITIES, coerce=int, initial=1
    )
    skill = forms.ChoiceField(
        label=_("Specialisation needed"),
        choices=[("", _("As the kind of appointment needs")), (NO_SKILL, _("None"))]
        + list(Skill.choices),
        required=False,
        help_text=_(
            "Medical, legal and therapy talks, asylum hearings and child protection need an "
            "interpreter trained for them unless you choose otherwise."
        ),
    )
    goal = GoalChoiceField(label=_("Goal it serves"), queryset=Goal.objects.none(), required=False)
    notes_for_interpreter = forms.CharField(
        label=_("Notes for the interpreter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Seen by the interpreter: no health details or personal history."),
    )
    request_now = forms.BooleanField(
        label=_("Request an interpreter or key person now"), required=False, initial=True
    )

    def __init__(
        self,
        *args: Any,
        languages: list[Language] | None = None,
        goals: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(languages or [])  # type: ignore[attr-defined]
        if goals is not None:
            self.fields["goal"].queryset = goals  # type: ignore[attr-defined]
        for number in range(1, ALTERNATIVE_SLOTS + 1):
            self.fields[f"alt{number}_date"] = BoundedDateField(
                label=gettext("Alternative {number}: date").format(number=number),
                required=False,
                widget=DateInput(),
            )
            self.fields[f"alt{number}_start"] = forms.TimeField(
                label=gettext("Alternative {number}: from").format(number=number),
                required=False,
                widget=TimeInput(),
            )
            self.fields[f"alt{number}_end"] = forms.TimeField(
                label=gettext("Alternative {number}: until").format(number=number),
                required=False,
                widget=TimeInput(),
            )

    def alternative_fields(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"alt{number}_{part}"] for part in ("date", "start", "end")]
            for number in range(1, ALTERNATIVE_SLOTS + 1)
        ]

    @staticmethod
    def _aware(day: dt.date, time: dt.time) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, time))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slots = []
        for number in range(1, ALTERNATIVE_SLOTS + 1):
            parts = [data.get(f"alt{number}_{part}") for part in ("date", "start", "end")]
            if not any(parts):
                continue
            if not all(parts):
                raise forms.ValidationError(
                    gettext("Alternative {number} needs a date, a start and an end.").format(
                        number=number
                    )
                )
            day: dt.date = data[f"alt{number}_date"]
            start: dt.time = data[f"alt{number}_start"]
            end: dt.time = data[f"alt{number}_end"]
            slot = (self._aware(day, start), self._aware(day, end))
            self._check_period(f"alt{number}_date", *slot)
            slots.append(slot)
        data["alternative_slots"] = slots
        data["skills"] = skills_of_choice(data.get("skill", ""))
        if data.get("date") and data.get("start_time") and data.get("end_time"):
            data["start"] = self._aware(data["date"], data["start_time"])
            data["end"] = self._aware(data["date"], data["end_time"])
            self._check_period("date", data["start"], data["end"])
        return data

    def _check_period(self, field: str, start: dt.datetime, end: dt.datetime) -> None:
        """The booking service's limits, shown next to the date (the service checks again)."""
        try:
            limits.check_booking_period(start=start, end=end, now=timezone.now())
        except DomainError as error:
            self.add_error(field, str(error.message))


class RescheduleForm(StaffForm):
    """A new time, and how the interpreter takes part, for an appointment already booked."""

    error_fields: ClassVar[dict[str, str]] = {
        "ends_before_start": "end_time",
        "in_the_past": "date",
        "beyond_booking_horizon": "date",
        "too_long": "end_time",
    }

    date = BoundedDateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    modality = forms.ChoiceField(
        label=_("How the interpreter takes part"),
        choices=Modality.choices,
        widget=forms.RadioSelect,
    )
    remote_link = forms.CharField(
        label=_("Call link or phone number"), required=False, max_length=500
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date") and data.get("start_time") and data.get("end_time"):
            data["start"] = BookingForm._aware(data["date"], data["start_time"])
            data["end"] = BookingForm._aware(data["date"], data["end_time"])
            if data["end"] <= data["start"]:
                self.add_error("end_time", gettext("An appointment must end after it starts."))
        return data


class OfferSearchForm(StaffForm):
    field_of_action = forms.ModelChoiceField(
        label=_("Field of action"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        empty_label=_("Any field"),
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    municipality = MunicipalityChoiceField(
        label=_("Municipality"), required=False, empty_label=_("Anywhere")
    )
    free_places = forms.BooleanField(
        label=_("Only offers with a free place"), required=False, initial=True
    )

    def __init__(
        self,
        *args: Any,
        fields_of_action: Any = None,
        languages: list[Language] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if fields_of_action is not None:
            self.fields["field_of_action"].queryset = fields_of_action  # type: ignore[attr-defined]
        self.fields["language"].choices = [("", gettext("Any language"))] + language_choices(  # type: ignore[attr-defined]
            languages or []
        )


class ReferForm(StaffForm):
    consent = forms.ChoiceField(label=_("Consent to share"), widget=forms.RadioSelect)
    shared_details = forms.MultipleChoiceField(
        label=_("For a new consent: what the association may see besides the first name"),
        choices=Consent.SharedDetail.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goal = GoalChoiceField(label=_("Goal it serves"), queryset=Goal.objects.none(), required=False)
    note = forms.CharField(
        label=_("Note to the association"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by the association partner."),
    )

    def __init__(
        self,
        *args: Any,
        consents: list[Consent] | None = None,
        goals: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [
            (
                str(consent.pk),
                gettext("Consent given on {date}").format(
                    date=timezone.localdate(consent.given_at).isoformat()
                ),
            )
            for consent in consents or []
        ]
        choices.append(("new", gettext("The client gives consent now")))
        self.fields["consent"].choices = choices  # type: ignore[attr-defined]
        self.fields["consent"].initial = choices[0][0]
        if goals is not None:
            self.fields["goal"].queryset = goals  # type: ignore[attr-defined]


class OverrideForm(StaffForm):
    interpreter = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I have read the warnings and want to make this offer anyway."),
        required=False,
    )


# Clients ----------------------------------------------------------------------------------

PROFICIENCY_LEVELS = [
    (1, _("1 – a few words")),
    (2, _("2 – simple everyday phrases")),
    (3, _("3 – everyday conversation")),
    (4, _("4 – fluent, with gaps")),
    (5, _("5 – fluent or mother tongue")),
]
# Where a refusal of create_client or update_client belongs on the form; others go on top.
CLIENT_ERROR_FIELDS = {
    "reference_missing": "reference",
    "reference_too_long": "reference",
    "duplicate_reference": "reference",
    "invalid_gender": "gender",
    "invalid_residence_status": "residence_status",
    "invalid_country": "country_of_origin",
    "birth_in_future": "birth_date",
    "birth_too_early": "birth_date",
    "arrival_in_future": "arrival_date",
    "arrival_before_birth": "arrival_date",
    "invalid_phone": "phone",
    "invalid_email": "email",
}


class LanguageChoiceField(forms.ChoiceField):
    """A language chosen by its code from a list given by the view; cleans to the Language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages: dict[str, Language] = {}

    def set_languages(self, languages: list[Language]) -> None:
        self.languages = {language.code: language for language in languages}
        # No language is chosen for the social worker: a default would be saved unnoticed.
        self.choices = [("", gettext("Choose a language"))] + language_choices(languages)

    def clean(self, value: Any) -> Language | None:
        code = super().clean(value)
        return self.languages.get(code) if code else None


class ClientForm(StaffForm):
    """A client's details, as create_client and update_client take them."""

    required_css_class = "required"
    error_fields = CLIENT_ERROR_FIELDS

    reference = forms.CharField(
        label=_("Reference"),
        help_text=_("The pseudonymous case reference used in lists and exports."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = BirthDateField(label=_("Birth date"), required=False, widget=DateInput())
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    country_of_origin = CountryChoiceField(label=_("Country of origin"), required=False)
    municipality = MunicipalityChoiceField(
        label=_("Municipality"), empty_label=_("Choose a municipality")
    )
    arrival_date = BoundedDateField(label=_("Arrival date"), required=False, widget=DateInput())
    residence_status = forms.ChoiceField(
        label=_("Residence status"),
        choices=[("", _("Not known yet"))] + list(ResidenceStatus.choices),
        required=False,
    )
    preferred_language = LanguageChoiceField(label=_("Preferred language"))
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "dir": "ltr"}),
        help_text=_(
            "With the country code, e.g. +352 621 123 456. Text messages about appointments "
            "go to this number if the client consents to them."
        ),
    )
    # Checked by the service, so that its message is the one shown.
    email = forms.CharField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email", "dir": "ltr"}),
        help_text=_(
            "Messages about appointments go by e-mail when the client has no phone number to "
            "text, if the client consents to them."
        ),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for the social workers on the case."),
    )

    def __init__(self, *args: Any, languages: list[Language] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].set_languages(languages or [])  # type: ignore[attr-defined]
        self.fields["country_of_origin"].keep(self.initial.get("country_of_origin", ""))  # type: ignore[attr-defined]
        # These are a client's details, not the social worker's: no autofill from the browser.
        for field in self.fields.values():
            field.widget.attrs.setdefault("autocomplete", "off")

    @staticmethod
    def initial_of(client: Client) -> dict[str, Any]:
        """The form's starting values for an existing client."""
        return {
            "reference": client.reference,
            "first_name": client.first_name,
            "last_name": client.last_name,
            "birth_date": client.birth_date,
            "gender": client.gender,
            "country_of_origin": client.country_of_origin,
            "municipality": client.municipality_id,
            "arrival_date": client.arrival_date,
            "residence_status": client.residence_status,
            "preferred_language": client.preferred_language.code,
            "phone": client.phone,
            "email": client.email,
            "notes": client.notes,
        }

    def details(self, names: Iterable[str] | None = None) -> dict[str, Any]:
        """The cleaned client details, all of them or only those named."""
        wanted = ClientForm.base_fields.keys() if names is None else names
        return {name: self.cleaned_data[name] for name in wanted if name in ClientForm.base_fields}


class NewClientForm(ClientForm):
    """A new client; the organisation is asked only of social workers in several."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )

    def __init__(
        self, *args: Any, organisations: list[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        organisations = organisations or []
        if len(organisations) > 1:
            self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
                pk__in=[organisation.pk for organisation in organisations]
            )
        else:
            del self.fields["organisation"]
        self.only_organisation = organisations[0] if len(organisations) == 1 else None

    def chosen_organisation(self) -> Organisation:
        return self.cleaned_data.get("organisation") or self.only_organisation  # type: ignore[return-value]


class ClientLanguageForm(StaffForm):
    language = LanguageChoiceField(label=_("Language"))
    proficiency = forms.TypedChoiceField(
        label=_("Proficiency"), choices=PROFICIENCY_LEVELS, coerce=int, initial=3
    )

    def __init__(self, *args: Any, languages: list[Language] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].set_languages(languages or [])  # type: ignore[attr-defined]


class ProficiencyForm(StaffForm):
    proficiency = forms.TypedChoiceField(
        label=_("Proficiency"), choices=PROFICIENCY_LEVELS, coerce=int
    )


class HouseholdMemberForm(StaffForm):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=100)
    relation = forms.ChoiceField(
        label=_("Relation"),
        choices=[("", _("Choose a relation"))] + list(HouseholdMember.Relation.choices),
    )
    birth_date = BirthDateField(label=_("Birth date"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("autocomplete", "off")


# Hours and rates (web/staff/views/hours.py): the forms take the figures as typed; the payroll
# services decide what is a valid rate or correction.
from lisko.interpreters.models import Interpreter  # noqa: E402
from lisko.payroll.models import Currency, Rate  # noqa: E402


class RateForm(StaffForm):
    """The organisation's rate for one kind of work; the kind names the form (its prefix)."""

    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    hourly = forms.DecimalField(label=_("Per hour"))
    evening_from_hour = forms.IntegerField(label=_("Evening begins at (hour)"), initial=20)
    evening_percent = forms.DecimalField(label=_("Evening surcharge (%)"), initial=0)
    weekend_percent = forms.DecimalField(label=_("Weekend surcharge (%)"), initial=0)
    travel_per_minute = forms.DecimalField(label=_("Travel, per minute"), initial=0)
    minimum_minutes = forms.IntegerField(label=_("Minimum billable minutes"), initial=0)
    late_cancellation_hours = forms.IntegerField(
        label=_("Late cancellation: less than (hours) before the start"), initial=24
    )
    late_cancellation_percent = forms.DecimalField(
        label=_("Late cancellation: share paid (%)"), initial=0
    )

    def __init__(self, *args: Any, kind: str, rate: Rate | None = None, **kwargs: Any) -> None:
        if rate is not None:
            kwargs.setdefault("initial", {name: getattr(rate, name) for name in self.base_fields})
        super().__init__(*args, prefix=kind, **kwargs)
        self.kind = kind
        self.kind_label = Interpreter.Kind(kind).label
        for field in self.fields.values():
            if not isinstance(field, forms.ChoiceField):
                field.widget.attrs.update(inputmode="decimal", size=8)

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class CorrectHoursForm(StaffForm):
    """Other minutes or travel than logged, and why."""

    error_fields: ClassVar[dict[str, str]] = {"note_required": "note"}

    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.NumberInput(attrs={"min": 0, "step": 1})
    )
    travel_minutes = forms.CharField(
        label=_("Travel minutes"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "step": 1}),
    )
    note = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=300,
        help_text=_("Required when the minutes differ from those logged."),
    )


class RecordDebriefForm(StaffForm):
    """When and how a debrief asked for took place."""

    held_on = BoundedDateField(label=_("Held on"), widget=DateInput())
    form = forms.ChoiceField(label=_("Form"), choices=Debrief.Form.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For the supervision log; no details of the client."),
    )
