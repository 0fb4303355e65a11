"""The network page as an Arabic reader reads it: lists with the Arabic comma, the captions of
the wide tables above them (a phone shows them whole)."""

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import translation

from tests.factories.networks import NetworkWorld

pytestmark = pytest.mark.django_db


def arabic_page(client: HttpClient, world: NetworkWorld) -> str:
    client.force_login(world.officer)
    client.cookies["django_language"] = "ar"
    with translation.override("ar"):
        return client.get(
            reverse("networks:network", kwargs={"network_id": world.network.pk}),
            HTTP_ACCEPT_LANGUAGE="ar",
        ).content.decode()


def test_the_languages_a_member_speaks_are_listed_with_the_arabic_comma(
    client: HttpClient, world: NetworkWorld
) -> None:
    page = arabic_page(client, world)

    assert 'dir="rtl"' in page
    amina = re.search(r"Amina Haddad</bdi></th>\s*<td>(.*?)</td>", page)
    assert amina is not None
    assert "، " in amina.group(1)
    assert ", " not in amina.group(1)


def test_the_month_table_is_described_by_a_caption_above_it(
    client: HttpClient, world: NetworkWorld
) -> None:
    page = arabic_page(client, world)

    assert '<table aria-describedby="months-caption">' in page
    assert "<caption" not in page.split('id="months-caption"')[1].split("</table>")[0]
