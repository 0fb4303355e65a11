"""What Lisko texts to clients, in their own language: one place for every kind and language.

These are not in the gettext catalogs: the catalogs follow the staff's languages, these the
clients'. Each text is short, warm and plain (many readers read little), and says only what
the client needs: their first name, the time, the place or call link, who writes. Never the
kind of appointment, a last name, notes or anything of the case.

Placeholders, the same in every language of a kind (tests/lisko/notifications/
test_client_messages.py checks it): {name} the client's first name, {when} the start in the
organisation's time zone formatted for the language (Babel, CLDR), {where} the place or call
link, {organisation} the organisation that writes.

Languages by ISO 639-3 code, as `Language.code` holds them; a variety without texts of its own
uses its macrolanguage's (Levantine Arabic → Arabic), and a language without texts English
(`FALLBACK`). Right-to-left texts begin with a right-to-left mark, and a left-to-right value
(an address, a link) is closed by one, so that SMS apps that guess the direction from the
first letter show the sentence the right way round.
"""

from typing import Final

CONFIRMED: Final = "confirmed"
REMINDER: Final = "reminder"
CHANGED: Final = "changed"
CANCELLED: Final = "cancelled"
KINDS: Final = (CONFIRMED, REMINDER, CHANGED, CANCELLED)

FALLBACK: Final = "eng"
RLM: Final = "\u200f"
NNBSP: Final = "\u202f"  # French: a narrow no-break space before : ; ! ?

# The language each text is written in → the CLDR locale its dates and times are written in.
LOCALES: Final[dict[str, str]] = {
    "ara": "ar",
    "tir": "ti",
    "prs": "fa_AF",
    "pes": "fa",
    "ukr": "uk",
    "rus": "ru",
    "som": "so",
    "tur": "tr",
    "por": "pt",
    "kmr": "ku",
    "pus": "ps",
    "fra": "fr",
    "deu": "de",
    "eng": "en",
}
RIGHT_TO_LEFT: Final = frozenset({"ara", "prs", "pes", "pus"})
# Macrolanguages whose varieties share the texts of one written language.
MACROLANGUAGES: Final[dict[str, str]] = {"ara": "ara", "fas": "pes"}

TEXTS: Final[dict[str, dict[str, str]]] = {
    CONFIRMED: {
        "eng": (
            "Hello {name}, your appointment is booked: {when}, {where}. "
            "An interpreter will help you. {organisation}"
        ),
        "deu": (
            "Hallo {name}, Ihr Termin ist gebucht: {when}, {where}. "
            "Jemand übersetzt für Sie. {organisation}"
        ),
        "fra": (
            f"Bonjour {{name}}, votre rendez-vous est réservé{NNBSP}: {{when}}, {{where}}. "
            "Une personne sera là pour traduire. {organisation}"
        ),
        "por": (
            "Olá {name}, a sua consulta está marcada: {when}, {where}. "
            "Vai ter um intérprete. {organisation}"
        ),
        "ukr": (
            "Вітаємо, {name}! Вашу зустріч підтверджено: {when}, {where}. "
            "Вам допоможе перекладач. {organisation}"
        ),
        "rus": (
            "Здравствуйте, {name}! Ваша встреча подтверждена: {when}, {where}. "
            "Вам поможет переводчик. {organisation}"
        ),
        "tur": (
            "Merhaba {name}, randevunuz onaylandı: {when}, {where}. "
            "Bir tercüman size yardım edecek. {organisation}"
        ),
        "som": (
            "Salaan {name}, ballantaada waa la xaqiijiyey: {when}, {where}. "
            "Turjumaan ayaa ku caawin doona. {organisation}"
        ),
        "kmr": (
            "Silav {name}, randevûya te hat pejirandin: {when}, {where}. "
            "Wergêrek dê alîkariya te bike. {organisation}"
        ),
        "tir": ("ሰላም {name}፣ ቆጸራኹም ተረጋጊጹ ኣሎ፦ {when}፣ {where}። ተርጓሚ ክሕግዘኩም እዩ። {organisation}"),
        "ara": "مرحباً {name}، تم تأكيد موعدك: {when}، {where}. سيساعدك مترجم. {organisation}",
        "pes": (
            "سلام {name}، وقت ملاقات شما قطعی شد: {when}، {where}. "
            "یک مترجم به شما کمک می‌کند. {organisation}"
        ),
        "prs": (
            "سلام {name}، وقت ملاقات شما تأیید شد: {when}، {where}. "
            "یک ترجمان با شما کمک می‌کند. {organisation}"
        ),
        "pus": (
            "سلام {name}، ستاسو د ملاقات وخت تایید شو: {when}، {where}. "
            "یو ژباړن به ستاسو سره مرسته وکړي. {organisation}"
        ),
    },
    REMINDER: {
        "eng": (
            "Hello {name}, a reminder of your appointment: {when}, {where}. "
            "See you soon! {organisation}"
        ),
        "deu": (
            "Hallo {name}, wir erinnern Sie an Ihren Termin: {when}, {where}. "
            "Bis bald! {organisation}"
        ),
        "fra": (
            f"Bonjour {{name}}, petit rappel de votre rendez-vous{NNBSP}: {{when}}, {{where}}. "
            f"À bientôt{NNBSP}! {{organisation}}"
        ),
        "por": ("Olá {name}, lembrete da sua consulta: {when}, {where}. Até breve! {organisation}"),
        "ukr": (
            "Вітаємо, {name}! Нагадуємо про вашу зустріч: {when}, {where}. "
            "Чекаємо на вас! {organisation}"
        ),
        "rus": (
            "Здравствуйте, {name}! Напоминаем о вашей встрече: {when}, {where}. "
            "Ждём вас! {organisation}"
        ),
        "tur": (
            "Merhaba {name}, randevunuzu hatırlatırız: {when}, {where}. "
            "Görüşmek üzere! {organisation}"
        ),
        "som": (
            "Salaan {name}, xusuusin ballantaada: {when}, {where}. Waan ku sugaynaa! {organisation}"
        ),
        "kmr": (
            "Silav {name}, bîrxistina randevûya te: {when}, {where}. "
            "Em li benda te ne! {organisation}"
        ),
        "tir": "ሰላም {name}፣ መዘኻኸሪ ቆጸራኹም፦ {when}፣ {where}። ክሳብ ንራኸብ! {organisation}",
        "ara": "مرحباً {name}، نذكّرك بموعدك: {when}، {where}. نراك قريباً! {organisation}",
        "pes": (
            "سلام {name}، یادآوری وقت ملاقات شما: {when}، {where}. منتظر شما هستیم! {organisation}"
        ),
        "prs": (
            "سلام {name}، وقت ملاقات تان را یادآوری می‌کنیم: {when}، {where}. "
            "منتظر تان هستیم! {organisation}"
        ),
        "pus": (
            "سلام {name}، ستاسو د ملاقات یادونه: {when}، {where}. ستاسو انتظار کوو! {organisation}"
        ),
    },
    CHANGED: {
        "eng": ("Hello {name}, your appointment has changed. New: {when}, {where}. {organisation}"),
        "deu": ("Hallo {name}, Ihr Termin hat sich geändert. Neu: {when}, {where}. {organisation}"),
        "fra": (
            f"Bonjour {{name}}, votre rendez-vous a changé. Nouveau{NNBSP}: {{when}}, {{where}}. "
            "{organisation}"
        ),
        "por": ("Olá {name}, a sua consulta mudou. Nova data: {when}, {where}. {organisation}"),
        "ukr": (
            "Вітаємо, {name}! Вашу зустріч змінено. Новий час: {when}, {where}. {organisation}"
        ),
        "rus": (
            "Здравствуйте, {name}! Ваша встреча изменилась. Новое время: {when}, {where}. "
            "{organisation}"
        ),
        "tur": ("Merhaba {name}, randevunuz değişti. Yeni zaman: {when}, {where}. {organisation}"),
        "som": (
            "Salaan {name}, ballantaada waa la beddelay. Waqtiga cusub: {when}, {where}. "
            "{organisation}"
        ),
        "kmr": (
            "Silav {name}, randevûya te hat guhertin. Dema nû: {when}, {where}. {organisation}"
        ),
        "tir": "ሰላም {name}፣ ቆጸራኹም ተቐይሩ ኣሎ። ሓድሽ ግዜ፦ {when}፣ {where}። {organisation}",
        "ara": "مرحباً {name}، تغيّر موعدك. الموعد الجديد: {when}، {where}. {organisation}",
        "pes": ("سلام {name}، وقت ملاقات شما تغییر کرد. وقت جدید: {when}، {where}. {organisation}"),
        "prs": "سلام {name}، وقت ملاقات شما تغییر کرد. وقت نو: {when}، {where}. {organisation}",
        "pus": ("سلام {name}، ستاسو د ملاقات وخت بدل شو. نوی وخت: {when}، {where}. {organisation}"),
    },
    CANCELLED: {
        "eng": (
            "Hello {name}, your appointment is cancelled: {when}. "
            "We will contact you. {organisation}"
        ),
        "deu": (
            "Hallo {name}, Ihr Termin fällt aus: {when}. Wir melden uns bei Ihnen. {organisation}"
        ),
        "fra": (
            f"Bonjour {{name}}, votre rendez-vous est annulé{NNBSP}: {{when}}. "
            "Nous vous recontacterons. {organisation}"
        ),
        "por": (
            "Olá {name}, a sua consulta foi cancelada: {when}. "
            "Vamos entrar em contacto consigo. {organisation}"
        ),
        "ukr": (
            "Вітаємо, {name}! Вашу зустріч скасовано: {when}. Ми з вами зв’яжемося. {organisation}"
        ),
        "rus": (
            "Здравствуйте, {name}! Ваша встреча отменена: {when}. "
            "Мы с вами свяжемся. {organisation}"
        ),
        "tur": (
            "Merhaba {name}, randevunuz iptal edildi: {when}. "
            "Sizinle iletişime geçeceğiz. {organisation}"
        ),
        "som": (
            "Salaan {name}, ballantaada waa la baajiyey: {when}. "
            "Waan kula soo xiriiri doonnaa. {organisation}"
        ),
        "kmr": (
            "Silav {name}, randevûya te hat betalkirin: {when}. "
            "Em ê bi te re têkilî daynin. {organisation}"
        ),
        "tir": "ሰላም {name}፣ ቆጸራኹም ተሰሪዙ ኣሎ፦ {when}። ክንድውለልኩም ኢና። {organisation}",
        "ara": "مرحباً {name}، تم إلغاء موعدك: {when}. سنتواصل معك. {organisation}",
        "pes": "سلام {name}، وقت ملاقات شما لغو شد: {when}. با شما تماس می‌گیریم. {organisation}",
        "prs": "سلام {name}، وقت ملاقات شما لغو شد: {when}. با شما تماس می‌گیریم. {organisation}",
        "pus": (
            "سلام {name}، ستاسو ملاقات لغوه شو: {when}. موږ به تاسو سره اړیکه ونیسو. {organisation}"
        ),
    },
}


def text_language(code: str, parent_code: str | None = None) -> str:
    """The language a client who prefers `code` (a variety of `parent_code`) is written to."""
    if code in LOCALES:
        return code
    for candidate in (code, parent_code):
        if candidate in MACROLANGUAGES:
            return MACROLANGUAGES[candidate]
    return FALLBACK
