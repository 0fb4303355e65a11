"""The gap list: read off published tables only, the largest unmet demand first, each gap
with its evidence and an action; never a number of persons below the threshold."""

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lisko.appointments.models import Appointment
from lisko.clients.models import Client
from lisko.planning.gaps import ranked_gaps
from lisko.planning.scope import Period, PlanningScope, scope_for
from lisko.referrals.models import Referral
from tests.factories.core import ClientFactory, LanguageFactory
from tests.factories.interpreting import (
    AppointmentFactory,
    InterpreterFactory,
    InterpreterLanguageFactory,
)
from tests.factories.people import (
    FieldOfActionFactory,
    GoalFactory,
    OfferFactory,
    PlanFactory,
    ReferralFactory,
)
from tests.factories.planning import PlanningWorld, make_planning_world

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PERIOD = Period(start=TODAY - dt.timedelta(days=83), end=TODAY)  # twelve weeks


def at(days_ago: int, hour: int) -> dt.datetime:
    day = TODAY - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_client(organisation: Any, municipality: Any, code: str) -> Client:
    return ClientFactory(
        organisation=organisation,
        municipality=municipality,
        preferred_language=LanguageFactory(code=code),
    )


def make_requests(
    client: Client,
    code: str,
    number: int,
    *,
    status: str = Appointment.Status.UNFILLED,
    reason: str = "no_speaker",
    minutes: int = 90,
) -> None:
    for index in range(number):
        start = at(10 + 3 * index, 10)
        AppointmentFactory(
            client=client,
            language=LanguageFactory(code=code),
            start=start,
            end=start + dt.timedelta(minutes=minutes),
            status=status,
            municipality=client.municipality,
            unfilled_reason=reason if status == Appointment.Status.UNFILLED else "",
        )


def tell_the_story(world: PlanningWorld, *, scale: int = 1) -> None:
    """A Tigrinya community in far-off Fernhafen whom nobody in the pool understands; Arabic
    served in Nordstadt by an interpreter living there, and a key person speaks it; C (no
    agreement) has a large Somali community nobody serves either."""
    nordstadt, mittelfeld, fernhafen = world.municipalities
    interpreter = InterpreterFactory(organisation=world.a, home_municipality=nordstadt)
    InterpreterLanguageFactory(interpreter=interpreter, language=LanguageFactory(code="ara"))
    key_person = InterpreterFactory(
        organisation=world.b, home_municipality=mittelfeld, kind="key_person"
    )
    InterpreterLanguageFactory(interpreter=key_person, language=LanguageFactory(code="ara"))
    for _ in range(12 * scale):
        make_requests(make_client(world.a, fernhafen, "tir"), "tir", 2)
    for _ in range(8 * scale):
        client = make_client(world.b, nordstadt, "ara")
        make_requests(client, "ara", 2, status=Appointment.Status.DONE)
        make_requests(client, "ara", 1, reason="not_available")
    for _ in range(3 * scale):
        make_client(world.b, mittelfeld, "ara")
    for _ in range(20 * scale):
        make_requests(make_client(world.c, fernhafen, "som"), "som", 3)


def scope_of(world: PlanningWorld) -> PlanningScope:
    return scope_for(world.planner, world.region.pk, PERIOD)


def test_a_community_with_no_interpreter_nearby_comes_first() -> None:
    world = make_planning_world()
    tell_the_story(world)
    gaps = ranked_gaps(scope_of(world))
    first = gaps[0]
    assert first.kind == "interpreters_missing"
    assert first.language == "tir"
    assert first.municipality_id == world.municipalities[2].pk
    assert "Recruit" in first.action and "Tigrinya" in first.action
    assert any("24 requests for Tigrinya" in sentence for sentence in first.evidence)
    # 24 requests × 1.5 h ÷ 12 weeks = 3 h a week: one person at 4 h a week.
    assert any("= 3.0 h a week" in sentence for sentence in first.evidence)
    assert "Recruit 1 interpreter or key person" in first.action
    assert first.weight == 36.0


def test_the_community_also_lacks_key_persons() -> None:
    world = make_planning_world()
    tell_the_story(world)
    kinds = {(gap.kind, gap.language) for gap in ranked_gaps(scope_of(world))}
    assert ("key_persons_missing", "tir") in kinds
    assert ("key_persons_missing", "ara") not in kinds  # a key person speaks it


def test_an_organisation_without_an_agreement_leaves_no_gap() -> None:
    world = make_planning_world()
    tell_the_story(world)
    gaps = ranked_gaps(scope_of(world))
    assert all(gap.language != "som" for gap in gaps)
    assert all("Somali" not in " ".join([gap.title, *gap.evidence]) for gap in gaps)


def test_demand_where_someone_comes_on_site_is_no_interpreter_gap() -> None:
    world = make_planning_world()
    tell_the_story(world)
    assert all(
        gap.language != "ara"
        for gap in ranked_gaps(scope_of(world))
        if gap.kind in ("interpreters_missing", "switch_to_remote")
    )


NUMBER_OF_PERSONS = re.compile(r"(\d+) (?:unfilled )?(?:requests|clients|referrals)\b")


def test_a_gap_never_states_a_number_below_the_threshold() -> None:
    world = make_planning_world()
    tell_the_story(world)
    # Three Persian requests and three clients waiting for a field nobody offers in Mittelfeld.
    mittelfeld = world.municipalities[1]
    for _ in range(3):
        client = make_client(world.a, mittelfeld, "fas")
        make_requests(client, "fas", 1)
        GoalFactory(
            plan=PlanFactory(client=client),
            field_of_action=FieldOfActionFactory(organisation=world.a, key="work", name="Work"),
        )
    gaps = ranked_gaps(scope_of(world))
    assert gaps
    for gap in gaps:
        for sentence in [gap.title, *gap.evidence, gap.action]:
            for number in NUMBER_OF_PERSONS.findall(sentence):
                assert int(number) >= 5, sentence
            assert "Persian" not in sentence or "fewer than 5" in sentence
    assert all(gap.field_of_action != "work" for gap in gaps)


def test_a_field_with_goals_and_no_offer_in_the_region_is_a_gap() -> None:
    world = make_planning_world()
    nordstadt, mittelfeld, fernhafen = world.municipalities
    work = FieldOfActionFactory(organisation=world.a, key="work", name="Work")
    language = FieldOfActionFactory(organisation=world.a, key="language-education")
    for _ in range(6):
        GoalFactory(
            plan=PlanFactory(client=make_client(world.a, fernhafen, "ara")), field_of_action=work
        )
        GoalFactory(
            plan=PlanFactory(client=make_client(world.a, mittelfeld, "ara")),
            field_of_action=language,
        )
    # A language course in Nordstadt serves the whole district.
    OfferFactory(
        association__organisation=world.a, field_of_action=language, municipality=nordstadt
    )
    gaps = [gap for gap in ranked_gaps(scope_of(world)) if gap.kind == "offer_missing"]
    assert [(gap.field_of_action, gap.municipality_id) for gap in gaps] == [("work", fernhafen.pk)]
    assert gaps[0].action == f"Find or fund an offer for Work in {fernhafen.name}."
    assert gaps[0].weight == 6


def test_referrals_declined_for_lack_of_places_make_a_waiting_list() -> None:
    world = make_planning_world()
    nordstadt = world.municipalities[0]
    housing = FieldOfActionFactory(organisation=world.a, key="housing", name="Housing")
    offer = OfferFactory(
        association__organisation=world.a, field_of_action=housing, municipality=nordstadt
    )
    for _ in range(7):
        ReferralFactory(
            client=make_client(world.a, nordstadt, "ara"),
            offer=offer,
            status=Referral.Status.DECLINED,
            decline_code="no_places",
        )
    gaps = [gap for gap in ranked_gaps(scope_of(world)) if gap.kind == "waiting_list"]
    assert [gap.field_of_action for gap in gaps] == ["housing"]
    assert gaps[0].action == "Add places in Housing."
    assert "7 of them were declined for lack of places." in gaps[0].evidence


def test_gaps_are_ranked_by_weight_and_at_most_twenty() -> None:
    world = make_planning_world()
    tell_the_story(world)
    gaps = ranked_gaps(scope_of(world))
    assert len(gaps) <= 20
    assert [gap.weight for gap in gaps] == sorted((gap.weight for gap in gaps), reverse=True)
    assert all(gap.evidence and gap.action and gap.title for gap in gaps)


def test_the_number_of_queries_does_not_grow_with_the_data(
    django_assert_max_num_queries: Any,
) -> None:
    world = make_planning_world()
    tell_the_story(world)
    scope = scope_of(world)
    with CaptureQueriesContext(connection) as small:
        ranked_gaps(scope)
    tell_the_story(world, scale=2)
    with django_assert_max_num_queries(len(small)):
        ranked_gaps(scope)
    # Each published figure is a handful of queries; the figures read are bounded by the
    # languages examined (5) and the fields of action, whatever the data.
    assert len(small) <= 45


def test_speakers_too_far_away_but_working_remotely_suggest_phone_or_video() -> None:
    world = make_planning_world()
    tell_the_story(world)
    fernhafen = world.municipalities[2]
    for _ in range(10):
        make_requests(make_client(world.a, fernhafen, "ara"), "ara", 1, reason="travel_limit")
    gaps = ranked_gaps(scope_of(world))
    remote = [gap for gap in gaps if gap.kind == "switch_to_remote"]
    assert [(gap.language, gap.municipality_id) for gap in remote] == [("ara", fernhafen.pk)]
    assert remote[0].action.startswith("Offer appointments in Arabic")
    assert "by phone or video" in remote[0].action
    assert any("remote only" in sentence for sentence in remote[0].evidence)
