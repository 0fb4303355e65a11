"""What the staff pages show, built from what the selectors return: sentences, figures, rows and
small HTML fragments. Plain functions without queries of their own, so views stay short and the
pages' wording can be tested without a request."""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lisko.appointments.models import Appointment, Assignment
from lisko.interpreters.models import Interpreter, Modality, WeeklyAvailability
from lisko.matchingruns.models import MatchingRun
from lisko.plans.models import Goal
from lisko.plans.selectors import latest_level
from lisko.referrals.models import Referral
from web.staff.reasons import (
    reason_summary,
    score_sentences,
    unfilled_sentence,
    warning_sentence,
)
from web.templatetags.reading import list_separator

# Requests still looking for someone: their pages poll for news.
SEEKING = (
    Appointment.Status.REQUESTED,
    Appointment.Status.MATCHING,
    Appointment.Status.OFFERED,
)
# Certifications expiring this soon are flagged in the pool.
CERTIFICATION_WARNING_DAYS = 90
POLL_SECONDS = 2


def unfilled_with_sentences(appointments: Iterable[Appointment]) -> list[tuple[Appointment, str]]:
    """The unfilled appointments among these, each with the sentence saying why."""
    return [
        (a, unfilled_sentence(a.unfilled_reason, a.unfilled_data, language=a.language.code))
        for a in appointments
        if a.status == Appointment.Status.UNFILLED
    ]


# Client page ------------------------------------------------------------------------------


def goals_by_field(
    goals: list[Goal], appointments: list[Appointment], referrals: list[Referral]
) -> list[dict[str, Any]]:
    """The plan's goals grouped by field of action, each with its level now and the appointments
    and referrals that serve it (set on the goal, as the template reads them)."""
    appointments_by_goal: dict[int, list[Appointment]] = defaultdict(list)
    for appointment in appointments:
        if appointment.goal_id:
            appointments_by_goal[appointment.goal_id].append(appointment)
    referrals_by_goal: dict[int, list[Referral]] = defaultdict(list)
    for referral in referrals:
        if referral.goal_id:
            referrals_by_goal[referral.goal_id].append(referral)
    fields: dict[int, dict[str, Any]] = {}
    for goal in goals:
        goal.level_now = latest_level(goal)  # type: ignore[attr-defined]
        goal.linked_appointments = appointments_by_goal.get(goal.pk, [])  # type: ignore[attr-defined]
        goal.linked_referrals = referrals_by_goal.get(goal.pk, [])  # type: ignore[attr-defined]
        fields.setdefault(goal.field_of_action_id, {"field": goal.field_of_action, "goals": []})[
            "goals"
        ].append(goal)
    return list(fields.values())


# Appointment status box -------------------------------------------------------------------


def status_box(
    appointment: Appointment,
    *,
    names_of: Callable[[list[int]], dict[int, Any]],
    knows_client: Callable[[int], bool] | None = None,
) -> dict[str, Any]:
    """The status box of an appointment: booking or offers, why the matcher chose this person,
    the alternatives it weighed (named by `names_of`, which keeps to whom the asker may see)."""
    assignments: list[Assignment] = appointment.all_assignments  # type: ignore[attr-defined]
    booked = next(
        (a for a in assignments if a.state in (Assignment.State.ACCEPTED, Assignment.State.DONE)),
        None,
    )
    offered = [a for a in assignments if a.state == Assignment.State.OFFERED]
    proposal = booked or (offered[0] if offered else None)
    language = appointment.language.display_name()
    alternatives: list[dict[str, Any]] = []
    if proposal is not None:
        listed = proposal.score.get("alternatives", []) if proposal.score else []
        ids = []
        for alternative in listed:
            try:
                ids.append(int(alternative.get("interpreter_id", alternative.get("interpreter"))))
            except (TypeError, ValueError, AttributeError):
                continue
        names = names_of(ids)
        alternatives = [
            {"interpreter": names[pk], "data": alternative}
            for pk, alternative in zip(ids, listed, strict=False)
            if pk in names
        ]
    others = [a for a in assignments if a is not proposal]
    return {
        "appointment": appointment,
        "booked": booked,
        "offered": offered,
        "proposal": proposal,
        "why": (
            score_sentences(
                proposal.score,
                language=language,
                knows_client=knows_client(proposal.interpreter_id) if knows_client else None,
            )
            if proposal
            else []
        ),
        "alternatives": alternatives,
        "others": others,
        "unfilled_reason": (
            unfilled_sentence(
                appointment.unfilled_reason, appointment.unfilled_data, language=language
            )
            if appointment.status == Appointment.Status.UNFILLED
            else ""
        ),
        "modalities": Modality.choices,
        "polling": appointment.status in SEEKING,
        "poll_seconds": POLL_SECONDS,
    }


def override_rows(candidates: Iterable[Any]) -> list[dict[str, Any]]:
    """The people an appointment may be offered to by hand, each with the matcher's hints."""
    return [
        {
            "candidate": candidate,
            "hints": [warning_sentence(code, data) for code, data in candidate.warnings],
        }
        for candidate in candidates
    ]


# Pool and calendar ------------------------------------------------------------------------


def pool_rows(
    interpreters: list[Interpreter],
    *,
    load: dict[int, int],
    today: dt.date,
    start: dt.datetime,
    end: dt.datetime,
    kind: str = "",
    language: str = "",
) -> list[dict[str, Any]]:
    """One row per interpreter of the pool (of one kind and language, if given): languages,
    modalities, the week's load against the limit, regular hours, absences, certification."""
    rows = []
    # Translated once per page, not once per row and day.
    initials = day_initials()
    weekdays = [
        (value, str(label), initials[value]) for value, label in WeeklyAvailability.Weekday.choices
    ]
    separator = list_separator()
    modality_names: dict[str, str] = {
        Modality.ON_SITE: _("on site"),
        Modality.PHONE: _("phone"),
        Modality.VIDEO: _("video"),
    }
    expiring_before = today + dt.timedelta(days=CERTIFICATION_WARNING_DAYS)
    for interpreter in interpreters:
        if kind and interpreter.kind != kind:
            continue
        codes = {entry.language.code for entry in interpreter.languages.all()}
        if language and language not in codes:
            continue
        minutes = load.get(interpreter.pk, 0)
        limit = interpreter.weekly_minutes_limit
        available_minutes = sum(
            (
                dt.datetime.combine(today, slot.end_time)
                - dt.datetime.combine(today, slot.start_time)
            ).seconds
            // 60
            for slot in interpreter.weekly_availability.all()
        )
        absent = [
            absence
            for absence in interpreter.absences.all()
            if absence.end > start and absence.start < end
        ]
        expires = interpreter.certification_expires
        rows.append(
            {
                "interpreter": interpreter,
                "languages": spoken(interpreter),
                "modalities": separator.join(modality_names[m] for m in interpreter.modalities),
                "minutes": minutes,
                "limit": limit,
                "percent": min(100, round(100 * minutes / limit)) if limit else None,
                "available_hours": round(available_minutes / 60, 1),
                "days": available_days(interpreter, weekdays),
                "absent": absent,
                "expired": expires is not None and expires < today,
                "expiring": expires is not None and today <= expires < expiring_before,
            }
        )
    return rows


def pool_languages(interpreters: list[Interpreter]) -> list[Any]:
    """The languages the pool speaks, by name, for the filter."""
    return sorted(
        {s.language.code: s.language for i in interpreters for s in i.languages.all()}.values(),
        key=lambda language: language.display_name(),
    )


def day_initials() -> dict[int, str]:
    """The weekdays (0 is Monday) as the one or two letters a small box has room for.

    Not the first letters of the day's name: in Arabic every name begins with the same article.
    """
    return {
        0: pgettext("Monday, in one or two letters", "Mo"),
        1: pgettext("Tuesday, in one or two letters", "Tu"),
        2: pgettext("Wednesday, in one or two letters", "We"),
        3: pgettext("Thursday, in one or two letters", "Th"),
        4: pgettext("Friday, in one or two letters", "Fr"),
        5: pgettext("Saturday, in one or two letters", "Sa"),
        6: pgettext("Sunday, in one or two letters", "Su"),
    }


def available_days(interpreter: Interpreter, weekdays: list[tuple[int, str, str]]) -> SafeString:
    """The weekdays of the weekly pattern, one small box per day, named for screen readers.

    Built here rather than in the template: the pool shows seven boxes for every interpreter.
    `weekdays` holds each day's number, name and initials.
    """
    days = {slot.weekday for slot in interpreter.weekly_availability.all()}
    label = list_separator().join(name for value, name, _initials in weekdays if value in days)
    boxes = format_html_join(
        "",
        '<span{} title="{}">{}</span>',
        (
            (mark_safe(' class="on"') if value in days else "", name, initials)
            for value, name, initials in weekdays
        ),
    )
    return format_html(
        '<span class="days" role="img" aria-label="{}">{}</span>',
        label or _("no regular hours"),
        boxes,
    )


def spoken(interpreter: Interpreter) -> SafeString:
    """The interpreter's languages, best first, each with its proficiency."""
    entries = sorted(interpreter.languages.all(), key=lambda s: (-s.proficiency, s.language.code))
    return format_html_join(
        list_separator(),
        '{} <span class="muted">{}</span>',
        ((entry.language.display_name(), entry.proficiency) for entry in entries),
    )


def calendar_week(assignments: list[Assignment], *, week_start: dt.date) -> dict[str, Any]:
    """A week of assignments: one row per interpreter with a list per day and the booked
    minutes, and the week's counts of bookings and open offers."""
    days = [week_start + dt.timedelta(days=offset) for offset in range(7)]
    rows: dict[int, dict[str, Any]] = {}
    for assignment in assignments:
        row = rows.setdefault(
            assignment.interpreter_id,
            {"interpreter": assignment.interpreter, "days": [[] for _day in days], "minutes": 0},
        )
        day_index = (timezone.localdate(assignment.appointment.start) - week_start).days
        row["days"][day_index].append(assignment)
        if assignment.state != Assignment.State.OFFERED:
            row["minutes"] += assignment.appointment.duration_minutes
    counts = Counter(assignment.state for assignment in assignments)
    return {
        "days": days,
        "rows": list(rows.values()),
        "booked_count": counts[Assignment.State.ACCEPTED] + counts[Assignment.State.DONE],
        "offered_count": counts[Assignment.State.OFFERED],
    }


# Matching runs ----------------------------------------------------------------------------


def run_page(run: MatchingRun) -> dict[str, Any]:
    """A matching run: its requests with the reason each stayed unfilled, the reasons counted,
    and its progress while it runs."""
    requests = list(run.requests.all())
    for request in requests:
        request.sentence = (  # type: ignore[attr-defined]
            unfilled_sentence(
                request.reason_code,
                request.reason_data,
                language=request.appointment.language.code,
            )
            if request.outcome == "unassigned"
            else ""
        )
    reasons = Counter(
        request.reason_code for request in requests if request.outcome == "unassigned"
    )
    unfilled_by_reason = [
        {"code": code, "count": count, "sentence": reason_summary(code)}
        for code, count in reasons.most_common()
    ]
    # Solving happens part by part; the requests are decided together when the last part ends.
    parts_total, parts_done = run.parts_total, run.parts_done
    if run.status in (MatchingRun.Status.DONE, MatchingRun.Status.FAILED):
        percent = 100
    elif run.status == MatchingRun.Status.RUNNING:
        percent = max(5, round(95 * parts_done / parts_total)) if parts_total else 5
    else:
        percent = 0
    return {
        "run": run,
        "requests": requests,
        "unfilled_by_reason": unfilled_by_reason,
        "percent": percent,
        "parts_total": parts_total,
        "parts_done": parts_done,
        "polling": run.status in (MatchingRun.Status.QUEUED, MatchingRun.Status.RUNNING),
        "poll_seconds": POLL_SECONDS,
    }
