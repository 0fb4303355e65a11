"""Every catalog (de, fr, ar, uk) is complete, and compiled catalogs are current."""

import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"


def test_every_catalog_is_complete() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_translations.py"), str(LOCALE)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("language", ["de", "fr", "ar", "uk"])
def test_the_compiled_catalog_matches_its_source(language: str) -> None:
    source = LOCALE / language / "LC_MESSAGES" / "django.po"
    compiled = LOCALE / language / "LC_MESSAGES" / "django.mo"
    assert compiled.exists(), f"run `manage.py compilemessages` for {language}"

    catalog = polib.pofile(str(source))
    messages = polib.mofile(str(compiled))
    in_mo = {entry.msgid for entry in messages}
    missing = [entry.msgid for entry in catalog.translated_entries() if entry.msgid not in in_mo]
    assert not missing, f"{language}: django.mo is older than django.po: {missing[:3]}"


def test_the_checker_finds_an_untranslated_entry(tmp_path: Path) -> None:
    for language in ("de", "fr", "ar", "uk"):
        folder = tmp_path / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        catalog = polib.POFile()
        catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        catalog.append(
            polib.POEntry(msgid="Hello {name}", msgstr="" if language == "ar" else "x {name}")
        )
        catalog.save(str(folder / "django.po"))

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_translations.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "is not translated" in result.stdout
