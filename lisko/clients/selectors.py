"""Reading clients, scoped to the social worker who asks; every read of personal data is audited."""

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat

from lisko.access import access_of, roles
from lisko.access.rules import client_rule, visible_client_ids
from lisko.accounts.models import User
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access, record_list_read
from lisko.clients.models import Client, ClientLanguage, Consent, HouseholdMember
from lisko.core.errors import NotFound
from lisko.organisations.models import Membership


def clients_visible_to(*, user: User) -> QuerySet[Client]:
    """The clients `user` may work on: their own caseload and cases shared with them, in the
    organisations where they are a social worker. Reads nothing personal, so writes no audit."""
    return Client.objects.filter(client_rule(access_of(user)))


def visible_client(*, user: User, client_id: int) -> Client:
    """The client with this id if `user` may work on it, else NotFound; no audit (for services)."""
    client = clients_visible_to(user=user).filter(pk=client_id).first()
    if client is None:
        raise NotFound()
    return client


def record_of_visible_client[Record: models.Model](
    *, user: User, client_id: int, records: QuerySet[Record], record_id: int
) -> Record:
    """One of the records of a client `user` may work on (a consent, a spoken language, a
    household member), by id; NotFound for another client's record or an unreachable client."""
    visible_client(user=user, client_id=client_id)
    record = records.filter(client_id=client_id, pk=record_id).first()
    if record is None:
        raise NotFound()
    return record


def caseload_for(*, user: User, include_closed: bool = False, query: str = "") -> list[Client]:
    """The clients on `user`'s caseload (own and shared), narrowed to those whose name or
    reference holds `query` when one is given. The read is one audit event (per organisation)
    carrying the query and the ids shown, not one event per client."""
    clients = clients_visible_to(user=user).select_related(
        "municipality", "preferred_language", "social_worker"
    )
    if not include_closed:
        clients = clients.filter(is_active=True)
    query = query.strip()
    if query:
        clients = clients.annotate(
            searched=Concat("first_name", Value(" "), "last_name", Value(" "), "reference")
        ).filter(searched__icontains=query)
    result = list(clients.order_by("last_name", "first_name", "id"))
    record_list_read(
        actor=user,
        shown=[(client.organisation_id, client.pk) for client in result],
        query=query,
        reason="caseload search" if query else "caseload",
    )
    return result


def client_for(*, user: User, client_id: int, reason: str = "client page") -> Client:
    """One client with languages, household and consents, or NotFound; the read is audited."""
    client = (
        clients_visible_to(user=user)
        .select_related("organisation", "municipality", "preferred_language", "social_worker")
        .prefetch_related(
            "languages__language",
            "household",
            "shared_with",
            "consents__association",
        )
        .filter(pk=client_id)
        .first()
    )
    if client is None:
        raise NotFound()
    record_access(
        actor=user,
        action=AuditEvent.Action.READ,
        obj=client,
        client_id=client.pk,
        reason=reason,
        organisation_id=client.organisation_id,
    )
    return client


def active_consents_for(*, user: User, client_id: int) -> QuerySet[Consent]:
    """The client's consents that stand (neither withdrawn nor expired), or NotFound for a
    foreign client."""
    client = visible_client(user=user, client_id=client_id)
    return (
        Consent.objects.filter(client=client)
        .valid()
        .select_related("association", "recorded_by")
        .order_by("-given_at")
    )


def client_list_for(*, user: User) -> QuerySet[Client]:
    """The clients clients_visible_to gives, phrased so that PostgreSQL can use its indexes:
    the few cases shared with `user` are read first, so the caseload is one index condition
    (social worker, or one of these ids) with no join and no DISTINCT. No audit: the caller
    records the page it shows."""
    organisations = access_of(user).organisations(roles.CASEWORK)
    if not organisations:
        return Client.objects.none()
    shared = list(
        Client.shared_with.through.objects.filter(user=user).values_list("client_id", flat=True)
    )
    return Client.objects.filter(organisation_id__in=organisations).filter(
        Q(social_worker=user) | Q(pk__in=shared)
    )


def consents_visible_to(*, user: User) -> QuerySet[Consent]:
    """The consents of the clients `user` may work on; no audit (for choosing a consent)."""
    return Consent.objects.filter(visible_client_ids(access_of(user)))


def colleagues_for(*, user: User) -> QuerySet[User]:
    """Social workers of the organisations where `user` is one: who a case or a milestone may
    go to."""
    organisations = access_of(user).organisations(roles.CASEWORK)
    return User.objects.filter(
        pk__in=Membership.objects.filter(
            organisation_id__in=organisations, role__in=roles.CASEWORK
        ).values("user_id")
    )


def consent_of_visible_client(*, user: User, client_id: int, consent_id: int) -> Consent:
    """One consent of a client `user` may work on, or NotFound; no audit (for actions)."""
    return record_of_visible_client(
        user=user, client_id=client_id, records=Consent.objects.all(), record_id=consent_id
    )


def client_language_of_visible_client(
    *, user: User, client_id: int, client_language_id: int
) -> ClientLanguage:
    """One language a client `user` may work on speaks, with the language, or NotFound."""
    return record_of_visible_client(
        user=user,
        client_id=client_id,
        records=ClientLanguage.objects.select_related("client", "language"),
        record_id=client_language_id,
    )


def household_member_of_visible_client(
    *, user: User, client_id: int, member_id: int
) -> HouseholdMember:
    """One household member of a client `user` may work on, or NotFound."""
    return record_of_visible_client(
        user=user,
        client_id=client_id,
        records=HouseholdMember.objects.select_related("client"),
        record_id=member_id,
    )


def consents_to_interpreting(client_ref: str = "client_id") -> Exists:
    """An expression: the client (the field `client_ref` of the row) has an active consent to
    interpreting (neither withdrawn nor expired), which covers telling an interpreter their first
    name."""
    return Exists(
        Consent.objects.valid().filter(
            client_id=OuterRef(client_ref), purpose=Consent.Purpose.INTERPRETING
        )
    )


def has_interpreting_consent(*, client: Client) -> bool:
    """True when the client has agreed that an interpreter may know their first name."""
    return (
        Consent.objects.valid().filter(client=client, purpose=Consent.Purpose.INTERPRETING).exists()
    )
