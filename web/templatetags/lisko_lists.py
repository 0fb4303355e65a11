"""`{{ items|spoken_list }}`: a list as the reader's language writes it (web.language)."""

from collections.abc import Iterable

from django import template

from web.language import spoken_list as join_spoken

register = template.Library()


@register.filter
def spoken_list(items: Iterable[object] | None, attribute: str = "") -> str:
    """The items (or each item's `attribute`) joined as the active language writes a list."""
    if not items:
        return ""
    return join_spoken(getattr(item, attribute) if attribute else item for item in items)
