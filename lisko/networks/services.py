"""Every change to a key-person network: the only writers of lisko/networks.

A network is kept by the integration officers of its municipality and by the pool keepers of
the organisation running it (lisko.access.rules.kept_key_person_network_rule). Members come
from the organisation's pool, so only its pool keepers add them and record their leaving; the
officer names the funding application. Anyone who may not see the network gets NotFound, as
for one that does not exist; a planner, who reads its counts, gets a translated refusal. Bad
input is refused with a translated DomainError and nothing is saved. `by=None` is the
installation itself (the demo).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Final

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lisko.access import access_of, roles
from lisko.access.rules import (
    kept_key_person_network_rule,
    key_person_network_rule,
    officer_municipality_ids,
)
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.core.errors import DomainError, NotFound
from lisko.core.limits import check_date
from lisko.interpreters.models import Interpreter
from lisko.languages.models import Language
from lisko.networks.models import (
    LONGEST_TRAINING_HOURS,
    MOST_PEOPLE_REACHED,
    NOTE_LENGTH,
    KeyPersonNetwork,
    NetworkMember,
    Outreach,
    Training,
)
from lisko.organisations.models import Membership
from lisko.programmes.models import FundingApplication

if TYPE_CHECKING:
    from lisko.accounts.models import User
    from lisko.organisations.models import Organisation
    from lisko.places.models import Municipality

# Nothing a network did lies before 2000; a training may be planned up to a year ahead, and a
# network or a membership may start a few months ahead; outreach is logged once it happened.
FIRST_DAY: Final = dt.date(2000, 1, 1)
TRAINING_HORIZON: Final = dt.timedelta(days=366)
START_HORIZON: Final = dt.timedelta(days=183)
MOST_OUTREACH_LANGUAGES: Final = 12
TEXT_LIMITS: Final = {"name": 200, "office": 200, "title": 200, "note": NOTE_LENGTH}
GRANTED: Final = frozenset(
    {
        FundingApplication.Status.APPROVED,
        FundingApplication.Status.REPORT_DUE,
        FundingApplication.Status.CLOSED,
    }
)


# -- who may -----------------------------------------------------------------------------------


def _ensure_keeps(by: User | None, network: KeyPersonNetwork) -> None:
    """NotFound unless `by` sees the network; a refusal unless they keep it."""
    if by is None:
        return
    access = access_of(by)
    visible = KeyPersonNetwork.objects.filter(key_person_network_rule(access), pk=network.pk)
    if not visible.exists():
        raise NotFound()
    if not KeyPersonNetwork.objects.filter(
        kept_key_person_network_rule(access), pk=network.pk
    ).exists():
        raise DomainError(
            _(
                "Only the municipality's integration officer and the pool's coordinators keep "
                "the network."
            ),
            code="permission_denied",
        )


def _ensure_pool_keeper(by: User | None, network: KeyPersonNetwork) -> None:
    _ensure_keeps(by, network)
    if by is None:
        return
    if not access_of(by).holds(roles.POOL_KEEPING, network.organisation_id):
        raise DomainError(
            _("Members come from the pool: its coordinators add them and record their leaving."),
            code="permission_denied",
        )


def _ensure_may_start(
    by: User | None, municipality: Municipality, organisation: Organisation
) -> None:
    if by is None:
        return
    access = access_of(by)
    if municipality.pk in officer_municipality_ids(access):
        return
    if access.holds(roles.POOL_KEEPING, organisation.pk):
        return
    raise DomainError(
        _(
            "A network is started by the municipality's integration officer or by a coordinator "
            "of the organisation running it."
        ),
        code="permission_denied",
    )


# -- values ------------------------------------------------------------------------------------


def _text(value: object, *, limit: int, required: str | None = None, code: str) -> str:
    text = str(value or "").strip()
    if required is not None and not text:
        raise DomainError(required, code=code)
    if len(text) > limit:
        raise DomainError(
            _("Keep it to {limit} characters.").format(limit=limit), code=f"{code}_too_long"
        )
    return text


def _day(value: dt.date | None, *, latest: dt.date, required: str, too_late: str) -> dt.date:
    if value is None:
        raise DomainError(required, code="date_missing")
    check_date(value)
    if value < FIRST_DAY:
        raise DomainError(
            _("Enter a date from {first} on.").format(first=FIRST_DAY.isoformat()),
            code="date_too_early",
        )
    if value > latest:
        raise DomainError(too_late, code="date_too_late")
    return value


def _hours(value: object) -> Decimal:
    try:
        hours = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        hours = Decimal("NaN")
    if not hours.is_finite() or hours <= 0 or hours > LONGEST_TRAINING_HOURS:
        raise DomainError(
            _("Enter the hours of the training, more than 0 and at most {most}.").format(
                most=LONGEST_TRAINING_HOURS
            ),
            code="invalid_hours",
        )
    if hours != hours.quantize(Decimal("0.1")):
        raise DomainError(_("Give the hours to a tenth, at most."), code="invalid_hours")
    return hours


def _people(value: object) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= MOST_PEOPLE_REACHED:
        raise DomainError(
            _("Enter how many people were reached: a number from 0 to {most}.").format(
                most=formats.number_format(MOST_PEOPLE_REACHED, force_grouping=True)
            ),
            code="invalid_people_reached",
        )
    return number


def _languages(codes: Iterable[str]) -> list[Language]:
    wanted = sorted({str(code) for code in codes})
    if len(wanted) > MOST_OUTREACH_LANGUAGES:
        raise DomainError(
            _("Choose at most {count} languages.").format(count=MOST_OUTREACH_LANGUAGES),
            code="too_many_languages",
        )
    found = list(Language.objects.filter(code__in=wanted))
    if len(found) != len(wanted):
        raise DomainError(_("Choose languages from the list."), code="unknown_language")
    return found


def _coordinator(user: User | None, organisation: Organisation) -> User | None:
    if user is None:
        return None
    if not Membership.objects.filter(
        user=user, organisation=organisation, role__in=roles.STAFF
    ).exists():
        raise DomainError(
            _("The coordinator is one of the staff of the organisation running the network."),
            code="coordinator_not_staff",
        )
    return user


# -- the network -------------------------------------------------------------------------------


@transaction.atomic
def start_network(
    *,
    municipality: Municipality,
    organisation: Organisation,
    name: object,
    started_on: dt.date | None,
    coordinator: User | None = None,
    coordinating_office: object = "",
    by: User | None,
    today: dt.date | None = None,
) -> KeyPersonNetwork:
    """Start a key-person network in the municipality, run by the organisation."""
    _ensure_may_start(by, municipality, organisation)
    today = today or timezone.localdate()
    checked_name = _text(
        name, limit=TEXT_LIMITS["name"], required=_("Give the network a name."), code="name"
    )
    office = _text(coordinating_office, limit=TEXT_LIMITS["office"], code="office")
    chosen = _coordinator(coordinator, organisation)
    if chosen is None and not office:
        raise DomainError(
            _("Name the coordinator: one of the staff, or the coordinating office."),
            code="coordinator_missing",
        )
    day = _day(
        started_on,
        latest=today + START_HORIZON,
        required=_("Enter the day the network started."),
        too_late=_("A network can be entered at most six months before it starts."),
    )
    if KeyPersonNetwork.objects.filter(
        municipality=municipality, organisation=organisation, name=checked_name
    ).exists():
        raise DomainError(
            _("{municipality} already has a network of that name.").format(
                municipality=municipality.name
            ),
            code="name_taken",
        )
    return KeyPersonNetwork.objects.create(
        municipality=municipality,
        organisation=organisation,
        name=checked_name,
        coordinator=chosen,
        coordinating_office=office,
        started_on=day,
        created_by=by,
    )


@transaction.atomic
def set_coordinator(
    *,
    network: KeyPersonNetwork,
    coordinator: User | None,
    coordinating_office: object = "",
    by: User | None,
) -> KeyPersonNetwork:
    """Name who coordinates the network: one of the organisation's staff, or an office."""
    _ensure_keeps(by, network)
    office = _text(coordinating_office, limit=TEXT_LIMITS["office"], code="office")
    chosen = _coordinator(coordinator, network.organisation)
    if chosen is None and not office:
        raise DomainError(
            _("Name the coordinator: one of the staff, or the coordinating office."),
            code="coordinator_missing",
        )
    network.coordinator = chosen
    network.coordinating_office = office
    network.save(update_fields=["coordinator", "coordinating_office"])
    return network


@transaction.atomic
def link_funding(
    *, network: KeyPersonNetwork, application: FundingApplication | None, by: User | None
) -> KeyPersonNetwork:
    """Name the approved funding application that pays for the network (None: no longer)."""
    from lisko.access.rules import funding_application_rule

    _ensure_keeps(by, network)
    if by is not None and network.municipality_id not in officer_municipality_ids(access_of(by)):
        raise DomainError(
            _("The municipality's integration officer names the funding application."),
            code="permission_denied",
        )
    if application is not None:
        if (
            by is not None
            and not FundingApplication.objects.filter(
                funding_application_rule(access_of(by)), pk=application.pk
            ).exists()
        ):
            raise NotFound()
        if application.kind != FundingApplication.Kind.KEY_PERSON_NETWORK:
            raise DomainError(
                _("Choose an application for a key-person network."), code="wrong_kind"
            )
        if application.agreement.municipality_id != network.municipality_id:
            raise DomainError(
                _("Choose an application of {municipality}.").format(
                    municipality=network.municipality.name
                ),
                code="wrong_municipality",
            )
        if application.status not in GRANTED:
            raise DomainError(
                _("Only an approved application pays for a network."), code="not_approved"
            )
    network.funding_application = application
    network.save(update_fields=["funding_application"])
    return network


# -- members -----------------------------------------------------------------------------------


@transaction.atomic
def add_member(
    *,
    network: KeyPersonNetwork,
    key_person: Interpreter,
    joined_on: dt.date | None,
    by: User | None,
    today: dt.date | None = None,
) -> NetworkMember:
    """Take a key person of the organisation's pool into the network."""
    _ensure_pool_keeper(by, network)
    today = today or timezone.localdate()
    if key_person.organisation_id != network.organisation_id:
        # Another pool's key person does not exist for this network.
        raise NotFound()
    if key_person.kind != Interpreter.Kind.KEY_PERSON:
        raise DomainError(
            _("Only key persons are members of a key-person network, not interpreters."),
            code="not_a_key_person",
        )
    if not key_person.is_active:
        raise DomainError(
            _("{name} is no longer active in the pool.").format(name=key_person),
            code="inactive_key_person",
        )
    day = _day(
        joined_on,
        latest=today + START_HORIZON,
        required=_("Enter the day the key person joined."),
        too_late=_("A member can be entered at most six months before joining."),
    )
    if NetworkMember.objects.filter(
        network=network, key_person=key_person, left_on__isnull=True
    ).exists():
        raise DomainError(
            _("{name} is already a member of the network.").format(name=key_person),
            code="already_member",
        )
    member = NetworkMember.objects.create(network=network, key_person=key_person, joined_on=day)
    record_access(
        actor=by,
        action=AuditEvent.Action.UPDATE,
        obj=key_person,
        client_id=None,
        reason=f"joined key-person network {network.pk}",
        organisation_id=network.organisation_id,
    )
    return member


@transaction.atomic
def record_leaving(
    *, member: NetworkMember, left_on: dt.date | None, by: User | None, today: dt.date | None = None
) -> NetworkMember:
    """Record the day a member left the network."""
    network = member.network
    _ensure_pool_keeper(by, network)
    today = today or timezone.localdate()
    member = NetworkMember.objects.select_for_update().get(pk=member.pk)
    if member.left_on is not None:
        raise DomainError(_("This member has already left."), code="already_left")
    day = _day(
        left_on,
        latest=today,
        required=_("Enter the day the member left."),
        too_late=_("Record a leaving once it happened."),
    )
    if day < member.joined_on:
        raise DomainError(_("A member cannot leave before joining."), code="left_before_joining")
    member.left_on = day
    member.save(update_fields=["left_on"])
    record_access(
        actor=by,
        action=AuditEvent.Action.UPDATE,
        obj=member.key_person,
        client_id=None,
        reason=f"left key-person network {network.pk}",
        organisation_id=network.organisation_id,
    )
    return member


# -- trainings ---------------------------------------------------------------------------------


def _training_values(
    *, title: object, held_on: dt.date | None, hours: object, today: dt.date
) -> tuple[str, dt.date, Decimal]:
    """A training's title, day and hours, checked alike when recorded and when corrected."""
    return (
        _text(
            title,
            limit=TEXT_LIMITS["title"],
            required=_("Give the training a title."),
            code="title",
        ),
        _day(
            held_on,
            latest=today + TRAINING_HORIZON,
            required=_("Enter the day of the training."),
            too_late=_("A training can be entered at most a year ahead."),
        ),
        _hours(hours),
    )


def _locked[Entry: (Training, Outreach)](model: type[Entry], pk: int) -> Entry:
    """The entry, locked for the change; NotFound if it was removed meanwhile."""
    entry = model.objects.select_for_update(of=("self",)).select_related("network").filter(pk=pk)
    found = entry.first()
    if found is None:
        raise NotFound()
    return found


def _audit_change(*, by: User | None, action: str, obj: Training | Outreach, reason: str) -> None:
    record_access(
        actor=by,
        action=action,
        obj=obj,
        client_id=None,
        reason=reason,
        organisation_id=obj.network.organisation_id,
    )


@transaction.atomic
def record_training(
    *,
    network: KeyPersonNetwork,
    title: object,
    held_on: dt.date | None,
    hours: object,
    attendees: Iterable[NetworkMember] = (),
    by: User | None,
    today: dt.date | None = None,
) -> Training:
    """Record a training for the network's key persons, and who of them attended."""
    _ensure_keeps(by, network)
    checked_title, day, checked_hours = _training_values(
        title=title, held_on=held_on, hours=hours, today=today or timezone.localdate()
    )
    training = Training(network=network, title=checked_title, held_on=day, hours=checked_hours)
    present = _attendees(network, training.held_on, attendees)
    training.save()
    training.attendees.set(present)
    _audit_change(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=training,
        reason=f"training recorded in key-person network {network.pk}",
    )
    return training


@transaction.atomic
def correct_training(
    *,
    training: Training,
    title: object,
    held_on: dt.date | None,
    hours: object,
    attendees: Iterable[NetworkMember],
    by: User | None,
    today: dt.date | None = None,
) -> Training:
    """Correct a training as recorded: its title, day, hours and who attended (each attendee
    a member on the corrected day)."""
    _ensure_keeps(by, training.network)
    training = _locked(Training, training.pk)
    checked_title, day, checked_hours = _training_values(
        title=title, held_on=held_on, hours=hours, today=today or timezone.localdate()
    )
    present = _attendees(training.network, day, attendees)
    training.title, training.held_on, training.hours = checked_title, day, checked_hours
    training.save(update_fields=["title", "held_on", "hours"])
    training.attendees.set(present)
    _audit_change(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=training,
        reason=f"training corrected in key-person network {training.network_id}",
    )
    return training


@transaction.atomic
def remove_training(*, training: Training, by: User | None) -> None:
    """Remove a training entered by mistake, with its attendance."""
    _ensure_keeps(by, training.network)
    training = _locked(Training, training.pk)
    _audit_change(
        by=by,
        action=AuditEvent.Action.DELETE,
        obj=training,
        reason=f"training removed from key-person network {training.network_id}",
    )
    training.delete()


def _attendees(
    network: KeyPersonNetwork, day: dt.date, attendees: Iterable[NetworkMember]
) -> list[NetworkMember]:
    chosen = list(attendees)
    for member in chosen:
        if member.network_id != network.pk:
            raise NotFound()
        if not member.active_on(day):
            raise DomainError(
                _("{name} was not a member of the network on that day.").format(
                    name=member.key_person
                ),
                code="not_a_member_then",
            )
    return chosen


# -- outreach ----------------------------------------------------------------------------------


def _outreach_values(
    *, kind: object, held_on: dt.date | None, people_reached: object, note: object, today: dt.date
) -> tuple[str, dt.date, int, str]:
    """An outreach's kind, day, people reached and note, checked alike when logged and when
    corrected."""
    if kind not in Outreach.Kind.values:
        raise DomainError(_("Choose the kind of outreach."), code="invalid_kind")
    return (
        str(kind),
        _day(
            held_on,
            latest=today,
            required=_("Enter the day of the outreach."),
            too_late=_("Log outreach once it happened."),
        ),
        _people(people_reached),
        _text(note, limit=TEXT_LIMITS["note"], code="note"),
    )


@transaction.atomic
def log_outreach(
    *,
    network: KeyPersonNetwork,
    kind: object,
    held_on: dt.date | None,
    people_reached: object,
    languages: Iterable[str] = (),
    note: object = "",
    by: User | None,
    today: dt.date | None = None,
) -> Outreach:
    """Log an information event, an accompaniment or a contact with the population, briefly:
    how many were reached and in which languages, never who."""
    _ensure_keeps(by, network)
    checked_kind, day, people, checked_note = _outreach_values(
        kind=kind,
        held_on=held_on,
        people_reached=people_reached,
        note=note,
        today=today or timezone.localdate(),
    )
    outreach = Outreach(
        network=network,
        kind=checked_kind,
        held_on=day,
        people_reached=people,
        note=checked_note,
        recorded_by=by,
    )
    chosen = _languages(languages)
    outreach.save()
    outreach.languages.set(chosen)
    _audit_change(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=outreach,
        reason=f"outreach logged in key-person network {network.pk}",
    )
    return outreach


@transaction.atomic
def correct_outreach(
    *,
    outreach: Outreach,
    kind: object,
    held_on: dt.date | None,
    people_reached: object,
    languages: Iterable[str] = (),
    note: object = "",
    by: User | None,
    today: dt.date | None = None,
) -> Outreach:
    """Correct an outreach entry as logged: its kind, day, people reached, languages, note."""
    _ensure_keeps(by, outreach.network)
    outreach = _locked(Outreach, outreach.pk)
    checked_kind, day, people, checked_note = _outreach_values(
        kind=kind,
        held_on=held_on,
        people_reached=people_reached,
        note=note,
        today=today or timezone.localdate(),
    )
    chosen = _languages(languages)
    outreach.kind, outreach.held_on = checked_kind, day
    outreach.people_reached, outreach.note = people, checked_note
    outreach.save(update_fields=["kind", "held_on", "people_reached", "note"])
    outreach.languages.set(chosen)
    _audit_change(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=outreach,
        reason=f"outreach corrected in key-person network {outreach.network_id}",
    )
    return outreach


@transaction.atomic
def remove_outreach(*, outreach: Outreach, by: User | None) -> None:
    """Remove an outreach entry logged by mistake."""
    _ensure_keeps(by, outreach.network)
    outreach = _locked(Outreach, outreach.pk)
    _audit_change(
        by=by,
        action=AuditEvent.Action.DELETE,
        obj=outreach,
        reason=f"outreach removed from key-person network {outreach.network_id}",
    )
    outreach.delete()
