"""Demo practices, therapists and clients for `manage.py seed_demo`.

Deterministic, so running the command again updates the same rows instead of adding more.
"""

import datetime

from django.contrib.auth import get_user_model

from clinic.models import Client, ConsentRecord, Membership, Practice

DEMO_PASSWORD = "demo-massage"

PRACTICES = [
    {
        "name": "Demo Practice",
        "address": "Lindenstraße 12\n10969 Berlin",
        "phone": "+49 30 555 0142",
        "email": "hello@demo-practice.example",
        "users": [
            ("demo", "Dana", "Demo", Membership.Role.ADMIN),
            ("sam", "Sam", "Keller", Membership.Role.THERAPIST),
        ],
    },
    {
        "name": "Lakeside Physio",
        "address": "Seeweg 3\n14467 Potsdam",
        "phone": "+49 331 555 0199",
        "email": "team@lakeside-physio.example",
        "users": [("lakeside", "Lena", "Seidel", Membership.Role.ADMIN)],
    },
]

# (first, last, born, sex, occupation, phone, physician, consent, notes)
DEMO_CLIENTS = [
    (
        "Anna",
        "Berger",
        "1984-03-12",
        "female",
        "Software developer",
        "+49 151 2345 6701",
        "Dr. med. Vogt, general practice",
        True,
        "Prefers appointments after 17:00.",
    ),
    (
        "Markus",
        "Schneider",
        "1972-11-02",
        "male",
        "Warehouse logistics",
        "+49 160 555 1234",
        "",
        True,
        "Works shifts; call the day before.",
    ),
    (
        "Elif",
        "Yilmaz",
        "1991-07-23",
        "female",
        "Nurse, night shifts",
        "+49 176 555 8810",
        "Dr. Aydin, orthopaedics",
        True,
        "",
    ),
    (
        "Jonas",
        "Weber",
        "1998-01-30",
        "male",
        "Student, climbs twice a week",
        "+49 157 555 3003",
        "",
        True,
        "",
    ),
    (
        "Margarete",
        "Hoffmann",
        "1947-05-18",
        "female",
        "Retired, gardens daily",
        "+49 30 555 7788",
        "Dr. med. Lange, internal medicine",
        True,
        "Takes anticoagulants (see anamnesis). Hard of hearing on the left.",
    ),
    (
        "Thomas",
        "Krüger",
        "1965-09-09",
        "male",
        "Long-distance lorry driver",
        "+49 171 555 4411",
        "",
        True,
        "",
    ),
    (
        "Sofia",
        "Rossi",
        "1988-12-01",
        "female",
        "Call centre agent",
        "+49 152 555 9090",
        "Dr. Nowak, general practice",
        True,
        "Pregnant (week 24) as of last visit.",
    ),
    ("Lukas", "Fischer", "1979-04-15", "male", "Carpenter", "+49 172 555 6060", "", True, ""),
    (
        "Hannah",
        "Wagner",
        "2001-08-08",
        "female",
        "Violinist",
        "+49 159 555 2121",
        "",
        False,
        "Consent form handed out; bring signed copy.",
    ),
    (
        "Peter",
        "Schulz",
        "1958-02-27",
        "male",
        "Accountant",
        "+49 30 555 3434",
        "Dr. med. Vogt, general practice",
        True,
        "",
    ),
    ("Mia", "Becker", "1995-10-19", "female", "Hairdresser", "+49 176 555 5656", "", True, ""),
    (
        "Ole",
        "Hansen",
        "1969-06-03",
        "male",
        "Teacher",
        "+49 151 555 7878",
        "",
        True,
        "Archived: moved to Hamburg.",
    ),
]

STREETS = [
    "Oranienstraße",
    "Bergmannstraße",
    "Kastanienallee",
    "Wiener Straße",
    "Am Friedrichshain",
]

LAKESIDE_CLIENTS = [
    ("Greta", "Lindqvist", "1980-02-14", "female", "Architect", "+49 331 555 1010", "", True, ""),
    ("Paul", "Neumann", "1975-07-07", "male", "Police officer", "+49 331 555 2020", "", True, ""),
]


def seed_clinic(password):
    """Both demo practices with their users and clients; returns the Demo Practice."""
    demo_practice = seed_practice(PRACTICES[0], password)
    lakeside = seed_practice(PRACTICES[1], password)
    users = get_user_model().objects
    seed_clients(demo_practice, DEMO_CLIENTS, users.get(username="demo"))
    seed_clients(lakeside, LAKESIDE_CLIENTS, users.get(username="lakeside"))
    Client.objects.filter(practice=demo_practice, last_name="Hansen").update(
        archived_at=datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)
    )
    return demo_practice


def seed_practice(spec, password):
    practice, _ = Practice.objects.update_or_create(
        name=spec["name"],
        defaults={k: spec[k] for k in ("address", "phone", "email")},
    )
    User = get_user_model()
    for username, first, last, role in spec["users"]:
        user, _ = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        user.set_password(password)
        user.save()
        Membership.objects.update_or_create(
            user=user, defaults={"practice": practice, "role": role}
        )
    return practice


def seed_clients(practice, rows, recorded_by):
    for number, row in enumerate(rows):
        first, last, born, sex, occupation, phone, physician, consent, notes = row
        born = datetime.date.fromisoformat(born)
        street = STREETS[number % len(STREETS)]
        client, _created = Client.objects.update_or_create(
            practice=practice,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            defaults={
                "sex": sex,
                "occupation": occupation,
                "phone": phone,
                "address": f"{street} {3 + 7 * number}\n{10115 + 13 * number} Berlin",
                "email": f"{first}.{last}@mail.example".lower().replace("ü", "ue"),
                "referring_physician": physician,
                "notes": notes,
                "consent_date": datetime.date(2026, 1, 15) if consent else None,
                "consent_recorded_by": recorded_by if consent else None,
            },
        )
        if consent and not client.consents.exists():
            ConsentRecord.objects.create(
                client=client,
                kind=ConsentRecord.Kind.GIVEN,
                on=client.consent_date,
                covers=[ConsentRecord.Scope.HEALTH_DATA],
                note="Signed form in the paper file",
                recorded_by=recorded_by,
            )
