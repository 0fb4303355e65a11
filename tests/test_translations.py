"""Every catalog (de, fr, ar, uk) is complete, and compiled catalogs are current."""

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

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


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_translations", ROOT / "scripts" / "check_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _catalog(path: Path, entries: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in entries.items():
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    catalog.save(str(path))


def test_the_checker_finds_a_django_message_that_neither_catalog_translates(
    tmp_path: Path,
) -> None:
    django_dir = tmp_path / "django"
    for folder in ("conf/locale", "contrib/auth/locale"):
        _catalog(django_dir / folder / "en" / "LC_MESSAGES" / "django.po", {"Log in": ""})
    _catalog(
        django_dir / "conf/locale/en/LC_MESSAGES/django.po",
        {"- Select an option -": "", "Log in": ""},
    )
    ours = tmp_path / "locale"
    for language in ("de", "fr", "ar", "uk"):
        for folder in ("conf/locale", "contrib/auth/locale"):
            _catalog(django_dir / folder / language / "LC_MESSAGES" / "django.po", {"Log in": "x"})
        # French translates the blank choice itself; the others do not.
        _catalog(
            ours / language / "LC_MESSAGES" / "django.po",
            {"Hello": "x", **({"- Select an option -": "x"} if language == "fr" else {})},
        )

    problems = _checker().check(ours, django_dir=django_dir)

    assert sorted(problem.split(":")[0] for problem in problems) == ["ar", "de", "uk"]
    assert all("- Select an option -" in problem for problem in problems)


@pytest.mark.parametrize("language", ["de", "fr", "ar", "uk"])
def test_djangos_blank_choice_is_translated(language: str) -> None:
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    with translation.override(language):
        assert str(BLANK_CHOICE_LABEL) != "- Select an option -"


def test_the_checker_finds_a_translation_function_under_a_name_makemessages_cannot_see(
    tmp_path: Path,
) -> None:
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "reasons.py").write_text(
        "from django.utils.translation import gettext_lazy as _lazy\n"
        'SUMMARY = _lazy("Nobody in the pool speaks the language well enough.")\n'
    )

    problems = _checker().hidden_messages(tmp_path)

    assert len(problems) == 1 and "gettext_lazy as _lazy" in problems[0]


def test_no_source_file_hides_its_messages_from_makemessages() -> None:
    assert _checker().hidden_messages(ROOT) == []
