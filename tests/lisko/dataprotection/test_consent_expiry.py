"""Consent expiry, decided once (Consent.valid_q): an expired consent is no consent for
interpreting and sharing alike, and renewal makes the same consent stand again."""

import datetime as dt

import pytest
from django.utils import timezone

from lisko.clients.models import Client, Consent
from lisko.clients.selectors import consents_to_interpreting, has_interpreting_consent
from lisko.clients.services import give_consent, renew_consent
from lisko.core.errors import DomainError
from lisko.dataprotection.models import ProcessingRecord
from tests.conftest import Personas
from tests.factories.core import ClientFactory, ConsentFactory
from tests.factories.people import AssociationFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _interpreting(client: Client, *, expires_at: dt.datetime | None) -> Consent:
    return ConsentFactory(
        client=client,
        purpose=Consent.Purpose.INTERPRETING,
        given_at=NOW - dt.timedelta(days=400),
        expires_at=expires_at,
    )


def test_an_expired_interpreting_consent_does_not_count(personas: Personas) -> None:
    client = ClientFactory(organisation=personas.organisation)
    _interpreting(client, expires_at=timezone.now() - dt.timedelta(seconds=1))

    assert has_interpreting_consent(client=client) is False


def test_an_interpreting_consent_before_its_expiry_counts(personas: Personas) -> None:
    client = ClientFactory(organisation=personas.organisation)
    _interpreting(client, expires_at=timezone.now() + dt.timedelta(days=1))

    assert has_interpreting_consent(client=client) is True


def test_the_interpreting_expression_honours_expiry(personas: Personas) -> None:
    expired = ClientFactory(organisation=personas.organisation)
    standing = ClientFactory(organisation=personas.organisation)
    _interpreting(expired, expires_at=timezone.now() - dt.timedelta(seconds=1))
    _interpreting(standing, expires_at=None)

    consenting = Client.objects.filter(consents_to_interpreting("pk")).values_list("pk", flat=True)

    assert set(consenting) == {standing.pk}


def test_sharing_expires_after_the_purposes_default_renewal_period(personas: Personas) -> None:
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)
    association = AssociationFactory(organisation=personas.organisation)
    given = timezone.now() - dt.timedelta(days=10)

    consent = give_consent(
        client=client,
        purpose=Consent.Purpose.SHARE_WITH_ASSOCIATION,
        association=association,
        given_at=given,
        by=personas.social_worker,
    )

    assert consent.expires_at is not None
    assert (consent.expires_at.year, consent.expires_at.month) == (
        given.year + 1,
        given.month,
    )


def test_the_organisations_renewal_period_decides_the_expiry(personas: Personas) -> None:
    ProcessingRecord.objects.create(
        organisation=personas.organisation, purpose=Consent.Purpose.INTERPRETING, renewal_months=6
    )
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)

    consent = give_consent(
        client=client, purpose=Consent.Purpose.INTERPRETING, by=personas.social_worker
    )

    assert consent.expires_at is not None
    assert 180 <= (consent.expires_at - consent.given_at).days <= 184


def test_a_purpose_without_renewal_never_expires(personas: Personas) -> None:
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)

    consent = give_consent(
        client=client, purpose=Consent.Purpose.DATA_PROCESSING, by=personas.social_worker
    )

    assert consent.expires_at is None


def test_renewal_makes_an_expired_consent_stand_again(personas: Personas) -> None:
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)
    consent = _interpreting(client, expires_at=timezone.now() - dt.timedelta(days=1))

    renew_consent(consent=consent, by=personas.social_worker)

    assert has_interpreting_consent(client=client) is True


def test_renewal_is_audited(personas: Personas) -> None:
    from lisko.audit.models import AuditEvent

    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)
    consent = _interpreting(client, expires_at=timezone.now() - dt.timedelta(days=1))

    renew_consent(consent=consent, by=personas.social_worker)

    assert AuditEvent.objects.filter(reason="consent renewed", client_id=client.pk).count() == 1


def test_a_withdrawn_consent_is_not_renewed(personas: Personas) -> None:
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)
    consent = _interpreting(client, expires_at=timezone.now() - dt.timedelta(days=1))
    Consent.objects.filter(pk=consent.pk).update(
        withdrawn_at=timezone.now(), withdrawn_by=personas.social_worker
    )

    with pytest.raises(DomainError) as refusal:
        renew_consent(consent=consent, by=personas.social_worker)

    assert refusal.value.code == "already_withdrawn"


def test_an_expiry_in_year_9999_is_refused(personas: Personas) -> None:
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)

    with pytest.raises(DomainError) as refusal:
        give_consent(
            client=client,
            purpose=Consent.Purpose.INTERPRETING,
            expires_at=dt.datetime(9999, 12, 31, tzinfo=dt.UTC),
            by=personas.social_worker,
        )

    assert refusal.value.code == "out_of_range"
    assert not Consent.objects.filter(client=client).exists()
