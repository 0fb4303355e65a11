"""The interpreter admin edits the specialisations and the weekly cap of heavy assignments."""

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.interpreters.models import Skill
from tests.factories.core import UserFactory
from tests.factories.interpreting import InterpreterFactory

pytestmark = pytest.mark.django_db


def test_the_interpreter_page_offers_each_specialisation_to_tick() -> None:
    http = HttpClient()
    http.force_login(UserFactory(is_staff=True, is_superuser=True))
    interpreter = InterpreterFactory(skills=[Skill.LEGAL], max_heavy_per_week=2)

    page = http.get(reverse("admin:interpreters_interpreter_change", args=[interpreter.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    for skill in Skill.values:
        assert f'value="{skill}"' in html
    ticked = re.findall(r'<input type="checkbox" name="skills" value="(\w+)"[^>]*checked', html)
    assert ticked == ["legal"]
    assert 'name="max_heavy_per_week"' in html
