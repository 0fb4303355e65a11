"""Which roles may do what: every role group of Lisko, decided here once.

An organisation admin keeps the organisation's configuration, people and audit trail; an admin
does not coordinate: seeing every appointment and starting matching runs takes the coordinator
role, which an admin may hold as well. Pages, API and services all read these groups.
"""

from typing import Final

from lisko.organisations.models import Role

# Opens the staff pages (the desk).
STAFF: Final = frozenset({Role.SOCIAL_WORKER, Role.COORDINATOR, Role.ADMIN})
# Keeps a caseload: clients, plans, referrals, bookings for their clients.
CASEWORK: Final = frozenset({Role.SOCIAL_WORKER})
# Sees every appointment of the organisation, matches them, offers by hand, starts runs.
COORDINATING: Final = frozenset({Role.COORDINATOR})
# Keeps the interpreter pool: profiles, availability, absences, the pool's load.
POOL_KEEPING: Final = frozenset({Role.COORDINATOR, Role.ADMIN})
# Is in the pool: receives offers and bookings on the phone.
IN_THE_POOL: Final = frozenset({Role.INTERPRETER, Role.KEY_PERSON})
# Answers referrals for their own associations.
PARTNERS: Final = frozenset({Role.PARTNER})
# Reads the association directory of the organisation.
DIRECTORY: Final = STAFF
# Adds and edits associations and their offers.
DIRECTORY_KEEPING: Final = frozenset({Role.SOCIAL_WORKER, Role.ADMIN})
# Keeps the organisation's configuration, members and audit trail.
ADMINISTERING: Final = frozenset({Role.ADMIN})
# Reads aggregates (never a person) of the regions assigned to them, from the organisations that
# agreed to share with those regions' planners.
PLANNING: Final = frozenset({Role.PLANNER})
# Reads the same aggregates of their own organisation, without an agreement.
PLANNING_OWN_ORGANISATION: Final = COORDINATING
# Writes and reads the region plans of the regions assigned to them (and of those inside).
REGION_PLANNING: Final = PLANNING
# Keeps the programmes of the municipalities assigned to them: agreements, funding applications.
MUNICIPAL_PROGRAMMES: Final = frozenset({Role.INTEGRATION_OFFICER})
# Decides the funding applications of the municipalities in the regions they plan for.
PROGRAMME_FUNDING: Final = REGION_PLANNING
# Roles that never see a person: to someone holding only these, every route about persons
# does not exist (404).
NO_PERSONS: Final = frozenset({Role.PLANNER, Role.INTEGRATION_OFFICER})
# Keep a key-person network: integration officers of its municipality, pool keepers of the
# organisation running it (the members come from their pool). Planners of a region around the
# municipality (PROGRAMME_FUNDING) read its counts only.
KEY_PERSON_NETWORK_KEEPING: Final = MUNICIPAL_PROGRAMMES | POOL_KEEPING
