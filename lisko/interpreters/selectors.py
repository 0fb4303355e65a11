"""Reading the interpreter pool, scoped by who asks."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, QuerySet

from lisko.access import access_of, roles
from lisko.access.rules import interpreter_rule, own_profile_rule
from lisko.accounts.models import User
from lisko.clients.models import Client
from lisko.core.errors import NotFound
from lisko.interpreters.models import Absence, Debrief, Interpreter, WeeklyAvailability
from lisko.organisations.models import Membership
from lisko.places.models import Municipality

Window = tuple[dt.datetime, dt.datetime]


def interpreter_pool_for(*, user: User, include_inactive: bool = False) -> QuerySet[Interpreter]:
    """The interpreters and key persons of the organisations `user` coordinates."""
    pool = Interpreter.objects.filter(
        organisation_id__in=access_of(user).organisations(roles.POOL_KEEPING)
    )
    if not include_inactive:
        pool = pool.filter(is_active=True)
    return pool.select_related("organisation", "home_municipality", "user").prefetch_related(
        "languages__language", "weekly_availability", "absences"
    )


def interpreter_for(*, user: User, interpreter_id: int) -> Interpreter:
    """One interpreter of the pool `user` keeps, or the interpreter's own profile."""
    interpreter = (
        Interpreter.objects.filter(interpreter_rule(access_of(user)), pk=interpreter_id)
        .select_related("organisation", "home_municipality", "user")
        .prefetch_related("languages__language", "weekly_availability", "absences")
        .first()
    )
    if interpreter is None:
        raise NotFound()
    return interpreter


def expand_availability(
    *,
    weekly: Sequence[WeeklyAvailability],
    absences: Sequence[Absence],
    date_from: dt.date,
    date_until: dt.date,
    tz: dt.tzinfo,
) -> list[Window]:
    """Concrete windows from a weekly pattern over [date_from, date_until], minus absences.

    Windows are aware datetimes in `tz`, sorted, with touching or overlapping ones merged.
    """
    windows: list[Window] = []
    day = date_from
    while day <= date_until:
        for slot in weekly:
            if slot.weekday == day.weekday():
                windows.append(
                    (
                        dt.datetime.combine(day, slot.start_time, tzinfo=tz),
                        dt.datetime.combine(day, slot.end_time, tzinfo=tz),
                    )
                )
        day += dt.timedelta(days=1)
    windows = _merged(sorted(windows))
    for absence in sorted(absences, key=lambda absence: absence.start):
        windows = list(_subtract(windows, absence.start, absence.end))
    return windows


def availability_windows(
    *, interpreter: Interpreter, date_from: dt.date, date_until: dt.date
) -> list[Window]:
    """When this interpreter can work between two dates (inclusive), in settings.TIME_ZONE."""
    windows_by_interpreter = availability_windows_for(
        interpreters=[interpreter], date_from=date_from, date_until=date_until
    )
    return windows_by_interpreter[interpreter.pk]


def availability_windows_for(
    *, interpreters: Iterable[Interpreter], date_from: dt.date, date_until: dt.date
) -> dict[int, list[Window]]:
    """Availability windows for many interpreters at once, in two queries."""
    tz = ZoneInfo(settings.TIME_ZONE)
    ids = [interpreter.pk for interpreter in interpreters]
    range_start = dt.datetime.combine(date_from, dt.time.min, tzinfo=tz)
    range_end = dt.datetime.combine(date_until + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    weekly: dict[int, list[WeeklyAvailability]] = {pk: [] for pk in ids}
    for slot in WeeklyAvailability.objects.filter(interpreter_id__in=ids):
        weekly[slot.interpreter_id].append(slot)
    absences: dict[int, list[Absence]] = {pk: [] for pk in ids}
    for absence in Absence.objects.filter(
        interpreter_id__in=ids, start__lt=range_end, end__gt=range_start
    ):
        absences[absence.interpreter_id].append(absence)
    return {
        pk: expand_availability(
            weekly=weekly[pk],
            absences=absences[pk],
            date_from=date_from,
            date_until=date_until,
            tz=tz,
        )
        for pk in ids
    }


def _merged(windows: list[Window]) -> list[Window]:
    merged: list[Window] = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _subtract(windows: Iterable[Window], start: dt.datetime, end: dt.datetime) -> Iterable[Window]:
    for window_start, window_end in windows:
        if end <= window_start or start >= window_end:
            yield window_start, window_end
            continue
        if window_start < start:
            yield window_start, start
        if end < window_end:
            yield end, window_end


def own_interpreter_profile(*, user: User) -> Interpreter:
    """The interpreter or key person profile of `user`, with languages, availability and
    absences; NotFound for anyone without one."""
    profile = (
        Interpreter.objects.filter(own_profile_rule(access_of(user)))
        .select_related("organisation", "home_municipality")
        .prefetch_related("languages__language", "weekly_availability", "absences")
        .first()
    )
    if profile is None:
        raise NotFound()
    return profile


# The interpreter's own absences (the phone pages) -----------------------------------------


def upcoming_absences_for(*, user: User, now: dt.datetime | None = None) -> QuerySet[Absence]:
    """The absences of `user`'s own profile that have not ended yet, soonest first."""
    return Absence.objects.filter(
        interpreter__in=_own_profiles(user), end__gt=now or dt.datetime.now(dt.UTC)
    ).order_by("start")


def own_absence(*, user: User, absence_id: int) -> Absence:
    """One absence of `user`'s own profile, or NotFound."""
    absence = (
        Absence.objects.select_related("interpreter")
        .filter(pk=absence_id, interpreter__in=_own_profiles(user))
        .first()
    )
    if absence is None:
        raise NotFound()
    return absence


def _own_profiles(user: User) -> QuerySet[Interpreter]:
    return Interpreter.objects.filter(own_profile_rule(access_of(user)))


def clients_for_conflicts(*, user: User) -> QuerySet[Client]:
    """Clients a conflict of interest may name: those of the pools `user` keeps."""
    return Client.objects.filter(
        organisation_id__in=access_of(user).organisations(roles.POOL_KEEPING)
    )


def linkable_accounts_for(*, user: User) -> QuerySet[User]:
    """Accounts that may be linked to a profile: members of the pools `user` keeps."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(
            organisation_id__in=access_of(user).organisations(roles.POOL_KEEPING)
        ).values("user_id")
    )


@dataclass(frozen=True)
class SpeakerReach:
    """How many active speakers of a language an organisation has for a place: `nearby` work on
    site and reach it within their travel limit, `remote` work by phone or video."""

    nearby: int
    remote: int


def speakers_within_reach(
    *, organisation_id: int, language_code: str, municipality: Municipality | None
) -> SpeakerReach:
    """Where the speakers of a language live, seen from an appointment's municipality (counts
    only, so a social worker who books may see them). Without a municipality nobody is nearby."""
    from matching.travel import travel_minutes
    from matching.types import Location, Travel

    speakers = Interpreter.objects.filter(
        organisation_id=organisation_id,
        is_active=True,
        languages__language__code=language_code,
    ).select_related("home_municipality")
    place = (
        Location(municipality.latitude, municipality.longitude)
        if municipality is not None
        else None
    )
    nearby = remote = 0
    for interpreter in speakers.distinct():
        if interpreter.works_by_phone or interpreter.works_by_video:
            remote += 1
        if interpreter.works_on_site and place is not None:
            minutes = travel_minutes(Location(*interpreter.home), place, Travel())
            limit = interpreter.travel_limit_minutes
            nearby += limit is None or minutes <= limit
    return SpeakerReach(nearby=nearby, remote=remote)


def debriefs_for(*, user: User) -> QuerySet[Debrief]:
    """The debriefs of the pools `user` coordinates (duty of care is the coordinator's), open
    ones first, with what the list shows."""
    return (
        Debrief.objects.filter(
            interpreter__organisation_id__in=access_of(user).organisations(roles.COORDINATING)
        )
        .select_related("interpreter", "assignment__appointment", "held_by")
        .order_by(F("held_on").desc(nulls_first=True), "-requested_at", "-pk")
    )


def debrief_for(*, user: User, debrief_id: int) -> Debrief:
    """One debrief of a pool `user` coordinates; NotFound for any other."""
    debrief = debriefs_for(user=user).filter(pk=debrief_id).first()
    if debrief is None:
        raise NotFound()
    return debrief
