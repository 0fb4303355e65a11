"""Reading clients, scoped to the social worker who asks; every read of personal data is audited."""

from django.db import models
from django.db.models import Q, QuerySet

from lisko.accounts.models import User
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access, record_reads
from lisko.clients.models import Client, Consent
from lisko.core.errors import NotFound
from lisko.organisations.models import Role
from lisko.organisations.selectors import organisations_of


def clients_visible_to(*, user: User) -> QuerySet[Client]:
    """The clients `user` may work on: their own caseload and cases shared with them, in the
    organisations where they are a social worker. Reads nothing personal, so writes no audit."""
    if not user.is_authenticated:
        return Client.objects.none()
    return (
        Client.objects.filter(organisation__in=organisations_of(user, Role.SOCIAL_WORKER))
        .filter(Q(social_worker=user) | Q(shared_with=user))
        .distinct()
    )


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


def caseload_for(*, user: User, include_closed: bool = False) -> list[Client]:
    """The clients on `user`'s caseload (own and shared), each read recorded in the audit log."""
    clients = clients_visible_to(user=user).select_related(
        "municipality", "preferred_language", "social_worker"
    )
    if not include_closed:
        clients = clients.filter(is_active=True)
    result = list(clients.order_by("last_name", "first_name", "id"))
    record_reads(actor=user, objects=result, client_id_of="pk", reason="caseload")
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
    """The client's consents that have not been withdrawn, or NotFound for a foreign client."""
    client = visible_client(user=user, client_id=client_id)
    return (
        Consent.objects.filter(client=client, withdrawn_at__isnull=True)
        .select_related("association", "recorded_by")
        .order_by("-given_at")
    )


def client_list_for(*, user: User) -> QuerySet[Client]:
    """The clients clients_visible_to gives, phrased so that PostgreSQL can use its indexes:
    the few cases shared with `user` are read first, so the caseload is one index condition
    (social worker, or one of these ids) with no join and no DISTINCT. No audit: the caller
    records the page it shows."""
    if not user.is_authenticated:
        return Client.objects.none()
    organisations = list(organisations_of(user, Role.SOCIAL_WORKER).values_list("pk", flat=True))
    shared = list(
        Client.shared_with.through.objects.filter(user=user).values_list("client_id", flat=True)
    )
    return Client.objects.filter(organisation_id__in=organisations).filter(
        Q(social_worker=user) | Q(pk__in=shared)
    )
