"""Everything Lisko holds on one client, gathered for a subject access export.

`client_record` returns plain JSON values (strings, numbers, lists, dicts) keyed by stable
English names: the JSON file is this dict as it is, the PDF renders it section by section.
Each section reads only rows that belong to the client, so another client's data cannot slip in.
"""

import datetime as dt
from functools import lru_cache
from typing import Any

from django.db.models import Model, Prefetch
from django.utils.translation import get_language

from lisko.appointments.models import Appointment, Assignment, AssignmentEvent
from lisko.audit.models import AuditEvent
from lisko.audit.selectors import about_clients
from lisko.clients.models import Client
from lisko.languages.models import Language, language_name
from lisko.notifications.models import ClientMessage
from lisko.plans.models import EmpowermentPlan, Goal
from lisko.referrals.models import Referral

# The sections of an export, in the order the PDF shows them.
SECTIONS = (
    "profile",
    "household",
    "languages",
    "consents",
    "plan",
    "appointments",
    "referrals",
    "welcome",
    "messages",
    "notes",
    "access_log",
)

Json = dict[str, Any]


def _when(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@lru_cache(maxsize=256)
def _cached_language_name(code: str, locale: str) -> str:
    return language_name(code, locale)


def _language(language: Language) -> str:
    # CLDR lookups cost about 20 ms each; an export names the same few languages many times.
    return _cached_language_name(language.code, get_language() or "en")


def _person(user: Model | None) -> str | None:
    return None if user is None else str(user)


def client_record(*, client: Client) -> Json:
    """Every section of the export for `client`, as JSON values."""
    return {
        "format": "lisko-subject-access/1",
        "organisation": client.organisation.name,
        "profile": _profile(client),
        "household": _household(client),
        "languages": _languages(client),
        "consents": _consents(client),
        "plan": _plan(client),
        "appointments": _appointments(client),
        "referrals": _referrals(client),
        "welcome": _welcome(client),
        "messages": _messages(client),
        "notes": _notes(client),
        "access_log": _access_log(client),
    }


def _profile(client: Client) -> Json:
    return {
        "reference": client.reference,
        "first_name": client.first_name,
        "last_name": client.last_name,
        "birth_date": _when(client.birth_date),
        "gender": client.get_gender_display(),
        "country_of_origin": client.country_of_origin,
        "municipality": client.municipality.name,
        "arrival_date": _when(client.arrival_date),
        "residence_status": client.get_residence_status_display(),
        "preferred_language": _language(client.preferred_language),
        "phone": client.phone,
        "email": client.email,
        "responsible_social_worker": _person(client.social_worker),
        "shared_with": [str(user) for user in client.shared_with.all()],
        "open_case": client.is_active,
        "created_at": _when(client.created_at),
        "closed_at": _when(client.closed_at),
    }


def _household(client: Client) -> list[Json]:
    return [
        {
            "first_name": member.first_name,
            "last_name": member.last_name,
            "relation": member.get_relation_display(),
            "birth_date": _when(member.birth_date),
        }
        for member in client.household.order_by("pk")
    ]


def _languages(client: Client) -> list[Json]:
    return [
        {
            "language": _language(row.language),
            "code": row.language.code,
            "proficiency": row.proficiency,
            "preferred": row.language_id == client.preferred_language_id,
        }
        for row in client.languages.select_related("language").order_by("language__code")
    ]


def _consents(client: Client) -> list[Json]:
    # The history is the rows themselves: a consent withdrawn and given again is two rows.
    return [
        {
            "purpose": consent.get_purpose_display(),
            "association": None if consent.association is None else consent.association.name,
            "details_shared": list(consent.shared_details),
            "given_at": _when(consent.given_at),
            "recorded_by": _person(consent.recorded_by),
            "withdrawn_at": _when(consent.withdrawn_at),
            "withdrawn_by": _person(consent.withdrawn_by),
            "expires_at": _when(consent.expires_at),
        }
        for consent in client.consents.select_related(
            "association", "recorded_by", "withdrawn_by"
        ).order_by("given_at", "pk")
    ]


def _plan(client: Client) -> Json | None:
    plan = (
        EmpowermentPlan.objects.filter(client=client)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.select_related("field_of_action")
                .prefetch_related("reviews__reviewed_by", "milestones__responsible_user")
                .order_by("pk"),
            )
        )
        .first()
    )
    if plan is None:
        return None
    return {
        "created_at": _when(plan.created_at),
        "created_by": _person(plan.created_by),
        "goals": [
            {
                "field_of_action": goal.field_of_action.display_name(),
                "wording": goal.wording,
                "status": goal.get_status_display(),
                "independence_at_intake": goal.intake_level,
                "created_at": _when(goal.created_at),
                "closed_at": _when(goal.closed_at),
                "reviews": [
                    {
                        "reviewed_on": _when(review.reviewed_on),
                        "independence": review.level,
                        "note": review.note,
                        "reviewed_by": _person(review.reviewed_by),
                    }
                    for review in sorted(goal.reviews.all(), key=lambda r: (r.reviewed_on, r.pk))
                ],
                "milestones": [
                    {
                        "title": milestone.title,
                        "due_date": _when(milestone.due_date),
                        "responsible": str(milestone),
                        "done_at": _when(milestone.done_at),
                    }
                    for milestone in sorted(goal.milestones.all(), key=lambda m: (m.due_date, m.pk))
                ],
            }
            for goal in plan.goals.all()
        ],
    }


def _appointments(client: Client) -> list[Json]:
    appointments = (
        Appointment.objects.filter(client=client)
        .select_related("language", "municipality", "booked_by")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("interpreter")
                .prefetch_related(
                    Prefetch("events", queryset=AssignmentEvent.objects.order_by("at", "pk"))
                )
                .order_by("pk"),
            )
        )
        .order_by("start", "pk")
    )
    return [
        {
            "kind": appointment.get_kind_display(),
            "start": _when(appointment.start),
            "end": _when(appointment.end),
            "modality": appointment.get_modality_display(),
            "municipality": None
            if appointment.municipality is None
            else appointment.municipality.name,
            "address": appointment.address,
            "remote_link": appointment.remote_link,
            "language": _language(appointment.language),
            "status": appointment.get_status_display(),
            "booked_by": _person(appointment.booked_by),
            "notes_for_interpreter": appointment.notes_for_interpreter,
            "cancellation_reason": appointment.cancellation_reason,
            "assignments": [
                {
                    "interpreter": f"{assignment.interpreter.first_name} "
                    f"{assignment.interpreter.last_name}",
                    "kind": assignment.interpreter.get_kind_display(),
                    "state": assignment.get_state_display(),
                    "offered_at": _when(assignment.offered_at),
                    "answered_at": _when(assignment.responded_at),
                    "events": [
                        {
                            "at": _when(event.at),
                            "from": event.from_state,
                            "to": event.to_state,
                            "note": event.note,
                        }
                        for event in assignment.events.all()
                    ],
                }
                for assignment in appointment.assignments.all()
            ],
        }
        for appointment in appointments
    ]


def _referrals(client: Client) -> list[Json]:
    referrals = (
        Referral.objects.filter(client=client)
        .select_related("offer__association", "goal__field_of_action", "created_by")
        .prefetch_related("events__by")
        .order_by("created_at", "pk")
    )
    return [
        {
            "offer": referral.offer.title,
            "association": referral.offer.association.name,
            "goal": None if referral.goal is None else referral.goal.wording,
            "status": referral.get_status_display(),
            "note_to_the_association": referral.note,
            "reason_for_declining": referral.decline_reason,
            "outcome": referral.outcome,
            "sent_by": _person(referral.created_by),
            "sent_at": _when(referral.created_at),
            "events": [
                {
                    "at": _when(event.at),
                    "from": event.get_from_status_display() if event.from_status else "",
                    "to": event.get_to_status_display(),
                    "by": _person(event.by),
                    "note": event.note,
                }
                for event in sorted(referral.events.all(), key=lambda e: (e.at, e.pk))
            ],
        }
        for referral in referrals
    ]


def _messages(client: Client) -> list[Json]:
    # The messages Lisko sent (or tried to send) to the client about their appointments.
    messages = ClientMessage.objects.filter(client=client).order_by("created_at", "pk")
    return [
        {
            "kind": message.get_kind_display(),
            "channel": message.get_channel_display(),
            "to": message.to,
            "text": message.text,
            "created_at": _when(message.created_at),
            "sent_at": _when(message.sent_at),
            "state": message.get_failure_display() if message.failed_at else None,
        }
        for message in messages
    ]


def _notes(client: Client) -> list[Json]:
    # The case notes; notes on goals, appointments and referrals stand in their own sections.
    return [{"text": client.notes}] if client.notes else []


def _access_log(client: Client) -> list[Json]:
    events = (
        AuditEvent.objects.filter(about_clients([client.pk]))
        .select_related("actor")
        .order_by("at", "pk")
    )
    return [
        {
            "at": _when(event.at),
            "who": _person(event.actor),
            "action": event.get_action_display(),
            "why": event.reason,
        }
        for event in events
    ]


def _welcome(client: Client) -> Json | None:
    # The welcome conversation, when the client came as a newcomer of a welcome programme.
    from lisko.welcome.selectors import welcome_record

    return welcome_record(client=client)
