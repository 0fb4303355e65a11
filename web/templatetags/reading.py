"""Text as the reader writes it: their quotation marks and list commas around text that keeps
its own direction (a goal worded in Arabic on a German page, a French name on an Arabic one)."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

register = template.Library()


def list_separator() -> str:
    """What stands between the items of a list: Arabic writes its own comma (،)."""
    return pgettext("between the items of a list", ", ")


def listed(items: Iterable[Any]) -> SafeString:
    """The items, escaped, joined with the reader's list separator."""
    separator = conditional_escape(list_separator())
    return mark_safe(separator.join(conditional_escape(item) for item in items))  # noqa: S308


@register.filter(name="listed")
def listed_filter(items: Iterable[Any]) -> SafeString:
    return listed(items)


@register.filter
def quoted(text: Any) -> SafeString:
    """The text between the reader's quotation marks („…“ in German, «…» in Arabic), in an
    element of its own direction so that its punctuation stays at its own end."""
    marks = pgettext("quotation marks around a text someone wrote; keep {text}", "“{text}”")
    before, found, after = marks.partition("{text}")
    if not found:
        # A translation that lost its placeholder must not lose the text.
        before, after = "“", "”"
    return format_html('{}<span dir="auto">{}</span>{}', before, text, after)


@register.simple_tag(name="list_separator")
def list_separator_tag() -> str:
    """For lists a template builds item by item: `{% if not forloop.last %}{% list_separator %}`."""
    return list_separator()
