"""Where other pages link to the programmes: the tab on a funding region's planning pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from lisko.programmes.services import FUNDING_REGION_KINDS


def programme_tabs(scope: Any) -> list[tuple[str, str, str]]:
    """The "Municipal programmes" tab of a canton's or district's planning pages, for its
    planners (a coordinator looking at their own figures funds nothing)."""
    region = scope.region
    if not scope.as_planner or region.kind not in FUNDING_REGION_KINDS:
        return []
    url = reverse("programmes:canton", kwargs={"region_id": region.pk})
    return [("programmes", _("Municipal programmes"), url)]
