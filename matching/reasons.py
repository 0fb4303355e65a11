"""Why an appointment stayed without interpreter: a code, its data, and an English sentence.

The hard rules of `matching.rules` are applied one after the other, in the table's order (the
order a coordinator would act on them); the first rule that leaves nobody, at any of the
appointment's times (its first choice and each alternative slot), is the reason: it is
`not_available` only when no time finds anyone available. The Django side turns the code and
data into a translated sentence; the English `reason` is for the JSON result and the logs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from matching.eligibility import Index, appointment_data
from matching.greedy import Schedule
from matching.rules import BOOKING_RULES, FULLY_BOOKED, PAIR_RULES, REASON_CODES, Bookings, Funnel
from matching.types import Unassigned

CODES = REASON_CODES
"""Every reason code an unassigned appointment can carry (the Django side words each)."""


def explain(index: Index, a: int, schedule: Schedule) -> Unassigned:
    """The reason appointment a (any of its times) is unassigned in this schedule."""
    first = index.times_of[index.group[a]][0]
    code, data, sentence = _diagnose(index, first, schedule)
    return Unassigned(
        appointment_id=index.appointments[first].id,
        code=code,
        data={**appointment_data(index, first), **data},
        reason=sentence,
    )


def _when(index: Index, times: list[int]) -> str:
    return " or ".join(index.appointments[b].start.strftime("%A %d %B %H:%M") for b in times)


def _diagnose(index: Index, a: int, schedule: Schedule) -> tuple[str, dict[str, Any], str]:
    appointment = index.appointments[a]
    interpreters = index.interpreters
    situation = index.situation
    times = index.times_of[index.group[a]]
    funnel = Funnel(situation=situation, when=_when(index, times))
    # Only speakers can pass the first rule (the language), so the funnel starts with them.
    speakers = index.speakers.get(appointment.language, [])
    eligible = {b: [i for _, i in index.candidates(b)] for b in times}
    if any(eligible.values()):
        # Eligibility has applied the whole table already (and is cached): someone passes
        # every pair rule at some time, so the booking rules are the reason.
        first = PAIR_RULES[0]
        passing = sum(first.holds(appointment, interpreters[i], situation) for i in speakers)
        return _booking_reason(index, a, schedule, eligible, replace(funnel, speakers=passing))
    # remaining[b]: who is still in the funnel at time b.
    remaining = {b: list(speakers) for b in times}
    for number, rule in enumerate(PAIR_RULES):
        if rule.code is None or rule.reason is None:
            # A rule whose facts a batch run is never given explains nothing.
            continue
        passed = {
            b: [i for i in rows if rule.holds(index.appointments[b], interpreters[i], situation)]
            for b, rows in remaining.items()
        }
        if not any(passed.values()):
            # Nobody passes at any time: those still in at some time, first met first.
            left = list(dict.fromkeys(i for rows in remaining.values() for i in rows))
            data, sentence = rule.reason(appointment, [interpreters[i] for i in left], funnel)
            return rule.code, data, sentence
        if number == 0:
            funnel = replace(funnel, speakers=len(passed[a]))
        remaining = passed
    # Every pair rule leaves someone, yet nobody is eligible: the appointment alone breaks a
    # booking rule for each of them (it is longer than their whole weekly allowance).
    return _booking_reason(index, a, schedule, remaining, funnel)


def _booking_reason(
    index: Index, a: int, schedule: Schedule, remaining: dict[int, list[int]], funnel: Funnel
) -> tuple[str, dict[str, Any], str]:
    """Everyone the pair rules allow (at some time) is ruled out by a booking rule; each rule
    lists its own. An interpreter is counted once, under the first rule that rules them out
    at the earliest of the appointment's times they could otherwise take."""
    appointment = index.appointments[a]
    interpreters = index.interpreters
    at_time: dict[int, int] = {}
    for b, rows in remaining.items():
        for i in rows:
            at_time.setdefault(i, b)
    candidates = sorted(at_time)
    data: dict[str, Any] = {"speakers": funnel.speakers, "candidates": len(candidates)}
    counted: set[int] = set()
    for rule in BOOKING_RULES:
        ruled_out = []
        for i in candidates:
            b = at_time[i]
            bookings = Bookings(
                clash=any(index.conflict(c, b) for c in schedule.booked[i]),
                booked_s=schedule.used[i],
                heavy=schedule.heavy[i],
            )
            if i in counted:
                continue
            if not rule.holds(index.appointments[b], interpreters[i], bookings):
                ruled_out.append(i)
        counted.update(ruled_out)
        if ruled_out or rule.code is None:
            # A rule with its own code (format 2's heavy cap) is listed only where it bites,
            # so a format-1 reason stays exactly as it was.
            data[rule.data_key] = sorted(interpreters[i].id for i in ruled_out)
    counts = ", ".join(
        f"{len(data[rule.data_key])} {rule.label}"
        for rule in BOOKING_RULES
        if rule.data_key in data
    )
    for rule in BOOKING_RULES:
        if rule.code is None or rule.data_key not in data:
            continue
        if len(data[rule.data_key]) == len(candidates):
            # One rule with its own code rules out everyone: the coordinator acts on it.
            return (
                rule.code,
                data,
                f"all {len(candidates)} eligible {appointment.language} interpreters are "
                f"{rule.label}",
            )
    return (
        FULLY_BOOKED,
        data,
        f"all {len(candidates)} eligible {appointment.language} interpreters are booked on "
        f"{funnel.when} ({counts})",
    )
