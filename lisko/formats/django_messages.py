"""Django's own messages that Django's catalogs do not translate into all of Lisko's languages.

Listed here so that `make messages` puts them into Lisko's catalogs, where they are translated
(Lisko's catalogs take precedence over Django's); scripts/check_translations.py fails when Django
has a message that neither Django's catalog nor Lisko's translates. Never imported: a list for
makemessages. Each entry names where Django uses it and which languages Django lacks.
"""

# ruff: noqa: E501 (Django's messages are quoted as Django writes them, unwrapped)

from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext_lazy

DJANGO_MESSAGES = [
    # conf: conf/global_settings.py; missing in ar, de
    gettext_lazy("Haitian Creole"),
    # conf: db/models/fields/__init__.py; missing in ar, de, uk
    gettext_lazy("- Select an option -"),
    # conf: db/models/fields/__init__.py; missing in ar, de, uk
    gettext_lazy("“%(value)s” is not a valid binary value."),
    # conf: db/models/fields/related.py; missing in de, uk
    gettext_lazy("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    # conf: shortcuts.py; missing in ar, de, uk
    gettext_lazy("No %s matches the given query."),
    # conf: tasks/base.py; missing in ar, de, uk
    pgettext_lazy("Task", "Ready"),
    # conf: tasks/base.py; missing in ar, de, uk
    pgettext_lazy("Task", "Running"),
    # conf: tasks/base.py; missing in ar, de, uk
    pgettext_lazy("Task", "Failed"),
    # conf: tasks/base.py; missing in ar, de, uk
    pgettext_lazy("Task", "Successful"),
    # conf: core/validators.py; missing in uk
    gettext_lazy("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    # conf: db/models/fields/__init__.py; missing in uk
    gettext_lazy("“%(value)s” value must be either True or False."),
    # conf: db/models/fields/__init__.py; missing in uk
    gettext_lazy("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format."),
    # conf: db/models/fields/__init__.py; missing in uk
    gettext_lazy(
        "“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date."
    ),
    # conf: db/models/fields/__init__.py; missing in uk
    gettext_lazy(
        "“%(value)s” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an invalid date/time."
    ),
    # conf: db/models/fields/__init__.py; missing in uk
    gettext_lazy("“%(value)s” value must be a decimal number."),
    # conf: db/models/fields/__init__.py; missing in uk
    gettext_lazy(
        "“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format."
    ),
    # conf: db/models/fields/__init__.py; missing in uk
    gettext_lazy("“%(value)s” value must be a float."),
    # conf: db/models/fields/__init__.py; missing in uk
    gettext_lazy("“%(value)s” value must be an integer."),
    # conf: db/models/fields/__init__.py; missing in uk
    gettext_lazy("“%(value)s” value must be either None, True or False."),
    # conf: db/models/fields/__init__.py; missing in uk
    gettext_lazy(
        "“%(value)s” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time."
    ),
    # conf: forms/formsets.py; missing in uk
    gettext_lazy(
        "ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. You may need to file a bug report if the issue persists."
    ),
    # conf: forms/formsets.py; missing in uk
    ngettext_lazy(
        "Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"
    ),
    # conf: forms/formsets.py; missing in uk
    ngettext_lazy(
        "Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", "num"
    ),
    # conf: forms/models.py; missing in uk
    gettext_lazy("“%(pk)s” is not a valid value."),
    # conf: forms/utils.py; missing in uk
    gettext_lazy(
        "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may not exist."
    ),
    # conf: views/csrf.py; missing in uk
    gettext_lazy(
        "You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    # conf: views/csrf.py; missing in uk
    gettext_lazy(
        'If you are using the <meta name="referrer" content="no-referrer"> tag or including the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires the “Referer” header to do strict referer checking. If you’re concerned about privacy, use alternatives like <a rel="noreferrer" …> for links to third-party sites.'
    ),
    # conf: views/csrf.py; missing in uk
    gettext_lazy(
        "If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests."
    ),
    # conf: views/generic/dates.py; missing in uk
    gettext_lazy("Invalid date string “%(datestr)s” given format “%(format)s”"),
    # conf: views/generic/list.py; missing in uk
    gettext_lazy("Page is not “last”, nor can it be converted to an int."),
    # conf: views/generic/list.py; missing in uk
    gettext_lazy("Empty list and “%(class_name)s.allow_empty” is False."),
    # contrib/auth: contrib/auth/admin.py; missing in de
    gettext_lazy("Conflicting form data submitted. Please try again."),
    # contrib/auth: contrib/auth/admin.py; missing in de
    gettext_lazy("Password-based authentication was disabled."),
    # contrib/auth: contrib/auth/admin.py; missing in de
    gettext_lazy("Set password: %s"),
    # contrib/auth: contrib/auth/forms.py; missing in de
    gettext_lazy("Reset password"),
    # contrib/auth: contrib/auth/forms.py; missing in de
    gettext_lazy("Set password"),
    # contrib/auth: contrib/auth/forms.py; missing in de
    gettext_lazy(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    # contrib/auth: contrib/auth/forms.py; missing in de
    gettext_lazy("Password-based authentication"),
    # contrib/auth: contrib/auth/forms.py; missing in de
    gettext_lazy("Enabled"),
    # contrib/auth: contrib/auth/forms.py; missing in de
    gettext_lazy("Disabled"),
    # contrib/auth: contrib/auth/forms.py; missing in de
    gettext_lazy("Raw passwords are not stored, so there is no way to see the user’s password."),
    # contrib/auth: contrib/auth/forms.py; missing in de
    gettext_lazy("Enable password-based authentication for this user by setting a password."),
]
