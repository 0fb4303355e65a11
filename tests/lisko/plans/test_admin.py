"""The admin pages of the app open, list, search and show one object without errors."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.factories.core import UserFactory
from tests.factories.people import GoalReviewFactory, MilestoneFactory, ReferralEventFactory


@pytest.fixture
def http(db: None) -> HttpClient:
    http = HttpClient()
    http.force_login(UserFactory(is_staff=True, is_superuser=True))
    return http


@pytest.fixture
def objects(db: None) -> None:
    ReferralEventFactory()
    GoalReviewFactory(goal=MilestoneFactory().goal)


@pytest.mark.parametrize("model", ["plans.empowermentplan", "plans.goal", "plans.milestone"])
def test_the_admin_lists_searches_and_opens(http, objects, model: str) -> None:
    app_label, model_name = model.split(".")
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")

    assert http.get(changelist).status_code == 200
    assert http.get(changelist, {"q": "a"}).status_code == 200
    assert http.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 200
