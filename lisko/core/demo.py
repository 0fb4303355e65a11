"""Deterministic demo data for one region (Luxembourg): what a social worker would recognise.

Everything is drawn from one seeded random generator, and dates are anchored on the Monday of
the current week, so two runs on the same day give the same data.
"""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from lisko.accounts.models import User
from lisko.appointments.models import Appointment, Assignment
from lisko.associations.models import Association, Offer
from lisko.clients.models import Client, ClientLanguage, Consent, HouseholdMember
from lisko.interpreters.models import (
    Absence,
    ConflictOfInterest,
    Interpreter,
    InterpreterLanguage,
    WeeklyAvailability,
)
from lisko.languages.catalogue import LANGUAGES
from lisko.languages.models import Language
from lisko.languages.services import load_languages
from lisko.organisations.models import FieldOfAction, Membership, Organisation, Role
from lisko.organisations.services import create_organisation
from lisko.places.luxembourg import COMMUNES
from lisko.places.models import Municipality
from lisko.plans.models import EmpowermentPlan, Goal, GoalReview, Milestone
from lisko.referrals.models import Referral, ReferralEvent

DEMO_PASSWORD = "lisko-demo"
SEED = 2026

# Where people live: the larger communes get most clients (rough population shares).
MUNICIPALITY_WEIGHTS = {
    "Luxembourg": 30,
    "Esch-sur-Alzette": 12,
    "Differdange": 8,
    "Dudelange": 6,
    "Pétange": 5,
    "Sanem": 4,
    "Ettelbruck": 4,
    "Diekirch": 3,
    "Hesperange": 3,
    "Bettembourg": 3,
    "Schifflange": 3,
    "Strassen": 2,
    "Mersch": 2,
    "Wiltz": 2,
    "Echternach": 2,
    "Grevenmacher": 2,
    "Remich": 1,
    "Clervaux": 1,
    "Redange": 1,
    "Vianden": 1,
    "Bertrange": 2,
    "Mamer": 1,
    "Kayl": 1,
    "Rumelange": 1,
    "Käerjeng": 1,
    "Steinfort": 1,
    "Junglinster": 1,
    "Mondorf-les-Bains": 1,
}

# First and last names by language community, so that a client's name fits their language.
NAMES: dict[str, tuple[list[str], list[str], list[str]]] = {
    # code: (female first names, male first names, last names)
    "arabic": (
        ["Rania", "Lina", "Fatima", "Nour", "Huda", "Amal", "Yasmin", "Mariam", "Reem", "Salma"],
        [
            "Ahmad",
            "Omar",
            "Khaled",
            "Mahmoud",
            "Yousef",
            "Hassan",
            "Ali",
            "Bilal",
            "Samer",
            "Tarek",
        ],
        [
            "Al-Hussein",
            "Haddad",
            "Khalil",
            "Nasser",
            "Saleh",
            "Darwish",
            "Hamdan",
            "Mansour",
            "Aziz",
        ],
    ),
    "tir": (
        [
            "Senait",
            "Helen",
            "Selam",
            "Mebrat",
            "Ruta",
            "Saba",
            "Winta",
            "Luwam",
            "Feven",
            "Yordanos",
        ],
        [
            "Yonas",
            "Awet",
            "Tesfay",
            "Dawit",
            "Filmon",
            "Henok",
            "Mehari",
            "Robel",
            "Semere",
            "Kidane",
        ],
        ["Tesfamariam", "Ghebremedhin", "Haile", "Berhane", "Kahsay", "Woldu", "Tekle", "Abraha"],
    ),
    "persian": (
        ["Mina", "Zahra", "Parisa", "Shabnam", "Fereshta", "Maryam", "Nilofar", "Sahar", "Laleh"],
        ["Farid", "Hamid", "Reza", "Mohammad", "Ali", "Jawad", "Mustafa", "Sina", "Navid", "Omid"],
        [
            "Ahmadi",
            "Hosseini",
            "Rahimi",
            "Karimi",
            "Sultani",
            "Haidari",
            "Noori",
            "Rezaei",
            "Azizi",
        ],
    ),
    "slavic": (
        [
            "Olena",
            "Iryna",
            "Oksana",
            "Natalia",
            "Kateryna",
            "Yulia",
            "Svitlana",
            "Anastasia",
            "Daria",
        ],
        ["Andrii", "Taras", "Dmytro", "Oleksandr", "Serhii", "Mykola", "Vasyl", "Bohdan", "Ihor"],
        [
            "Shevchenko",
            "Kovalenko",
            "Bondarenko",
            "Tkachenko",
            "Melnyk",
            "Kravchenko",
            "Boiko",
            "Lysenko",
        ],
    ),
    "kurdish": (
        ["Rojda", "Berfin", "Dilan", "Nazdar", "Shilan", "Avin"],
        ["Baran", "Rojhat", "Serhat", "Diyar", "Karwan", "Azad"],
        ["Xelil", "Barzani", "Amedi", "Zebari", "Mizuri", "Doski"],
    ),
    "horn": (
        ["Hodan", "Meron", "Hiwot", "Ayaan", "Sahra", "Bethlehem", "Tigist", "Fartun"],
        ["Abdi", "Dawit", "Mohamed", "Bereket", "Abdirahman", "Yared", "Ahmed", "Tewodros"],
        ["Warsame", "Tadesse", "Hassan", "Mengistu", "Farah", "Bekele", "Jama", "Alemu"],
    ),
    "turkic": (
        ["Elif", "Zeynep", "Ayşe", "Emine", "Leyla", "Aynur"],
        ["Emre", "Mehmet", "Mustafa", "Elvin", "Orhan", "Murat"],
        ["Yilmaz", "Kaya", "Demir", "Aliyev", "Mammadov", "Çelik"],
    ),
    "balkan": (
        ["Arta", "Blerta", "Jelena", "Amra", "Mirela", "Vesna"],
        ["Arben", "Besnik", "Dragan", "Emir", "Nikola", "Adnan"],
        ["Krasniqi", "Gashi", "Hoxha", "Petrović", "Hodžić", "Jovanović"],
    ),
    "romance": (
        ["Ana", "Maria", "Beatriz", "Joana", "Ioana", "Lucía"],
        ["João", "Luis", "Rafael", "Tiago", "Andrei", "Carlos"],
        ["Silva", "Ferreira", "Santos", "Oliveira", "Popescu", "García"],
    ),
    "caucasus": (
        ["Nino", "Tamar", "Anahit", "Mariam", "Lusine", "Eka"],
        ["Giorgi", "Levan", "Aram", "Davit", "Tigran", "Irakli"],
        ["Beridze", "Kapanadze", "Grigoryan", "Harutyunyan", "Lomidze", "Sargsyan"],
    ),
    "african": (
        ["Grace", "Aissatou", "Mariama", "Esperance", "Fatou", "Neema"],
        ["Ibrahima", "Jean", "Mamadou", "Patrick", "Kofi", "Baraka"],
        ["Diallo", "Mukendi", "Ndiaye", "Bah", "Kabila", "Mwangi"],
    ),
    "south_asian": (
        ["Ayesha", "Priya", "Sabina", "Fatema", "Kavitha", "Nasreen"],
        ["Imran", "Sandeep", "Rahim", "Arjun", "Bilal", "Suresh"],
        ["Khan", "Rahman", "Sharma", "Hossain", "Kumar", "Chaudhry"],
    ),
    "east_asian": (
        ["Lan", "Mei", "Thu", "Aye", "Gulnar", "Hoa"],
        ["Minh", "Wei", "Tuan", "Zaw", "Erkin", "Jun"],
        ["Nguyen", "Wang", "Tran", "Li", "Win", "Tursun"],
    ),
}
COMMUNITY = {
    "arb": "arabic",
    "apc": "arabic",
    "acm": "arabic",
    "ary": "arabic",
    "tir": "tir",
    "tig": "tir",
    "prs": "persian",
    "pes": "persian",
    "pus": "persian",
    "ukr": "slavic",
    "rus": "slavic",
    "kmr": "kurdish",
    "ckb": "kurdish",
    "amh": "horn",
    "som": "horn",
    "orm": "horn",
    "tur": "turkic",
    "aze": "turkic",
    "sqi": "balkan",
    "srp": "balkan",
    "bos": "balkan",
    "hrv": "balkan",
    "mkd": "balkan",
    "bul": "balkan",
    "por": "romance",
    "spa": "romance",
    "ita": "romance",
    "ron": "romance",
    "fra": "african",
    "eng": "african",
    "lin": "african",
    "swa": "african",
    "ful": "african",
    "wol": "african",
    "kat": "caucasus",
    "hye": "caucasus",
    "urd": "south_asian",
    "ben": "south_asian",
    "tam": "south_asian",
    "nep": "south_asian",
    "vie": "east_asian",
    "cmn": "east_asian",
    "mya": "east_asian",
    "uig": "east_asian",
}
# Languages a speaker of the first usually also speaks well: interpreting pairs and bridges.
ALSO_SPEAKS = {
    "tir": ["amh", "arb"],
    "prs": ["pes", "pus"],
    "pes": ["prs"],
    "ukr": ["rus"],
    "rus": ["ukr"],
    "apc": ["arb"],
    "acm": ["arb", "ckb"],
    "ary": ["arb", "fra"],
    "kmr": ["tur", "ckb"],
    "ckb": ["kmr", "acm"],
    "amh": ["tir"],
    "som": ["arb"],
    "pus": ["prs"],
    "arb": ["apc"],
}
COUNTRY_OF = {
    "fra": "CM",
    "eng": "NG",
    "ben": "BD",
    "tam": "LK",
    "nep": "NP",
    "vie": "VN",
    "cmn": "CN",
    "mya": "MM",
    "uig": "CN",
    "bos": "BA",
    "hrv": "HR",
    "mkd": "MK",
    "bul": "BG",
    "ron": "MD",
    "spa": "VE",
    "arb": "SY",
    "apc": "SY",
    "acm": "IQ",
    "ary": "MA",
    "tir": "ER",
    "prs": "AF",
    "pes": "IR",
    "ukr": "UA",
    "rus": "UA",
    "kmr": "SY",
    "ckb": "IQ",
    "amh": "ET",
    "pus": "AF",
    "som": "SO",
    "tur": "TR",
    "sqi": "XK",
    "srp": "RS",
    "por": "BR",
    "tig": "ER",
    "orm": "ET",
    "urd": "PK",
    "lin": "CD",
    "kat": "GE",
    "hye": "AM",
    "aze": "AZ",
    "ful": "GN",
    "wol": "SN",
    "swa": "KE",
}

ASSOCIATIONS = [
    # (name, municipality, [(offer title, field key, languages, capacity, schedule)])
    (
        "Amicale Lëtzebuerger Sprooch",
        "Luxembourg",
        [
            (
                "Luxembourgish for beginners (A1)",
                "language-education",
                ["fra", "eng"],
                16,
                "Mon and Wed 18:00–19:30",
            ),
            ("Conversation café", "language-education", ["fra", "deu"], 20, "Sat 10:00–12:00"),
        ],
    ),
    (
        "Maison des femmes Esch",
        "Esch-sur-Alzette",
        [
            (
                "Women's café",
                "social-participation",
                ["arb", "tir", "prs", "fra"],
                25,
                "Thu 14:00–16:30",
            ),
            ("Sewing workshop", "social-participation", ["arb", "fra"], 10, "Tue 9:00–12:00"),
        ],
    ),
    (
        "Hausaufgabenhilfe Minett",
        "Differdange",
        [
            (
                "Homework help for children",
                "language-education",
                ["fra", "deu", "por"],
                30,
                "Mon–Thu 15:00–17:00",
            )
        ],
    ),
    (
        "FC Intégration Dudelange",
        "Dudelange",
        [
            (
                "Football training for young adults",
                "social-participation",
                ["fra", "eng", "arb"],
                40,
                "Tue and Fri 18:00–20:00",
            )
        ],
    ),
    (
        "Conseil juridique solidaire",
        "Luxembourg",
        [
            (
                "Legal advice on residence and asylum",
                "everyday-autonomy",
                ["fra", "eng", "arb", "rus"],
                12,
                "Wed 9:00–12:00 by appointment",
            ),
            (
                "Family reunification clinic",
                "everyday-autonomy",
                ["fra", "eng", "tir", "arb"],
                8,
                "First Monday of the month",
            ),
        ],
    ),
    (
        "Job Coaching Nord",
        "Ettelbruck",
        [
            (
                "Job application workshop",
                "work-income",
                ["fra", "deu", "eng"],
                15,
                "Thu 9:00–12:00",
            ),
            ("Work placement in crafts", "work-income", ["fra", "deu"], 6, "On agreement"),
        ],
    ),
    (
        "Logement pour tous",
        "Esch-sur-Alzette",
        [
            (
                "Housing search support",
                "housing",
                ["fra", "eng", "arb", "ukr"],
                20,
                "Mon 13:00–17:00",
            )
        ],
    ),
    (
        "Santé mentale en exil",
        "Luxembourg",
        [
            (
                "Trauma-sensitive support group",
                "health-wellbeing",
                ["arb", "prs", "ukr"],
                10,
                "Fri 10:00–12:00",
            ),
            (
                "Psychosocial first consultation",
                "health-wellbeing",
                ["fra", "eng", "arb", "prs", "tir"],
                15,
                "By appointment",
            ),
        ],
    ),
    (
        "Ukrainian Community Luxembourg",
        "Strassen",
        [
            ("Ukrainian Saturday school", "language-education", ["ukr"], 35, "Sat 9:00–13:00"),
            (
                "Peer support for newcomers from Ukraine",
                "social-participation",
                ["ukr", "rus"],
                30,
                "Sun 15:00–17:00",
            ),
        ],
    ),
    (
        "Eritrean Community Association",
        "Luxembourg",
        [("Welcome mentors", "social-participation", ["tir", "tig", "amh"], 20, "On agreement")],
    ),
    (
        "Afghan Cultural Club",
        "Differdange",
        [
            (
                "Family evenings",
                "social-participation",
                ["prs", "pus", "pes"],
                40,
                "Second Friday of the month",
            )
        ],
    ),
    (
        "Vélo pour tous",
        "Bettembourg",
        [
            (
                "Cycling lessons for adults",
                "everyday-autonomy",
                ["fra", "arb", "prs", "tir"],
                8,
                "Sat 14:00–16:00",
            ),
            ("Bicycle repair workshop", "work-income", ["fra", "eng"], 10, "Wed 17:00–19:00"),
        ],
    ),
    (
        "Digital Inclusion Lab",
        "Luxembourg",
        [
            (
                "Smartphone and online banking basics",
                "everyday-autonomy",
                ["fra", "eng", "arb", "ukr"],
                12,
                "Tue 10:00–12:00",
            ),
            (
                "Computer course for job seekers",
                "work-income",
                ["fra", "eng"],
                12,
                "Mon and Thu 14:00–16:00",
            ),
        ],
    ),
    (
        "Gaart fir jiddereen",
        "Diekirch",
        [("Community garden", "social-participation", ["fra", "deu", "eng"], 25, "Sat 9:00–12:00")],
    ),
    (
        "Schwimmclub Wiltz",
        "Wiltz",
        [
            (
                "Swimming lessons for women",
                "health-wellbeing",
                ["fra", "deu", "arb"],
                12,
                "Sun 8:00–9:30",
            )
        ],
    ),
    (
        "Parents d'élèves solidaires",
        "Pétange",
        [
            (
                "Understanding the school system",
                "language-education",
                ["fra", "por", "arb", "ukr"],
                20,
                "Monthly, Thu 18:30",
            )
        ],
    ),
    (
        "Restos du cœur Lëtzebuerg",
        "Sanem",
        [
            (
                "Food support and budget advice",
                "everyday-autonomy",
                ["fra", "por", "arb"],
                60,
                "Mon–Fri 11:30–13:30",
            )
        ],
    ),
    (
        "Médecins bénévoles Sud",
        "Esch-sur-Alzette",
        [
            (
                "Health orientation consultation",
                "health-wellbeing",
                ["fra", "eng", "arb", "rus"],
                20,
                "Wed 14:00–18:00",
            )
        ],
    ),
    (
        "Kurdish Cultural Centre",
        "Esch-sur-Alzette",
        [
            (
                "Kurdish language and culture evenings",
                "social-participation",
                ["kmr", "ckb"],
                30,
                "Fri 19:00–21:00",
            )
        ],
    ),
    (
        "Tandem Lëtzebuerg",
        "Luxembourg",
        [
            (
                "Language tandem",
                "language-education",
                ["fra", "deu", "eng", "ltz"],
                50,
                "Matched individually",
            )
        ],
    ),
    (
        "Chantier école Mersch",
        "Mersch",
        [
            (
                "Pre-apprenticeship in building trades",
                "work-income",
                ["fra", "deu"],
                12,
                "Mon–Fri 8:00–16:00",
            )
        ],
    ),
    (
        "Lëtzebuerger Kachclub",
        "Grevenmacher",
        [
            (
                "Intercultural cooking evening",
                "social-participation",
                ["fra", "deu", "arb", "prs"],
                16,
                "Every other Thursday",
            )
        ],
    ),
    (
        "Women in Work",
        "Luxembourg",
        [
            (
                "Career mentoring for women",
                "work-income",
                ["eng", "fra", "ukr", "arb"],
                15,
                "Matched individually",
            )
        ],
    ),
    (
        "Syrian Community Luxembourg",
        "Luxembourg",
        [("Arabic homework club", "language-education", ["arb", "apc"], 25, "Wed 14:00–16:00")],
    ),
    (
        "Écoute et orientation Nord",
        "Clervaux",
        [
            (
                "Social orientation for rural newcomers",
                "everyday-autonomy",
                ["fra", "deu", "eng"],
                15,
                "Tue 9:00–12:00",
            )
        ],
    ),
    (
        "Théâtre des cultures",
        "Dudelange",
        [
            (
                "Community theatre group",
                "social-participation",
                ["fra", "eng", "arb", "tir"],
                20,
                "Thu 19:00–21:30",
            )
        ],
    ),
    (
        "Permis de conduire solidaire",
        "Differdange",
        [("Driving theory course", "work-income", ["fra", "arb", "prs"], 10, "Sat 9:00–12:00")],
    ),
    (
        "Maison de la jeunesse Echternach",
        "Echternach",
        [
            (
                "Youth club",
                "social-participation",
                ["fra", "deu", "eng"],
                30,
                "Wed and Fri 14:00–19:00",
            )
        ],
    ),
    (
        "Ligue médico-sociale antenne Sud",
        "Esch-sur-Alzette",
        [("Family counselling", "health-wellbeing", ["fra", "por", "arb"], 18, "By appointment")],
    ),
    (
        "Repair Café Remich",
        "Remich",
        [
            (
                "Repair café",
                "social-participation",
                ["fra", "deu", "eng"],
                30,
                "Last Saturday of the month",
            )
        ],
    ),
]

GOALS = {
    "language-education": [
        "Reach level A2 in French so I can talk to my children's teachers",
        "Pass the A1 Luxembourgish exam",
        "Get my school diploma recognised",
    ],
    "work-income": [
        "Find a part-time job in a kitchen",
        "Prepare a CV and register with ADEM",
        "Start an apprenticeship as an electrician",
    ],
    "housing": ["Move from the reception centre into a flat", "Find a bigger flat for my family"],
    "health-wellbeing": [
        "Find a family doctor who understands my situation",
        "Sleep better and talk to someone about what happened",
    ],
    "social-participation": [
        "Meet other women in my neighbourhood",
        "Join a sports club with my son",
    ],
    "everyday-autonomy": [
        "Open a bank account and pay bills on my own",
        "Understand letters from the authorities without help",
        "Get a driving licence",
    ],
}
MILESTONES = [
    "First meeting with the association",
    "Enrol in the course",
    "Gather the documents",
    "Appointment at the commune",
    "Review with the social worker",
    "Submit the application",
]


@dataclass
class Summary:
    organisations: int
    users: int
    languages: int
    municipalities: int
    interpreters: int
    clients: int
    associations: int
    offers: int
    appointments: int
    referrals: int


def monday_of_this_week(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=today.weekday())


@transaction.atomic
def load_demo_data(*, today: dt.date | None = None) -> Summary:
    """Load the demo region, organisations, people, plans, referrals and appointments."""
    rng = random.Random(SEED)
    zone = ZoneInfo(settings.TIME_ZONE)
    today = today or timezone.localdate()
    week_start = monday_of_this_week(today)
    password = make_password(DEMO_PASSWORD)

    municipalities = {
        municipality.name: municipality
        for municipality in Municipality.objects.bulk_create(
            Municipality(name=name, district=canton, country="LU", latitude=lat, longitude=lon)
            for name, canton, lat, lon in COMMUNES
        )
    }
    languages = {
        language.code: language for language in load_languages(codes=[c for c, _, _ in LANGUAGES])
    }
    demand = [(code, weight) for code, _, weight in LANGUAGES if weight > 0]

    organisation = create_organisation(
        name="Croix-Rouge luxembourgeoise – Service Migrants et Réfugiés",
        slug="croix-rouge",
        region="Luxembourg",
    )
    other = create_organisation(
        name="Office social et d'intégration Esch", slug="esch", region="Luxembourg"
    )
    fields = {field.key: field for field in FieldOfAction.objects.filter(organisation=organisation)}

    def person(username: str, first: str, last: str, language: str = "en") -> User:
        return User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.lisko.lu",
            password=password,
            language=language,
            phone=f"+352 621 {rng.randint(100, 999)} {rng.randint(100, 999)}",
        )

    staff = [
        ("sofia", "Sofia", "Martins", Role.SOCIAL_WORKER, "en"),
        ("marc", "Marc", "Weber", Role.SOCIAL_WORKER, "fr"),
        ("claire", "Claire", "Schmit", Role.SOCIAL_WORKER, "fr"),
        ("jan", "Jan", "Hoffmann", Role.SOCIAL_WORKER, "de"),
        ("lea", "Léa", "Thill", Role.SOCIAL_WORKER, "fr"),
        ("tom", "Tom", "Kremer", Role.SOCIAL_WORKER, "de"),
        ("carla", "Carla", "Reuter", Role.COORDINATOR, "en"),
        ("ada", "Ada", "Wagner", Role.ADMIN, "en"),
    ]
    users = {
        username: person(username, first, last, lang) for username, first, last, _, lang in staff
    }
    # The organisation admin also gets Django's admin site, to browse the demo data there.
    users["ada"].is_staff = users["ada"].is_superuser = True
    users["paula"] = person("paula", "Paula", "Ferreira", "fr")
    users["samir"] = person("samir", "Samir", "Benali", "fr")
    User.objects.bulk_create(users.values())
    users = {user.username: user for user in User.objects.filter(username__in=users)}
    memberships = [
        Membership(user=users[u], organisation=organisation, role=r) for u, _, _, r, _ in staff
    ]
    memberships += [
        Membership(user=users["paula"], organisation=organisation, role=Role.PARTNER),
        Membership(user=users["samir"], organisation=other, role=Role.SOCIAL_WORKER),
    ]
    social_workers = [users[u] for u, _, _, r, _ in staff if r == Role.SOCIAL_WORKER]

    interpreters = _interpreters(rng, organisation, municipalities, languages, demand, password)
    interpreter_users = {
        interpreter.user.username: interpreter for interpreter in interpreters if interpreter.user
    }
    memberships += [
        Membership(
            user=interpreter.user,
            organisation=organisation,
            role=Role.INTERPRETER
            if interpreter.kind == Interpreter.Kind.INTERPRETER
            else Role.KEY_PERSON,
        )
        for interpreter in interpreters
        if interpreter.user
    ]
    Membership.objects.bulk_create(memberships)

    associations, offers = _associations(organisation, municipalities, languages, fields)
    associations[0].partners.add(users["paula"])
    associations[1].partners.add(users["paula"])

    clients = _clients(
        rng, organisation, municipalities, languages, demand, social_workers, users, week_start
    )
    _clients(
        rng, other, municipalities, languages, demand, [users["samir"]], users, week_start, count=25
    )
    goals = _plans(rng, clients, fields, today)
    referrals = _referrals(rng, clients, offers, goals, today)
    appointments = _appointments(
        rng, organisation, clients, languages, municipalities, interpreters, week_start, zone
    )
    ConflictOfInterest.objects.bulk_create(
        ConflictOfInterest(interpreter=rng.choice(interpreters), client=client, reason="relative")
        for client in rng.sample(clients, 6)
    )
    assert interpreter_users  # the demo logins for interpreters exist
    return Summary(
        organisations=2,
        users=User.objects.count(),
        languages=len(languages),
        municipalities=len(municipalities),
        interpreters=len(interpreters),
        clients=len(clients),
        associations=len(associations),
        offers=len(offers),
        appointments=appointments,
        referrals=referrals,
    )


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([key for key, _ in pairs], weights=[weight for _, weight in pairs])[0]


def _name(rng: random.Random, language: str, gender: str) -> tuple[str, str]:
    female, male, last = NAMES[COMMUNITY.get(language, "romance")]
    return rng.choice(female if gender == "f" else male), rng.choice(last)


def _interpreters(
    rng: random.Random,
    organisation: Organisation,
    municipalities: dict[str, Municipality],
    languages: dict[str, Language],
    demand: list[tuple[str, int]],
    password: str,
) -> list[Interpreter]:
    # Supply follows demand, but not quite: rare languages have one or two people, or none.
    named = [
        ("yonas", "tir", "m", Interpreter.Kind.INTERPRETER),
        ("amina", "arb", "f", Interpreter.Kind.KEY_PERSON),
    ]
    homes = [(name, weight) for name, weight in MUNICIPALITY_WEIGHTS.items()]
    profiles: list[Interpreter] = []
    spoken: list[InterpreterLanguage] = []
    availability: list[WeeklyAvailability] = []
    users: list[User] = []
    mains: list[str] = []
    for index in range(120):
        if index < len(named):
            username, main, gender, kind = named[index]
        else:
            main = _weighted(rng, demand)
            gender = rng.choice("fm")
            kind = (
                Interpreter.Kind.INTERPRETER if rng.random() < 0.65 else Interpreter.Kind.KEY_PERSON
            )
            username = f"interpreter{index:03d}"
        mains.append(main)
        first, last = _name(rng, main, gender)
        if index == 0:
            first, last = "Yonas", "Tesfamariam"
        if index == 1:
            first, last = "Amina", "Haddad"
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.lisko.lu",
            password=password,
            language="en",
        )
        users.append(user)
        on_site = rng.random() < 0.9
        profiles.append(
            Interpreter(
                organisation=organisation,
                kind=kind,
                first_name=first,
                last_name=last,
                email=user.email,
                phone=f"+352 691 {rng.randint(100, 999)} {rng.randint(100, 999)}",
                level=rng.choice([1, 2, 2, 3]) if kind == Interpreter.Kind.INTERPRETER else 0,
                certification_expires=(
                    dt.date(2027, rng.randint(1, 12), 1)
                    if kind == Interpreter.Kind.INTERPRETER
                    else None
                ),
                gender=gender,
                home_municipality=municipalities[_weighted(rng, homes)],
                works_on_site=on_site,
                works_by_phone=rng.random() < 0.6 or not on_site,
                works_by_video=rng.random() < 0.4,
                weekly_minutes_limit=rng.choice([600, 900, 1200, 1500]),
                travel_limit_minutes=rng.choice([30, 45, 60, 90]),
            )
        )
    User.objects.bulk_create(users)
    users = list(User.objects.filter(username__in=[user.username for user in users]).order_by("id"))
    for profile, user in zip(profiles, users, strict=True):
        profile.user = user
    Interpreter.objects.bulk_create(profiles)
    for profile, main in zip(profiles, mains, strict=True):
        codes = {main: rng.choice([4, 5, 5])}
        for extra in ALSO_SPEAKS.get(main, []):
            if rng.random() < 0.5:
                codes[extra] = rng.choice([3, 4])
        for bridge in ("fra", "deu", "eng"):
            if rng.random() < 0.6:
                codes.setdefault(bridge, rng.choice([3, 4, 5]))
        spoken += [
            InterpreterLanguage(interpreter=profile, language=languages[code], proficiency=level)
            for code, level in codes.items()
        ]
        for weekday in sorted(rng.sample(range(5), rng.randint(2, 5))):
            start = rng.choice([8, 8, 9, 10, 13])
            availability.append(
                WeeklyAvailability(
                    interpreter=profile,
                    weekday=weekday,
                    start_time=dt.time(start),
                    end_time=dt.time(min(start + rng.choice([4, 5, 8, 9]), 19)),
                )
            )
        if rng.random() < 0.1:
            availability.append(
                WeeklyAvailability(
                    interpreter=profile, weekday=5, start_time=dt.time(9), end_time=dt.time(13)
                )
            )
    InterpreterLanguage.objects.bulk_create(spoken)
    WeeklyAvailability.objects.bulk_create(availability)
    zone = ZoneInfo(settings.TIME_ZONE)
    week_start = monday_of_this_week(timezone.localdate())
    Absence.objects.bulk_create(
        Absence(
            interpreter=profile,
            start=dt.datetime.combine(week_start + dt.timedelta(days=first_day), dt.time(0), zone),
            end=dt.datetime.combine(
                week_start + dt.timedelta(days=first_day + 3), dt.time(0), zone
            ),
            reason=rng.choice(["Holiday", "Training", "Family matters"]),
        )
        for profile in rng.sample(profiles, 12)
        for first_day in [rng.randint(0, 10)]
    )
    return profiles


def _associations(
    organisation: Organisation,
    municipalities: dict[str, Municipality],
    languages: dict[str, Language],
    fields: dict[str, FieldOfAction],
) -> tuple[list[Association], list[Offer]]:
    associations = Association.objects.bulk_create(
        Association(
            organisation=organisation,
            name=name,
            municipality=municipalities[place],
            email=f"contact@{''.join(ch for ch in name.lower() if ch.isalnum())[:20]}.lu",
            description=f"{name} welcomes newcomers in {place}.",
        )
        for name, place, _ in ASSOCIATIONS
    )
    offers: list[Offer] = []
    offer_languages: list[tuple[Offer, list[str]]] = []
    for association, (_, place, items) in zip(associations, ASSOCIATIONS, strict=True):
        for title, field, codes, capacity, schedule in items:
            offer = Offer(
                association=association,
                title=title,
                field_of_action=fields[field],
                municipality=municipalities[place],
                capacity=capacity,
                schedule=schedule,
            )
            offers.append(offer)
            offer_languages.append((offer, codes))
    Offer.objects.bulk_create(offers)
    through = Offer.languages.through
    through.objects.bulk_create(
        through(offer_id=offer.pk, language_id=languages[code].pk)
        for offer, codes in offer_languages
        for code in codes
    )
    return associations, offers


def _clients(
    rng: random.Random,
    organisation: Organisation,
    municipalities: dict[str, Municipality],
    languages: dict[str, Language],
    demand: list[tuple[str, int]],
    social_workers: list[User],
    users: dict[str, User],
    week_start: dt.date,
    count: int = 400,
) -> list[Client]:
    places = list(MUNICIPALITY_WEIGHTS.items())
    clients: list[Client] = []
    spoken: list[tuple[int, str, int]] = []
    for index in range(count):
        language = _weighted(rng, demand)
        gender = rng.choice("fmfm" + "x")
        first, last = _name(rng, language, "f" if gender == "f" else "m")
        birth = dt.date(rng.randint(1960, 2006), rng.randint(1, 12), rng.randint(1, 28))
        arrival = week_start - dt.timedelta(days=rng.randint(10, 4 * 365))
        clients.append(
            Client(
                organisation=organisation,
                reference=f"{organisation.slug[:2].upper()}-{2024 + index % 3}-{index + 1:04d}",
                first_name=first,
                last_name=last,
                birth_date=birth,
                gender=gender,
                country_of_origin=COUNTRY_OF.get(language, ""),
                municipality=municipalities[_weighted(rng, places)],
                arrival_date=arrival,
                residence_status=rng.choice(
                    ["asylum_seeker", "refugee", "refugee", "subsidiary", "temporary"]
                    if language not in {"ukr", "rus"}
                    else ["temporary"]
                ),
                preferred_language=languages[language],
                social_worker=social_workers[index % len(social_workers)],
                phone=f"+352 661 {rng.randint(100, 999)} {rng.randint(100, 999)}",
                notes=rng.choice(
                    [
                        "",
                        "",
                        "Prefers appointments in the morning.",
                        "Has two children in primary school.",
                    ]
                ),
            )
        )
        spoken.append((index, language, 5))
        for extra in ALSO_SPEAKS.get(language, [])[:1]:
            spoken.append((index, extra, rng.randint(2, 4)))
        spoken.append((index, rng.choice(["fra", "eng", "deu"]), rng.randint(1, 3)))
    Client.objects.bulk_create(clients)
    ClientLanguage.objects.bulk_create(
        ClientLanguage(client=clients[index], language=languages[code], proficiency=level)
        for index, code, level in {(i, c): (i, c, p) for i, c, p in spoken}.values()
    )
    HouseholdMember.objects.bulk_create(
        HouseholdMember(
            client=client,
            first_name=_name(rng, client.preferred_language.code, rng.choice("fm"))[0],
            last_name=client.last_name,
            relation=relation,
            birth_date=dt.date(rng.randint(2008, 2023), rng.randint(1, 12), 1)
            if relation == "child"
            else None,
        )
        for client in clients
        for relation in rng.sample(
            ["partner", "child", "child", "child", "parent"], rng.randint(0, 3)
        )
    )
    consents = []
    for client in clients:
        arrival = client.arrival_date or week_start
        given = dt.datetime.combine(arrival + dt.timedelta(days=7), dt.time(10), dt.UTC)
        consents.append(
            Consent(
                client=client,
                purpose="data_processing",
                given_at=given,
                recorded_by=client.social_worker,
            )
        )
        consents.append(
            Consent(
                client=client,
                purpose="interpreting",
                given_at=given,
                recorded_by=client.social_worker,
            )
        )
    Consent.objects.bulk_create(consents)
    if social_workers and len(social_workers) > 1:
        for client in rng.sample(clients, 20):
            client.shared_with.add(
                rng.choice([sw for sw in social_workers if sw != client.social_worker])
            )
    return clients


def _plans(
    rng: random.Random, clients: list[Client], fields: dict[str, FieldOfAction], today: dt.date
) -> list[Goal]:
    plans = EmpowermentPlan.objects.bulk_create(
        EmpowermentPlan(client=client, created_by=client.social_worker) for client in clients
    )
    goals: list[Goal] = []
    for plan, client in zip(plans, clients, strict=True):
        for key in rng.sample(list(GOALS), rng.randint(2, 4)):
            goals.append(
                Goal(
                    plan=plan,
                    field_of_action=fields[key],
                    wording=rng.choice(GOALS[key]),
                    intake_level=rng.randint(1, 3),
                    created_by=client.social_worker,
                    status=rng.choice(["open"] * 6 + ["achieved", "paused"]),
                )
            )
    Goal.objects.bulk_create(goals)
    reviews: list[GoalReview] = []
    milestones: list[Milestone] = []
    for goal in goals:
        level = goal.intake_level
        worker = goal.created_by
        for months_ago in sorted(rng.sample(range(1, 13), rng.randint(0, 3)), reverse=True):
            level = min(5, level + rng.choice([0, 1, 1]))
            reviews.append(
                GoalReview(
                    goal=goal,
                    reviewed_on=today - dt.timedelta(days=30 * months_ago),
                    level=level,
                    note=rng.choice(
                        ["", "Good progress.", "Needs more support.", "Attends regularly."]
                    ),
                    reviewed_by=worker,
                )
            )
        for title in rng.sample(MILESTONES, rng.randint(1, 3)):
            due = today + dt.timedelta(days=rng.randint(-40, 90))
            milestones.append(
                Milestone(
                    goal=goal,
                    title=title,
                    due_date=due,
                    responsible_user=worker,
                    done_at=(
                        dt.datetime.combine(due, dt.time(12), dt.UTC)
                        if due < today and rng.random() < 0.7
                        else None
                    ),
                )
            )
    GoalReview.objects.bulk_create(reviews)
    Milestone.objects.bulk_create(milestones)
    return goals


def _referrals(
    rng: random.Random,
    clients: list[Client],
    offers: list[Offer],
    goals: list[Goal],
    today: dt.date,
) -> int:
    goals_by_client: dict[int, list[Goal]] = {}
    for goal in goals:
        goals_by_client.setdefault(goal.plan.client_id, []).append(goal)
    created = 0
    for client in rng.sample(clients, 150):
        client_goals = goals_by_client.get(client.pk, [])
        matching = [
            (goal, offer)
            for goal in client_goals
            for offer in offers
            if offer.field_of_action_id == goal.field_of_action_id
        ]
        if not matching:
            continue
        goal, offer = rng.choice(matching)
        sent = dt.datetime.combine(
            today - dt.timedelta(days=rng.randint(1, 60)), dt.time(11), dt.UTC
        )
        consent = Consent.objects.create(
            client=client,
            purpose="share_with_association",
            association=offer.association,
            shared_details=["languages", "goal"] + (["contact"] if rng.random() < 0.6 else []),
            given_at=sent,
            recorded_by=client.social_worker,
        )
        status = rng.choice(
            ["sent", "sent", "accepted", "in_progress", "in_progress", "completed", "declined"]
        )
        referral = Referral.objects.create(
            client=client,
            offer=offer,
            goal=goal,
            consent=consent,
            status=status,
            note="Client is motivated; prefers afternoons.",
            created_by=client.social_worker,
            outcome="Completed the course and joined the follow-up group."
            if status == "completed"
            else "",
            decline_reason="The group is full until spring." if status == "declined" else "",
        )
        path = {
            "sent": ["sent"],
            "accepted": ["sent", "accepted"],
            "in_progress": ["sent", "accepted", "in_progress"],
            "completed": ["sent", "accepted", "in_progress", "completed"],
            "declined": ["sent", "declined"],
        }[status]
        ReferralEvent.objects.bulk_create(
            ReferralEvent(
                referral=referral, from_status=previous, to_status=current, by=client.social_worker
            )
            for previous, current in zip(["", *path[:-1]], path, strict=True)
        )
        created += 1
    return created


def _appointments(
    rng: random.Random,
    organisation: Organisation,
    clients: list[Client],
    languages: dict[str, Language],
    municipalities: dict[str, Municipality],
    interpreters: list[Interpreter],
    week_start: dt.date,
    zone: ZoneInfo,
) -> int:
    kinds = [
        ("welcome_conversation", 3),
        ("social_counselling", 6),
        ("medical", 4),
        ("school", 2),
        ("authority", 3),
        ("legal", 1),
        ("therapy", 1),
    ]
    appointments: list[Appointment] = []
    today = timezone.localdate()
    # A few days back (to show history) and two weeks ahead, working days only.
    days = [
        today + dt.timedelta(days=offset)
        for offset in range(-4, 15)
        if (today + dt.timedelta(days=offset)).weekday() < 5
    ]
    for _index in range(600):
        client = rng.choice(clients)
        day = rng.choice(days)
        start = dt.datetime.combine(day, dt.time(rng.randint(8, 16), rng.choice([0, 30])), zone)
        kind = _weighted(rng, kinds)
        modality = rng.choices(["on_site", "phone", "video"], weights=[75, 15, 10])[0]
        appointments.append(
            Appointment(
                organisation=organisation,
                client=client,
                booked_by=client.social_worker,
                kind=kind,
                start=start,
                end=start + dt.timedelta(minutes=rng.choice([45, 60, 60, 90, 120])),
                modality=modality,
                municipality=client.municipality if modality == "on_site" else None,
                address="Rue de l'Intégration 1" if modality == "on_site" else "",
                remote_link="https://meet.demo.lisko.lu/" + client.reference
                if modality == "video"
                else "",
                language=client.preferred_language,
                gender=rng.choice(["", "", "", "f"]) if kind in {"medical", "therapy"} else "",
                min_level=rng.choice([0, 1, 2]) if kind != "welcome_conversation" else 0,
                min_proficiency=rng.choice([3, 4]),
                priority=3
                if kind in {"medical", "legal"}
                else 2
                if kind in {"authority", "therapy"}
                else 1,
                status="requested",
            )
        )
    Appointment.objects.bulk_create(appointments)
    # Confirm a share of the first week with a fitting interpreter, never overlapping.
    speaks: dict[int, list[tuple[int, int]]] = {}
    for spoken in InterpreterLanguage.objects.filter(interpreter__in=interpreters).values_list(
        "interpreter_id", "language_id", "proficiency"
    ):
        speaks.setdefault(spoken[1], []).append((spoken[0], spoken[2]))
    busy: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    assignments: list[Assignment] = []
    now = timezone.now()
    for appointment in appointments:
        past = appointment.end < now
        ahead = (appointment.start.date() - today).days
        # The past is settled; next week is mostly booked; later weeks mostly still open.
        if not past and rng.random() > (0.65 if ahead < 7 else 0.2):
            continue
        candidates = [
            interpreter_id
            for interpreter_id, proficiency in speaks.get(appointment.language_id, [])
            if proficiency >= appointment.min_proficiency
        ]
        rng.shuffle(candidates)
        buffer = dt.timedelta(minutes=30 if appointment.modality == "on_site" else 0)
        blocked = (appointment.start - buffer, appointment.end + buffer)
        for interpreter_id in candidates:
            if all(
                blocked[1] <= start or end <= blocked[0]
                for start, end in busy.get(interpreter_id, [])
            ):
                busy.setdefault(interpreter_id, []).append(blocked)
                done = appointment.end < now
                assignments.append(
                    Assignment(
                        appointment=appointment,
                        interpreter_id=interpreter_id,
                        state="done" if done else "accepted",
                        travel_minutes=int(buffer.total_seconds() // 60),
                        blocked_from=blocked[0],
                        blocked_until=blocked[1],
                        offered_at=now,
                        responded_at=now,
                        actual_start=appointment.start if done else None,
                        actual_end=appointment.end if done else None,
                    )
                )
                appointment.status = "done" if done else "confirmed"
                break
        else:
            if past:
                appointment.status = "unfilled"
                appointment.unfilled_reason = "fully_booked" if candidates else "no_speaker"
    Assignment.objects.bulk_create(assignments)
    Appointment.objects.bulk_update(appointments, ["status", "unfilled_reason"])
    return len(appointments)
