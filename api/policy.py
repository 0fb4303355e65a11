"""Who may call which route: route name → method → the roles allowed, each with its reach.

Reach says which objects a role gets to: OWN objects are tied to the person (a client on their
caseload or shared with them, their own offers, referrals to their association), ORGANISATION
objects are any of their organisation's. Another organisation's objects are never reached, and
answer 404. The permission check (api/permissions.py) refuses a role not listed with 403 and a
route not listed at all; the permission matrix test (tests/api/test_permission_matrix.py) walks
every route of the URL resolver against this table and fails when one is missing.
"""

from typing import Final

from lisko.organisations.models import Role

OWN: Final = "own"
ORGANISATION: Final = "organisation"
PUBLIC: Final = "public"

SOCIAL_WORKER: Final = Role.SOCIAL_WORKER.value
COORDINATOR: Final = Role.COORDINATOR.value
INTERPRETER: Final = Role.INTERPRETER.value
KEY_PERSON: Final = Role.KEY_PERSON.value
PARTNER: Final = Role.PARTNER.value
ADMIN: Final = Role.ADMIN.value

Rule = dict[str, str]

EVERYONE: Final[Rule] = {role: OWN for role in Role.values}
CASEWORK: Final[Rule] = {SOCIAL_WORKER: OWN}
APPOINTMENT_STAFF: Final[Rule] = {SOCIAL_WORKER: OWN, COORDINATOR: ORGANISATION}
COORDINATION: Final[Rule] = {COORDINATOR: ORGANISATION}
POOL: Final[Rule] = {COORDINATOR: ORGANISATION, ADMIN: ORGANISATION}
IN_THE_POOL: Final[Rule] = {INTERPRETER: OWN, KEY_PERSON: OWN}
PARTNERS: Final[Rule] = {PARTNER: OWN}
DIRECTORY: Final[Rule] = {
    SOCIAL_WORKER: ORGANISATION,
    COORDINATOR: ORGANISATION,
    ADMIN: ORGANISATION,
}
DIRECTORY_KEEPERS: Final[Rule] = {SOCIAL_WORKER: ORGANISATION, ADMIN: ORGANISATION}
ADMINS: Final[Rule] = {ADMIN: ORGANISATION}
PLANNER: Final = Role.PLANNER.value
# Planners for the regions assigned to them; coordinators for their own organisation's figures.
# Both see aggregates only. Anyone else is answered 404 there (api/planning.py), not 403.
PLANNING: Final[Rule] = {PLANNER: OWN, COORDINATOR: ORGANISATION}

POLICY: Final[dict[str, dict[str, Rule | str]]] = {
    # The schema and its pages describe the API; they show no data.
    "api-schema": {"GET": PUBLIC},
    "api-docs": {"GET": PUBLIC},
    "api-redoc": {"GET": PUBLIC},
    "auth-token": {"POST": PUBLIC},
    "auth-token-revoke": {"POST": EVERYONE},
    "auth-token-list": {"GET": EVERYONE},
    "auth-token-detail": {"DELETE": EVERYONE},
    "me": {"GET": EVERYONE},
    # Interpreters and key persons: their own offers and bookings.
    "me-offer-list": {"GET": IN_THE_POOL},
    "me-offer-accept": {"POST": IN_THE_POOL},
    "me-offer-decline": {"POST": IN_THE_POOL},
    "me-assignment-list": {"GET": IN_THE_POOL},
    "me-assignment-time-log": {"POST": IN_THE_POOL},
    "me-profile": {"GET": IN_THE_POOL},
    "me-languages": {"PUT": IN_THE_POOL},
    "me-availability": {"PUT": IN_THE_POOL},
    "me-absence-list": {"GET": IN_THE_POOL, "POST": IN_THE_POOL},
    "me-absence-detail": {"DELETE": IN_THE_POOL},
    # Reference data: nothing personal, for every form.
    "language-list": {"GET": EVERYONE},
    "municipality-list": {"GET": EVERYONE},
    "field-of-action-list": {"GET": EVERYONE},
    # Clients: social workers, their own caseload only.
    "client-list": {"GET": CASEWORK, "POST": CASEWORK},
    "client-detail": {"GET": CASEWORK, "PATCH": CASEWORK},
    "client-close": {"POST": CASEWORK},
    "client-reopen": {"POST": CASEWORK},
    "client-transfer": {"POST": CASEWORK},
    "client-share": {"POST": CASEWORK},
    "client-unshare": {"POST": CASEWORK},
    "client-language-list": {"GET": CASEWORK, "POST": CASEWORK},
    "client-language-detail": {"PATCH": CASEWORK, "DELETE": CASEWORK},
    "client-household-list": {"GET": CASEWORK, "POST": CASEWORK},
    "client-household-detail": {"DELETE": CASEWORK},
    "client-consent-list": {"GET": CASEWORK, "POST": CASEWORK},
    "client-consent-withdraw": {"POST": CASEWORK},
    # Empowerment plans: social workers, their own caseload only.
    "plan": {"GET": CASEWORK, "POST": CASEWORK},
    "goal-list": {"POST": CASEWORK},
    "goal-detail": {"PATCH": CASEWORK},
    "goal-status": {"POST": CASEWORK},
    "goal-review": {"POST": CASEWORK},
    "goal-milestone": {"POST": CASEWORK},
    "milestone-complete": {"POST": CASEWORK},
    # The directory of associations: staff read it, social workers and admins keep it.
    "association-list": {"GET": DIRECTORY, "POST": DIRECTORY_KEEPERS},
    "association-detail": {"GET": DIRECTORY, "PATCH": DIRECTORY_KEEPERS},
    "association-offer-list": {"GET": DIRECTORY, "POST": DIRECTORY_KEEPERS},
    "association-offer-detail": {"GET": DIRECTORY, "PATCH": DIRECTORY_KEEPERS},
    # The interpreter pool: coordinators and admins.
    "interpreter-list": {"GET": POOL, "POST": POOL},
    "interpreter-detail": {"GET": POOL, "PATCH": POOL},
    "interpreter-languages": {"PUT": POOL},
    "interpreter-availability": {"PUT": POOL},
    "interpreter-absence-list": {"GET": POOL, "POST": POOL},
    "interpreter-absence-detail": {"DELETE": POOL},
    "interpreter-conflicts": {"POST": POOL},
    # Appointments: social workers for their caseload, coordinators for the organisation.
    "appointment-list": {"GET": APPOINTMENT_STAFF, "POST": CASEWORK},
    "appointment-detail": {"GET": APPOINTMENT_STAFF, "PATCH": APPOINTMENT_STAFF},
    "appointment-cancel": {"POST": APPOINTMENT_STAFF},
    "appointment-request-interpreter": {"POST": APPOINTMENT_STAFF},
    "appointment-offers": {"GET": APPOINTMENT_STAFF, "POST": COORDINATION},
    "appointment-withdraw-offers": {"POST": COORDINATION},
    # Referrals: social workers send and drop; partners answer.
    "referral-list": {"GET": CASEWORK, "POST": CASEWORK},
    "referral-detail": {"GET": CASEWORK},
    "referral-drop": {"POST": CASEWORK},
    "partner-referral-list": {"GET": PARTNERS},
    "partner-referral-detail": {"GET": PARTNERS},
    "partner-referral-accept": {"POST": PARTNERS},
    "partner-referral-decline": {"POST": PARTNERS},
    "partner-referral-start": {"POST": PARTNERS},
    "partner-referral-complete": {"POST": PARTNERS},
    "partner-referral-drop": {"POST": PARTNERS},
    # Matching runs: coordinators.
    "matching-run-list": {"GET": COORDINATION, "POST": COORDINATION},
    "matching-run-detail": {"GET": COORDINATION},
    # Planning figures and social reports.
    "planning-region-list": {"GET": PLANNING},
    "planning-region-detail": {"GET": PLANNING},
    "planning-figure": {"GET": PLANNING},
    "planning-gaps": {"GET": PLANNING},
    "planning-report-list": {"GET": PLANNING, "POST": PLANNING},
    "planning-report-detail": {"GET": PLANNING},
    "planning-report-pdf": {"GET": PLANNING},
    # The audit trail: admins of the organisation, read only.
    "audit-event-list": {"GET": ADMINS},
}
