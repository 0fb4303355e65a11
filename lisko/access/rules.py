"""Who may see what: one plain visibility rule per noun, as a `Q` on that noun's model.

These are the reference. Selectors may phrase a rule differently for speed, but every such
phrasing is tested equal to the rule here for every persona (tests/lisko/access/). Adapters
never scope on their own: they call a selector, and the selector starts from a rule here.

- client: on the caseload (own or shared) where the person is a social worker;
- plan, goal, milestone, consent, household, spoken language: those of a visible client;
- appointment (staff view): of a visible client, or of an organisation the person coordinates;
  an interpreter never sees the staff view of an appointment, only their own assignments;
- assignment (interpreter view): their own, while they are in the pool of its organisation;
- referral: of a visible client; for a partner, to their own association while the client's
  consent to share with it stands;
- interpreter: of a pool the person keeps, or their own profile while they are in that pool;
- association and offer: of the organisations where the person is staff, or their own
  association as a partner;
- matching run: of an organisation the person coordinates;
- audit event: of an organisation the person administers;
- region plan: of a region the person plans for, or one inside it (read and written alike);
- programme agreement and funding application: of a municipality the person is integration
  officer for, or of a funding region the person plans for (or one inside it);
- key-person network: kept by the officers of its municipality and the pool keepers of its
  organisation; its counts read by the planners of a region around the municipality.
- welcome programme: of the organisations where the person keeps a caseload; welcome case: of
  a visible client.
"""

from django.db.models import F, Q

from lisko.access import roles
from lisko.access.access import Access

NOTHING = Q(pk__in=[])
EVERYTHING = Q()


def client_rule(access: Access) -> Q:
    """Clients on the person's caseload, own or shared with them, where they do casework."""
    from lisko.clients.models import Client

    if access.system:
        return EVERYTHING
    organisations = access.organisations(roles.CASEWORK)
    if not organisations:
        return NOTHING
    shared = Client.shared_with.through.objects.filter(user_id=access.user_id).values("client_id")
    return Q(organisation_id__in=organisations) & (
        Q(social_worker_id=access.user_id) | Q(pk__in=shared)
    )


def visible_client_ids(access: Access) -> Q:
    """The rule for a record that belongs to a client (field `client`)."""
    from lisko.clients.models import Client

    if access.system:
        return EVERYTHING
    return Q(client_id__in=Client.objects.filter(client_rule(access)).values("pk"))


def plan_rule(access: Access) -> Q:
    """Empowerment plans of visible clients."""
    return visible_client_ids(access)


def goal_rule(access: Access) -> Q:
    """Goals of the plans of visible clients."""
    from lisko.plans.models import EmpowermentPlan

    if access.system:
        return EVERYTHING
    return Q(plan_id__in=EmpowermentPlan.objects.filter(plan_rule(access)).values("pk"))


def milestone_rule(access: Access) -> Q:
    """Milestones of visible goals."""
    from lisko.plans.models import Goal

    if access.system:
        return EVERYTHING
    return Q(goal_id__in=Goal.objects.filter(goal_rule(access)).values("pk"))


def appointment_rule(access: Access) -> Q:
    """The staff view of appointments: a visible client's, or any of a coordinated organisation.

    Who booked an appointment does not matter: a client transferred to a colleague takes their
    appointments along."""
    if access.system:
        return EVERYTHING
    coordinated = access.organisations(roles.COORDINATING)
    visible = visible_client_ids(access) if access.organisations(roles.CASEWORK) else NOTHING
    if coordinated:
        visible |= Q(organisation_id__in=coordinated)
    return visible


def own_assignment_rule(access: Access) -> Q:
    """The interpreter's view: their own offers and bookings, while they are in that pool."""
    if access.system:
        return EVERYTHING
    organisations = access.organisations(roles.IN_THE_POOL)
    if not organisations:
        return NOTHING
    return Q(interpreter__user_id=access.user_id, interpreter__organisation_id__in=organisations)


def referral_rule(access: Access) -> Q:
    """Referrals of visible clients (staff view)."""
    return visible_client_ids(access)


def partner_referral_rule(access: Access) -> Q:
    """Referrals to the partner's own associations while the client's consent to share stands
    (neither withdrawn nor expired)."""
    from lisko.clients.models import Consent

    if access.system:
        return EVERYTHING
    organisations = access.organisations(roles.PARTNERS)
    if not organisations:
        return NOTHING
    return Q(
        offer__association_id__in=_own_associations(access, organisations),
        consent__purpose=Consent.Purpose.SHARE_WITH_ASSOCIATION,
        consent__association=F("offer__association"),
        consent__client=F("client"),
    ) & Consent.valid_q(prefix="consent__")


def interpreter_rule(access: Access) -> Q:
    """Interpreter profiles of the pools the person keeps, and their own while in that pool."""
    if access.system:
        return EVERYTHING
    visible = NOTHING
    kept = access.organisations(roles.POOL_KEEPING)
    if kept:
        visible |= Q(organisation_id__in=kept)
    return visible | own_profile_rule(access)


def own_profile_rule(access: Access) -> Q:
    """The person's own interpreter or key-person profile, while they are in that pool."""
    if access.system:
        return EVERYTHING
    in_pool = access.organisations(roles.IN_THE_POOL)
    if not in_pool:
        return NOTHING
    return Q(user_id=access.user_id, organisation_id__in=in_pool)


def association_rule(access: Access) -> Q:
    """Associations of the organisations where the person is staff, and a partner's own."""
    if access.system:
        return EVERYTHING
    visible = NOTHING
    directory = access.organisations(roles.DIRECTORY)
    if directory:
        visible |= Q(organisation_id__in=directory)
    partner_of = access.organisations(roles.PARTNERS)
    if partner_of:
        visible |= Q(pk__in=_own_associations(access, partner_of))
    return visible


def offer_rule(access: Access) -> Q:
    """Offers of visible associations."""
    from lisko.associations.models import Association

    if access.system:
        return EVERYTHING
    return Q(association_id__in=Association.objects.filter(association_rule(access)).values("pk"))


def matching_run_rule(access: Access) -> Q:
    """Matching runs of the organisations the person coordinates."""
    if access.system:
        return EVERYTHING
    return _in_organisations(access, roles.COORDINATING)


def audit_event_rule(access: Access) -> Q:
    """Audit events of the organisations the person administers."""
    if access.system:
        return EVERYTHING
    return _in_organisations(access, roles.ADMINISTERING)


def planned_region_ids(access: Access) -> frozenset[int]:
    """The regions whose plans the person writes: those assigned to their planner role and
    every region inside them (one query for the region tree)."""
    from lisko.places.selectors import region_tree

    if access.system:
        return frozenset()
    if not access.planning_regions or not access.holds(roles.REGION_PLANNING):
        return frozenset()
    tree = region_tree()
    return frozenset().union(*(tree.descendants(pk) for pk in access.planning_regions))


def region_plan_rule(access: Access) -> Q:
    """Region plans of the regions the person plans for (and of those inside them)."""
    if access.system:
        return EVERYTHING
    regions = planned_region_ids(access)
    return Q(region_id__in=regions) if regions else NOTHING


def officer_municipality_ids(access: Access) -> frozenset[int]:
    """The municipalities whose programmes the person keeps as integration officer."""
    if access.system or not access.holds(roles.MUNICIPAL_PROGRAMMES):
        return frozenset()
    return access.officer_municipalities


def programme_agreement_rule(access: Access, prefix: str = "") -> Q:
    """Agreements of the municipalities the person is officer for, and of the funding regions
    the person plans for (or those inside them). `prefix` phrases it from a related noun."""
    if access.system:
        return EVERYTHING
    rule = NOTHING
    municipalities = officer_municipality_ids(access)
    if municipalities:
        rule |= Q(**{f"{prefix}municipality_id__in": municipalities})
    regions = planned_region_ids(access) if access.holds(roles.PROGRAMME_FUNDING) else frozenset()
    if regions:
        rule |= Q(**{f"{prefix}region_id__in": regions})
    return rule


def funding_application_rule(access: Access) -> Q:
    """Applications under an agreement the person may see."""
    return programme_agreement_rule(access, prefix="agreement__")


def _in_organisations(access: Access, group: frozenset[str]) -> Q:
    organisations = access.organisations(group)
    return Q(organisation_id__in=organisations) if organisations else NOTHING


def _own_associations(access: Access, organisations: list[int]) -> object:
    from lisko.associations.models import Association

    return Association.partners.through.objects.filter(
        user_id=access.user_id, association__organisation_id__in=organisations
    ).values("association_id")


def kept_key_person_network_rule(access: Access) -> Q:
    """Key-person networks the person keeps: of a municipality they are integration officer
    for, or run by an organisation whose pool they keep."""
    if access.system:
        return EVERYTHING
    rule = NOTHING
    municipalities = officer_municipality_ids(access)
    if municipalities:
        rule |= Q(municipality_id__in=municipalities)
    kept = access.organisations(roles.POOL_KEEPING)
    if kept:
        rule |= Q(organisation_id__in=kept)
    return rule


def key_person_network_rule(access: Access) -> Q:
    """Key-person networks the person keeps, and (counts only, never a member's name) those of
    the municipalities in the regions the person plans for as a funder of programmes."""
    if access.system:
        return EVERYTHING
    rule = kept_key_person_network_rule(access)
    regions = planned_region_ids(access) if access.holds(roles.PROGRAMME_FUNDING) else frozenset()
    if regions:
        rule |= Q(municipality__region_id__in=regions)
    return rule


def welcome_programme_rule(access: Access) -> Q:
    """Welcome programmes of the organisations where the person keeps a caseload."""
    if access.system:
        return EVERYTHING
    return _in_organisations(access, roles.CASEWORK)


def welcome_case_rule(access: Access) -> Q:
    """Welcome cases of visible clients: a newcomer is a client like any other."""
    return visible_client_ids(access)
