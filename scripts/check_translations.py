"""Fail unless every catalog of de, fr, ar and uk is complete: no untranslated, no fuzzy entry;
and the catalogs of the phone languages (ti, ru, tr, fa, pt) complete for every message of the
phone app (scripts/phone_messages.py).

Lisko's pages also show Django's own messages (the blank choice "- Select an option -", form and
field errors, the CSRF page, the login form). Where Django's catalog for a language lacks one,
Lisko's catalog must translate it (lisko/formats/django_messages.py lists them for makemessages).

Usage: .venv/bin/python scripts/check_translations.py [locale directory]
Prints one line per catalog with its figures, then each problem; exits 1 if there is any.
"""

import re
import sys
from pathlib import Path

import django
import polib

LANGUAGES = ("de", "fr", "ar", "uk")
PHONE_ONLY_LANGUAGES = ("ti", "ru", "tr", "fa", "pt")
DOMAINS = ("django", "djangojs")
# Django's catalogs whose messages reach Lisko's users: the core (forms, fields, validators, error
# views) and the login and password forms.
DJANGO_CATALOGS = ("conf/locale", "contrib/auth/locale")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdf]|\{[a-z_]*\}")


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def problems_in(
    catalog: polib.POFile, path: Path, *, only: set[tuple[str | None, str]] | None = None
) -> list[str]:
    """Untranslated, fuzzy, or with placeholders the source does not have; of the messages in
    `only`, when given."""
    problems = []
    if catalog.metadata_is_fuzzy:
        problems.append(f"{path}: the header is marked fuzzy")
    for entry in catalog:
        if entry.obsolete or (only is not None and (entry.msgctxt, entry.msgid) not in only):
            continue
        where = f"{path}: {entry.msgid[:60]!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy")
            continue
        if not entry.translated():
            problems.append(f"{where} is not translated")
            continue
        allowed = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural or "")
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            unknown = _placeholders(translation) - allowed
            if unknown:
                problems.append(f"{where} uses unknown placeholders {sorted(unknown)}")
        if not entry.msgid_plural and _placeholders(entry.msgstr) != _placeholders(entry.msgid):
            problems.append(f"{where} drops a placeholder")
    return problems


def _translated(catalog: polib.POFile) -> set[tuple[str | None, str]]:
    return {
        (entry.msgctxt, entry.msgid)
        for entry in catalog
        if not entry.obsolete and entry.translated() and "fuzzy" not in entry.flags
    }


def django_gaps(language: str, ours: polib.POFile | None, *, django_dir: Path) -> list[str]:
    """Django's messages that neither Django's catalog for `language` nor Lisko's translates."""
    translated_by_us = _translated(ours) if ours is not None else set()
    problems = []
    for folder in DJANGO_CATALOGS:
        source = django_dir / folder / "en" / "LC_MESSAGES" / "django.po"
        theirs = django_dir / folder / language / "LC_MESSAGES" / "django.po"
        translated = translated_by_us | (
            _translated(polib.pofile(str(theirs))) if theirs.exists() else set()
        )
        for entry in polib.pofile(str(source)):
            if entry.obsolete or (entry.msgctxt, entry.msgid) in translated:
                continue
            problems.append(
                f"{language}: Django's {entry.msgid[:60]!r} is translated by neither Django nor "
                "Lisko; add it to lisko/formats/django_messages.py and translate it"
            )
    return problems


# makemessages finds a message only under a name xgettext knows; `gettext_lazy as _lazy` hides
# every message written with `_lazy(...)` from the catalogs, and so from this check.
SOURCE_FOLDERS = ("lisko", "web", "api", "workers")
ALIAS = re.compile(r"\b(gettext\w*|ngettext\w*|pgettext\w*|npgettext\w*) as (\w+)")


def hidden_messages(root: Path) -> list[str]:
    """Source files that import a translation function under a name makemessages cannot see."""
    problems = []
    for folder in SOURCE_FOLDERS:
        for path in sorted((root / folder).rglob("*.py")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if "django.utils.translation import" not in line:
                    continue
                for function, alias in ALIAS.findall(line):
                    if alias != "_":
                        problems.append(
                            f"{path}: {function} as {alias} hides its messages from makemessages; "
                            f"import {function} by its name or as _"
                        )
    return problems


def check(locale_dir: Path, *, django_dir: Path | None = None) -> list[str]:
    django_dir = django_dir or Path(django.__file__).parent
    problems = []
    for language in LANGUAGES:
        found = False
        ours: polib.POFile | None = None
        for domain in DOMAINS:
            path = locale_dir / language / "LC_MESSAGES" / f"{domain}.po"
            if not path.exists():
                continue
            found = True
            catalog = polib.pofile(str(path))
            if domain == "django":
                ours = catalog
            print(
                f"{language}/{domain}: {len(catalog.translated_entries())} translated, "
                f"{len(catalog.untranslated_entries())} untranslated, "
                f"{len(catalog.fuzzy_entries())} fuzzy ({catalog.percent_translated()} %)"
            )
            problems += problems_in(catalog, path)
        if not found:
            problems.append(f"{locale_dir / language}: no catalog")
        problems += django_gaps(language, ours, django_dir=django_dir)
    return problems + hidden_messages(locale_dir.parent)


def check_phone(locale_dir: Path, phone: set[tuple[str | None, str]]) -> list[str]:
    """The phone languages: every message of the phone app translated (Django's own messages
    the phone shows are among them, lisko/formats/django_phone_messages.py)."""
    problems = []
    for language in PHONE_ONLY_LANGUAGES:
        path = locale_dir / language / "LC_MESSAGES" / "django.po"
        if not path.exists():
            problems.append(f"{locale_dir / language}: no catalog")
            continue
        catalog = polib.pofile(str(path))
        present = {(entry.msgctxt, entry.msgid) for entry in catalog if not entry.obsolete}
        problems += [
            f"{path}: the phone's {message[:60]!r} is not in the catalog (run make messages)"
            for _context, message in sorted(phone - present, key=lambda key: key[1])
        ]
        found = problems_in(catalog, path, only=phone)
        print(f"{language}/django: {len(phone) - len(found)} of {len(phone)} phone messages")
        problems += found
    return problems


def main() -> int:
    locale_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "locale"
    problems = check(locale_dir)
    if locale_dir.resolve() == (Path(__file__).parent.parent / "locale").resolve():
        from phone_messages import phone_messages

        problems += check_phone(locale_dir, phone_messages())
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
