"""The installable app: service worker, manifest, offline page, right-to-left pages."""

import json

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.appointments.models import Assignment

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_as_javascript_for_the_me_scope(client: HttpClient) -> None:
    response = client.get(reverse("mobile:service_worker"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/me/"
    body = response.content.decode()
    assert 'const SCOPE = "/me/";' in body
    assert '"/me/offline/"' in body
    assert "{{" not in body


def test_the_manifest_speaks_the_readers_language(client: HttpClient) -> None:
    english = json.loads(client.get(reverse("mobile:manifest")).content)
    arabic = json.loads(
        client.get(reverse("mobile:manifest"), headers={"accept-language": "ar"}).content
    )

    assert english["start_url"] == "/me/"
    assert english["scope"] == "/me/"
    assert english["display"] == "standalone"
    assert english["dir"] == "ltr"
    assert arabic["lang"] == "ar"
    assert arabic["dir"] == "rtl"
    assert {icon["sizes"] for icon in english["icons"]} >= {"192x192", "512x512"}


def test_the_offline_page_needs_no_login(client: HttpClient) -> None:
    response = client.get(reverse("mobile:offline"))

    assert response.status_code == 200
    assert "You are offline" in response.content.decode()


def test_pages_link_the_manifest_and_register_the_service_worker(
    as_ivan: HttpClient, offer: Assignment
) -> None:
    page = as_ivan.get(reverse("mobile:offers")).content.decode()

    assert 'rel="manifest" href="/me/manifest.webmanifest"' in page
    assert 'data-service-worker="/me/sw.js"' in page


def test_arabic_pages_are_right_to_left(as_ivan: HttpClient, offer: Assignment) -> None:
    as_ivan.cookies["django_language"] = "ar"

    page = as_ivan.get(reverse("mobile:offers")).content.decode()

    assert '<html lang="ar" dir="rtl">' in page
