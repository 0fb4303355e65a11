"""The meeting pages of a region plan through real HTTP: who opens and writes them, a
conference that adds a measure, the measure that leads back to its meeting, the PDF that lists
the meetings, and a query count that does not grow with the meeting."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from lisko.planning import report
from lisko.regionplans import services
from lisko.regionplans.models import Measure, MeetingResult, PlanMeeting, RegionPlan
from tests.factories.regionplans import current, make_plan
from tests.web.planning.conftest import Planning, logged_in

pytestmark = pytest.mark.django_db


def plan_of(planning: Planning) -> RegionPlan:
    return make_plan(planning.world.region, by=planning.planner)


def conference(planning: Planning, plan: RegionPlan, *, results: int = 1) -> PlanMeeting:
    meeting = services.record_meeting(
        plan=plan,
        kind=PlanMeeting.Kind.CONFERENCE,
        held_on=dt.date(2026, 2, 12),
        starts_at=dt.time(14, 0),
        place="Town hall, Testhausen",
        agenda="Needs found in language and education",
        organisations=[planning.world.a, planning.world.b],
        other_participants="Refugee council",
        by=planning.planner,
        today=dt.date(2026, 3, 1),
    )
    for number in range(results):
        result = services.add_result(meeting=meeting, text=f"Decided {number}", by=planning.planner)
        services.result_creates_measure(
            result=result,
            by=planning.planner,
            field_of_action="language-education",
            title=f"Measure of result {number}",
            responsible_organisation=planning.world.a,
            partner_organisations=[planning.world.b],
            budget="1000",
        )
    return meeting


def meeting_url(meeting: PlanMeeting) -> str:
    return reverse("planning:plan_meeting", args=[meeting.plan_id, meeting.pk])


MEETING_DATA = {
    "kind": "steering",
    "held_on": "2026-04-20",
    "starts_at": "09:30",
    "place": "District office",
    "agenda": "Budget of the measures",
    "other_participants": "",
}


# -- who opens and writes them ----------------------------------------------------------------


def test_the_planner_of_the_region_reads_a_meeting(populated: Planning) -> None:
    meeting = conference(populated, plan_of(populated))

    response = logged_in(populated.planner).get(meeting_url(meeting))

    content = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Town hall, Testhausen",
        "Needs found in language and education",
        populated.world.a.name,
        "Refugee council",
        "Decided 0",
        "Measure of result 0",
    ):
        assert text in content


@pytest.mark.parametrize("who", ["other_planner", "social_worker", "coordinator"])
def test_anyone_else_finds_no_meeting(populated: Planning, who: str) -> None:
    meeting = conference(populated, plan_of(populated))

    response = logged_in(getattr(populated, who)).get(meeting_url(meeting))

    assert response.status_code == 404


def test_a_meeting_of_another_plan_is_not_found_under_this_one(populated: Planning) -> None:
    meeting = conference(populated, plan_of(populated))
    other = make_plan(populated.world.region, by=populated.planner, start_year=2030, end_year=2034)

    response = logged_in(populated.planner).get(
        reverse("planning:plan_meeting", args=[other.pk, meeting.pk])
    )

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["other_planner", "social_worker"])
def test_anyone_else_cannot_record_a_meeting_or_a_result(populated: Planning, who: str) -> None:
    plan = plan_of(populated)
    meeting = conference(populated, plan, results=0)
    client = logged_in(getattr(populated, who))

    recorded = client.post(reverse("planning:plan_record_meeting", args=[plan.pk]), MEETING_DATA)
    resulted = client.post(
        reverse("planning:plan_meeting_result", args=[plan.pk, meeting.pk]), {"text": "Mine"}
    )

    assert (recorded.status_code, resulted.status_code) == (404, 404)
    assert PlanMeeting.objects.count() == 1
    assert not MeetingResult.objects.exists()


# -- writing ----------------------------------------------------------------------------------


def test_a_meeting_is_recorded_from_the_plan_page(populated: Planning) -> None:
    plan = plan_of(populated)

    response = logged_in(populated.planner).post(
        reverse("planning:plan_record_meeting", args=[plan.pk]),
        {**MEETING_DATA, "organisations": [populated.world.a.pk]},
    )

    meeting = PlanMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting_url(meeting)
    assert (meeting.kind, meeting.held_on, meeting.starts_at) == (
        "steering",
        dt.date(2026, 4, 20),
        dt.time(9, 30),
    )
    assert list(meeting.organisations.all()) == [populated.world.a]


def test_a_meeting_on_an_absurd_day_is_refused_on_the_page_with_its_reason(
    populated: Planning,
) -> None:
    plan = plan_of(populated)

    response = logged_in(populated.planner).post(
        reverse("planning:plan_record_meeting", args=[plan.pk]),
        {**MEETING_DATA, "held_on": "2019-04-20"},
    )

    assert response.status_code == 400
    assert "A meeting about this plan takes place from 2024 to 2030." in response.content.decode()
    assert not PlanMeeting.objects.exists()


def change_data(**changes: str) -> dict[str, str]:
    return {f"change-{name}": value for name, value in {**MEETING_DATA, **changes}.items()}


def test_a_meeting_is_corrected_on_its_page(populated: Planning) -> None:
    plan = plan_of(populated)
    meeting = conference(populated, plan)

    response = logged_in(populated.planner).post(
        reverse("planning:plan_meeting_change", args=[plan.pk, meeting.pk]),
        {**change_data(), "change-organisations": [str(populated.world.b.pk)]},
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.kind, meeting.place, meeting.held_on) == (
        "steering",
        "District office",
        dt.date(2026, 4, 20),
    )
    assert list(meeting.organisations.all()) == [populated.world.b]


def test_a_correction_on_an_absurd_day_is_refused_on_the_page_with_its_reason(
    populated: Planning,
) -> None:
    plan = plan_of(populated)
    meeting = conference(populated, plan)

    response = logged_in(populated.planner).post(
        reverse("planning:plan_meeting_change", args=[plan.pk, meeting.pk]),
        change_data(held_on="2019-04-20"),
    )

    assert response.status_code == 400
    assert "A meeting about this plan takes place from 2024 to 2030." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.held_on == dt.date(2026, 2, 12)


@pytest.mark.parametrize("who", ["other_planner", "social_worker", "coordinator"])
def test_anyone_else_cannot_correct_a_meeting(populated: Planning, who: str) -> None:
    plan = plan_of(populated)
    meeting = conference(populated, plan)

    response = logged_in(getattr(populated, who)).post(
        reverse("planning:plan_meeting_change", args=[plan.pk, meeting.pk]), change_data()
    )

    assert response.status_code == 404
    meeting.refresh_from_db()
    assert meeting.place == "Town hall, Testhausen"


@pytest.mark.parametrize("day", ["1-1-1", "9999-12-31", "2026-02-30", ""])
def test_a_malformed_day_answers_a_form_error(populated: Planning, day: str) -> None:
    plan = plan_of(populated)

    response = logged_in(populated.planner).post(
        reverse("planning:plan_record_meeting", args=[plan.pk]), {**MEETING_DATA, "held_on": day}
    )

    assert response.status_code == 400
    assert not PlanMeeting.objects.exists()


def test_a_result_is_added_on_the_meeting_page(populated: Planning) -> None:
    meeting = conference(populated, plan_of(populated), results=0)

    response = logged_in(populated.planner).post(
        reverse("planning:plan_meeting_result", args=[meeting.plan_id, meeting.pk]),
        {"text": "A video interpreting pool"},
    )

    assert response.status_code == 302
    assert list(meeting.results.values_list("text", flat=True)) == ["A video interpreting pool"]


def test_a_conference_adds_a_measure(populated: Planning) -> None:
    meeting = conference(populated, plan_of(populated), results=0)
    result = services.add_result(meeting=meeting, text="Video pool", by=populated.planner)

    response = logged_in(populated.planner).post(
        reverse("planning:plan_meeting_measure", args=[meeting.plan_id, meeting.pk]),
        {
            "result": result.pk,
            "field_of_action": "language-education",
            "title": "Video interpreting pool",
            "responsible_organisation": populated.world.a.pk,
            "budget": "6000",
            "currency": "EUR",
            "status": "planned",
        },
    )

    assert response.status_code == 302
    measure = Measure.objects.get(version=current(meeting.plan))
    assert measure.title == "Video interpreting pool"
    assert list(measure.result_links.values_list("result", "kind")) == [(result.pk, "created")]


def test_a_measure_refused_from_a_result_shows_its_reason(populated: Planning) -> None:
    meeting = conference(populated, plan_of(populated), results=0)
    result = services.add_result(meeting=meeting, text="Video pool", by=populated.planner)

    response = logged_in(populated.planner).post(
        reverse("planning:plan_meeting_measure", args=[meeting.plan_id, meeting.pk]),
        {
            "result": result.pk,
            "field_of_action": "language-education",
            "title": "",
            "responsible_organisation": populated.world.a.pk,
            "currency": "EUR",
            "status": "planned",
        },
    )

    assert response.status_code == 400
    assert not Measure.objects.exists()


def test_a_result_of_another_meeting_is_not_offered(populated: Planning) -> None:
    plan = plan_of(populated)
    meeting = conference(populated, plan, results=0)
    elsewhere = services.add_result(
        meeting=conference(populated, plan, results=0), text="Other", by=populated.planner
    )

    response = logged_in(populated.planner).post(
        reverse("planning:plan_meeting_status", args=[plan.pk, meeting.pk]),
        {"result": elsewhere.pk, "measure": "1", "status": "running"},
    )

    assert response.status_code == 400
    assert not elsewhere.links.exists()


def test_a_result_changes_a_measures_status_on_the_meeting_page(populated: Planning) -> None:
    meeting = conference(populated, plan_of(populated))
    measure = Measure.objects.get()
    result = services.add_result(meeting=meeting, text="Start it now", by=populated.planner)

    response = logged_in(populated.planner).post(
        reverse("planning:plan_meeting_status", args=[meeting.plan_id, meeting.pk]),
        {"result": result.pk, "measure": measure.pk, "status": "running"},
    )

    measure.refresh_from_db()
    assert response.status_code == 302
    assert measure.status == "running"
    page = logged_in(populated.planner).get(meeting_url(meeting)).content.decode()
    assert "Planned → Running" in page


# -- back from the measure --------------------------------------------------------------------


def test_the_plan_page_lists_the_meetings(populated: Planning) -> None:
    meeting = conference(populated, plan_of(populated))

    content = (
        logged_in(populated.planner)
        .get(reverse("planning:plan", args=[meeting.plan_id]))
        .content.decode()
    )

    assert meeting_url(meeting) in content
    assert "Town hall, Testhausen" in content


def test_a_measure_leads_back_to_the_meeting_it_came_from_in_a_later_version(
    populated: Planning,
) -> None:
    meeting = conference(populated, plan_of(populated))
    services.new_version(plan=meeting.plan, note="After the conference", by=populated.planner)

    content = (
        logged_in(populated.planner)
        .get(reverse("planning:plan", args=[meeting.plan_id]))
        .content.decode()
    )

    assert "From: Regional conference, 12 February 2026" in content
    assert f'href="{meeting_url(meeting)}"' in content


def test_a_result_leads_to_its_measure_as_it_is_now(populated: Planning) -> None:
    meeting = conference(populated, plan_of(populated))
    services.new_version(plan=meeting.plan, note="After the conference", by=populated.planner)
    now = Measure.objects.get(version=current(meeting.plan))

    content = logged_in(populated.planner).get(meeting_url(meeting)).content.decode()

    assert f"#measure-{now.pk}" in content


def test_dates_are_written_in_the_readers_language(populated: Planning) -> None:
    meeting = conference(populated, plan_of(populated))
    populated.planner.language = "de"
    populated.planner.save(update_fields=["language"])

    content = logged_in(populated.planner).get(meeting_url(meeting)).content.decode()

    assert "12. Februar 2026" in content


def test_the_meeting_page_reads_right_to_left_in_arabic(populated: Planning) -> None:
    meeting = conference(populated, plan_of(populated))
    populated.planner.language = "ar"
    populated.planner.save(update_fields=["language"])

    response = logged_in(populated.planner).get(meeting_url(meeting))

    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


# -- the PDF ----------------------------------------------------------------------------------


def test_the_plan_pdf_lists_the_meetings_and_their_results(
    populated: Planning, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = conference(populated, plan_of(populated))
    written: list[str] = []
    text_block = report._Document.text_block

    def spy(self: Any, text: str, *args: Any, **kwargs: Any) -> Any:
        written.append(text)
        return text_block(self, text, *args, **kwargs)

    monkeypatch.setattr(report._Document, "text_block", spy)

    response = logged_in(populated.planner).get(
        reverse("planning:plan_pdf", args=[meeting.plan_id, 1])
    )

    assert response.status_code == 200
    assert "Regional conference, 12 February 2026" in written
    assert "Decided 0 (created: Measure of result 0)" in written


# -- queries ----------------------------------------------------------------------------------


def test_the_meeting_page_stays_within_its_queries_however_many_results(
    populated: Planning, django_assert_max_num_queries: Any
) -> None:
    small = conference(populated, plan_of(populated), results=1)
    large_plan = make_plan(
        populated.world.region, by=populated.planner, start_year=2025, end_year=2030
    )
    large = conference(populated, large_plan, results=8)
    client = logged_in(populated.planner)
    client.get(meeting_url(small))

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(meeting_url(small))
    with django_assert_max_num_queries(len(few)):
        client.get(meeting_url(large))
    assert len(few) <= 40
