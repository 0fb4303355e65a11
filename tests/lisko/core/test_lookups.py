"""field__any_of: the same rows as field__in, from a list or from a subquery."""

from lisko.clients.models import Client
from tests.factories.core import ClientFactory


def test_any_of_a_list_finds_the_same_rows_as_in(db: None) -> None:
    clients = ClientFactory.create_batch(3)
    wanted = [clients[0].pk, clients[2].pk]

    found = Client.objects.filter(pk__any_of=wanted)

    assert set(found) == set(Client.objects.filter(pk__in=wanted)) == {clients[0], clients[2]}


def test_any_of_a_subquery_finds_the_same_rows_as_in(db: None) -> None:
    clients = ClientFactory.create_batch(3)
    subquery = Client.objects.filter(pk__in=[clients[1].pk]).values("pk")

    assert list(Client.objects.filter(pk__any_of=subquery)) == [clients[1]]


def test_any_of_a_foreign_key_compares_the_ids(db: None) -> None:
    clients = ClientFactory.create_batch(2)  # each in an organisation of its own

    found = Client.objects.filter(organisation__any_of=[clients[0].organisation_id])

    assert list(found) == [clients[0]]


def test_any_of_an_empty_list_finds_nothing(db: None) -> None:
    ClientFactory()

    assert not Client.objects.filter(pk__any_of=[]).exists()
