"""Why an appointment stayed without interpreter: a code, its data, and an English sentence.

The hard rules are applied one after the other, in the order a coordinator would act on them;
the first rule that leaves nobody is the reason. The Django side turns the code and data into a
translated sentence; the English `reason` is for the JSON result and the logs.
"""

from __future__ import annotations

from typing import Any

from matching.eligibility import Index, appointment_data
from matching.greedy import Schedule
from matching.types import Unassigned

NO_SPEAKER = "no_speaker"
"""Nobody speaks the language at the required proficiency."""
LEVEL = "level_requirement"
"""Speakers exist, but none has the required qualification level."""
GENDER = "gender_requirement"
"""Speakers at the level exist, but none of the required gender."""
MODALITY = "modality_not_offered"
"""Qualified speakers exist, but none works in this modality (on site, phone, video)."""
CONFLICT_OF_INTEREST = "conflict_of_interest"
"""Every qualified speaker is blocked for this client."""
EXCLUDED = "excluded"
"""Every remaining qualified speaker was excluded for this run (e.g. declined the offer)."""
NOT_AVAILABLE = "not_available"
"""Qualified speakers exist, but none is available at that time."""
TRAVEL_LIMIT = "travel_limit"
"""Qualified, available speakers exist, but the place is beyond their travel limit."""
FULLY_BOOKED = "fully_booked"
"""Every eligible interpreter is busy then or has no hours left this period."""
INVALID_TIME = "invalid_time"
"""The appointment ends before it starts."""

CODES = (
    NO_SPEAKER,
    LEVEL,
    GENDER,
    MODALITY,
    CONFLICT_OF_INTEREST,
    EXCLUDED,
    NOT_AVAILABLE,
    TRAVEL_LIMIT,
    FULLY_BOOKED,
    INVALID_TIME,
)


def explain(index: Index, a: int, schedule: Schedule) -> Unassigned:
    """The reason appointment a is unassigned in this schedule."""
    code, data, sentence = _diagnose(index, a, schedule)
    return Unassigned(
        appointment_id=index.appointments[a].id,
        code=code,
        data={**appointment_data(index, a), **data},
        reason=sentence,
    )


def _diagnose(index: Index, a: int, schedule: Schedule) -> tuple[str, dict[str, Any], str]:
    appointment = index.appointments[a]
    problem = index.problem
    language, level = appointment.language, appointment.min_proficiency
    when = appointment.start.strftime("%A %d %B %H:%M")
    if index.end[a] < index.start[a]:
        return INVALID_TIME, {}, f"the appointment ends before it starts ({when})"
    speaking = index.speakers.get(language, [])
    # Rule 2, language: proficiency at the required level or better.
    remaining = [i for i in speaking if index.interpreters[i].languages[language] >= level]
    if not remaining:
        best = max((index.interpreters[i].languages[language] for i in speaking), default=0)
        return (
            NO_SPEAKER,
            {"speakers_below_proficiency": len(speaking), "best_proficiency": best},
            f"no interpreter speaks {language} at proficiency {level} or better",
        )
    speakers = len(remaining)
    # Rule 2, qualification level.
    qualified = [i for i in remaining if index.interpreters[i].level >= appointment.min_level]
    if not qualified:
        best_level = max(index.interpreters[i].level for i in remaining)
        return (
            LEVEL,
            {"speakers": speakers, "min_level": appointment.min_level, "best_level": best_level},
            f"{speakers} interpreters speak {language} at proficiency {level}, "
            f"but none has level {appointment.min_level} (best: {best_level})",
        )
    remaining = qualified
    # Rule 2, gender where one is required.
    if appointment.gender:
        matching = [i for i in remaining if index.interpreters[i].gender == appointment.gender]
        if not matching:
            return (
                GENDER,
                {"speakers": speakers, "qualified": len(remaining), "gender": appointment.gender},
                f"{len(remaining)} qualified interpreters speak {language}, "
                f"but none of gender {appointment.gender!r}",
            )
        remaining = matching
    # Rule 2, modality.
    offering = [i for i in remaining if appointment.modality in index.interpreters[i].modalities]
    if not offering:
        return (
            MODALITY,
            {"speakers": speakers, "qualified": len(remaining)},
            f"{len(remaining)} qualified interpreters speak {language}, "
            f"but none works by {appointment.modality}",
        )
    remaining = offering
    # Rule 2, conflict of interest.
    unblocked = [
        i
        for i in remaining
        if (appointment.client, index.interpreters[i].id) not in problem.blocked
    ]
    if not unblocked:
        blocked = sorted(index.interpreters[i].id for i in remaining)
        return (
            CONFLICT_OF_INTEREST,
            {"speakers": speakers, "blocked_interpreters": blocked},
            f"every qualified {language} interpreter ({', '.join(blocked)}) "
            f"has a conflict of interest with client {appointment.client}",
        )
    remaining = unblocked
    allowed = [
        i
        for i in remaining
        if (appointment.id, index.interpreters[i].id) not in index.excluded_pairs
    ]
    if not allowed:
        excluded = sorted(index.interpreters[i].id for i in remaining)
        return (
            EXCLUDED,
            {"speakers": speakers, "excluded_interpreters": excluded},
            f"every qualified {language} interpreter ({', '.join(excluded)}) "
            "was excluded for this appointment",
        )
    remaining = allowed
    # Rule 3: availability (and an appointment longer than an interpreter's whole allowance).
    available = [
        i for i in remaining if index.is_available(i, a) and index.duration[a] <= index.capacity[i]
    ]
    if not available:
        return (
            NOT_AVAILABLE,
            {"speakers": speakers, "qualified": len(remaining)},
            f"{len(remaining)} qualified interpreters speak {language}, "
            f"but none is available on {when}",
        )
    # Rule 4: one-way travel from home within the interpreter's limit.
    within = [i for _, i in index.candidates(a)]
    if not within:
        nearest = min(index.home_minutes(i, a) for i in available)
        return (
            TRAVEL_LIMIT,
            {"speakers": speakers, "available": len(available), "nearest_travel_min": nearest},
            f"{len(available)} available {language} interpreters, but the place is beyond "
            f"their travel limit (nearest: {nearest} min away)",
        )
    # Rules 5 and 6: everyone eligible is booked at that time or out of minutes.
    busy = sorted(
        index.interpreters[i].id
        for i in within
        if any(index.conflict(b, a) for b in schedule.booked[i])
    )
    out_of_minutes = sorted(
        index.interpreters[i].id
        for i in within
        if index.interpreters[i].id not in busy
        and schedule.used[i] + index.duration[a] > index.capacity[i]
    )
    return (
        FULLY_BOOKED,
        {
            "speakers": speakers,
            "candidates": len(within),
            "busy_at_time": busy,
            "out_of_minutes": out_of_minutes,
        },
        f"all {len(within)} eligible {language} interpreters are booked on {when} "
        f"({len(busy)} busy then, {len(out_of_minutes)} out of hours)",
    )
