import langcodes
from django.db import models
from django.utils import translation
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

RIGHT_TO_LEFT_SCRIPTS = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm"}


class Language(models.Model):
    """A language or variety by its ISO 639-3 code, e.g. Kurmanji (kmr) within Kurdish (kur).

    Names come from the CLDR data in `langcodes`/`language_data`, in the reader's language.
    """

    code = models.CharField(_("ISO 639-3 code"), max_length=8, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="varieties",
        verbose_name=_("macrolanguage"),
        help_text=_("The language this is a variety of, e.g. Persian for Dari."),
    )
    is_right_to_left = models.BooleanField(_("written right to left"), default=False)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self, locale: str | None = None) -> str:
        """The language's name in `locale` (default: the active language)."""
        return language_name(self.code, locale or get_language() or "en")


# Varieties that CLDR names only in English (or not distinctly): named here, translated in the
# catalogs, so that a German page does not say "Levantine Arabic".
VARIETY_NAMES = {
    "arb": _("Modern Standard Arabic"),
    "apc": _("Levantine Arabic"),
    "acm": _("Iraqi Arabic"),
    "ary": _("Moroccan Arabic"),
    "pes": _("Farsi (Iranian Persian)"),
    "kmr": _("Kurmanji (Northern Kurdish)"),
    "cmn": _("Mandarin Chinese"),
    # CLDR's own names would read "Persian (Afghanistan)" and, for the macrolanguage of Bosnian,
    # Croatian and Serbian, "Serbian (Latin)": a variety would then be "Bosnian (Serbian (Latin))".
    "prs": _("Dari"),
    "hbs": _("Serbo-Croatian"),
}


def language_name(code: str, locale: str) -> str:
    """The name of the language `code` in `locale`, capitalised as a name on its own."""
    if code in VARIETY_NAMES:
        with translation.override(locale):
            return str(VARIETY_NAMES[code])
    name = langcodes.Language.get(code).display_name(locale)
    return name[:1].upper() + name[1:]


def name_with_macrolanguage(name: str, macrolanguage: str | None) -> str:
    """A variety's name that says its macrolanguage once, without nested brackets: "Dari
    (Persian)", but "Levantine Arabic" and "Farsi (Iranian Persian)" as they are, since they name
    it already."""
    if not macrolanguage or macrolanguage.casefold() in name.casefold():
        return name
    if "(" in name or "(" in macrolanguage:
        # Brackets in brackets ("Bosnian (Serbian (Latin))") read as a puzzle: a dash instead.
        return gettext("{variety} – {language}").format(variety=name, language=macrolanguage)
    return gettext("{variety} ({language})").format(variety=name, language=macrolanguage)
