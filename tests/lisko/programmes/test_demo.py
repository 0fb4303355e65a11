"""The demo's programmes: two Lucerne municipalities' applications, Emmen's key-person network
approved and partly paid, Kriens's submitted and waiting; the logins it prints."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password

from lisko.accounts.models import User
from lisko.demo.clock import Clock
from lisko.demo.programmes import municipal_programmes
from lisko.places.loading import load_places
from lisko.programmes import selectors
from lisko.programmes.models import FundingApplication

TODAY = dt.date(2025, 3, 12)
Status = FundingApplication.Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def made() -> list[FundingApplication]:
    load_places(countries=("CH",))
    clock = Clock.of(TODAY, dt.datetime.combine(TODAY, dt.time(12), ZoneInfo(settings.TIME_ZONE)))
    return municipal_programmes(make_password("lisko-demo"), clock)


def test_the_demo_shows_two_municipalities_applications(made: list[FundingApplication]) -> None:
    statuses = {(a.agreement.municipality.name, a.kind, a.status) for a in made}

    assert ("Emmen", "key_person_network", Status.APPROVED) in statuses
    assert ("Kriens", "key_person_network", Status.SUBMITTED) in statuses


def test_the_cantons_planner_sees_both_and_the_money(made: list[FundingApplication]) -> None:
    lena = User.objects.get(username="lena")
    canton = made[0].agreement.region

    overview = selectors.canton_programmes(user=lena, region=canton)

    assert [row.municipality.name for row in overview.rows] == ["Emmen", "Kriens"]
    assert overview.totals["CHF"]["granted"] == Decimal("38000.00")
    assert overview.totals["CHF"]["paid"] == Decimal("19000.00")


def test_emmens_officer_sees_emmen_only(made: list[FundingApplication]) -> None:
    ines = User.objects.get(username="ines")

    names = {a.agreement.municipality.name for a in selectors.applications_for(user=ines)}

    assert names == {"Emmen"}
