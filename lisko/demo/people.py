"""Organisations and the people who log in: staff, the partner, the operator."""

import random
from dataclasses import dataclass

from lisko.accounts.models import User
from lisko.organisations.models import FieldOfAction, Organisation, Role
from lisko.organisations.services import add_member, create_organisation

# (login, first name, last name, role, language of the pages)
STAFF = [
    ("sofia", "Sofia", "Martins", Role.SOCIAL_WORKER, "en"),
    ("marc", "Marc", "Weber", Role.SOCIAL_WORKER, "fr"),
    ("claire", "Claire", "Schmit", Role.SOCIAL_WORKER, "fr"),
    ("jan", "Jan", "Hoffmann", Role.SOCIAL_WORKER, "de"),
    ("lea", "Léa", "Thill", Role.SOCIAL_WORKER, "fr"),
    ("tom", "Tom", "Kremer", Role.SOCIAL_WORKER, "de"),
    ("carla", "Carla", "Reuter", Role.COORDINATOR, "en"),
    ("ada", "Ada", "Wagner", Role.ADMIN, "en"),
]


@dataclass
class People:
    organisation: Organisation
    other: Organisation
    fields: dict[str, FieldOfAction]
    users: dict[str, User]
    social_workers: list[User]

    @property
    def coordinator(self) -> User:
        return self.users["carla"]

    @property
    def admin(self) -> User:
        return self.users["ada"]


def create_logins(rows: list[User]) -> list[User]:
    """Save login accounts that share the demo password, hashed once by the caller.

    There is no service for this: the account services hash each password on its own, which
    for 160 demo logins would take longer than the rest of the demo together."""
    User.objects.bulk_create(rows)
    by_name = {
        user.username: user for user in User.objects.filter(username__in=[u.username for u in rows])
    }
    return [by_name[user.username] for user in rows]


def organisations_and_people(rng: random.Random, password: str) -> People:
    organisation = create_organisation(
        name="Croix-Rouge luxembourgeoise – Service Migrants et Réfugiés",
        slug="croix-rouge",
        region="Luxembourg",
    )
    other = create_organisation(
        name="Office social et d'intégration Esch", slug="esch", region="Luxembourg"
    )
    fields = {field.key: field for field in FieldOfAction.objects.filter(organisation=organisation)}

    def person(username: str, first: str, last: str, language: str = "en") -> User:
        return User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.lisko.lu",
            password=password,
            language=language,
            phone=f"+352 621 {rng.randint(100, 999)} {rng.randint(100, 999)}",
        )

    rows = [person(username, first, last, lang) for username, first, last, _, lang in STAFF]
    rows += [person("paula", "Paula", "Ferreira", "fr"), person("samir", "Samir", "Benali", "fr")]
    users = {user.username: user for user in create_logins(rows)}
    # The installation sets up the first admin (`by` None, as for a new organisation); she then
    # gives everyone else their role.
    add_member(organisation=organisation, user=users["ada"], role=Role.ADMIN)
    admin = users["ada"]
    for username, _, _, role, _ in STAFF:
        if username != "ada":
            add_member(organisation=organisation, user=users[username], role=role, by=admin)
    add_member(organisation=organisation, user=users["paula"], role=Role.PARTNER, by=admin)
    add_member(organisation=other, user=users["samir"], role=Role.SOCIAL_WORKER)
    return People(
        organisation=organisation,
        other=other,
        fields=fields,
        users=users,
        social_workers=[users[u] for u, _, _, r, _ in STAFF if r == Role.SOCIAL_WORKER],
    )


def create_operator(password: str) -> User:
    """Django's admin site is for the operator of the installation alone: a superuser who
    belongs to no organisation. The organisation admin (ada) keeps her organisation on its own
    pages. Made last and without the random generator."""
    return User.objects.create(
        username="operator",
        first_name="Olivier",
        last_name="Operator",
        email="operator@demo.lisko.lu",
        password=password,
        is_staff=True,
        is_superuser=True,
    )
