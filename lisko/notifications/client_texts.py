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

# Where the client is, for an appointment by phone or video with no link to send: the
# organisation calls them. Put in as {where}.
REMOTE_PLACES: Final[dict[str, dict[str, str]]] = {
    "phone": {
        "eng": "by phone",
        "deu": "per Telefon",
        "fra": "par téléphone",
        "por": "por telefone",
        "ukr": "телефоном",
        "rus": "по телефону",
        "tur": "telefonla",
        "ara": "عبر الهاتف",
        "pes": "تلفنی",
        "prs": "از طریق تلفن",
        "pus": "د ټیلیفون له لارې",
        "tir": "ብተሌፎን",
        "som": "taleefan ahaan",
        "kmr": "bi telefonê",
    },
    "video": {
        "eng": "by video call",
        "deu": "per Videoanruf",
        "fra": "par appel vidéo",
        "por": "por videochamada",
        "ukr": "відеодзвінком",
        "rus": "по видеосвязи",
        "tur": "görüntülü görüşmeyle",
        "ara": "عبر مكالمة فيديو",
        "pes": "با تماس تصویری",
        "prs": "از طریق تماس تصویری",
        "pus": "د ویډیو اړیکې له لارې",
        "tir": "ብቪድዮ ጻውዒት",
        "som": "wicitaan muuqaal ah",
        "kmr": "bi banga vîdyoyê",
    },
}

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


# The invitation to a welcome conversation (lisko/welcome), by e-mail or letter, where the
# programme has no text of its own in the newcomer's language: (subject, body). Placeholders:
# {first_name}, {municipality} and {organisation}, the same in every language.
WELCOME_INVITATION: Final[dict[str, tuple[str, str]]] = {
    "eng": (
        "Welcome to {municipality}",
        "Dear {first_name},\n\n"
        "welcome to {municipality}! We invite you to a welcome conversation. We will tell you "
        "about housing, school, health, language courses, work, associations and your rights, "
        "and answer your questions. An interpreter will be there if you wish.\n\n"
        "We will contact you to agree on a date.\n\n"
        "Kind regards,\n{organisation}",
    ),
    "deu": (
        "Willkommen in {municipality}",
        "Guten Tag {first_name}\n\n"
        "Willkommen in {municipality}! Wir laden Sie zu einem Willkommensgespräch ein. Wir "
        "informieren Sie über Wohnen, Schule, Gesundheit, Sprachkurse, Arbeit, Vereine und "
        "Ihre Rechte und beantworten Ihre Fragen. Wenn Sie möchten, ist eine Person dabei, "
        "die für Sie übersetzt.\n\n"
        "Wir melden uns bei Ihnen, um einen Termin zu vereinbaren.\n\n"
        "Freundliche Grüße\n{organisation}",
    ),
    "fra": (
        "Bienvenue à {municipality}",
        "Bonjour {first_name},\n\n"
        f"Bienvenue à {{municipality}}{NNBSP}! Nous vous invitons à un entretien de bienvenue. "
        "Nous vous parlerons du logement, de l’école, de la santé, des cours de langue, du "
        "travail, des associations et de vos droits, et nous répondrons à vos questions. Une "
        "personne sera là pour traduire si vous le souhaitez.\n\n"
        "Nous vous contacterons pour convenir d’une date.\n\n"
        "Meilleures salutations,\n{organisation}",
    ),
    "por": (
        "Bem-vindo/a a {municipality}",
        "Olá {first_name},\n\n"
        "Bem-vindo/a a {municipality}! Convidamo-lo/a para uma conversa de boas-vindas. Vamos "
        "falar-lhe sobre habitação, escola, saúde, cursos de língua, trabalho, associações e os "
        "seus direitos, e responder às suas perguntas. Se quiser, estará presente um "
        "intérprete.\n\n"
        "Vamos contactá-lo/a para combinar uma data.\n\n"
        "Com os melhores cumprimentos,\n{organisation}",
    ),
    "ukr": (
        "Ласкаво просимо до {municipality}",
        "Вітаємо, {first_name}!\n\n"
        "Ласкаво просимо до {municipality}! Запрошуємо вас на вітальну розмову. Ми розповімо "
        "про житло, школу, здоров’я, мовні курси, роботу, об’єднання та ваші права й відповімо "
        "на ваші запитання. За бажанням буде присутній перекладач.\n\n"
        "Ми зв’яжемося з вами, щоб домовитися про дату.\n\n"
        "З повагою,\n{organisation}",
    ),
    "rus": (
        "Добро пожаловать в {municipality}",
        "Здравствуйте, {first_name}!\n\n"
        "Добро пожаловать в {municipality}! Приглашаем вас на приветственную беседу. Мы "
        "расскажем о жилье, школе, здоровье, языковых курсах, работе, объединениях и ваших "
        "правах и ответим на ваши вопросы. По вашему желанию будет присутствовать "
        "переводчик.\n\n"
        "Мы свяжемся с вами, чтобы договориться о дате.\n\n"
        "С уважением,\n{organisation}",
    ),
    "tur": (
        "Hoş geldiniz – {municipality}",
        "Merhaba {first_name},\n\n"
        "{municipality} belediyesine hoş geldiniz! Sizi bir tanışma görüşmesine davet "
        "ediyoruz. Konut, okul, sağlık, dil kursları, iş, dernekler ve haklarınız hakkında "
        "bilgi verecek, sorularınızı yanıtlayacağız. İsterseniz bir tercüman da "
        "bulunacak.\n\n"
        "Bir tarih belirlemek için sizinle iletişime geçeceğiz.\n\n"
        "Saygılarımızla,\n{organisation}",
    ),
    "ara": (
        "مرحبًا بكم في {municipality}",
        "عزيزي/عزيزتي {first_name}،\n\n"
        "مرحبًا بكم في {municipality}! ندعوكم إلى محادثة ترحيبية. سنحدّثكم عن السكن والمدرسة "
        "والصحة ودورات اللغة والعمل والجمعيات وحقوقكم، ونجيب عن أسئلتكم. سيحضر مترجم إذا "
        "رغبتم في ذلك.\n\n"
        "سنتواصل معكم للاتفاق على موعد.\n\n"
        "مع أطيب التحيات،\n{organisation}",
    ),
    "pes": (
        "به {municipality} خوش آمدید",
        "{first_name} عزیز،\n\n"
        "به {municipality} خوش آمدید! شما را به یک گفت‌وگوی خوشامدگویی دعوت می‌کنیم. درباره "
        "مسکن، مدرسه، سلامت، کلاس‌های زبان، کار، انجمن‌ها و حقوق شما توضیح می‌دهیم و به "
        "پرسش‌هایتان پاسخ می‌دهیم. اگر بخواهید، یک مترجم هم حضور خواهد داشت.\n\n"
        "برای تعیین تاریخ با شما تماس می‌گیریم.\n\n"
        "با احترام،\n{organisation}",
    ),
    "prs": (
        "به {municipality} خوش آمدید",
        "{first_name} عزیز،\n\n"
        "به {municipality} خوش آمدید! شما را به یک گفتگوی خوش‌آمدید دعوت می‌کنیم. در مورد "
        "مسکن، مکتب، صحت، کورس‌های زبان، کار، انجمن‌ها و حقوق شما معلومات می‌دهیم و به "
        "سوال‌های شما جواب می‌دهیم. اگر بخواهید، یک ترجمان هم حاضر خواهد بود.\n\n"
        "برای تعیین تاریخ با شما تماس می‌گیریم.\n\n"
        "با احترام،\n{organisation}",
    ),
    "pus": (
        "{municipality} ته ښه راغلاست",
        "ګرانه {first_name}،\n\n"
        "{municipality} ته ښه راغلاست! موږ تاسو د ښه راغلاست خبرو اترو ته رابولو. موږ به "
        "تاسو ته د استوګنې، ښوونځي، روغتیا، د ژبې کورسونو، کار، ټولنو او ستاسو د حقونو په "
        "اړه معلومات درکړو او ستاسو پوښتنو ته به ځواب ووایو. که وغواړئ، یو ژباړونکی به هم "
        "وي.\n\n"
        "د نېټې د ټاکلو لپاره به له تاسو سره اړیکه ونیسو.\n\n"
        "په درناوي،\n{organisation}",
    ),
    "tir": (
        "ናብ {municipality} እንቋዕ ብደሓን መጻእኩም",
        "ክቡር/ክብርቲ {first_name}፣\n\n"
        "ናብ {municipality} እንቋዕ ብደሓን መጻእኩም! ናብ ናይ ምቕባል ዝርርብ ንዕድመኩም። ብዛዕባ "
        "መንበሪ ገዛ፣ ቤት ትምህርቲ፣ ጥዕና፣ ኮርስ ቋንቋ፣ ስራሕ፣ ማሕበራትን መሰላትኩምን ክንሕብረኩም፣ "
        "ሕቶታትኩም ድማ ክንምልስ ኢና። እንተደሊኹም ተርጓሚ ክህሉ እዩ።\n\n"
        "ዕለት ንምውሳን ክንረኽበኩም ኢና።\n\n"
        "ብሰላምታ፣\n{organisation}",
    ),
    "som": (
        "Ku soo dhawoow {municipality}",
        "{first_name} qaaliga ah,\n\n"
        "Ku soo dhawoow {municipality}! Waxaan kuugu yeeraynaa wada-hadal soo dhaweyn ah. "
        "Waxaan kuu sheegi doonnaa guryaha, dugsiga, caafimaadka, koorsooyinka luqadda, "
        "shaqada, ururrada iyo xuquuqdaada, waxaanan ka jawaabi doonnaa su'aalahaaga. Haddii "
        "aad rabto, turjubaan ayaa joogi doona.\n\n"
        "Waan kula soo xiriiri doonnaa si aan u go'aamino taariikh.\n\n"
        "Salaan wanaagsan,\n{organisation}",
    ),
    "kmr": (
        "Bi xêr hatî {municipality}",
        "{first_name} yê/ya hêja,\n\n"
        "Bi xêr hatî {municipality}! Em te vedixwînin bo axaftineke pêşwazîkirinê. Em ê li ser "
        "xanî, dibistan, tenduristî, kursên ziman, kar, komele û mafên te agahî bidin te û "
        "bersiva pirsên te bidin. Heke tu bixwazî, wergêrek jî dê li wir be.\n\n"
        "Em ê bi te re têkilî daynin da ku dîrokekê diyar bikin.\n\n"
        "Bi silav,\n{organisation}",
    ),
}
