"""Reading the language catalogue; languages are reference data, visible to everyone signed in."""

from lisko.languages.models import Language


def all_languages() -> list[Language]:
    """Every language of the catalogue, in the model's order (for choices in forms)."""
    return list(Language.objects.all())
