"""The messages an interpreter meets on the phone: the phone pages, signing in, the notices and
their e-mails, and the domain words these show (kinds, modalities, states, languages).

The phone app speaks more languages than the desk (settings.LISKO_PHONE_LANGUAGES); for those
only these messages must be translated, and scripts/check_translations.py checks exactly them.
The sources are listed here once; xgettext reads them as makemessages does.

Usage: .venv/bin/python scripts/phone_messages.py   (prints the count and the messages)
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PHONE_SOURCES = (
    "web/templates/mobile/*.html",
    "web/templates/mobile/sw.js",
    "web/templates/registration/login.html",
    "web/templates/registration/password_*.html",
    "web/templates/registration/password_reset_*.txt",
    "web/templates/registration/two_factor_*.html",
    "web/templates/web/base.html",
    "web/templates/web/notices.html",
    "web/templates/web/notice_settings.html",
    "web/templates/404.html",
    "web/templates/500.html",
    "web/mobile/*.py",
    "web/notices.py",
    "web/two_factor.py",
    # The notices of the pool (lisko/notifications/preferences.py), in the app and by e-mail.
    *(
        f"lisko/notifications/templates/notifications/{kind}_{part}.txt"
        for kind in ("new_offer", "reminder", "changed", "cancelled", "withdrawn", "taken")
        for part in ("title", "body")
    ),
    "lisko/notifications/models.py",
    "lisko/appointments/models.py",
    "lisko/appointments/services.py",
    "lisko/interpreters/models.py",
    "lisko/interpreters/debriefs.py",
    "lisko/languages/catalogue.py",
    "lisko/core/errors.py",
    "lisko/formats/django_phone_messages.py",
)


def source_files(root: Path = ROOT) -> list[Path]:
    files: list[Path] = []
    for pattern in PHONE_SOURCES:
        found = sorted(root.glob(pattern))
        if not found:
            raise FileNotFoundError(f"no phone source matches {pattern}")
        files.extend(found)
    return files


def _python_source(path: Path) -> str:
    """What xgettext reads for `path`: templates through Django's templatize, as makemessages."""
    from django.utils.translation.template import templatize

    text = path.read_text(encoding="utf-8")
    return text if path.suffix == ".py" else templatize(text, origin=str(path))


def phone_messages(root: Path = ROOT) -> set[tuple[str | None, str]]:
    """(msgctxt, msgid) of every message the phone sources use."""
    with tempfile.TemporaryDirectory() as folder:
        inputs = []
        for number, path in enumerate(source_files(root)):
            copy = Path(folder) / f"{number}.py"
            copy.write_text(_python_source(path), encoding="utf-8")
            inputs.append(str(copy))
        output = Path(folder) / "phone.pot"
        subprocess.run(
            [
                "xgettext",
                "--language=Python",
                "--from-code=UTF-8",
                "--keyword=gettext_noop",
                "--keyword=gettext_lazy",
                "--keyword=ngettext_lazy:1,2",
                "--keyword=pgettext:1c,2",
                "--keyword=npgettext:1c,2,3",
                "--keyword=pgettext_lazy:1c,2",
                "--keyword=npgettext_lazy:1c,2,3",
                "--output",
                str(output),
                *inputs,
            ],
            check=True,
            capture_output=True,
        )
        if not output.exists():
            return set()
        return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(output)) if entry.msgid}


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lisko.settings")
    import django

    django.setup()
    messages = sorted(phone_messages(), key=lambda key: (key[1], key[0] or ""))
    for context, message in messages:
        print(f"{context + ' | ' if context else ''}{message[:100]!r}")
    print(f"{len(messages)} messages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
