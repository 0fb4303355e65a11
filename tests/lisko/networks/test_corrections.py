"""Correcting and removing trainings and outreach entries: the keepers of the network do it
through the services, audited; bad input is refused with a translated reason and nothing
changes; a planner may not, a stranger finds nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lisko.audit.models import AuditEvent
from lisko.core.errors import DomainError, NotFound
from lisko.networks import services
from lisko.networks.models import Outreach, Training
from tests.factories.core import LanguageFactory
from tests.factories.networks import NetworkWorld

TODAY = dt.date(2026, 6, 15)


def refused(code: str, call: object, **kwargs: object) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(**kwargs)  # type: ignore[operator]
    assert caught.value.code == code, caught.value
    return caught.value


@pytest.fixture
def training(world: NetworkWorld) -> Training:
    return services.record_training(
        network=world.network,
        title="Gesundheitssystm",
        held_on=timezone.localdate(),
        hours="3",
        attendees=world.members[:1],
        by=world.officer,
    )


@pytest.fixture
def outreach(world: NetworkWorld) -> Outreach:
    LanguageFactory(code="ara")
    LanguageFactory(code="tir")
    return services.log_outreach(
        network=world.network,
        kind=Outreach.Kind.INFORMATION_EVENT,
        held_on=TODAY,
        people_reached=250,
        languages=["ara"],
        note="Evening on the school system.",
        by=world.officer,
        today=TODAY,
    )


def correct_training(world: NetworkWorld, training: Training, **changes: object) -> Training:
    values: dict[str, object] = {
        "training": training,
        "title": "Gesundheitssystem Schweiz",
        "held_on": training.held_on,
        "hours": "3.5",
        "attendees": world.members,
        "by": world.officer,
    }
    return services.correct_training(**(values | changes))  # type: ignore[arg-type]


def correct_outreach(world: NetworkWorld, outreach: Outreach, **changes: object) -> Outreach:
    values: dict[str, object] = {
        "outreach": outreach,
        "kind": Outreach.Kind.CONTACT,
        "held_on": TODAY - dt.timedelta(days=1),
        "people_reached": 25,
        "languages": ["ara", "tir"],
        "note": "Stand at the market.",
        "by": world.officer,
        "today": TODAY,
    }
    return services.correct_outreach(**(values | changes))  # type: ignore[arg-type]


def unchanged(training: Training) -> bool:
    again = Training.objects.get(pk=training.pk)
    return (again.title, again.hours, again.attendees.count()) == (
        "Gesundheitssystm",
        Decimal("3.0"),
        1,
    )


# -- trainings ---------------------------------------------------------------------------------


def test_the_officer_corrects_a_training_and_who_attended(
    world: NetworkWorld, training: Training
) -> None:
    correct_training(world, training)

    training.refresh_from_db()
    assert (training.title, training.hours) == ("Gesundheitssystem Schweiz", Decimal("3.5"))
    assert set(training.attendees.all()) == set(world.members)


def test_recording_a_training_is_audited(world: NetworkWorld, training: Training) -> None:
    event = AuditEvent.objects.get(object_type="networks.training", action="create")

    assert (event.actor, event.object_id) == (world.officer, str(training.pk))
    assert event.organisation_id == world.network.organisation_id


def test_logging_outreach_is_audited(world: NetworkWorld, outreach: Outreach) -> None:
    event = AuditEvent.objects.get(object_type="networks.outreach", action="create")

    assert (event.actor, event.object_id) == (world.officer, str(outreach.pk))


def test_a_correction_of_a_training_is_audited(world: NetworkWorld, training: Training) -> None:
    correct_training(world, training)

    event = AuditEvent.objects.get(object_type="networks.training", action="update")
    assert (event.actor, event.object_id) == (world.officer, str(training.pk))


def test_the_pools_coordinator_corrects_a_training_too(
    world: NetworkWorld, training: Training
) -> None:
    correct_training(world, training, by=world.coordinator)

    training.refresh_from_db()
    assert training.title == "Gesundheitssystem Schweiz"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"title": "  "}, "title"),
        ({"hours": "41"}, "invalid_hours"),
        ({"held_on": dt.date(1999, 1, 1)}, "date_too_early"),
        ({"held_on": None}, "date_missing"),
    ],
)
def test_a_correction_that_cannot_be_meant_changes_nothing(
    world: NetworkWorld, training: Training, changes: dict[str, object], code: str
) -> None:
    refused(code, correct_training, world=world, training=training, **changes)

    assert unchanged(training)


def test_a_training_moved_before_a_member_joined_cannot_keep_them_as_attendee(
    world: NetworkWorld, training: Training
) -> None:
    refused(
        "not_a_member_then",
        correct_training,
        world=world,
        training=training,
        held_on=world.members[0].joined_on - dt.timedelta(days=1),
    )

    assert unchanged(training)


def test_a_member_of_another_network_does_not_exist_for_the_training(
    world: NetworkWorld, training: Training
) -> None:
    other = services.start_network(
        municipality=world.network.municipality,
        organisation=world.organisation,
        name="Zweites Netz",
        started_on=timezone.localdate() - dt.timedelta(days=400),
        coordinating_office="Office",
        by=None,
    )
    stranger = services.add_member(
        network=other,
        key_person=world.yonas,
        joined_on=timezone.localdate() - dt.timedelta(days=300),
        by=None,
    )

    with pytest.raises(NotFound):
        correct_training(world, training, attendees=[stranger])
    assert unchanged(training)


def test_a_planner_corrects_no_training(world: NetworkWorld, training: Training) -> None:
    refused("permission_denied", correct_training, world=world, training=training, by=world.planner)

    assert unchanged(training)


def test_a_stranger_finds_no_training_to_correct(world: NetworkWorld, training: Training) -> None:
    with pytest.raises(NotFound):
        correct_training(world, training, by=world.other_coordinator)

    assert unchanged(training)


def test_the_officer_removes_a_training_with_its_attendance_and_it_is_audited(
    world: NetworkWorld, training: Training
) -> None:
    services.remove_training(training=training, by=world.officer)

    assert not Training.objects.exists()
    assert world.members[0].trainings.count() == 0
    assert AuditEvent.objects.filter(
        object_type="networks.training", object_id=str(training.pk), action="delete"
    ).exists()


def test_a_planner_removes_no_training(world: NetworkWorld, training: Training) -> None:
    refused("permission_denied", services.remove_training, training=training, by=world.planner)

    assert Training.objects.filter(pk=training.pk).exists()


def test_a_stranger_finds_no_training_to_remove(world: NetworkWorld, training: Training) -> None:
    with pytest.raises(NotFound):
        services.remove_training(training=training, by=world.other_coordinator)

    assert Training.objects.filter(pk=training.pk).exists()


def test_a_training_removed_meanwhile_is_not_found(world: NetworkWorld, training: Training) -> None:
    Training.objects.filter(pk=training.pk).delete()

    with pytest.raises(NotFound):
        services.remove_training(training=training, by=world.officer)


# -- outreach ----------------------------------------------------------------------------------


def test_the_officer_corrects_an_outreach_entry(world: NetworkWorld, outreach: Outreach) -> None:
    correct_outreach(world, outreach)

    outreach.refresh_from_db()
    assert (outreach.kind, outreach.people_reached, outreach.note) == (
        Outreach.Kind.CONTACT,
        25,
        "Stand at the market.",
    )
    assert outreach.held_on == TODAY - dt.timedelta(days=1)
    assert sorted(outreach.languages.values_list("code", flat=True)) == ["ara", "tir"]


def test_a_correction_of_outreach_is_audited(world: NetworkWorld, outreach: Outreach) -> None:
    correct_outreach(world, outreach)

    event = AuditEvent.objects.get(object_type="networks.outreach", action="update")
    assert (event.actor, event.object_id) == (world.officer, str(outreach.pk))


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"people_reached": -1}, "invalid_people_reached"),
        ({"people_reached": "a crowd"}, "invalid_people_reached"),
        ({"kind": "party"}, "invalid_kind"),
        ({"held_on": TODAY + dt.timedelta(days=1)}, "date_too_late"),
        ({"note": "x" * 501}, "note_too_long"),
        ({"languages": ["ara", "xxx"]}, "unknown_language"),
    ],
)
def test_an_outreach_correction_that_cannot_be_meant_changes_nothing(
    world: NetworkWorld, outreach: Outreach, changes: dict[str, object], code: str
) -> None:
    refused(code, correct_outreach, world=world, outreach=outreach, **changes)

    again = Outreach.objects.get(pk=outreach.pk)
    assert (again.kind, again.people_reached, again.held_on) == (
        Outreach.Kind.INFORMATION_EVENT,
        250,
        TODAY,
    )
    assert list(again.languages.values_list("code", flat=True)) == ["ara"]


def test_a_planner_corrects_no_outreach(world: NetworkWorld, outreach: Outreach) -> None:
    refused("permission_denied", correct_outreach, world=world, outreach=outreach, by=world.planner)


def test_a_stranger_finds_no_outreach_to_correct(world: NetworkWorld, outreach: Outreach) -> None:
    with pytest.raises(NotFound):
        correct_outreach(world, outreach, by=world.other_coordinator)


def test_the_officer_removes_an_outreach_entry_and_it_is_audited(
    world: NetworkWorld, outreach: Outreach
) -> None:
    services.remove_outreach(outreach=outreach, by=world.officer)

    assert not Outreach.objects.exists()
    assert AuditEvent.objects.filter(
        object_type="networks.outreach", object_id=str(outreach.pk), action="delete"
    ).exists()


def test_a_planner_removes_no_outreach(world: NetworkWorld, outreach: Outreach) -> None:
    refused("permission_denied", services.remove_outreach, outreach=outreach, by=world.planner)

    assert Outreach.objects.filter(pk=outreach.pk).exists()


def test_a_stranger_finds_no_outreach_to_remove(world: NetworkWorld, outreach: Outreach) -> None:
    with pytest.raises(NotFound):
        services.remove_outreach(outreach=outreach, by=world.other_coordinator)

    assert Outreach.objects.filter(pk=outreach.pk).exists()
