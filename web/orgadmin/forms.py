"""Forms of the organisation admin's pages: they parse and label input; the services in
lisko/organisations/services.py decide what is allowed and refuse absurd values."""

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lisko.accounts.models import User
from lisko.appointments.models import Appointment
from lisko.audit.models import AuditEvent
from lisko.organisations.models import FieldOfAction, Organisation, Role
from lisko.organisations.services import SETTING_RANGES
from lisko.places.models import Municipality
from web.staff.forms import BoundedDateField, DateInput, MunicipalityChoiceField, StaffForm

ROLE_CHOICES = [("", _("Choose a role")), *Role.choices]


class GiveRoleForm(StaffForm):
    login = forms.CharField(
        label=_("User name or e-mail address"),
        max_length=254,
        help_text=_("The person must already have a Lisko account."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)


class NewAccountForm(StaffForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=User._meta.get_field("username").max_length,
        help_text=_("Letters, digits and @ . + - _ only; the person logs in with it."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    password = forms.CharField(
        label=_("First password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Hand it over in person or by phone, never by e-mail, and ask the person to change it."
        ),
    )
    password_again = forms.CharField(
        label=_("First password, once more"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("password")
            and cleaned.get("password_again")
            and cleaned["password"] != cleaned["password_again"]
        ):
            self.add_error("password_again", _("The two passwords differ."))
        return cleaned


def _number_field(name: str, label: Any, help_text: Any) -> forms.IntegerField:
    lowest, highest = SETTING_RANGES[name]
    return forms.IntegerField(label=label, min_value=lowest, max_value=highest, help_text=help_text)


class SettingsForm(StaffForm):
    offer_strategy = forms.ChoiceField(
        label=_("How offers go out"), choices=Organisation.OfferStrategy.choices
    )
    broadcast_size = _number_field(
        "broadcast_size",
        _("Candidates per broadcast"),
        _("With a broadcast, this many interpreters are offered an appointment at once."),
    )
    offer_expiry_hours = _number_field(
        "offer_expiry_hours",
        _("An offer expires after (hours)"),
        _("An interpreter who has not answered by then loses the offer to the next candidate."),
    )
    retention_months = _number_field(
        "retention_months",
        _("Keep closed cases for (months)"),
        _("After this time a closed case is due to be anonymised."),
    )
    require_two_factor = forms.BooleanField(
        label=_("Staff confirm each sign-in with a code from an authenticator app"),
        help_text=_(
            "Social workers, coordinators and admins set up an app on their phone at their next "
            "sign-in; interpreters and partners are not asked."
        ),
        required=False,
    )
    heavy_kinds = forms.MultipleChoiceField(
        label=_("Emotionally heavy kinds of appointment"),
        choices=Appointment.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Appointments of these kinds count against each interpreter's weekly cap of heavy "
            "assignments."
        ),
    )

    @classmethod
    def of(cls, organisation: Organisation, data: Any = None) -> "SettingsForm":
        """The form filled with the organisation's current settings (or with `data`)."""
        return cls(
            data,
            initial={
                "offer_strategy": organisation.offer_strategy,
                "broadcast_size": organisation.broadcast_size,
                "offer_expiry_hours": organisation.offer_expiry_hours,
                "retention_months": organisation.retention_months,
                "require_two_factor": organisation.require_two_factor,
                "heavy_kinds": list(organisation.heavy_kinds),
            },
        )


class FieldOfActionForm(StaffForm):
    name = forms.CharField(
        label=_("Name"), max_length=FieldOfAction._meta.get_field("name").max_length
    )


class ActorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return f"{obj} ({obj.username})" if obj.get_full_name() else obj.username


class AuditFilterForm(StaffForm):
    """The audit log's search: every field optional, every value checked."""

    text = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        help_text=_("Words in the reason, the kind of record or the person's name."),
    )
    client = forms.CharField(
        label=_("Client"),
        max_length=32,
        required=False,
        help_text=_("The client's reference or number."),
    )
    actor = ActorChoiceField(
        label=_("Who"), queryset=User.objects.none(), required=False, empty_label=_("Anyone")
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("", _("Any action")), *AuditEvent.Action.choices],
        required=False,
    )
    since = BoundedDateField(label=_("From"), required=False, widget=DateInput())
    until = BoundedDateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period lies before its start."))
        return cleaned

    def period(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The period chosen, as the start of its first day and the start of the day after it,
        in the installation's time zone."""

        def midnight(day: dt.date) -> dt.datetime:
            return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        return (
            midnight(since) if since else None,
            midnight(until + dt.timedelta(days=1)) if until else None,
        )

    def described(self) -> str:
        """The filters chosen, in plain untranslated words, for the audit trail's own record."""
        parts = []
        for name in ("text", "client", "action", "since", "until"):
            value = self.cleaned_data.get(name)
            if value:
                parts.append(f"{name}={value}")
        if self.cleaned_data.get("actor") is not None:
            parts.append(f"actor={self.cleaned_data['actor'].pk}")
        return ", ".join(parts)


class RegionChoiceField(forms.ModelChoiceField):
    """A region named with the regions it lies in: "Amt Haddeby · Schleswig-Flensburg"."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.parent.name}" if obj.parent_id else obj.name


def _regions() -> QuerySet[Any]:
    from lisko.places.models import Region

    return Region.objects.select_related("parent").order_by("country", "parent__name", "name")


class SharingAgreementForm(StaffForm):
    region = RegionChoiceField(label=_("Region"), queryset=_regions())
    signed_on = BoundedDateField(label=_("Signed on"), widget=DateInput)
    signed_by = forms.CharField(
        label=_("Signed by"),
        max_length=200,
        help_text=_("Name and function of the person who signed for the organisation."),
    )
    valid_from = BoundedDateField(label=_("Valid from"), widget=DateInput)
    valid_until = BoundedDateField(
        label=_("Valid until"),
        widget=DateInput,
        required=False,
        help_text=_("Empty: until it is withdrawn."),
    )


class PlannerRegionForm(StaffForm):
    membership = forms.TypedChoiceField(label=_("Planner"), coerce=int, choices=())
    region = RegionChoiceField(label=_("Region"), queryset=_regions())

    def __init__(self, *args: Any, planners: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a planner")),
            *[(membership.pk, str(membership.user)) for membership in planners],
        ]


class ProcessingRecordForm(StaffForm):
    """What the organisation says of one consent purpose: its renewal period and a note."""

    renewal_months = forms.IntegerField(
        label=_("Renew the consent after (months)"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=_("Leave empty if the consent stands until the client withdraws it."),
    )
    note = forms.CharField(
        label=_("Note for the record"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What your organisation does differently, or adds, for this purpose."),
    )


class NamedMunicipalityField(MunicipalityChoiceField):
    """A municipality named with its region: "Emmen · Luzern"."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.region.name}" if obj.region_id else obj.name


class OfficerMunicipalityForm(StaffForm):
    membership = forms.TypedChoiceField(label=_("Integration officer"), coerce=int, choices=())
    municipality = NamedMunicipalityField(
        label=_("Municipality"), queryset=Municipality.objects.select_related("region")
    )

    def __init__(self, *args: Any, officers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose an integration officer")),
            *[(membership.pk, str(membership.user)) for membership in officers],
        ]
