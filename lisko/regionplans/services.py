"""Every change to a region plan: the only writers of lisko/regionplans.

Only a planner of the plan's region (or of a region around it) writes; anyone else gets
NotFound, as for a plan that does not exist. Only the current version changes: an earlier one
answers with a translated refusal. Bad input is refused with a translated DomainError and
nothing is saved. `by=None` is the installation itself (the demo).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lisko.access import access_of
from lisko.access.rules import planned_region_ids
from lisko.core.errors import DomainError, NotFound
from lisko.core.limits import parse_id
from lisko.regionplans import indicators
from lisko.regionplans.models import (
    FIRST_YEAR,
    LAST_YEAR,
    LONGEST_SPAN_YEARS,
    Measure,
    MeetingResult,
    NeedsSnapshot,
    PlanGoal,
    PlanMeeting,
    PlanMilestone,
    RegionPlan,
    RegionPlanVersion,
    ResultMeasure,
)
from lisko.regionplans.selectors import default_currency, organisations_for, responsible_people

if TYPE_CHECKING:
    from lisko.accounts.models import User
    from lisko.organisations.models import Organisation
    from lisko.places.models import Region

# The largest amount or figure a plan holds (the fields' 14 digits, two of them decimals).
LARGEST = Decimal("999999999999.99")
TEXT_LIMITS = {
    "title": 200,
    "text": 1000,
    "note": 2000,
    "partners": 500,
    "funding": 200,
    "place": 200,
    "agenda": 4000,
}
# How far a meeting may lie from the plan's years (one is prepared the year before, one looks
# back the year after) and from today (a meeting is planned two years ahead at most).
MEETING_YEARS_AROUND_PLAN = 1
MEETING_YEARS_AHEAD = 2


# -- checks -----------------------------------------------------------------------------------


def ensure_planner(by: User | None, region_id: int) -> None:
    """NotFound unless `by` plans for the region (or a region around it)."""
    if by is None:
        return
    if region_id not in planned_region_ids(access_of(by)):
        raise NotFound()


def _ensure_current(version: RegionPlanVersion) -> None:
    if not version.is_current:
        raise DomainError(
            _("This version is kept as it was. Make changes in the current version."),
            code="version_frozen",
        )


def _text(value: object, *, limit: int, required: bool, message: str, code: str) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise DomainError(message, code=code)
    if len(text) > limit:
        raise DomainError(
            _("Keep it to {limit} characters.").format(limit=limit), code=f"{code}_too_long"
        )
    return text


def _not_a_number() -> str:
    example = formats.number_format(Decimal("12.5"), decimal_pos=1)
    return _("Enter a number, for example {example}.").format(example=example)


def _amount(value: object, *, code: str, allow_negative: bool = True) -> Decimal:
    """A decimal with at most two places, within the fields' range."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_not_a_number(), code=code) from None
    if not amount.is_finite() or abs(amount) > LARGEST:
        raise DomainError(_not_a_number(), code=code)
    if not allow_negative and amount < 0:
        raise DomainError(_("The budget cannot be negative."), code="negative_budget")
    return amount.quantize(Decimal("0.01"))


def _field_of_action(key: object) -> str:
    from lisko.organisations.models import FieldOfAction

    text = str(key or "").strip()
    if not text or not FieldOfAction.objects.filter(key=text).exists():
        raise DomainError(_("Choose a field of action from the list."), code="invalid_field")
    return text


def _years(start_year: object, end_year: object) -> tuple[int, int]:
    try:
        start, end = int(str(start_year)), int(str(end_year))
    except (TypeError, ValueError):
        raise DomainError(
            _("Enter the years as numbers, for example 2025."), code="invalid_year"
        ) from None
    if not (FIRST_YEAR <= start <= LAST_YEAR and FIRST_YEAR <= end <= LAST_YEAR):
        raise DomainError(
            _("Choose years between {first} and {last}.").format(first=FIRST_YEAR, last=LAST_YEAR),
            code="year_out_of_range",
        )
    if end < start:
        raise DomainError(_("The plan ends before it starts."), code="period_reversed")
    if end - start + 1 > LONGEST_SPAN_YEARS:
        raise DomainError(
            _("A plan can cover at most {years} years.").format(years=LONGEST_SPAN_YEARS),
            code="period_too_long",
        )
    return start, end


# -- plans and versions -----------------------------------------------------------------------


@transaction.atomic
def create_plan(
    *, region: Region, title: str, start_year: object, end_year: object, by: User | None
) -> RegionPlan:
    """Start a region's plan for a period of whole years, with its first version."""
    ensure_planner(by, region.pk)
    title = _text(
        title,
        limit=TEXT_LIMITS["title"],
        required=True,
        message=_("Give the plan a title."),
        code="title_missing",
    )
    start, end = _years(start_year, end_year)
    if RegionPlan.objects.filter(region=region, start_year=start, end_year=end).exists():
        raise DomainError(_("The region has a plan for these years already."), code="plan_exists")
    plan = RegionPlan.objects.create(
        region=region, title=title, start_year=start, end_year=end, created_by=by
    )
    RegionPlanVersion.objects.create(plan=plan, number=1, is_current=True, created_by=by)
    return plan


def current_version(plan: RegionPlan) -> RegionPlanVersion:
    return plan.versions.get(is_current=True)


@transaction.atomic
def new_version(*, plan: RegionPlan, note: str, by: User | None) -> RegionPlanVersion:
    """Freeze the current version and continue in a copy of it: every snapshot, goal, measure
    and milestone is copied forward, and the frozen one stays readable as it was."""
    ensure_planner(by, plan.region_id)
    note = _text(
        note,
        limit=TEXT_LIMITS["note"],
        required=True,
        message=_("Say in a sentence what the new version changes."),
        code="note_missing",
    )
    # One new version at a time: the plan's row is the lock.
    RegionPlan.objects.select_for_update().filter(pk=plan.pk).first()
    old = plan.versions.get(is_current=True)
    RegionPlanVersion.objects.filter(pk=old.pk).update(is_current=False)
    new = RegionPlanVersion.objects.create(
        plan=plan, number=old.number + 1, is_current=True, note=note, created_by=by
    )
    NeedsSnapshot.objects.bulk_create(
        NeedsSnapshot(
            version=new,
            field_of_action=snapshot.field_of_action,
            taken_at=snapshot.taken_at,
            period_start=snapshot.period_start,
            period_end=snapshot.period_end,
            threshold=snapshot.threshold,
            tables=snapshot.tables,
        )
        for snapshot in old.snapshots.all()
    )
    PlanGoal.objects.bulk_create(
        PlanGoal(
            version=new,
            field_of_action=goal.field_of_action,
            text=goal.text,
            indicator_kind=goal.indicator_kind,
            indicator_params=goal.indicator_params,
            indicator_label=goal.indicator_label,
            baseline=goal.baseline,
            target=goal.target,
            current_value=goal.current_value,
            current_on=goal.current_on,
            position=goal.position,
        )
        for goal in old.goals.all()
    )
    old_measures = list(old.measures.prefetch_related("partner_organisations"))
    copies = Measure.objects.bulk_create(
        Measure(
            version=new,
            field_of_action=measure.field_of_action,
            title=measure.title,
            responsible_organisation_id=measure.responsible_organisation_id,
            partners_text=measure.partners_text,
            funding_source=measure.funding_source,
            budget=measure.budget,
            currency=measure.currency,
            status=measure.status,
            position=measure.position,
            # The same measure in the new version: what links to it still finds it.
            lineage=measure.lineage,
        )
        for measure in old_measures
    )
    copy_of = {measure.pk: copy.pk for measure, copy in zip(old_measures, copies, strict=True)}
    Partners = Measure.partner_organisations.through
    Partners.objects.bulk_create(
        Partners(measure_id=copy_of[measure.pk], organisation_id=organisation.pk)
        for measure in old_measures
        for organisation in measure.partner_organisations.all()
    )
    PlanMilestone.objects.bulk_create(
        PlanMilestone(
            version=new,
            field_of_action=milestone.field_of_action,
            measure_id=copy_of.get(milestone.measure_id) if milestone.measure_id else None,
            title=milestone.title,
            due_on=milestone.due_on,
            responsible_id=milestone.responsible_id,
            done_at=milestone.done_at,
        )
        for milestone in old.milestones.all()
    )
    return new


# -- the needs found --------------------------------------------------------------------------


@transaction.atomic
def record_needs(
    *,
    version: RegionPlanVersion,
    field_of_action: str,
    by: User | None,
    scope: Any = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> NeedsSnapshot:
    """Freeze the needs analysis of a field of action as it reads today (the twelve months up to
    today) into the current version; a snapshot taken before in this version is replaced."""
    from lisko.planning.scope import scope_for
    from lisko.regionplans.snapshots import snapshot_tables

    plan = version.plan
    ensure_planner(by, plan.region_id)
    _ensure_current(version)
    key = _field_of_action(field_of_action)
    period = indicators.live_period(today)
    if scope is None:
        scope = scope_for(by, plan.region_id, period, today=today) if by else None
    if scope is None:
        raise DomainError(_("Only a planner of the region can do this."), code="no_scope")
    snapshot, _created = NeedsSnapshot.objects.update_or_create(
        version=version,
        field_of_action=key,
        defaults={
            "taken_at": now or timezone.now(),
            "period_start": scope.period.start,
            "period_end": scope.period.end,
            "threshold": scope.threshold,
            "tables": snapshot_tables(scope, key),
        },
    )
    return snapshot


# -- goals ------------------------------------------------------------------------------------


def clean_indicator_params(
    region: Region, kind: indicators.IndicatorKind, params: Mapping[str, Any]
) -> dict[str, Any]:
    """The choices a live indicator needs, checked: a language Lisko knows, a municipality of
    the region, a field of action; anything else is refused."""
    from lisko.languages.models import Language
    from lisko.places.selectors import municipalities_in, region_tree

    cleaned: dict[str, Any] = {}
    for name in (*kind.needs, *kind.optional):
        value = str(params.get(name) or "").strip()
        if not value:
            if name in kind.needs:
                raise DomainError(_("Choose what the indicator counts."), code="indicator_params")
            continue
        if name == "language":
            if not Language.objects.filter(code=value).exists():
                raise DomainError(_("Choose a language from the list."), code="invalid_language")
            cleaned[name] = value
        elif name == "municipality":
            inside = region_tree().descendants(region.pk)
            municipality_id = parse_id(value)
            if (
                municipality_id is None
                or not municipalities_in(inside).filter(pk=municipality_id).exists()
            ):
                raise DomainError(
                    _("Choose a municipality of the region."), code="invalid_municipality"
                )
            cleaned[name] = municipality_id
        elif name == "field_of_action":
            cleaned[name] = _field_of_action(value)
    return cleaned


@transaction.atomic
def add_goal(
    *,
    version: RegionPlanVersion,
    field_of_action: str,
    text: str,
    indicator_kind: str,
    target: object,
    by: User | None,
    indicator_params: Mapping[str, Any] | None = None,
    indicator_label: str = "",
    baseline: object = None,
    current_value: object = None,
    scope: Any = None,
) -> PlanGoal:
    """Add a goal with its indicator and target. A live indicator without a baseline takes
    today's value as its baseline, when that value is shown."""
    plan = version.plan
    ensure_planner(by, plan.region_id)
    _ensure_current(version)
    key = _field_of_action(field_of_action)
    text = _text(
        text,
        limit=TEXT_LIMITS["text"],
        required=True,
        message=_("Word the goal."),
        code="text_missing",
    )
    if target in (None, ""):
        raise DomainError(_("Give the indicator a target."), code="target_missing")
    target_value = _amount(target, code="invalid_target")
    baseline_value = None if baseline in (None, "") else _amount(baseline, code="invalid_baseline")
    params: dict[str, Any] = {}
    label = ""
    current: Decimal | None = None
    current_on = None
    if indicator_kind == PlanGoal.MANUAL:
        label = _text(
            indicator_label,
            limit=TEXT_LIMITS["title"],
            required=True,
            message=_("Say what the indicator measures."),
            code="label_missing",
        )
        if current_value not in (None, ""):
            current = _amount(current_value, code="invalid_current")
            current_on = timezone.localdate()
    else:
        kind = indicators.kind_of(indicator_kind)
        params = clean_indicator_params(plan.region, kind, indicator_params or {})
        if baseline_value is None and scope is not None:
            reading = kind.read(scope, params, {})
            if reading.value is not None and not reading.suppressed:
                baseline_value = reading.value.quantize(Decimal("0.01"))
    position = version.goals.count()
    return PlanGoal.objects.create(
        version=version,
        field_of_action=key,
        text=text,
        indicator_kind=indicator_kind,
        indicator_params=params,
        indicator_label=label,
        baseline=baseline_value,
        target=target_value,
        current_value=current,
        current_on=current_on,
        position=position,
    )


@transaction.atomic
def record_goal_value(
    *, goal: PlanGoal, current_value: object, by: User | None, today: dt.date | None = None
) -> PlanGoal:
    """Enter today's value of an indicator kept by hand."""
    ensure_planner(by, goal.version.plan.region_id)
    _ensure_current(goal.version)
    if goal.is_live:
        raise DomainError(
            _("This indicator is one of Lisko's own figures and is read live."),
            code="indicator_is_live",
        )
    if current_value in (None, ""):
        raise DomainError(_("Enter the current value."), code="current_missing")
    goal.current_value = _amount(current_value, code="invalid_current")
    goal.current_on = today or timezone.localdate()
    goal.save(update_fields=["current_value", "current_on"])
    return goal


# -- measures ---------------------------------------------------------------------------------


@transaction.atomic
def add_measure(
    *,
    version: RegionPlanVersion,
    field_of_action: str,
    title: str,
    responsible_organisation: Organisation | None,
    by: User | None,
    partner_organisations: Iterable[Organisation] = (),
    partners_text: str = "",
    funding_source: str = "",
    budget: object = Decimal("0"),
    currency: str | None = None,
    status: str = Measure.Status.PLANNED,
) -> Measure:
    """Add a measure: who is responsible, with whom, funded how and with what budget."""
    plan = version.plan
    ensure_planner(by, plan.region_id)
    _ensure_current(version)
    key = _field_of_action(field_of_action)
    title = _text(
        title,
        limit=TEXT_LIMITS["title"],
        required=True,
        message=_("Name the measure."),
        code="title_missing",
    )
    allowed = set(organisations_for(plan.region, by)) if by is not None else None
    if responsible_organisation is None or (
        allowed is not None and responsible_organisation.pk not in allowed
    ):
        raise DomainError(
            _("Choose the responsible organisation from the list."), code="invalid_organisation"
        )
    partners = list(partner_organisations)
    if allowed is not None and any(partner.pk not in allowed for partner in partners):
        raise DomainError(
            _("Choose the partner organisations from the list."), code="invalid_partner"
        )
    amount = _amount(
        budget if budget not in (None, "") else "0", code="invalid_budget", allow_negative=False
    )
    currency = currency or default_currency(plan.region)
    if currency not in Measure.Currency.values:
        raise DomainError(_("Choose a currency from the list."), code="invalid_currency")
    if status not in Measure.Status.values:
        raise DomainError(_("Choose a status from the list."), code="invalid_status")
    measure = Measure.objects.create(
        version=version,
        field_of_action=key,
        title=title,
        responsible_organisation=responsible_organisation,
        partners_text=_text(
            partners_text,
            limit=TEXT_LIMITS["partners"],
            required=False,
            message="",
            code="partners",
        ),
        funding_source=_text(
            funding_source, limit=TEXT_LIMITS["funding"], required=False, message="", code="funding"
        ),
        budget=amount,
        currency=currency,
        status=status,
        position=version.measures.count(),
    )
    if partners:
        measure.partner_organisations.set(partners)
    return measure


@transaction.atomic
def change_measure_status(*, measure: Measure, status: str, by: User | None) -> Measure:
    """Mark a measure planned, running, done or dropped."""
    ensure_planner(by, measure.version.plan.region_id)
    _ensure_current(measure.version)
    if status not in Measure.Status.values:
        raise DomainError(_("Choose a status from the list."), code="invalid_status")
    measure.status = status
    measure.save(update_fields=["status"])
    return measure


# -- milestones -------------------------------------------------------------------------------


@transaction.atomic
def add_milestone(
    *,
    version: RegionPlanVersion,
    field_of_action: str,
    title: str,
    due_on: dt.date | None,
    by: User | None,
    responsible: User | None = None,
    measure: Measure | None = None,
) -> PlanMilestone:
    """Add a milestone, due within the plan's years, to the current version."""
    plan = version.plan
    ensure_planner(by, plan.region_id)
    _ensure_current(version)
    key = _field_of_action(field_of_action)
    title = _text(
        title,
        limit=TEXT_LIMITS["title"],
        required=True,
        message=_("Name the milestone."),
        code="title_missing",
    )
    if not isinstance(due_on, dt.date):
        raise DomainError(_("Enter the day the milestone is due."), code="due_missing")
    if not plan.start_year <= due_on.year <= plan.end_year:
        raise DomainError(
            _("A milestone is due within the plan's years, {start} to {end}.").format(
                start=plan.start_year, end=plan.end_year
            ),
            code="due_outside_plan",
        )
    if measure is not None and measure.version_id != version.pk:
        raise DomainError(_("Choose a measure of this plan."), code="invalid_measure")
    if (
        responsible is not None
        and not responsible_people(plan.region).filter(pk=responsible.pk).exists()
    ):
        raise DomainError(
            _("Choose a planner of the region as the responsible person."),
            code="invalid_responsible",
        )
    return PlanMilestone.objects.create(
        version=version,
        field_of_action=key,
        measure=measure,
        title=title,
        due_on=due_on,
        responsible=responsible,
    )


@transaction.atomic
def complete_milestone(
    *, milestone: PlanMilestone, by: User | None, now: dt.datetime | None = None
) -> PlanMilestone:
    """Mark a milestone done."""
    ensure_planner(by, milestone.version.plan.region_id)
    _ensure_current(milestone.version)
    if milestone.done_at is not None:
        raise DomainError(_("This milestone is done already."), code="already_done")
    milestone.done_at = now or timezone.now()
    milestone.save(update_fields=["done_at"])
    return milestone


# -- participation: conferences and steering groups -------------------------------------------


def _meeting_day(plan: RegionPlan, held_on: object, today: dt.date) -> dt.date:
    """The day of a meeting: in the plan's years or one year around them, never before 2000,
    at most two years ahead of today."""
    if not isinstance(held_on, dt.date) or isinstance(held_on, dt.datetime):
        raise DomainError(_("Enter the day of the meeting."), code="held_on_missing")
    if held_on.year < FIRST_YEAR:
        raise DomainError(
            _("Lisko keeps nothing before {year}.").format(year=FIRST_YEAR),
            code="held_on_too_early",
        )
    try:
        latest = today.replace(year=today.year + MEETING_YEARS_AHEAD)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + MEETING_YEARS_AHEAD, day=28)
    if held_on > latest:
        raise DomainError(
            _("A meeting is recorded at most {years} years ahead.").format(
                years=MEETING_YEARS_AHEAD
            ),
            code="held_on_too_late",
        )
    first = plan.start_year - MEETING_YEARS_AROUND_PLAN
    last = plan.end_year + MEETING_YEARS_AROUND_PLAN
    if not first <= held_on.year <= last:
        raise DomainError(
            _("A meeting about this plan takes place from {first} to {last}.").format(
                first=first, last=last
            ),
            code="held_on_outside_plan",
        )
    return held_on


def _meeting_fields(
    plan: RegionPlan,
    *,
    kind: str,
    held_on: object,
    place: str,
    agenda: str,
    by: User | None,
    starts_at: dt.time | None,
    organisations: Iterable[Organisation],
    other_participants: str,
    today: dt.date | None,
) -> tuple[dict[str, Any], list[Organisation]]:
    """A meeting's fields, checked, and its participating organisations (of the region)."""
    if kind not in PlanMeeting.Kind.values:
        raise DomainError(_("Choose the kind of meeting from the list."), code="invalid_kind")
    day = _meeting_day(plan, held_on, today or timezone.localdate())
    if starts_at is not None and not isinstance(starts_at, dt.time):
        raise DomainError(_("Enter the time as hours and minutes."), code="invalid_time")
    place = _text(
        place,
        limit=TEXT_LIMITS["place"],
        required=True,
        message=_("Say where the meeting takes place."),
        code="place_missing",
    )
    agenda = _text(
        agenda,
        limit=TEXT_LIMITS["agenda"],
        required=True,
        message=_("Write down the agenda."),
        code="agenda_missing",
    )
    others = _text(
        other_participants,
        limit=TEXT_LIMITS["partners"],
        required=False,
        message="",
        code="participants",
    )
    chosen = list(organisations)
    if by is not None:
        allowed = set(organisations_for(plan.region, by))
        if any(organisation.pk not in allowed for organisation in chosen):
            raise DomainError(
                _("Choose the participating organisations from the list."),
                code="invalid_participant",
            )
    fields = {
        "kind": kind,
        "held_on": day,
        "starts_at": starts_at,
        "place": place,
        "other_participants": others,
        "agenda": agenda,
    }
    return fields, chosen


@transaction.atomic
def record_meeting(
    *,
    plan: RegionPlan,
    kind: str,
    held_on: object,
    place: str,
    agenda: str,
    by: User | None,
    starts_at: dt.time | None = None,
    organisations: Iterable[Organisation] = (),
    other_participants: str = "",
    today: dt.date | None = None,
) -> PlanMeeting:
    """Record a regional conference or steering-group meeting: when, where, who took part and
    the agenda. A meeting without an agenda says nothing of what was discussed, so the agenda
    is required; who took part may be organisations from the list, others in words, or both."""
    ensure_planner(by, plan.region_id)
    fields, chosen = _meeting_fields(
        plan,
        kind=kind,
        held_on=held_on,
        place=place,
        agenda=agenda,
        by=by,
        starts_at=starts_at,
        organisations=organisations,
        other_participants=other_participants,
        today=today,
    )
    meeting = PlanMeeting.objects.create(plan=plan, recorded_by=by, **fields)
    if chosen:
        meeting.organisations.set(chosen)
    return meeting


@transaction.atomic
def change_meeting(
    *,
    meeting: PlanMeeting,
    kind: str,
    held_on: object,
    place: str,
    agenda: str,
    by: User | None,
    starts_at: dt.time | None = None,
    organisations: Iterable[Organisation] = (),
    other_participants: str = "",
    today: dt.date | None = None,
) -> PlanMeeting:
    """Correct a meeting's day, place, participants or agenda, by the rules of recording it.
    Its results and the measures they created or changed stay as they are."""
    plan = meeting.plan
    ensure_planner(by, plan.region_id)
    fields, chosen = _meeting_fields(
        plan,
        kind=kind,
        held_on=held_on,
        place=place,
        agenda=agenda,
        by=by,
        starts_at=starts_at,
        organisations=organisations,
        other_participants=other_participants,
        today=today,
    )
    meeting = PlanMeeting.objects.select_for_update(no_key=True).get(pk=meeting.pk)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save(update_fields=list(fields))
    meeting.organisations.set(chosen)
    return meeting


@transaction.atomic
def add_result(*, meeting: PlanMeeting, text: str, by: User | None) -> MeetingResult:
    """Write down what a meeting decided."""
    ensure_planner(by, meeting.plan.region_id)
    text = _text(
        text,
        limit=TEXT_LIMITS["text"],
        required=True,
        message=_("Write down the result."),
        code="result_missing",
    )
    return MeetingResult.objects.create(
        meeting=meeting, text=text, position=meeting.results.count()
    )


@transaction.atomic
def result_creates_measure(
    *, result: MeetingResult, by: User | None, **measure: Any
) -> tuple[Measure, ResultMeasure]:
    """A result creates a measure: it is added to the plan's current version, by the rules of
    add_measure (the keyword arguments are add_measure's), and linked to the result."""
    plan = result.meeting.plan
    ensure_planner(by, plan.region_id)
    version = current_version(plan)
    version.plan = plan
    made = add_measure(version=version, by=by, **measure)
    link = ResultMeasure.objects.create(
        result=result, measure=made, kind=ResultMeasure.Kind.CREATED
    )
    return made, link


@transaction.atomic
def result_changes_measure_status(
    *, result: MeetingResult, measure: Measure, status: str, by: User | None
) -> ResultMeasure:
    """A result changes a measure's status: by the rules of change_measure_status, on the
    measure as it is in the current version, linked to the result with the status before and
    after."""
    plan = result.meeting.plan
    ensure_planner(by, plan.region_id)
    if measure.version.plan_id != plan.pk or not measure.version.is_current:
        raise DomainError(_("Choose a measure of this plan."), code="invalid_measure")
    before = measure.status
    if status == before:
        raise DomainError(_("The measure has this status already."), code="status_unchanged")
    if ResultMeasure.objects.filter(result=result, measure=measure).exists():
        raise DomainError(
            _("This result is linked to this measure already."), code="already_linked"
        )
    change_measure_status(measure=measure, status=status, by=by)
    return ResultMeasure.objects.create(
        result=result,
        measure=measure,
        kind=ResultMeasure.Kind.CHANGED,
        status_from=before,
        status_to=status,
    )
