"""Participation in a region plan: conferences and steering-group meetings, their results, and
the measures those results created or changed, followed through the plan's versions."""

import datetime as dt
from typing import Any

import pytest

from lisko.core.errors import DomainError, NotFound
from lisko.regionplans import selectors, services
from lisko.regionplans.models import (
    Measure,
    MeetingResult,
    PlanMeeting,
    ResultMeasure,
)
from tests.factories.core import OrganisationFactory
from tests.factories.regionplans import current
from tests.lisko.regionplans.conftest import Plans

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)


def record(plans: Plans, **changes: object) -> PlanMeeting:
    values: dict[str, object] = {
        "plan": plans.plan,
        "kind": PlanMeeting.Kind.CONFERENCE,
        "held_on": dt.date(2026, 2, 12),
        "starts_at": dt.time(14, 0),
        "place": "Town hall, Testhausen",
        "agenda": "1. Needs found\n2. Measures for housing",
        "organisations": [plans.world.a, plans.world.b],
        "other_participants": "Housing office",
        "by": plans.planner,
        "today": TODAY,
    }
    values.update(changes)
    return services.record_meeting(**values)  # type: ignore[arg-type]


def result_of(plans: Plans, text: str = "A round table with landlords") -> MeetingResult:
    return services.add_result(meeting=record(plans), text=text, by=plans.planner)


def measure_fields(plans: Plans, **changes: object) -> dict[str, Any]:
    values: dict[str, Any] = {
        "field_of_action": "housing",
        "title": "Round table with landlords",
        "responsible_organisation": plans.world.a,
        "budget": "4000",
    }
    values.update(changes)
    return values


# -- meetings ---------------------------------------------------------------------------------


def test_a_conference_keeps_its_day_place_participants_and_agenda(plans: Plans) -> None:
    meeting = record(plans)

    meeting.refresh_from_db()
    assert (meeting.kind, meeting.held_on, meeting.starts_at) == (
        "conference",
        dt.date(2026, 2, 12),
        dt.time(14, 0),
    )
    assert meeting.place == "Town hall, Testhausen"
    assert set(meeting.organisations.all()) == {plans.world.a, plans.world.b}
    assert meeting.other_participants == "Housing office"


@pytest.mark.parametrize(
    ("held_on", "code"),
    [
        (None, "held_on_missing"),
        (dt.date(1999, 12, 31), "held_on_too_early"),
        (dt.date(2028, 3, 11), "held_on_too_late"),
        (dt.date(2023, 12, 31), "held_on_outside_plan"),
    ],
)
def test_a_meeting_on_an_absurd_day_is_refused_and_nothing_is_saved(
    plans: Plans, held_on: dt.date | None, code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        record(plans, held_on=held_on)

    assert refused.value.code == code
    assert not PlanMeeting.objects.exists()


def test_a_meeting_the_year_before_the_plan_is_recorded(plans: Plans) -> None:
    assert record(plans, held_on=dt.date(2024, 11, 20)).held_on.year == 2024


def test_a_meeting_two_years_ahead_is_recorded(plans: Plans) -> None:
    assert record(plans, held_on=dt.date(2028, 3, 10)).held_on == dt.date(2028, 3, 10)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"kind": "party"}, "invalid_kind"),
        ({"place": "  "}, "place_missing"),
        ({"agenda": ""}, "agenda_missing"),
        ({"agenda": "x" * 4001}, "agenda_missing_too_long"),
    ],
)
def test_a_meeting_without_what_it_needs_is_refused(
    plans: Plans, changes: dict[str, object], code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        record(plans, **changes)

    assert refused.value.code == code
    assert not PlanMeeting.objects.exists()


def test_an_organisation_that_does_not_share_with_the_region_cannot_take_part(
    plans: Plans,
) -> None:
    with pytest.raises(DomainError) as refused:
        record(plans, organisations=[OrganisationFactory()])

    assert refused.value.code == "invalid_participant"
    assert not PlanMeeting.objects.exists()


@pytest.mark.parametrize("who", ["other_planner", "social_worker"])
def test_only_a_planner_of_the_region_records_a_meeting(plans: Plans, who: str) -> None:
    with pytest.raises(NotFound):
        record(plans, by=getattr(plans, who))

    assert not PlanMeeting.objects.exists()


def change(plans: Plans, meeting: PlanMeeting, **changes: object) -> PlanMeeting:
    values: dict[str, object] = {
        "meeting": meeting,
        "kind": PlanMeeting.Kind.STEERING_GROUP,
        "held_on": dt.date(2026, 2, 19),
        "starts_at": None,
        "place": "District office",
        "agenda": "1. Needs found",
        "organisations": [plans.world.b],
        "other_participants": "",
        "by": plans.planner,
        "today": TODAY,
    }
    values.update(changes)
    return services.change_meeting(**values)  # type: ignore[arg-type]


def test_a_meeting_is_corrected_and_keeps_its_results(plans: Plans) -> None:
    meeting = record(plans)
    services.add_result(meeting=meeting, text="A round table", by=plans.planner)

    change(plans, meeting)

    meeting.refresh_from_db()
    assert (meeting.kind, meeting.held_on, meeting.starts_at, meeting.place) == (
        "steering",
        dt.date(2026, 2, 19),
        None,
        "District office",
    )
    assert list(meeting.organisations.all()) == [plans.world.b]
    assert [result.text for result in meeting.results.all()] == ["A round table"]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"held_on": dt.date(1999, 12, 31)}, "held_on_too_early"),
        ({"held_on": dt.date(2031, 1, 1)}, "held_on_too_late"),
        ({"place": "  "}, "place_missing"),
        ({"agenda": ""}, "agenda_missing"),
        ({"kind": "party"}, "invalid_kind"),
    ],
)
def test_a_correction_the_rules_of_meetings_refuse_changes_nothing(
    plans: Plans, changes: dict[str, object], code: str
) -> None:
    meeting = record(plans)

    with pytest.raises(DomainError) as refused:
        change(plans, meeting, **changes)

    assert refused.value.code == code
    meeting.refresh_from_db()
    assert meeting.place == "Town hall, Testhausen"
    assert meeting.organisations.count() == 2


@pytest.mark.parametrize("who", ["other_planner", "social_worker"])
def test_only_a_planner_of_the_region_corrects_a_meeting(plans: Plans, who: str) -> None:
    meeting = record(plans)

    with pytest.raises(NotFound):
        change(plans, meeting, by=getattr(plans, who))

    meeting.refresh_from_db()
    assert meeting.place == "Town hall, Testhausen"


# -- results ----------------------------------------------------------------------------------


def test_a_result_is_written_down(plans: Plans) -> None:
    result = result_of(plans)

    assert list(result.meeting.results.values_list("text", flat=True)) == [
        "A round table with landlords"
    ]


def test_an_empty_result_is_refused(plans: Plans) -> None:
    meeting = record(plans)

    with pytest.raises(DomainError) as refused:
        services.add_result(meeting=meeting, text=" ", by=plans.planner)

    assert refused.value.code == "result_missing"
    assert not MeetingResult.objects.exists()


def test_a_planner_of_another_region_cannot_add_a_result(plans: Plans) -> None:
    meeting = record(plans)

    with pytest.raises(NotFound):
        services.add_result(meeting=meeting, text="Mine", by=plans.other_planner)


# -- a conference adds a measure --------------------------------------------------------------


def test_a_result_creates_a_measure_in_the_current_version(plans: Plans) -> None:
    result = result_of(plans)

    measure, link = services.result_creates_measure(
        result=result, by=plans.planner, **measure_fields(plans)
    )

    assert measure.version == current(plans.plan)
    assert [m.title for m in selectors.version_of(plans.plan).measures.all()] == [
        "Round table with landlords"
    ]
    assert (link.kind, link.measure) == ("created", measure)


def test_a_measure_the_rules_of_measures_refuse_is_not_created_nor_linked(plans: Plans) -> None:
    result = result_of(plans)

    with pytest.raises(DomainError) as refused:
        services.result_creates_measure(
            result=result, by=plans.planner, **measure_fields(plans, budget="-5")
        )

    assert refused.value.code == "negative_budget"
    assert not Measure.objects.exists()
    assert not ResultMeasure.objects.exists()


def test_a_planner_of_another_region_cannot_create_a_measure_from_a_result(plans: Plans) -> None:
    result = result_of(plans)

    with pytest.raises(NotFound):
        services.result_creates_measure(
            result=result, by=plans.other_planner, **measure_fields(plans)
        )

    assert not Measure.objects.exists()


def test_the_created_measure_is_found_through_a_new_version(plans: Plans) -> None:
    result = result_of(plans)
    created, _link = services.result_creates_measure(
        result=result, by=plans.planner, **measure_fields(plans)
    )

    services.new_version(plan=plans.plan, note="After the conference", by=plans.planner)

    meeting = selectors.meeting_for(
        user=plans.planner, plan_id=plans.plan.pk, meeting_id=result.meeting_id
    )
    link = meeting.results.all()[0].links.all()[0]
    now = link.current_measure
    assert link.measure == created  # the row of the version it was recorded in
    assert now is not None
    assert (now.version, now.lineage) == (current(plans.plan), created.lineage)
    assert now.pk != created.pk


def test_a_new_version_tells_each_measure_where_it_came_from(plans: Plans) -> None:
    result = result_of(plans)
    created, _link = services.result_creates_measure(
        result=result, by=plans.planner, **measure_fields(plans)
    )
    services.new_version(plan=plans.plan, note="After the conference", by=plans.planner)

    version = selectors.version_of(plans.plan)
    origins = selectors.origins_of(version)

    copy = version.measures.get()
    assert [link.result for link in origins[copy.lineage]] == [result]
    assert copy.lineage == created.lineage


# -- a result changes a measure ---------------------------------------------------------------


def test_a_result_changes_a_measures_status_and_says_from_what(plans: Plans) -> None:
    measure = services.add_measure(
        version=current(plans.plan), by=plans.planner, **measure_fields(plans)
    )
    result = result_of(plans, "Start the round table now")

    link = services.result_changes_measure_status(
        result=result, measure=measure, status="running", by=plans.planner
    )

    measure.refresh_from_db()
    assert measure.status == "running"
    assert (link.kind, link.status_from, link.status_to) == ("changed", "planned", "running")


def test_a_result_cannot_change_a_measure_to_the_status_it_has(plans: Plans) -> None:
    measure = services.add_measure(
        version=current(plans.plan), by=plans.planner, **measure_fields(plans)
    )

    with pytest.raises(DomainError) as refused:
        services.result_changes_measure_status(
            result=result_of(plans), measure=measure, status="planned", by=plans.planner
        )

    assert refused.value.code == "status_unchanged"
    assert not ResultMeasure.objects.exists()


def test_a_result_cannot_change_a_measure_to_an_unknown_status(plans: Plans) -> None:
    measure = services.add_measure(
        version=current(plans.plan), by=plans.planner, **measure_fields(plans)
    )

    with pytest.raises(DomainError) as refused:
        services.result_changes_measure_status(
            result=result_of(plans), measure=measure, status="forgotten", by=plans.planner
        )

    assert refused.value.code == "invalid_status"
    assert not ResultMeasure.objects.exists()


def test_a_result_cannot_change_a_measure_of_an_earlier_version(plans: Plans) -> None:
    measure = services.add_measure(
        version=current(plans.plan), by=plans.planner, **measure_fields(plans)
    )
    services.new_version(plan=plans.plan, note="Next", by=plans.planner)
    measure.refresh_from_db()

    with pytest.raises(DomainError) as refused:
        services.result_changes_measure_status(
            result=result_of(plans), measure=measure, status="running", by=plans.planner
        )

    assert refused.value.code == "invalid_measure"
    assert Measure.objects.filter(status="running").count() == 0


def test_a_measure_of_another_plan_cannot_be_changed_by_a_result(plans: Plans) -> None:
    from tests.factories.regionplans import make_plan

    other = make_plan(plans.world.region, by=plans.planner, start_year=2030, end_year=2034)
    measure = services.add_measure(
        version=current(other), by=plans.planner, **measure_fields(plans)
    )

    with pytest.raises(DomainError) as refused:
        services.result_changes_measure_status(
            result=result_of(plans), measure=measure, status="running", by=plans.planner
        )

    assert refused.value.code == "invalid_measure"


# -- lineage ----------------------------------------------------------------------------------


def test_a_measure_keeps_its_lineage_through_versions_and_a_new_one_gets_its_own(
    plans: Plans,
) -> None:
    first = services.add_measure(
        version=current(plans.plan), by=plans.planner, **measure_fields(plans)
    )
    services.new_version(plan=plans.plan, note="Next", by=plans.planner)
    second = services.add_measure(
        version=current(plans.plan), by=plans.planner, **measure_fields(plans, title="Other")
    )

    lineages = list(
        Measure.objects.filter(version=current(plans.plan)).values_list("lineage", flat=True)
    )
    assert lineages == [first.lineage, second.lineage]
    assert first.lineage != second.lineage


def test_the_migration_gives_copies_made_before_the_lineage_their_originals_lineage(
    plans: Plans,
) -> None:
    import importlib
    import uuid

    from django.apps import apps

    migration = importlib.import_module("lisko.regionplans.migrations.0002_participation")
    services.add_measure(version=current(plans.plan), by=plans.planner, **measure_fields(plans))
    services.add_measure(
        version=current(plans.plan), by=plans.planner, **measure_fields(plans, title="Other")
    )
    services.new_version(plan=plans.plan, note="Next", by=plans.planner)
    # As before the lineage existed: every row on its own.
    for measure in Measure.objects.all():
        Measure.objects.filter(pk=measure.pk).update(lineage=uuid.uuid4())

    migration.backfill_lineage(apps, None)

    by_title: dict[str, set[object]] = {}
    for title, lineage in Measure.objects.values_list("title", "lineage"):
        by_title.setdefault(title, set()).add(lineage)
    assert len(by_title["Round table with landlords"]) == 1
    assert len(by_title["Other"]) == 1
    assert by_title["Other"] != by_title["Round table with landlords"]
