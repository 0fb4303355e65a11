"""Forms of the welcome pages: they parse and label input; lisko.welcome.services decides."""

import datetime as dt
from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lisko.interpreters.models import Modality
from lisko.organisations.models import Organisation
from lisko.welcome.models import (
    DEFAULT_WEEKS,
    FEWEST_WEEKS,
    LARGEST_HOUSEHOLD,
    MOST_WEEKS,
    Channel,
    Topic,
)
from web.staff.forms import (
    CLIENT_ERROR_FIELDS,
    BoundedDateField,
    DateInput,
    LanguageChoiceField,
    MunicipalityChoiceField,
    StaffForm,
    TimeInput,
)


class ProgrammeForm(StaffForm):
    """A new welcome programme, as create_welcome_programme takes it."""

    error_fields: ClassVar[dict[str, str]] = {
        "weeks_out_of_range": "weeks_target",
        "duplicate_programme": "municipality",
        "start_too_far_ahead": "started_on",
        "out_of_range": "started_on",
    }

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    municipality = MunicipalityChoiceField(
        label=_("Municipality"), empty_label=_("Choose a municipality")
    )
    weeks_target = forms.IntegerField(
        label=_("Weeks after arrival"),
        initial=DEFAULT_WEEKS,
        widget=forms.NumberInput(attrs={"min": FEWEST_WEEKS, "max": MOST_WEEKS}),
        help_text=_(
            "Within how many weeks of arrival a newcomer should have had the conversation."
        ),
    )
    started_on = BoundedDateField(label=_("Started on"), widget=DateInput())

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[organisation.pk for organisation in organisations]
        )
        if len(organisations) == 1:
            field.widget = forms.HiddenInput()
            field.initial = organisations[0].pk


class NewcomerForm(StaffForm):
    """A newcomer as register_newcomer takes them."""

    required_css_class = "required"
    error_fields: ClassVar[dict[str, str]] = {
        **CLIENT_ERROR_FIELDS,
        "name_missing": "first_name",
        "arrival_missing": "arrival_date",
        "arrival_too_early": "arrival_date",
        "out_of_range": "arrival_date",
        "household_out_of_range": "household_size",
        "no_email": "email",
        "invalid_email": "email",
        "unknown_channel": "channel",
    }

    reference = forms.CharField(
        label=_("Reference"),
        help_text=_("The pseudonymous case reference used in lists and exports."),
    )
    # A name may be typed in its own script, whatever the page's direction.
    first_name = forms.CharField(
        label=_("First name"), max_length=100, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=100, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    arrival_date = BoundedDateField(label=_("Arrival date"), widget=DateInput())
    preferred_language = LanguageChoiceField(label=_("Preferred language"))
    household_size = forms.IntegerField(
        label=_("People in the household"),
        initial=1,
        widget=forms.NumberInput(attrs={"min": 1, "max": LARGEST_HOUSEHOLD}),
    )
    channel = forms.ChoiceField(
        label=_("Invite by"), choices=Channel.choices, initial=Channel.LETTER
    )
    email = forms.CharField(label=_("E-mail address"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=32)


class WeeksTargetForm(StaffForm):
    """The programme's target, as change_weeks_target takes it."""

    error_fields: ClassVar[dict[str, str]] = {"weeks_out_of_range": "weeks_target"}

    weeks_target = forms.IntegerField(
        label=_("Weeks after arrival"),
        widget=forms.NumberInput(attrs={"min": FEWEST_WEEKS, "max": MOST_WEEKS}),
    )


class TemplateForm(StaffForm):
    """The invitation in one language."""

    error_fields: ClassVar[dict[str, str]] = {
        "unknown_placeholder": "body",
        "subject_too_long": "subject",
    }

    language = LanguageChoiceField(label=_("Language"))
    subject = forms.CharField(
        label=_("Subject"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        # The placeholders isolated left to right (LRI … PDI): in an Arabic sentence, braces
        # and commas would otherwise reorder them.
        help_text=format_lazy(
            _("Placeholders: {placeholders}."),
            placeholders="\u2066{first_name}, {last_name}, {municipality}, {organisation}\u2069",
        ),
    )


class InviteForm(StaffForm):
    channel = forms.ChoiceField(label=_("Invite by"), choices=Channel.choices)


class AddressForm(StaffForm):
    """How the newcomer is invited, as change_invitation_channel takes it."""

    error_fields: ClassVar[dict[str, str]] = {
        "unknown_channel": "channel",
        "no_email": "email",
        "invalid_email": "email",
    }

    channel = forms.ChoiceField(label=_("Invite by"), choices=Channel.choices)
    # Checked by the service, so that its message is the one shown.
    email = forms.CharField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )


class BookForm(StaffForm):
    """When and where the welcome conversation takes place; the matcher finds the interpreter."""

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
        initial=Modality.ON_SITE,
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    remote_link = forms.CharField(
        label=_("Call link or phone number"), required=False, max_length=500
    )

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        """Start and end in the current time zone."""
        day = self.cleaned_data["date"]
        start = timezone.make_aware(dt.datetime.combine(day, self.cleaned_data["start_time"]))
        end = timezone.make_aware(dt.datetime.combine(day, self.cleaned_data["end_time"]))
        return start, end


class ConversationForm(StaffForm):
    """What the conversation covered, and which offers follow up (chosen by the view's list)."""

    error_fields: ClassVar[dict[str, str]] = {
        "no_topics": "topics",
        "unknown_topic": "topics",
        "held_in_future": "held_on",
        "held_before_arrival": "held_on",
    }

    held_on = BoundedDateField(label=_("Held on"), widget=DateInput())
    topics = forms.MultipleChoiceField(
        label=_("Topics covered"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    follow_ups = forms.MultipleChoiceField(
        label=_("Refer to"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Offers of the associations the newcomer has agreed to share with. Record a "
            "consent on the client's page to refer elsewhere."
        ),
    )
    note = forms.CharField(
        label=_("Note to the association"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )

    def __init__(self, *args: Any, offers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_ups"].choices = offers  # type: ignore[attr-defined]
        if not offers:
            del self.fields["follow_ups"]
