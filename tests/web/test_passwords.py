"""Everyone, interpreters and partners included, changes their password on a page of Lisko and
can ask for a new one by e-mail; a new password ends the API tokens of the old one."""

import re

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.accounts.models import DeviceToken
from lisko.accounts.services import issue_token, user_of_token
from lisko.core.errors import NotFound
from tests.conftest import Personas

OLD = "correct horse battery staple"
NEW = "a much longer and fresher passphrase"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["interpreter", "partner", "social_worker"])
def test_each_role_changes_the_password_on_its_own_page(
    client: HttpClient, personas: Personas, persona: str
) -> None:
    user = getattr(personas, persona)
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)


@pytest.mark.django_db
def test_a_changed_password_ends_the_api_tokens(client: HttpClient, personas: Personas) -> None:
    secret = issue_token(user=personas.interpreter, device="phone")
    client.force_login(personas.interpreter)

    client.post(
        reverse("password_change"),
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
    )

    with pytest.raises(NotFound):
        user_of_token(secret=secret)
    assert DeviceToken.objects.count() == 1  # kept as a record, no longer valid


@pytest.mark.django_db
def test_a_wrong_old_password_changes_nothing(client: HttpClient, personas: Personas) -> None:
    client.force_login(personas.partner)

    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": NEW, "new_password2": NEW},
    )

    assert response.status_code == 200
    personas.partner.refresh_from_db()
    assert personas.partner.check_password(OLD)


@pytest.mark.django_db
def test_a_forgotten_password_is_reset_by_a_link_in_the_accounts_language(
    client: HttpClient, personas: Personas
) -> None:
    ivan = personas.interpreter
    ivan.language = "de"
    ivan.save()

    client.post(reverse("password_reset"), {"email": ivan.email})

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "&#x27;" not in message.body and "&amp;" not in message.body
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)  # type: ignore[union-attr]
    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    ivan.refresh_from_db()
    assert ivan.check_password(NEW)


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_and_no_mail(client: HttpClient) -> None:
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert mail.outbox == []
