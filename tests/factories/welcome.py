"""Factories for welcome programmes: a programme of an organisation in one municipality, and
newcomers registered through the service, as the pages register them."""

import datetime as dt

from django.utils import timezone

from lisko.accounts.models import User
from lisko.languages.models import Language
from lisko.organisations.models import Organisation
from lisko.places.models import Municipality
from lisko.welcome.models import Channel, WelcomeCase, WelcomeProgramme
from lisko.welcome.services import register_newcomer
from tests.factories.core import LanguageFactory, MunicipalityFactory

_counter = iter(range(1, 1_000_000))


def make_programme(
    organisation: Organisation,
    municipality: Municipality | None = None,
    *,
    weeks_target: int = 12,
) -> WelcomeProgramme:
    """A welcome programme that started a year ago (made directly: no social worker needed)."""
    return WelcomeProgramme.objects.create(
        organisation=organisation,
        municipality=municipality or MunicipalityFactory(),
        weeks_target=weeks_target,
        started_on=timezone.localdate() - dt.timedelta(days=365),
    )


def make_newcomer(
    programme: WelcomeProgramme,
    by: User,
    *,
    language: Language | None = None,
    arrived_days_ago: int = 20,
    channel: str = Channel.LETTER,
    email: str = "",
    first_name: str = "Amal",
    **fields: object,
) -> WelcomeCase:
    """A newcomer registered by `by` through register_newcomer."""
    number = next(_counter)
    return register_newcomer(
        programme=programme,
        by=by,
        reference=f"W-{number:05d}",
        first_name=first_name,
        last_name=f"Newcomer{number}",
        arrival_date=timezone.localdate() - dt.timedelta(days=arrived_days_ago),
        preferred_language=language or LanguageFactory(code="ara"),
        channel=channel,
        email=email,
        **fields,  # type: ignore[arg-type]
    )
