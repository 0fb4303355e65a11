"""Partner users of an association: those who keep the directory give an association partner
of the organisation access to its referrals, and take it away."""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.accounts.models import User
from tests.factories.core import UserFactory
from tests.web.directory.conftest import Directory

pytestmark = pytest.mark.django_db


def page_of(directory: Directory) -> str:
    return reverse("directory:association", args=[directory.association.pk])


def add_url(directory: Directory) -> str:
    return reverse("directory:add_partner", args=[directory.association.pk])


def remove_url(directory: Directory, user: User) -> str:
    return reverse("directory:remove_partner", args=[directory.association.pk, user.pk])


def partners_of(directory: Directory) -> set[str]:
    return set(directory.association.partners.values_list("username", flat=True))


def choices_on(page: str) -> str:
    """The options of the form that adds a partner."""
    start = page.index('name="user"')
    return page[start : page.index("</select>", start)]


def test_the_page_lists_the_partner_users(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    page = login(directory.personas.coordinator).get(page_of(directory)).content.decode()

    assert str(directory.personas.partner) in page


def test_the_form_offers_the_organisation_s_partners_not_yet_linked(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    page = login(directory.personas.social_worker).get(page_of(directory)).content.decode()

    options = choices_on(page)
    assert str(directory.second_partner) in options
    assert f'value="{directory.personas.partner.pk}"' not in options
    assert f'value="{directory.personas.interpreter.pk}"' not in options
    assert f'value="{directory.personas.colleague.pk}"' not in options


def test_a_keeper_gives_a_partner_access(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    http = login(directory.personas.social_worker)

    answer = http.post(add_url(directory), {"user": directory.second_partner.pk})

    assert answer.status_code == 302
    assert partners_of(directory) == {"paula", "pedro"}
    assert "now sees the referrals sent to" in http.get(page_of(directory)).content.decode()


def test_someone_who_is_not_a_partner_is_refused_with_the_service_s_reason(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    colleague = directory.personas.colleague

    answer = login(directory.personas.admin).post(add_url(directory), {"user": colleague.pk})

    assert answer.status_code == 400
    assert f"{colleague} is not an association partner of the organisation." in (
        answer.content.decode()
    )
    assert partners_of(directory) == {"paula"}


def test_the_refusal_is_in_the_reader_s_language(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    http = login(directory.personas.admin)
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    answer = http.post(add_url(directory), {"user": directory.personas.interpreter.pk})

    assert answer.status_code == 400
    assert "ist kein Vereinspartner der Organisation." in answer.content.decode()


@pytest.mark.parametrize("value", ["999999", "paula", ""])
def test_an_unknown_person_is_refused_and_nothing_changes(
    login: Callable[[User], HttpClient], directory: Directory, value: str
) -> None:
    answer = login(directory.personas.social_worker).post(add_url(directory), {"user": value})

    assert answer.status_code == 400
    assert partners_of(directory) == {"paula"}


def test_a_person_of_another_organisation_is_refused(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    answer = login(directory.personas.social_worker).post(
        add_url(directory), {"user": directory.personas.other_social_worker.pk}
    )

    assert answer.status_code == 400
    assert "Select a valid choice." in answer.content.decode()
    assert partners_of(directory) == {"paula"}


def test_a_person_of_no_organisation_is_refused(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    nobody = UserFactory()

    answer = login(directory.personas.social_worker).post(add_url(directory), {"user": nobody.pk})

    assert answer.status_code == 400
    assert partners_of(directory) == {"paula"}


def test_a_keeper_takes_access_away(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    answer = login(directory.personas.social_worker).post(
        remove_url(directory, directory.personas.partner)
    )

    assert answer.status_code == 302
    assert partners_of(directory) == set()


def test_a_partner_whose_access_is_taken_away_no_longer_sees_the_referrals(
    login: Callable[[User], HttpClient], directory: Directory, client: HttpClient
) -> None:
    paula = HttpClient()
    paula.force_login(directory.personas.partner)
    before = paula.get(reverse("partners:referrals")).content.decode()
    assert "German course A1" in before

    login(directory.personas.social_worker).post(remove_url(directory, directory.personas.partner))

    after = paula.get(reverse("partners:referrals")).content.decode()
    assert "German course A1" not in after


def test_removing_someone_who_is_not_linked_is_not_found(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    answer = login(directory.personas.social_worker).post(
        remove_url(directory, directory.second_partner)
    )

    assert answer.status_code == 404
    assert partners_of(directory) == {"paula"}


def test_the_partner_list_reads_in_the_same_number_of_queries_for_many_partners(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lisko.organisations.models import Role
    from tests.factories.core import make_member

    http = login(directory.personas.social_worker)
    http.get(page_of(directory))
    counted = []
    for more in (1, 6):
        for _ in range(more):
            partner = make_member(organisation=directory.personas.organisation, role=Role.PARTNER)
            directory.association.partners.add(partner)
            make_member(organisation=directory.personas.organisation, role=Role.PARTNER)
        with CaptureQueriesContext(connection) as queries:
            assert http.get(page_of(directory)).status_code == 200
        counted.append(len(queries))

    assert counted[0] == counted[1], counted


def test_the_form_says_when_no_partner_is_waiting_for_access(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    http = login(directory.personas.social_worker)
    assert "No other association partner" not in http.get(page_of(directory)).content.decode()

    directory.association.partners.add(directory.second_partner)

    assert "No other association partner" in http.get(page_of(directory)).content.decode()


def test_giving_and_taking_away_access_is_in_the_organisation_s_audit_trail(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    from lisko.audit.models import AuditEvent

    pedro = directory.second_partner
    http = login(directory.personas.admin)

    http.post(add_url(directory), {"user": pedro.pk})
    http.post(remove_url(directory, pedro))

    events = AuditEvent.objects.filter(
        object_type="associations.association", object_id=str(directory.association.pk)
    ).order_by("id")
    assert [(e.action, e.reason, e.actor_id, e.organisation_id) for e in events] == [
        (
            "create",
            f"partner access given: user {pedro.pk}",
            directory.personas.admin.pk,
            directory.personas.organisation.pk,
        ),
        (
            "delete",
            f"partner access taken away: user {pedro.pk}",
            directory.personas.admin.pk,
            directory.personas.organisation.pk,
        ),
    ]


def test_a_refused_partner_leaves_no_trace_in_the_audit_trail(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    from lisko.audit.models import AuditEvent

    login(directory.personas.admin).post(
        add_url(directory), {"user": directory.personas.colleague.pk}
    )

    assert not AuditEvent.objects.filter(object_type="associations.association").exists()
