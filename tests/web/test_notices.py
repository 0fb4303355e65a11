"""Everyone's notices page: one's own notices only, opening one, and the e-mail settings."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.notifications.models import NoticeSetting, Notification
from lisko.notifications.services import notify
from tests.conftest import Personas

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


def signed_in(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def a_notice(user, key: str = "k1", link: str = "/clients/") -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind=Kind.ACCEPTED,
        key=key,
        title="Interpreter found",
        body="Body",
        link=link,
    )


def test_a_person_sees_their_own_notices_and_the_unread_count(personas: Personas) -> None:
    a_notice(personas.social_worker)
    a_notice(personas.colleague, key="other")

    page = signed_in(personas.social_worker).get(reverse("notices"))

    assert page.status_code == 200
    assert page.content.decode().count("Interpreter found") == 1
    assert 'class="count">1<' in page.content.decode()


def test_the_notices_page_reads_a_constant_number_of_queries(
    personas: Personas, django_assert_max_num_queries
) -> None:
    for index in range(30):
        a_notice(personas.social_worker, key=f"k{index}")
    http = signed_in(personas.social_worker)

    with django_assert_max_num_queries(12):
        assert http.get(reverse("notices")).status_code == 200


def test_opening_a_notice_marks_it_read_and_follows_its_link(personas: Personas) -> None:
    notice = a_notice(personas.social_worker, link="/clients/")

    answer = signed_in(personas.social_worker).post(reverse("notice_open", args=[notice.pk]))

    assert answer.status_code == 302 and answer["Location"] == "/clients/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_someone_elses_notice_answers_404(personas: Personas) -> None:
    notice = a_notice(personas.colleague)

    answer = signed_in(personas.social_worker).post(reverse("notice_open", args=[notice.pk]))

    assert answer.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_link_to_another_site_is_not_followed(personas: Personas) -> None:
    notice = a_notice(personas.social_worker, link="https://evil.example/")

    answer = signed_in(personas.social_worker).post(reverse("notice_open", args=[notice.pk]))

    assert answer["Location"] == reverse("notices")


def test_marking_all_read(personas: Personas) -> None:
    a_notice(personas.social_worker, key="a")
    a_notice(personas.social_worker, key="b")

    signed_in(personas.social_worker).post(reverse("notices_read"))

    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_settings_list_the_notices_of_the_persons_roles(personas: Personas) -> None:
    page = signed_in(personas.partner).get(reverse("notice_settings")).content.decode()

    assert "New referral" in page
    assert "New offer" not in page and "Interpreter found" not in page


def test_saving_the_settings_turns_channels_on_and_off(personas: Personas) -> None:
    answer = signed_in(personas.social_worker).post(
        reverse("notice_settings"), {"wanted": ["accepted:email", "unfilled:push"]}
    )

    assert answer.status_code == 302
    chosen = NoticeSetting.objects.filter(user=personas.social_worker)
    assert chosen.get(kind="referral_answered", channel="email").wanted is False
    assert chosen.get(kind="accepted", channel="email").wanted is True
    assert chosen.get(kind="accepted", channel="push").wanted is False
    assert chosen.get(kind="unfilled", channel="push").wanted is True


def test_a_notice_turned_off_by_email_is_not_mailed(personas: Personas, mailoutbox) -> None:
    NoticeSetting.objects.create(
        user=personas.social_worker, kind="accepted", channel="email", wanted=False
    )

    notify(
        recipient=personas.social_worker,
        kind="accepted",
        key="x",
        context={"appointment": None, "time_zone": "UTC"},
    )

    assert mailoutbox == []


def test_a_kind_of_another_role_is_refused_and_nothing_saved(personas: Personas) -> None:
    answer = signed_in(personas.partner).post(
        reverse("notice_settings"), {"wanted": ["new_offer:email"]}
    )

    assert answer.status_code == 400
    assert "Choose notices from the list." in answer.content.decode()
    assert not NoticeSetting.objects.exists()


def test_the_notices_page_needs_a_login() -> None:
    answer = HttpClient().get(reverse("notices"))

    assert answer.status_code == 302 and "/login/" in answer["Location"]
