"""The one error type services raise when a request breaks a business rule."""

from django.utils.functional import Promise


class DomainError(Exception):
    """A refused action: carries a translatable message meant for the person who asked.

    `code` is stable for programs (API clients, tests); `message` is for people.
    """

    def __init__(self, message: str | Promise, *, code: str = "invalid") -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


class NotFound(DomainError):
    """The object does not exist for this user: the same answer whether it is absent or foreign."""

    def __init__(self, message: str | Promise | None = None) -> None:
        from django.utils.translation import gettext_lazy as _

        super().__init__(message or _("Not found."), code="not_found")
