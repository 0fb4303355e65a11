"""The network pages over HTTP: the officer and the pool's coordinator keep the network, the
canton's planner reads its counts without a name, everyone else gets 404; refusals come back
as a translated 400 with nothing saved; the network page reads in a bounded number of queries."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.networks import services
from lisko.networks.models import KeyPersonNetwork, NetworkMember, Outreach, Training
from lisko.organisations.models import Role
from lisko.programmes.models import FundingApplication
from tests.factories.core import LanguageFactory, OrganisationFactory, make_member
from tests.factories.networks import NetworkWorld, key_person
from tests.factories.planning import client_of, make_agreement
from tests.factories.programmes import make_application

pytestmark = pytest.mark.django_db

MEMBER_NAMES = (b"Haddad", b"Bondar")


def url(name: str, **kwargs: int) -> str:
    return reverse(f"networks:{name}", kwargs=kwargs or None)


def page_of(world: NetworkWorld) -> str:
    return url("network", network_id=world.network.pk)


def outreach_data(**changes: str) -> dict[str, object]:
    today = timezone.localdate().isoformat()
    data: dict[str, object] = {
        "outreach-kind": "information_event",
        "outreach-held_on": today,
        "outreach-people_reached": "30",
        "outreach-languages": ["ara"],
        "outreach-note": "Evening on the school system.",
    }
    return data | changes


# -- who opens what ----------------------------------------------------------------------------


def test_the_officer_of_emmen_reads_the_members_of_her_network(
    client: HttpClient, world: NetworkWorld
) -> None:
    client.force_login(world.officer)

    got = client.get(page_of(world))

    assert got.status_code == 200
    for name in MEMBER_NAMES:
        assert name in got.content


def test_the_pools_coordinator_keeps_the_network_and_adds_members(
    client: HttpClient, world: NetworkWorld
) -> None:
    client.force_login(world.coordinator)

    got = client.post(
        url("add_member", network_id=world.network.pk),
        {"member-key_person": world.yonas.pk, "member-joined_on": timezone.localdate()},
    )

    assert got.status_code == 302
    assert NetworkMember.objects.filter(network=world.network, key_person=world.yonas).exists()


def test_the_officer_does_not_add_members_from_a_pool_she_does_not_keep(
    client: HttpClient, world: NetworkWorld
) -> None:
    client.force_login(world.officer)

    got = client.post(
        url("add_member", network_id=world.network.pk),
        {"member-key_person": world.yonas.pk, "member-joined_on": timezone.localdate()},
    )

    assert got.status_code in (400, 404)
    assert not NetworkMember.objects.filter(key_person=world.yonas).exists()
    assert b"Tesfay" not in got.content


def test_the_canton_planner_reads_counts_and_no_name(
    client: HttpClient, world: NetworkWorld
) -> None:
    services.record_training(
        network=world.network,
        title="First aid",
        held_on=timezone.localdate(),
        hours="2",
        attendees=world.members,
        by=None,
    )
    client.force_login(world.planner)

    got = client.get(page_of(world))

    assert got.status_code == 200
    for name in (*MEMBER_NAMES, b"Koordina", b"Tesfay", b"Dolmetsch"):
        assert name not in got.content
    assert b"First aid" in got.content
    assert b'name="outreach-kind"' not in got.content


def test_the_canton_planner_changes_nothing(client: HttpClient, world: NetworkWorld) -> None:
    client.force_login(world.planner)

    got = client.post(url("log_outreach", network_id=world.network.pk), outreach_data())

    assert got.status_code == 404
    assert not Outreach.objects.exists()


@pytest.mark.parametrize(
    "who", ["other_officer", "other_coordinator", "other_planner", "social_worker", "key_person"]
)
def test_everyone_else_finds_no_network(client: HttpClient, world: NetworkWorld, who: str) -> None:
    users = {
        "other_officer": world.other_officer,
        "other_coordinator": world.other_coordinator,
        "other_planner": world.programmes.other_planner,
        "social_worker": make_member(organisation=world.organisation, role=Role.SOCIAL_WORKER),
        "key_person": make_member(organisation=world.organisation, role=Role.KEY_PERSON),
    }
    client.force_login(users[who])

    assert client.get(page_of(world)).status_code == 404
    posted = client.post(url("log_outreach", network_id=world.network.pk), outreach_data())
    assert posted.status_code == 404
    assert not Outreach.objects.exists()


def test_a_network_that_does_not_exist_answers_as_a_foreign_one(
    client: HttpClient, world: NetworkWorld
) -> None:
    client.force_login(world.officer)

    assert client.get(url("network", network_id=world.network.pk + 999)).status_code == 404


def test_an_officer_of_kriens_who_coordinates_the_pool_keeps_emmens_network_too(
    client: HttpClient, world: NetworkWorld
) -> None:
    from lisko.organisations.models import Membership

    both = world.other_officer
    Membership.objects.create(user=both, organisation=world.organisation, role=Role.COORDINATOR)
    client.force_login(both)

    got = client.get(page_of(world))

    assert got.status_code == 200
    assert b"Haddad" in got.content
    assert b'name="member-key_person"' in got.content


# -- changes -----------------------------------------------------------------------------------


def test_the_officer_logs_outreach_and_it_is_counted_in_its_month(
    client: HttpClient, world: NetworkWorld
) -> None:
    LanguageFactory(code="ara")
    client.force_login(world.officer)

    posted = client.post(url("log_outreach", network_id=world.network.pk), outreach_data())
    got = client.get(page_of(world))

    assert posted.status_code == 302
    outreach = Outreach.objects.get()
    assert outreach.people_reached == 30
    assert outreach.recorded_by == world.officer
    month = got.context["months"]["rows"][0]
    assert month["entries"] == "1"
    assert month["people"] == "30"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"outreach-people_reached": "-3"}, b"Enter how many people were reached"),
        ({"outreach-people_reached": "100001"}, b"Enter how many people were reached"),
        ({"outreach-note": "x" * 501}, b"500"),
    ],
)
def test_outreach_that_cannot_be_meant_is_refused_with_the_reason(
    client: HttpClient, world: NetworkWorld, changes: dict[str, str], message: bytes
) -> None:
    client.force_login(world.officer)

    got = client.post(url("log_outreach", network_id=world.network.pk), outreach_data(**changes))

    assert got.status_code == 400
    assert message in got.content
    assert not Outreach.objects.exists()


def test_the_officer_records_a_training_with_its_attendees(
    client: HttpClient, world: NetworkWorld
) -> None:
    client.force_login(world.officer)

    got = client.post(
        url("record_training", network_id=world.network.pk),
        {
            "training-title": "Health system",
            "training-held_on": timezone.localdate().isoformat(),
            "training-hours": "3.5",
            "training-attendees": [world.members[0].pk],
        },
    )

    assert got.status_code == 302
    training = Training.objects.get()
    assert list(training.attendees.all()) == [world.members[0]]


def test_a_training_in_the_absurd_future_is_refused(
    client: HttpClient, world: NetworkWorld
) -> None:
    client.force_login(world.officer)

    got = client.post(
        url("record_training", network_id=world.network.pk),
        {"training-title": "Later", "training-held_on": "2199-01-01", "training-hours": "2"},
    )

    assert got.status_code == 400
    assert b"at most a year ahead" in got.content
    assert not Training.objects.exists()


def test_the_coordinator_records_a_members_leaving(client: HttpClient, world: NetworkWorld) -> None:
    member = world.members[0]
    client.force_login(world.coordinator)

    got = client.post(
        url("record_leaving", network_id=world.network.pk, member_id=member.pk),
        {"leaving-left_on": timezone.localdate().isoformat()},
    )

    assert got.status_code == 302
    member.refresh_from_db()
    assert member.left_on == timezone.localdate()


def test_a_leaving_before_joining_is_refused(client: HttpClient, world: NetworkWorld) -> None:
    member = world.members[0]
    client.force_login(world.coordinator)

    got = client.post(
        url("record_leaving", network_id=world.network.pk, member_id=member.pk),
        {"leaving-left_on": (member.joined_on - dt.timedelta(days=1)).isoformat()},
    )

    assert got.status_code == 400
    assert b"cannot leave before joining" in got.content


def test_the_officer_starts_a_network_and_names_its_approved_application(
    client: HttpClient, world: NetworkWorld
) -> None:
    application = make_application(
        world.programmes.agreement, status=FundingApplication.Status.APPROVED
    )
    client.force_login(world.officer)

    started = client.post(
        url("new"),
        {
            "municipality": world.programmes.municipalities[0].pk,
            "organisation": world.organisation.pk,
            "name": "Netzwerk Emmen Nord",
            "started_on": timezone.localdate().isoformat(),
            "coordinating_office": "Fachstelle Integration",
        },
    )
    network = KeyPersonNetwork.objects.get(name="Netzwerk Emmen Nord")
    linked = client.post(
        url("link_funding", network_id=network.pk), {"funding-application": application.pk}
    )

    assert started.status_code == 302
    assert linked.status_code == 302
    network.refresh_from_db()
    assert network.funding_application == application


def test_the_officer_cannot_start_a_network_in_another_municipality(
    client: HttpClient, world: NetworkWorld
) -> None:
    client.force_login(world.officer)

    got = client.post(
        url("new"),
        {
            "municipality": world.programmes.municipalities[1].pk,
            "organisation": world.organisation.pk,
            "name": "Elsewhere",
            "started_on": timezone.localdate().isoformat(),
            "coordinating_office": "Office",
        },
    )

    assert got.status_code == 400
    assert not KeyPersonNetwork.objects.filter(name="Elsewhere").exists()


# -- coverage ----------------------------------------------------------------------------------


def newcomers(world: NetworkWorld, counts: dict[str, int], *, shared: bool = True) -> None:
    """Clients living in Emmen of an organisation that shares with the canton's planners."""
    organisation = OrganisationFactory()
    if shared:
        make_agreement(organisation, world.programmes.canton)
    for code, number in counts.items():
        language = LanguageFactory(code=code)
        for _n in range(number):
            client_of(
                organisation,
                municipality=world.programmes.municipalities[0],
                preferred_language=language,
                last_name="Quartermaine",
            )


def test_the_network_page_sets_the_members_languages_against_the_newcomers(
    client: HttpClient, world: NetworkWorld
) -> None:
    newcomers(world, {"ara": 9, "prs": 7, "ukr": 2})
    client.force_login(world.officer)

    got = client.get(page_of(world))

    coverage = got.context["coverage"]
    shown = {need["name"]: need["newcomers"] for need in coverage["needs"]}
    assert shown["Arabic"] == "9"
    assert shown["Ukrainian"] == "fewer than 5"
    # Hidden with it, so that the total does not give the two away.
    assert shown["Dari"] == "fewer than 5"
    assert coverage["total"] == "18"
    assert coverage["gaps"] == ["Dari"]
    assert b"Quartermaine" not in got.content


def test_a_small_count_is_never_shown_even_to_the_canton_planner(
    client: HttpClient, world: NetworkWorld
) -> None:
    newcomers(world, {"ara": 9, "tir": 1})
    client.force_login(world.planner)

    got = client.get(page_of(world))

    coverage = got.context["coverage"]
    assert {need["name"]: need["newcomers"] for need in coverage["needs"]}["Tigrinya"] == (
        "fewer than 5"
    )
    shown = [need["newcomers"] for need in coverage["needs"]] + [coverage["total"]]
    assert "1" not in shown
    assert {"9", "10"} & set(shown) != {"9", "10"}  # never both: their difference is the 1


def test_newcomers_of_an_organisation_that_shares_nothing_are_not_counted(
    client: HttpClient, world: NetworkWorld
) -> None:
    newcomers(world, {"ara": 9}, shared=False)
    client.force_login(world.officer)

    got = client.get(page_of(world))

    assert got.context["coverage"]["needs"] == []


# -- the planner's region view -----------------------------------------------------------------


def test_the_canton_planner_reads_the_regions_networks_in_counts(
    client: HttpClient, world: NetworkWorld
) -> None:
    client.force_login(world.planner)

    got = client.get(url("region", region_id=world.programmes.canton.pk))

    assert got.status_code == 200
    (row,) = got.context["rows"]
    assert row["members"] == "2"
    assert row["languages"] == ["Arabic", "Tigrinya", "Ukrainian"]
    for name in MEMBER_NAMES:
        assert name not in got.content


@pytest.mark.parametrize("who", ["officer", "other_planner", "coordinator"])
def test_the_region_view_is_the_funding_planners_only(
    client: HttpClient, world: NetworkWorld, who: str
) -> None:
    users = {
        "officer": world.officer,
        "other_planner": world.programmes.other_planner,
        "coordinator": world.coordinator,
    }
    client.force_login(users[who])

    assert client.get(url("region", region_id=world.programmes.canton.pk)).status_code == 404


def test_the_programmes_start_page_and_the_canton_view_link_the_networks(
    client: HttpClient, world: NetworkWorld
) -> None:
    client.force_login(world.planner)

    start = client.get(reverse("programmes:index"))
    canton = client.get(
        reverse("programmes:canton", kwargs={"region_id": world.programmes.canton.pk})
    )

    assert url("index").encode() in start.content
    assert url("region", region_id=world.programmes.canton.pk).encode() in canton.content


# -- queries -----------------------------------------------------------------------------------


def grow(world: NetworkWorld, size: int) -> None:
    today = timezone.localdate()
    for n in range(size):
        person = key_person(world.organisation, "ara", "fas", last_name=f"Member{n}")
        member = services.add_member(
            network=world.network,
            key_person=person,
            joined_on=today - dt.timedelta(days=200),
            by=None,
        )
        services.record_training(
            network=world.network,
            title=f"Training {n}",
            held_on=today - dt.timedelta(days=n * 20),
            hours="2",
            attendees=[member, *world.members],
            by=None,
        )
        services.log_outreach(
            network=world.network,
            kind="contact",
            held_on=today - dt.timedelta(days=n * 25),
            people_reached=n + 3,
            languages=["ara", "fas"],
            note="Stand at the market.",
            by=None,
        )


@pytest.mark.parametrize("size", [2, 8])
def test_the_network_page_reads_in_a_bounded_number_of_queries(
    client: HttpClient, world: NetworkWorld, django_assert_max_num_queries: object, size: int
) -> None:
    grow(world, size)
    newcomers(world, {"ara": 6})
    client.force_login(world.coordinator)
    client.get(page_of(world))  # the session and the access, read once

    with django_assert_max_num_queries(30):  # type: ignore[operator]
        got = client.get(page_of(world))

    assert got.status_code == 200


def test_the_network_page_reads_as_many_queries_for_many_members_as_for_few(
    client: HttpClient, world: NetworkWorld
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.coordinator)
    client.get(page_of(world))
    counted = []
    for size in (1, 6):
        grow(world, size)
        with CaptureQueriesContext(connection) as queries:
            client.get(page_of(world))
        counted.append(len(queries))

    assert counted[0] == counted[1], counted


def test_a_keeper_whose_role_ends_finds_the_network_gone_at_once(
    client: HttpClient, world: NetworkWorld
) -> None:
    from lisko.organisations.models import Membership

    client.force_login(world.coordinator)
    assert client.get(url("network", network_id=world.network.pk)).status_code == 200

    Membership.objects.filter(user=world.coordinator, role=Role.COORDINATOR).delete()

    assert client.get(url("network", network_id=world.network.pk)).status_code == 404
