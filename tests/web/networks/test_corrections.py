"""Correcting and removing trainings and outreach on the network page: the keepers find a form
under each entry; a refusal comes back as a translated 400 with the form open and nothing
changed; a planner and a stranger get 404, and so does an entry of another network."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.networks import services
from lisko.networks.models import KeyPersonNetwork, Outreach, Training
from tests.factories.core import LanguageFactory
from tests.factories.networks import NetworkWorld

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs: int) -> str:
    return reverse(f"networks:{name}", kwargs=kwargs)


@pytest.fixture
def training(world: NetworkWorld) -> Training:
    return services.record_training(
        network=world.network,
        title="Gesundheitssystm",
        held_on=timezone.localdate(),
        hours="3",
        attendees=world.members[:1],
        by=None,
    )


@pytest.fixture
def outreach(world: NetworkWorld) -> Outreach:
    LanguageFactory(code="ara")
    LanguageFactory(code="tir")
    return services.log_outreach(
        network=world.network,
        kind=Outreach.Kind.INFORMATION_EVENT,
        held_on=timezone.localdate(),
        people_reached=250,
        languages=["ara"],
        note="Evening on the school system.",
        by=None,
    )


@pytest.fixture
def other_network(world: NetworkWorld) -> KeyPersonNetwork:
    """A network of another municipality, kept by nobody of this world."""
    return services.start_network(
        municipality=world.programmes.municipalities[1],
        organisation=world.organisation,
        name="Schlüsselpersonen Kriens",
        started_on=timezone.localdate() - dt.timedelta(days=100),
        coordinating_office="Office",
        by=None,
    )


def training_data(training: Training, **changes: object) -> dict[str, object]:
    prefix = f"training-{training.pk}"
    data: dict[str, object] = {
        f"{prefix}-title": "Gesundheitssystem Schweiz",
        f"{prefix}-held_on": training.held_on.isoformat(),
        f"{prefix}-hours": "3.5",
        f"{prefix}-attendees": [member.pk for member in training.network.members.all()],
    }
    return data | {f"{prefix}-{name}": value for name, value in changes.items()}


def outreach_data(outreach: Outreach, **changes: object) -> dict[str, object]:
    prefix = f"outreach-{outreach.pk}"
    data: dict[str, object] = {
        f"{prefix}-kind": "contact",
        f"{prefix}-held_on": outreach.held_on.isoformat(),
        f"{prefix}-people_reached": "25",
        f"{prefix}-languages": ["ara", "tir"],
        f"{prefix}-note": "Stand at the market.",
    }
    return data | {f"{prefix}-{name}": value for name, value in changes.items()}


def correct_training_url(world: NetworkWorld, training: Training) -> str:
    return url("correct_training", network_id=world.network.pk, training_id=training.pk)


def correct_outreach_url(world: NetworkWorld, outreach: Outreach) -> str:
    return url("correct_outreach", network_id=world.network.pk, outreach_id=outreach.pk)


# -- the page ----------------------------------------------------------------------------------


def test_the_network_page_offers_to_correct_or_remove_each_entry(
    client: HttpClient, world: NetworkWorld, training: Training, outreach: Outreach
) -> None:
    client.force_login(world.officer)

    page = client.get(url("network", network_id=world.network.pk)).content.decode()

    assert correct_training_url(world, training) in page
    assert url("remove_training", network_id=world.network.pk, training_id=training.pk) in page
    assert correct_outreach_url(world, outreach) in page
    assert url("remove_outreach", network_id=world.network.pk, outreach_id=outreach.pk) in page


def test_the_canton_planner_is_offered_no_correction(
    client: HttpClient, world: NetworkWorld, training: Training
) -> None:
    client.force_login(world.planner)

    page = client.get(url("network", network_id=world.network.pk)).content.decode()

    assert correct_training_url(world, training) not in page


# -- trainings ---------------------------------------------------------------------------------


def test_the_officer_corrects_a_training_from_the_page(
    client: HttpClient, world: NetworkWorld, training: Training
) -> None:
    client.force_login(world.officer)

    got = client.post(correct_training_url(world, training), training_data(training))

    assert got.status_code == 302
    training.refresh_from_db()
    assert training.title == "Gesundheitssystem Schweiz"
    assert training.attendees.count() == 2


def test_a_correction_of_a_training_that_cannot_be_meant_says_why_and_changes_nothing(
    client: HttpClient, world: NetworkWorld, training: Training
) -> None:
    client.force_login(world.officer)

    got = client.post(correct_training_url(world, training), training_data(training, hours="41"))

    assert got.status_code == 400
    assert b"Enter the hours of the training" in got.content
    assert b"<details open>" in got.content
    training.refresh_from_db()
    assert (training.title, training.attendees.count()) == ("Gesundheitssystm", 1)


def test_the_officer_removes_a_training_from_the_page(
    client: HttpClient, world: NetworkWorld, training: Training
) -> None:
    client.force_login(world.officer)

    got = client.post(
        url("remove_training", network_id=world.network.pk, training_id=training.pk), follow=True
    )

    assert got.status_code == 200
    assert b"The training is removed." in got.content
    assert not Training.objects.exists()


def test_a_training_of_another_network_is_not_found_here(
    client: HttpClient, world: NetworkWorld, other_network: KeyPersonNetwork
) -> None:
    theirs = services.record_training(
        network=other_network, title="Kriens", held_on=timezone.localdate(), hours="2", by=None
    )
    client.force_login(world.officer)

    corrected = client.post(correct_training_url(world, theirs), training_data(theirs))
    removed = client.post(
        url("remove_training", network_id=world.network.pk, training_id=theirs.pk)
    )

    assert (corrected.status_code, removed.status_code) == (404, 404)
    theirs.refresh_from_db()
    assert theirs.title == "Kriens"


@pytest.mark.parametrize("who", ["planner", "other_coordinator"])
def test_a_planner_and_a_stranger_get_404_for_a_correction_or_removal(
    client: HttpClient, world: NetworkWorld, training: Training, who: str
) -> None:
    client.force_login(getattr(world, who))

    corrected = client.post(correct_training_url(world, training), training_data(training))
    removed = client.post(
        url("remove_training", network_id=world.network.pk, training_id=training.pk)
    )

    assert (corrected.status_code, removed.status_code) == (404, 404)
    assert Training.objects.get().title == "Gesundheitssystm"


# -- outreach ----------------------------------------------------------------------------------


def test_the_officer_corrects_an_outreach_entry_from_the_page(
    client: HttpClient, world: NetworkWorld, outreach: Outreach
) -> None:
    client.force_login(world.officer)

    got = client.post(correct_outreach_url(world, outreach), outreach_data(outreach))

    assert got.status_code == 302
    outreach.refresh_from_db()
    assert (outreach.kind, outreach.people_reached) == ("contact", 25)
    assert sorted(outreach.languages.values_list("code", flat=True)) == ["ara", "tir"]


def test_an_outreach_correction_that_cannot_be_meant_says_why_and_changes_nothing(
    client: HttpClient, world: NetworkWorld, outreach: Outreach
) -> None:
    client.force_login(world.officer)

    got = client.post(
        correct_outreach_url(world, outreach), outreach_data(outreach, people_reached="-3")
    )

    assert got.status_code == 400
    assert b"Enter how many people were reached" in got.content
    outreach.refresh_from_db()
    assert outreach.people_reached == 250


def test_the_officer_removes_an_outreach_entry_from_the_page(
    client: HttpClient, world: NetworkWorld, outreach: Outreach
) -> None:
    client.force_login(world.officer)

    got = client.post(url("remove_outreach", network_id=world.network.pk, outreach_id=outreach.pk))

    assert got.status_code == 302
    assert not Outreach.objects.exists()


def test_an_outreach_entry_of_another_network_is_not_found_here(
    client: HttpClient, world: NetworkWorld, other_network: KeyPersonNetwork
) -> None:
    LanguageFactory(code="ara")
    theirs = services.log_outreach(
        network=other_network,
        kind=Outreach.Kind.CONTACT,
        held_on=timezone.localdate(),
        people_reached=5,
        by=None,
    )
    client.force_login(world.officer)

    corrected = client.post(correct_outreach_url(world, theirs), outreach_data(theirs))
    removed = client.post(
        url("remove_outreach", network_id=world.network.pk, outreach_id=theirs.pk)
    )

    assert (corrected.status_code, removed.status_code) == (404, 404)
    assert Outreach.objects.get().people_reached == 5


@pytest.mark.parametrize("who", ["planner", "other_coordinator"])
def test_a_planner_and_a_stranger_get_404_for_an_outreach_change(
    client: HttpClient, world: NetworkWorld, outreach: Outreach, who: str
) -> None:
    client.force_login(getattr(world, who))

    corrected = client.post(correct_outreach_url(world, outreach), outreach_data(outreach))
    removed = client.post(
        url("remove_outreach", network_id=world.network.pk, outreach_id=outreach.pk)
    )

    assert (corrected.status_code, removed.status_code) == (404, 404)
    assert Outreach.objects.get().people_reached == 250
