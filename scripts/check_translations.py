"""Fail unless every catalog of de, fr, ar and uk is complete: no untranslated, no fuzzy entry.

Usage: .venv/bin/python scripts/check_translations.py [locale directory]
Prints one line per catalog with its figures, then each problem; exits 1 if there is any.
"""

import re
import sys
from pathlib import Path

import polib

LANGUAGES = ("de", "fr", "ar", "uk")
DOMAINS = ("django", "djangojs")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdf]|\{[a-z_]*\}")


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def problems_in(catalog: polib.POFile, path: Path) -> list[str]:
    """Untranslated, fuzzy, or with placeholders the source does not have."""
    problems = []
    if catalog.metadata_is_fuzzy:
        problems.append(f"{path}: the header is marked fuzzy")
    for entry in catalog:
        if entry.obsolete:
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


def check(locale_dir: Path) -> list[str]:
    problems = []
    for language in LANGUAGES:
        found = False
        for domain in DOMAINS:
            path = locale_dir / language / "LC_MESSAGES" / f"{domain}.po"
            if not path.exists():
                continue
            found = True
            catalog = polib.pofile(str(path))
            print(
                f"{language}/{domain}: {len(catalog.translated_entries())} translated, "
                f"{len(catalog.untranslated_entries())} untranslated, "
                f"{len(catalog.fuzzy_entries())} fuzzy ({catalog.percent_translated()} %)"
            )
            problems += problems_in(catalog, path)
        if not found:
            problems.append(f"{locale_dir / language}: no catalog")
    return problems


def main() -> int:
    locale_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "locale"
    problems = check(locale_dir)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
