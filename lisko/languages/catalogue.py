"""The languages Lisko knows out of the box, with how often each is asked for in the demo.

(ISO 639-3 code, macrolanguage code or None, relative demand). The demand weights give the
demo data a realistic skew: Arabic, Tigrinya, Dari, Farsi and Ukrainian are common, Kurmanji
and Amharic rare. Names are not written here: they come from CLDR via `langcodes`.
"""

LANGUAGES: list[tuple[str, str | None, int]] = [
    ("ara", None, 0),
    ("arb", "ara", 120),  # Modern Standard Arabic
    ("apc", "ara", 40),  # Levantine Arabic
    ("acm", "ara", 15),  # Mesopotamian (Iraqi) Arabic
    ("ary", "ara", 10),  # Moroccan Arabic
    ("tir", None, 100),
    ("fas", None, 0),
    ("prs", "fas", 80),  # Dari
    ("pes", "fas", 70),  # Iranian Persian (Farsi)
    ("ukr", None, 90),
    ("rus", None, 45),
    ("kur", None, 0),
    ("kmr", "kur", 6),  # Kurmanji
    ("ckb", "kur", 8),  # Sorani
    ("amh", None, 5),
    ("pus", None, 25),
    ("som", None, 18),
    ("tur", None, 22),
    ("sqi", None, 14),
    ("srp", None, 8),
    ("bos", None, 6),
    ("hrv", None, 3),
    ("mkd", None, 2),
    ("ron", None, 4),
    ("bul", None, 2),
    ("por", None, 20),
    ("spa", None, 6),
    ("ita", None, 3),
    ("fra", None, 10),
    ("eng", None, 10),
    ("deu", None, 4),
    ("ltz", None, 1),
    ("tig", None, 4),
    ("orm", None, 3),
    ("urd", None, 7),
    ("ben", None, 3),
    ("tam", None, 3),
    ("vie", None, 2),
    ("cmn", None, 3),
    ("aze", None, 3),
    ("kat", None, 4),
    ("hye", None, 3),
    ("lin", None, 5),
    ("swa", None, 4),
    ("ful", None, 3),
    ("wol", None, 2),
    ("nep", None, 2),
    ("mya", None, 1),
    ("uig", None, 1),
]

RIGHT_TO_LEFT = {"ara", "arb", "apc", "acm", "ary", "fas", "prs", "pes", "ckb", "pus", "urd", "uig"}
