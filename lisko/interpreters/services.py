"""Changing the interpreter pool: profiles, languages, availability, absences, conflicts."""

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lisko.access import access_of, require_role, roles
from lisko.accounts.models import User
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.clients.models import Client, Gender
from lisko.core.errors import DomainError, NotFound
from lisko.interpreters.models import (
    Absence,
    ConflictOfInterest,
    Interpreter,
    InterpreterLanguage,
    Skill,
    WeeklyAvailability,
)
from lisko.languages.models import Language
from lisko.organisations.models import Organisation, Role
from lisko.places.models import Municipality

# The profile fields a coordinator may change through update_interpreter.
EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "first_name",
        "last_name",
        "email",
        "phone",
        "level",
        "certification_expires",
        "gender",
        "home_municipality",
        "home_latitude",
        "home_longitude",
        "works_on_site",
        "works_by_phone",
        "works_by_video",
        "weekly_minutes_limit",
        "travel_limit_minutes",
        "skills",
        "max_heavy_per_week",
        "is_active",
        "notes",
        "user",
    }
)

ROLE_FOR_KIND = {
    Interpreter.Kind.INTERPRETER: Role.INTERPRETER,
    Interpreter.Kind.KEY_PERSON: Role.KEY_PERSON,
}


def require_pool_manager(*, by: User, organisation_id: int) -> None:
    """Refuse unless `by` coordinates (or administers) the organisation; strangers get NotFound."""
    require_role(
        by=by,
        roles=roles.POOL_KEEPING,
        organisation_id=organisation_id,
        refusal=_("Only a coordinator can manage the interpreter pool."),
    )


def _require_manager_or_self(*, by: User, interpreter: Interpreter) -> None:
    if interpreter.user_id is not None and interpreter.user_id == by.pk:
        return
    require_pool_manager(by=by, organisation_id=interpreter.organisation_id)


@transaction.atomic
def create_interpreter(
    *,
    organisation: Organisation,
    by: User,
    kind: str,
    first_name: str,
    last_name: str,
    home_municipality: Municipality,
    level: int | None = None,
    user: User | None = None,
    **profile: object,
) -> Interpreter:
    """Add an interpreter or key person to the organisation's pool."""
    require_pool_manager(by=by, organisation_id=organisation.pk)
    unknown = set(profile) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"create_interpreter() got unexpected fields: {sorted(unknown)}")
    if level is None:
        level = 0 if kind == Interpreter.Kind.KEY_PERSON else 1
    interpreter = Interpreter(
        organisation=organisation,
        kind=kind,
        first_name=first_name,
        last_name=last_name,
        home_municipality=home_municipality,
        level=level,
        user=user,
        **profile,
    )
    _validate_profile(interpreter)
    interpreter.save()
    return interpreter


@transaction.atomic
def update_interpreter(*, interpreter: Interpreter, by: User, **changes: object) -> Interpreter:
    """Change profile fields; the whole profile is checked again before anything is saved."""
    require_pool_manager(by=by, organisation_id=interpreter.organisation_id)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"update_interpreter() got unexpected fields: {sorted(unknown)}")
    interpreter = Interpreter.objects.select_for_update(no_key=True).get(pk=interpreter.pk)
    for field, value in changes.items():
        setattr(interpreter, field, value)
    _validate_profile(interpreter)
    interpreter.save()
    return interpreter


def _validate_profile(interpreter: Interpreter) -> None:
    if interpreter.kind not in Interpreter.Kind.values:
        raise DomainError(_("Choose whether this is an interpreter or a key person."))
    if interpreter.kind == Interpreter.Kind.INTERPRETER and not 1 <= interpreter.level <= 3:
        raise DomainError(_("An interpreter's certification level must be 1, 2 or 3."))
    if interpreter.kind == Interpreter.Kind.KEY_PERSON and interpreter.level != 0:
        raise DomainError(_("Key persons have no certification level; it must be 0."))
    if interpreter.gender not in Gender.values:
        raise DomainError(_("Choose a gender from the list."))
    if not (interpreter.first_name.strip() and interpreter.last_name.strip()):
        raise DomainError(_("Enter a first and a last name."))
    latitude, longitude = interpreter.home_latitude, interpreter.home_longitude
    if (latitude is None) != (longitude is None):
        raise DomainError(_("Enter both home coordinates, or neither."))
    if latitude is not None and longitude is not None:
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise DomainError(_("The home coordinates are not on Earth."))
    if not (interpreter.works_on_site or interpreter.works_by_phone or interpreter.works_by_video):
        raise DomainError(_("Choose at least one way of working: on site, by phone or by video."))
    for limit in (interpreter.weekly_minutes_limit, interpreter.travel_limit_minutes):
        if limit is not None and limit < 0:
            raise DomainError(_("Limits cannot be negative."))
    if not isinstance(interpreter.skills, list) or not set(interpreter.skills) <= set(Skill.values):
        raise DomainError(_("Choose specialisations from the list."), code="unknown_skill")
    interpreter.skills = sorted(set(interpreter.skills))
    if interpreter.user is not None:
        role = ROLE_FOR_KIND[Interpreter.Kind(interpreter.kind)]
        if not access_of(interpreter.user).holds({role}, interpreter.organisation_id):
            raise DomainError(
                _("The user account must belong to this organisation with the role {role}.").format(
                    role=role.label
                )
            )
        taken = Interpreter.objects.filter(user=interpreter.user).exclude(pk=interpreter.pk)
        if taken.exists():
            raise DomainError(_("This user account already has an interpreter profile."))


@transaction.atomic
def set_interpreter_languages(
    *, interpreter: Interpreter, by: User, languages: Mapping[str, int]
) -> list[InterpreterLanguage]:
    """Replace the interpreter's languages: ISO 639-3 code → proficiency 1–5."""
    _require_manager_or_self(by=by, interpreter=interpreter)
    known = {language.code: language for language in Language.objects.filter(code__in=languages)}
    rows = []
    for code, proficiency in languages.items():
        if code not in known:
            raise DomainError(_("Unknown language code: {code}.").format(code=code))
        if not 1 <= proficiency <= 5:
            raise DomainError(
                _("Proficiency must be between 1 and 5, not {proficiency}.").format(
                    proficiency=proficiency
                )
            )
        rows.append(
            InterpreterLanguage(
                interpreter=interpreter, language=known[code], proficiency=proficiency
            )
        )
    InterpreterLanguage.objects.filter(interpreter=interpreter).delete()
    return InterpreterLanguage.objects.bulk_create(rows)


@transaction.atomic
def set_weekly_availability(
    *, interpreter: Interpreter, by: User, slots: Iterable[tuple[int, dt.time, dt.time]]
) -> list[WeeklyAvailability]:
    """Replace the recurring weekly pattern: (weekday 0=Monday…6=Sunday, from, until) triples."""
    _require_manager_or_self(by=by, interpreter=interpreter)
    ordered = sorted(slots)
    for weekday, start_time, end_time in ordered:
        if not 0 <= weekday <= 6:
            raise DomainError(_("A weekday is a number from 0 (Monday) to 6 (Sunday)."))
        if end_time <= start_time:
            raise DomainError(_("Each time window must end after it starts."))
    for (weekday, _start, end_time), (next_weekday, next_start, _end) in zip(
        ordered, ordered[1:], strict=False
    ):
        if weekday == next_weekday and next_start < end_time:
            raise DomainError(
                _("Two time windows on {weekday} overlap.").format(
                    weekday=WeeklyAvailability.Weekday(weekday).label
                )
            )
    WeeklyAvailability.objects.filter(interpreter=interpreter).delete()
    return WeeklyAvailability.objects.bulk_create(
        WeeklyAvailability(
            interpreter=interpreter, weekday=weekday, start_time=start_time, end_time=end_time
        )
        for weekday, start_time, end_time in ordered
    )


@transaction.atomic
def add_absence(
    *, interpreter: Interpreter, by: User, start: dt.datetime, end: dt.datetime, reason: str = ""
) -> Absence:
    """Record a time the interpreter cannot work (holiday, illness)."""
    _require_manager_or_self(by=by, interpreter=interpreter)
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise DomainError(_("Times must carry a time zone."))
    if end <= start:
        raise DomainError(_("An absence must end after it starts."))
    return Absence.objects.create(interpreter=interpreter, start=start, end=end, reason=reason)


@transaction.atomic
def remove_absence(*, absence: Absence, by: User) -> None:
    """Delete a recorded absence."""
    _require_manager_or_self(by=by, interpreter=absence.interpreter)
    absence.delete()


@transaction.atomic
def declare_conflict(
    *, interpreter: Interpreter, client: Client, by: User, reason: str, note: str = ""
) -> ConflictOfInterest:
    """Record that this interpreter must not work with this client."""
    if client.organisation_id != interpreter.organisation_id:
        raise NotFound()
    access = access_of(by)
    is_self = interpreter.user_id is not None and interpreter.user_id == by.pk
    if not access.belongs_to(interpreter.organisation_id):
        raise NotFound()
    if not (
        is_self or access.holds(roles.POOL_KEEPING | roles.CASEWORK, interpreter.organisation_id)
    ):
        raise DomainError(
            _("You may not declare conflicts of interest for this interpreter."),
            code="permission_denied",
        )
    if reason not in ConflictOfInterest.Reason.values:
        raise DomainError(_("Choose a reason from the list."))
    if ConflictOfInterest.objects.filter(interpreter=interpreter, client=client).exists():
        raise DomainError(_("This conflict of interest is already recorded."))
    conflict = ConflictOfInterest.objects.create(
        interpreter=interpreter, client=client, reason=reason, note=note, declared_by=by
    )
    record_access(
        actor=by,
        action=AuditEvent.Action.CREATE,
        obj=conflict,
        client_id=client.pk,
        reason="declare conflict of interest",
        organisation_id=client.organisation_id,
    )
    return conflict
