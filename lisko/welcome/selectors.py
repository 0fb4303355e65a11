"""Reading welcome programmes and newcomers, scoped by who asks (lisko.access.rules); every
read of a newcomer's data is audited, as for any client."""

from typing import Any

from django.db.models import QuerySet

from lisko.access import access_of
from lisko.access.rules import welcome_case_rule, welcome_programme_rule
from lisko.associations.models import Offer
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access, record_list_read
from lisko.clients.models import Client, Consent
from lisko.clients.selectors import visible_client
from lisko.core.errors import NotFound
from lisko.welcome.models import (
    InvitationEmail,
    Topic,
    WelcomeCase,
    WelcomeInvitationTemplate,
    WelcomeProgramme,
)


def programmes_for(*, user: Any) -> QuerySet[WelcomeProgramme]:
    """The welcome programmes of the organisations where `user` keeps a caseload."""
    return (
        WelcomeProgramme.objects.filter(welcome_programme_rule(access_of(user)))
        .select_related("municipality", "organisation")
        .order_by("municipality__name", "pk")
    )


def programme_for(*, user: Any, programme_id: int) -> WelcomeProgramme:
    """One programme `user` may run, or NotFound."""
    programme = programmes_for(user=user).filter(pk=programme_id).first()
    if programme is None:
        raise NotFound()
    return programme


def templates_of(*, programme: WelcomeProgramme) -> list[WelcomeInvitationTemplate]:
    """The programme's invitation templates, by language code (no personal data)."""
    return list(programme.templates.select_related("language").order_by("language__code"))


def _cases(user: Any) -> QuerySet[WelcomeCase]:
    return WelcomeCase.objects.filter(welcome_case_rule(access_of(user))).select_related(
        "client__preferred_language", "programme__municipality", "appointment"
    )


def newcomers_of(*, user: Any, programme: WelcomeProgramme) -> list[WelcomeCase]:
    """The programme's newcomers on `user`'s caseload, latest arrival first; one audit event."""
    cases = list(
        _cases(user)
        .filter(programme=programme)
        .order_by("-client__arrival_date", "client__last_name", "pk")
    )
    record_list_read(
        actor=user,
        shown=[(programme.organisation_id, case.client_id) for case in cases],
        reason="welcome programme newcomers",
    )
    return cases


def case_for(*, user: Any, case_id: int, reason: str = "welcome case") -> WelcomeCase:
    """One newcomer's welcome case with its follow-ups, or NotFound; the read is audited."""
    case = (
        _cases(user)
        .select_related("programme__organisation")
        .prefetch_related("follow_ups__offer__association")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound()
    record_access(
        actor=user,
        action=AuditEvent.Action.READ,
        obj=case,
        client_id=case.client_id,
        reason=reason,
        organisation_id=case.programme.organisation_id,
    )
    return case


def invitation_emails_of(*, case: WelcomeCase) -> list[InvitationEmail]:
    """The invitation e-mails of a case `case_for` gave, latest first, with what became of each."""
    return list(InvitationEmail.objects.filter(case=case).order_by("-created_at", "-pk"))


def welcome_record(*, client: Client) -> dict[str, Any] | None:
    """The welcome case of a client for the subject access export, as JSON values."""
    case = (
        WelcomeCase.objects.filter(client=client)
        .select_related("programme__municipality")
        .prefetch_related("follow_ups__offer")
        .first()
    )
    if case is None:
        return None

    def when(value: Any) -> str | None:
        return None if value is None else value.isoformat()

    return {
        "programme": case.programme.municipality.name,
        "household_size": case.household_size,
        "email": case.email,
        "invited_at": when(case.invited_at),
        "invited_via": case.get_invited_via_display() if case.invited_via else None,
        "held_on": when(case.held_on),
        "topics": [str(label) for value, label in Topic.choices if value in case.topics],
        "follow_ups": [referral.offer.title for referral in case.follow_ups.all()],
        "created_at": when(case.created_at),
        "invitation_emails": [
            {
                "to": email.to,
                "subject": email.subject,
                "text": email.body,
                "written_at": when(email.created_at),
                "sent_at": when(email.sent_at),
                "failed_at": when(email.failed_at),
            }
            for email in case.emails.order_by("created_at", "pk")
        ],
    }


def follow_up_choices(*, user: Any, case: WelcomeCase) -> list[tuple[Offer, Consent]]:
    """The active offers a newcomer may be referred to after the conversation: those of the
    associations the client has agreed to share with (a consent that stands), each with that
    consent. Only for a client `user` may work on."""
    client = visible_client(user=user, client_id=case.client_id)
    consents = {
        consent.association_id: consent
        for consent in Consent.objects.valid().filter(
            client=client, purpose=Consent.Purpose.SHARE_WITH_ASSOCIATION
        )
    }
    offers = (
        Offer.objects.filter(
            association_id__in=list(consents),
            association__organisation_id=client.organisation_id,
            is_active=True,
        )
        .select_related("association")
        .order_by("association__name", "title", "pk")
    )
    return [(offer, consents[offer.association_id]) for offer in offers]
