"""Changing a key-person network: every change through a service, refused with a translated
reason and nothing saved when the input cannot be meant or the person may not."""

import datetime as dt

import pytest
from django.utils import timezone

from lisko.audit.models import AuditEvent
from lisko.core.errors import DomainError, NotFound
from lisko.networks import services
from lisko.networks.models import NetworkMember, Outreach, Training
from lisko.programmes.models import FundingApplication
from tests.factories.core import LanguageFactory, OrganisationFactory
from tests.factories.networks import NetworkWorld, key_person
from tests.factories.programmes import make_application

TODAY = dt.date(2026, 6, 15)
Status = FundingApplication.Status


def refused(code: str, call: object, **kwargs: object) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(**kwargs)  # type: ignore[operator]
    assert caught.value.code == code, caught.value
    return caught.value


# -- the network -------------------------------------------------------------------------------


def test_the_officer_starts_a_network_in_her_municipality_naming_an_office(
    world: NetworkWorld,
) -> None:
    network = services.start_network(
        municipality=world.programmes.municipalities[0],
        organisation=world.organisation,
        name="Second network",
        started_on=TODAY,
        coordinating_office="Fachstelle Integration",
        by=world.officer,
        today=TODAY,
    )

    assert network.coordinating_office == "Fachstelle Integration"
    assert network.created_by == world.officer


def test_the_officer_of_another_municipality_may_not_start_one_in_emmen(
    world: NetworkWorld,
) -> None:
    refused(
        "permission_denied",
        services.start_network,
        municipality=world.programmes.municipalities[0],
        organisation=world.organisation,
        name="Second network",
        started_on=TODAY,
        coordinating_office="Office",
        by=world.other_officer,
        today=TODAY,
    )


def test_a_network_needs_a_coordinator(world: NetworkWorld) -> None:
    refused(
        "coordinator_missing",
        services.start_network,
        municipality=world.programmes.municipalities[0],
        organisation=world.organisation,
        name="Second network",
        started_on=TODAY,
        by=world.coordinator,
        today=TODAY,
    )


def test_the_coordinator_is_one_of_the_staff_of_the_organisation_running_it(
    world: NetworkWorld,
) -> None:
    refused(
        "coordinator_not_staff",
        services.set_coordinator,
        network=world.network,
        coordinator=world.other_coordinator,
        by=world.coordinator,
    )


def test_a_network_cannot_start_before_2000(world: NetworkWorld) -> None:
    refused(
        "date_too_early",
        services.start_network,
        municipality=world.programmes.municipalities[0],
        organisation=world.organisation,
        name="Old network",
        started_on=dt.date(1999, 12, 31),
        coordinating_office="Office",
        by=world.officer,
        today=TODAY,
    )


# -- members -----------------------------------------------------------------------------------


def test_the_pool_keeper_adds_a_key_person_and_the_change_is_audited(world: NetworkWorld) -> None:
    member = services.add_member(
        network=world.network, key_person=world.yonas, joined_on=TODAY, by=world.coordinator
    )

    assert member.left_on is None
    event = AuditEvent.objects.get(object_id=str(world.yonas.pk), reason__contains="joined")
    assert event.organisation_id == world.organisation.pk
    assert event.client_id is None


def test_an_interpreter_is_no_member_of_a_key_person_network(world: NetworkWorld) -> None:
    refused(
        "not_a_key_person",
        services.add_member,
        network=world.network,
        key_person=world.interpreter,
        joined_on=TODAY,
        by=world.coordinator,
    )
    assert not NetworkMember.objects.filter(key_person=world.interpreter).exists()


def test_a_key_person_of_another_pool_does_not_exist_for_the_network(world: NetworkWorld) -> None:
    stranger = key_person(OrganisationFactory(), "ara")

    with pytest.raises(NotFound):
        services.add_member(
            network=world.network, key_person=stranger, joined_on=TODAY, by=world.coordinator
        )


def test_a_member_is_not_added_twice(world: NetworkWorld) -> None:
    refused(
        "already_member",
        services.add_member,
        network=world.network,
        key_person=world.amina,
        joined_on=TODAY,
        by=world.coordinator,
    )


def test_the_officer_keeps_the_network_but_members_come_from_the_pool_keepers(
    world: NetworkWorld,
) -> None:
    refused(
        "permission_denied",
        services.add_member,
        network=world.network,
        key_person=world.yonas,
        joined_on=TODAY,
        by=world.officer,
    )


def test_a_member_cannot_leave_before_joining(world: NetworkWorld) -> None:
    member = world.members[0]

    refused(
        "left_before_joining",
        services.record_leaving,
        member=member,
        left_on=member.joined_on - dt.timedelta(days=1),
        by=world.coordinator,
    )
    member.refresh_from_db()
    assert member.left_on is None


def test_a_member_who_left_may_join_again(world: NetworkWorld) -> None:
    today = timezone.localdate()
    services.record_leaving(member=world.members[0], left_on=today, by=world.coordinator)

    again = services.add_member(
        network=world.network, key_person=world.amina, joined_on=today, by=world.coordinator
    )

    assert NetworkMember.objects.filter(key_person=world.amina).count() == 2
    assert again.left_on is None


# -- trainings ---------------------------------------------------------------------------------


def test_the_officer_records_a_training_and_who_attended(world: NetworkWorld) -> None:
    training = services.record_training(
        network=world.network,
        title="Gesundheitssystem Schweiz",
        held_on=timezone.localdate(),
        hours="3.5",
        attendees=world.members,
        by=world.officer,
    )

    assert set(training.attendees.all()) == set(world.members)


@pytest.mark.parametrize(
    ("held_on", "code"),
    [(dt.date(1999, 6, 1), "date_too_early"), (dt.date(2031, 1, 1), "date_too_late")],
)
def test_a_training_before_2000_or_years_ahead_is_refused(
    world: NetworkWorld, held_on: dt.date, code: str
) -> None:
    refused(
        code,
        services.record_training,
        network=world.network,
        title="Training",
        held_on=held_on,
        hours="2",
        by=world.officer,
        today=TODAY,
    )
    assert not Training.objects.exists()


@pytest.mark.parametrize("hours", ["0", "-1", "41", "2.25", "many"])
def test_a_training_lasts_a_sane_number_of_hours(world: NetworkWorld, hours: str) -> None:
    refused(
        "invalid_hours",
        services.record_training,
        network=world.network,
        title="Training",
        held_on=TODAY,
        hours=hours,
        by=world.officer,
        today=TODAY,
    )


def test_only_members_of_that_day_attend(world: NetworkWorld) -> None:
    refused(
        "not_a_member_then",
        services.record_training,
        network=world.network,
        title="Before they joined",
        held_on=world.members[0].joined_on - dt.timedelta(days=10),
        hours="2",
        attendees=[world.members[0]],
        by=world.officer,
    )
    assert not Training.objects.exists()


# -- outreach ----------------------------------------------------------------------------------


def log(world: NetworkWorld, **changes: object) -> Outreach:
    values: dict[str, object] = {
        "network": world.network,
        "kind": Outreach.Kind.INFORMATION_EVENT,
        "held_on": TODAY,
        "people_reached": 25,
        "languages": ["ara", "tir"],
        "note": "Evening on the school system at the mosque.",
        "by": world.officer,
        "today": TODAY,
    }
    return services.log_outreach(**(values | changes))  # type: ignore[arg-type]


def test_outreach_is_logged_with_its_languages(world: NetworkWorld) -> None:
    outreach = log(world)

    assert outreach.people_reached == 25
    assert sorted(outreach.languages.values_list("code", flat=True)) == ["ara", "tir"]


@pytest.mark.parametrize("people", [-1, 100_001, "a crowd"])
def test_people_reached_is_a_sane_count(world: NetworkWorld, people: object) -> None:
    refused("invalid_people_reached", log, world=world, people_reached=people)
    assert not Outreach.objects.exists()


def test_the_note_is_brief(world: NetworkWorld) -> None:
    refused("note_too_long", log, world=world, note="x" * 501)
    assert not Outreach.objects.exists()


def test_outreach_is_logged_once_it_happened(world: NetworkWorld) -> None:
    refused("date_too_late", log, world=world, held_on=TODAY + dt.timedelta(days=1))


def test_an_unknown_language_is_refused_and_nothing_saved(world: NetworkWorld) -> None:
    LanguageFactory(code="ara")
    refused("unknown_language", log, world=world, languages=["ara", "xxx"])
    assert not Outreach.objects.exists()


def test_a_planner_reads_the_network_but_logs_nothing(world: NetworkWorld) -> None:
    refused("permission_denied", log, world=world, by=world.planner)


def test_a_stranger_finds_no_network(world: NetworkWorld) -> None:
    with pytest.raises(NotFound):
        log(world, by=world.other_coordinator)


# -- funding -----------------------------------------------------------------------------------


def test_the_officer_links_the_approved_application_of_her_municipality(
    world: NetworkWorld,
) -> None:
    application = make_application(world.programmes.agreement, status=Status.APPROVED)

    services.link_funding(network=world.network, application=application, by=world.officer)

    world.network.refresh_from_db()
    assert world.network.funding_application == application


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        (FundingApplication.Kind.KEY_PERSON_NETWORK, Status.SUBMITTED, "not_approved"),
        (FundingApplication.Kind.WELCOME_CONVERSATIONS, Status.APPROVED, "wrong_kind"),
    ],
)
def test_only_an_approved_key_person_network_application_pays_for_it(
    world: NetworkWorld, kind: str, status: str, code: str
) -> None:
    application = make_application(world.programmes.agreement, kind=kind, status=status)

    refused(
        code,
        services.link_funding,
        network=world.network,
        application=application,
        by=world.officer,
    )


def test_another_municipalitys_application_is_refused(world: NetworkWorld) -> None:
    application = make_application(world.programmes.other_agreement, status=Status.APPROVED)

    refused(
        "wrong_municipality",
        services.link_funding,
        network=world.network,
        application=application,
        by=None,
    )


def test_a_pool_keeper_who_sees_no_programmes_cannot_link_an_application(
    world: NetworkWorld,
) -> None:
    application = make_application(world.programmes.agreement, status=Status.APPROVED)

    refused(
        "permission_denied",
        services.link_funding,
        network=world.network,
        application=application,
        by=world.coordinator,
    )
