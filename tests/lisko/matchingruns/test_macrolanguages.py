"""A request in a macrolanguage reaches the speakers of its varieties (desk issue, item 2)."""

import datetime as dt

import pytest
from django.utils import timezone

from lisko.appointments.models import Assignment
from lisko.clients.models import Client
from lisko.languages.models import Language
from lisko.matchingruns.dispatch import match_request
from lisko.places.models import Municipality
from tests.conftest import Personas
from tests.factories.core import LanguageFactory
from tests.lisko.matchingruns.conftest import make_interpreter, make_request

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("macrolanguage", "variety"),
    [("ara", "apc"), ("fas", "prs"), ("kur", "kmr"), ("sqi", "aln"), ("hbs", "bos")],
)
def test_a_request_in_a_macrolanguage_is_offered_to_a_speaker_of_a_variety(
    personas: Personas,
    client_of_sofia: Client,
    luxembourg: Municipality,
    macrolanguage: str,
    variety: str,
) -> None:
    parent = LanguageFactory(code=macrolanguage)
    spoken = LanguageFactory(code=variety, parent=parent)
    speaker = make_interpreter(organisation=personas.organisation, language=spoken, home=luxembourg)
    appointment = make_request(client=client_of_sofia, language=parent)

    [offer] = match_request(appointment_id=appointment.pk)

    assert offer.interpreter_id == speaker.pk


def test_a_request_in_a_variety_is_not_offered_to_a_speaker_of_another_variety(
    personas: Personas, client_of_sofia: Client, luxembourg: Municipality, arabic: Language
) -> None:
    levantine = LanguageFactory(code="apc", parent=arabic)
    moroccan = LanguageFactory(code="ary", parent=arabic)
    make_interpreter(organisation=personas.organisation, language=moroccan, home=luxembourg)
    appointment = make_request(client=client_of_sofia, language=levantine)

    assert match_request(appointment_id=appointment.pk) == []
    assert not Assignment.objects.filter(appointment=appointment).exists()


def test_an_interpreter_whose_certification_lapsed_is_not_matched_where_a_level_is_needed(
    personas: Personas, client_of_sofia: Client, luxembourg: Municipality, arabic: Language
) -> None:
    lapsed = timezone.localdate() - dt.timedelta(days=400)
    make_interpreter(
        organisation=personas.organisation,
        language=arabic,
        home=luxembourg,
        level=3,
        certification_expires=lapsed,
    )
    appointment = make_request(client=client_of_sofia, min_level=1)

    assert match_request(appointment_id=appointment.pk) == []
    appointment.refresh_from_db()
    assert appointment.unfilled_reason == "certification_expired"


def test_a_lapsed_certification_does_not_matter_where_no_level_is_needed(
    personas: Personas, client_of_sofia: Client, luxembourg: Municipality, arabic: Language
) -> None:
    speaker = make_interpreter(
        organisation=personas.organisation,
        language=arabic,
        home=luxembourg,
        level=3,
        certification_expires=timezone.localdate() - dt.timedelta(days=400),
    )
    appointment = make_request(client=client_of_sofia, min_level=0)

    [offer] = match_request(appointment_id=appointment.pk)
    assert offer.interpreter_id == speaker.pk
