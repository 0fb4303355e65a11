"""A status word reads as the status of its own thing: one msgid shared by nouns of different
gender, or by a status and a date column, reads wrong for one of them."""

from django.utils import translation

from lisko.appointments.models import Appointment, Assignment
from lisko.matchingruns.models import MatchingRun
from lisko.programmes.models import FundingApplication
from lisko.regionplans.models import Measure


def in_language(code: str, label: object) -> str:
    with translation.override(code):
        return str(label)


def test_a_closed_application_is_not_labelled_with_a_closing_date() -> None:
    closed = FundingApplication.Status.CLOSED.label

    assert in_language("fr", closed) == "Clôturée"
    assert in_language("ar", closed) == "مغلق"


def test_french_done_agrees_with_the_thing_that_is_done() -> None:
    assert in_language("fr", Appointment.Status.DONE.label) == "Terminé"  # le rendez-vous
    assert in_language("fr", Assignment.State.DONE.label) == "Terminée"  # l'affectation
    assert in_language("fr", MatchingRun.Status.DONE.label) == "Terminée"  # l'exécution
    assert in_language("fr", Measure.Status.DONE.label) == "Terminée"  # la mesure
