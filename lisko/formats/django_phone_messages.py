"""Django's own messages that the phone app shows (form errors, signing in, changing the
password), for the phone languages Django has no catalog for (Tigrinya).

Listed here so that makemessages puts them into Lisko's catalogs; scripts/phone_messages.py
counts them among the phone's messages, so the phone languages must translate them. Never
imported: a list for makemessages.
"""

# ruff: noqa: E501 (Django's messages are quoted as Django writes them, unwrapped)

from django.utils.translation import gettext_lazy, ngettext_lazy

DJANGO_PHONE_MESSAGES = [
    gettext_lazy("This field is required."),
    gettext_lazy("Enter a valid date."),
    gettext_lazy("Enter a valid time."),
    gettext_lazy("Enter a valid date/time."),
    gettext_lazy("Enter a whole number."),
    gettext_lazy("Enter a number."),
    gettext_lazy("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_lazy("Select a valid choice. That choice is not one of the available choices."),
    gettext_lazy("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_lazy("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_lazy("Enter a valid email address."),
    gettext_lazy(
        "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
    ),
    gettext_lazy("This account is inactive."),
    gettext_lazy("Your old password was entered incorrectly. Please enter it again."),
    gettext_lazy("The two password fields didn’t match."),
    gettext_lazy("Old password"),
    gettext_lazy("New password"),
    gettext_lazy("New password confirmation"),
    gettext_lazy("Password"),
    gettext_lazy("Password confirmation"),
    gettext_lazy("Enter the same password as before, for verification."),
    gettext_lazy("Email"),
    gettext_lazy("This password is too common."),
    gettext_lazy("This password is entirely numeric."),
    gettext_lazy("The password is too similar to the %(verbose_name)s."),
    gettext_lazy("Your password can’t be too similar to your other personal information."),
    gettext_lazy("Your password can’t be a commonly used password."),
    gettext_lazy("Your password can’t be entirely numeric."),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        1,
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        1,
    ),
]
