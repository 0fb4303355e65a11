"""Forms of the directory pages: they parse and label input; the services decide what is
allowed (lisko/associations/services.py), and their limits set the fields' bounds."""

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lisko.accounts.models import User
from lisko.associations import services
from lisko.associations.models import Association, Offer
from lisko.languages.models import Language
from lisko.organisations.models import FieldOfAction, Organisation
from web.staff.forms import MunicipalityChoiceField, StaffForm, language_choices


class AssociationForm(StaffForm):
    """An association's details, as create_association and update_association take them."""

    required_css_class = "required"
    error_fields: ClassVar[dict[str, str]] = {
        "name_missing": "name",
        "name_too_long": "name",
        "description_too_long": "description",
        "phone_too_long": "phone",
    }

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Name"), max_length=services.LONGEST_NAME)
    municipality = MunicipalityChoiceField(
        label=_("Municipality"), empty_label=_("Choose a municipality")
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=services.LONGEST_DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=services.LONGEST_PHONE, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(
        self, *args: Any, organisations: list[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["dir"] = "auto"
        field = self.fields["organisation"]
        if organisations is None:
            # An association stays in its organisation: the form changes its details only.
            del self.fields["organisation"]
            return
        field.queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[organisation.pk for organisation in organisations]
        )
        if len(organisations) == 1:
            field.widget = forms.HiddenInput()
            field.initial = organisations[0].pk

    @staticmethod
    def initial_of(association: Association) -> dict[str, Any]:
        return {
            "name": association.name,
            "municipality": association.municipality_id,
            "description": association.description,
            "email": association.email,
            "phone": association.phone,
            "website": association.website,
        }

    def details(self) -> dict[str, Any]:
        """The cleaned details as the services take them (without the organisation)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "organisation"}


class OfferForm(StaffForm):
    """An offer, as create_offer and update_offer take it."""

    required_css_class = "required"
    error_fields: ClassVar[dict[str, str]] = {
        "title_missing": "title",
        "title_too_long": "title",
        "description_too_long": "description",
        "schedule_too_long": "schedule",
        "invalid_capacity": "capacity",
        "too_many_places": "capacity",
        "capacity_below_taken": "capacity",
        "foreign_field_of_action": "field_of_action",
    }

    title = forms.CharField(label=_("Title"), max_length=services.LONGEST_NAME)
    field_of_action = forms.ModelChoiceField(
        label=_("Field of action"),
        queryset=FieldOfAction.objects.none(),
        empty_label=_("Choose a field of action"),
    )
    municipality = MunicipalityChoiceField(
        label=_("Municipality"), empty_label=_("Choose a municipality")
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=services.MOST_PLACES,
        help_text=_("How many clients can take part at the same time."),
    )
    schedule = forms.CharField(
        label=_("Schedule"),
        max_length=services.LONGEST_NAME,
        required=False,
        help_text=_("e.g. Tuesdays 18:00–20:00"),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken in the offer"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=services.LONGEST_DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    is_active = forms.BooleanField(
        label=_("Active: social workers can refer clients to it"), required=False, initial=True
    )

    def __init__(
        self,
        *args: Any,
        fields_of_action: QuerySet[FieldOfAction],
        languages: list[Language],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field_of_action"].queryset = fields_of_action  # type: ignore[attr-defined]
        self.fields["languages"].choices = language_choices(languages)  # type: ignore[attr-defined]
        self._languages = {language.code: language for language in languages}
        for name in ("title", "schedule"):
            self.fields[name].widget.attrs["dir"] = "auto"

    def clean_languages(self) -> list[Language]:
        return [self._languages[code] for code in self.cleaned_data["languages"]]

    @staticmethod
    def initial_of(offer: Offer) -> dict[str, Any]:
        return {
            "title": offer.title,
            "field_of_action": offer.field_of_action_id,
            "municipality": offer.municipality_id,
            "capacity": offer.capacity,
            "schedule": offer.schedule,
            "languages": [language.code for language in offer.languages.all()],
            "description": offer.description,
            "is_active": offer.is_active,
        }


class PartnerForm(StaffForm):
    """A person to link to an association as its partner. The list offers the organisation's
    association partners not yet linked; any other person of the organisation is refused by
    add_partner, with its reason."""

    error_fields: ClassVar[dict[str, str]] = {"not_a_partner": "user"}

    user = forms.ModelChoiceField(
        label=_("Association partner"),
        queryset=User.objects.none(),
        empty_label=_("Choose a person"),
        help_text=_("People of the organisation who hold the association partner role."),
    )

    def __init__(
        self, *args: Any, people: QuerySet[User], candidates: list[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        field = self.fields["user"]
        field.queryset = people  # type: ignore[attr-defined]
        field.widget.choices = [  # type: ignore[attr-defined]
            ("", field.empty_label),  # type: ignore[attr-defined]
            *((user.pk, str(user)) for user in candidates),
        ]
