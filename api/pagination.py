"""How lists are cut into pages.

Most lists are numbered pages with a count. The long, growing ones — appointments, the audit
trail — page by cursor instead: there is no COUNT over the whole list (a second of work at a
million rows), the thousandth page costs what the first does (no OFFSET), and no row is shown
twice or skipped while new ones arrive.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request


class TimelinePagination(CursorPagination):
    """Pages in the view's ordering, whose first field must be (nearly) unique, such as a time.
    `next` and `previous` are links to follow; a cursor that was altered answers 400."""

    # Lazy, as DRF's own message is (its stubs say str).
    invalid_cursor_message = _("This link to a page is not valid. Start again from the first page.")  # type: ignore[assignment]

    def decode_cursor(self, request: Request) -> Any:
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError(
                {self.cursor_query_param: [self.invalid_cursor_message]}
            ) from None
