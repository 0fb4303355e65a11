"""Pages run no inline script, so the Content-Security-Policy can forbid it (privacy issue 8)."""

import re
from pathlib import Path

import pytest
from django.test import Client as HttpClient

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


@pytest.mark.django_db
def test_every_page_carries_a_policy_that_forbids_inline_script(client: HttpClient) -> None:
    policy = client.get("/login/")["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


def test_no_template_holds_an_inline_event_handler_or_script() -> None:
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if INLINE_HANDLER.search(path.read_text()) or INLINE_SCRIPT.search(path.read_text())
    ]

    assert offenders == []


@pytest.mark.django_db
def test_the_api_documentation_loads_its_scripts_from_the_project(client: HttpClient) -> None:
    page = client.get("/api/docs/").content.decode()

    assert "cdn." not in page and "unpkg" not in page
    assert "/static/drf_spectacular_sidecar/" in page
