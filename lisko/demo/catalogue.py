"""The demo's fixed tables: where people live, names by language community, the associations
and their offers, goals and milestones. Data only; the loaders in this app read it."""

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

# Offers open to women only: the demo refers no one else to them.
WOMEN_ONLY_OFFERS = frozenset(
    {"Women's café", "Swimming lessons for women", "Career mentoring for women"}
)
