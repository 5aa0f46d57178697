"""Demo territory: the venues named in the seed plus collèges and partners for the campaigns.

Addresses, coordinates, hours and phone numbers are plausible, not real: the numbers are in the
01 99 00 range that ARCEP reserves for fiction, the coordinates fall in the right commune.
"""

import csv
from pathlib import Path

from django.utils.text import slugify

from places.models import Commune, Venue, VenueKind

DATA = Path(__file__).resolve().parent / "data"

SEED_KINDS = {
    "pôle social": VenueKind.POLE_SOCIAL,
    "PMI": VenueKind.PMI,
    "partner": VenueKind.PARTENAIRE,
    "centre social": VenueKind.CENTRE_SOCIAL,
}

POLE_HOURS = "Lundi–vendredi : 8 h 30–17 h 30\nFermé les samedis, dimanches et jours fériés"
PMI_HOURS = "Lundi–vendredi : 9 h–12 h 30 et 13 h 30–17 h\nConsultations sur rendez-vous"
COLLEGE_HOURS = "Accueil du public en période scolaire : lundi–vendredi, 8 h–17 h"
FULL_ACCESS = {
    "step_free_access": True,
    "accessible_toilets": True,
    "hearing_loop": True,
    "reserved_parking": True,
    "adapted_signage": True,
}

# The details of each venue, by name: seed venues and extra venues alike.
DETAILS = {
    "Pôle social d'Asnières–Gennevilliers": {
        "address": "9 rue de la Concorde",
        "latitude": "48.922500",
        "longitude": "2.296900",
        "opening_hours": POLE_HOURS,
        "phone": "01 99 00 10 01",
        "email": "pole.asnieres-gennevilliers@exemple.fr",
        "public_transport": "Métro 13 : Les Agnettes (5 min à pied)\nBus 238 et 178 : Concorde",
        **FULL_ACCESS,
        "accessibility_notes": "Bâtiment neuf de plain-pied, ascenseur vers la salle "
        "d'exposition du 1er étage, accueil formé à l'accueil des personnes handicapées.",
    },
    "Pôle social de Châtenay-Malabry": {
        "address": "2 avenue de la Division Leclerc",
        "latitude": "48.765200",
        "longitude": "2.270300",
        "opening_hours": POLE_HOURS,
        "phone": "01 99 00 10 02",
        "email": "pole.chatenay@exemple.fr",
        "public_transport": "Tramway T10 : Hôpital Béclère\nBus 195 : Division Leclerc",
        **FULL_ACCESS,
        "hearing_loop": False,
        "accessibility_notes": "Entrée par une rampe côté parking ; ascenseur.",
    },
    "Pôle social de Châtillon": {
        "address": "28 rue Gabriel Péri",
        "latitude": "48.803100",
        "longitude": "2.292800",
        "opening_hours": POLE_HOURS,
        "phone": "01 99 00 10 03",
        "email": "pole.chatillon@exemple.fr",
        "public_transport": "Métro 13 et tramway T6 : Châtillon–Montrouge (10 min à pied)",
        "step_free_access": True,
        "accessible_toilets": True,
        "accessibility_notes": "Accueil au rez-de-chaussée ; les bureaux de l'étage sont "
        "desservis par un ascenseur étroit (fauteuil standard seulement).",
    },
    "Pôle social de Villeneuve-la-Garenne": {
        "address": "17 avenue de Verdun",
        "latitude": "48.936900",
        "longitude": "2.327800",
        "opening_hours": POLE_HOURS,
        "phone": "01 99 00 10 04",
        "email": "pole.villeneuve@exemple.fr",
        "public_transport": "Tramway T1 : Mairie de Villeneuve-la-Garenne\nBus 137 : Verdun",
        **FULL_ACCESS,
        "accessibility_notes": "Plain-pied ; salle d'atelier équipée d'une boucle magnétique.",
    },
    "Pôle social d'Issy-les-Moulineaux": {
        "address": "47 rue du Général Leclerc",
        "latitude": "48.823400",
        "longitude": "2.269500",
        "opening_hours": POLE_HOURS,
        "phone": "01 99 00 10 05",
        "email": "pole.issy@exemple.fr",
        "public_transport": "Métro 12 : Mairie d'Issy\nRER C : Issy",
        **FULL_ACCESS,
        "accessibility_notes": "Bâtiment neuf (2023) conforme aux normes d'accessibilité.",
    },
    "Pôle social d'Antony": {
        "address": "5 rue Velpeau",
        "latitude": "48.754600",
        "longitude": "2.299900",
        "opening_hours": POLE_HOURS,
        "phone": "01 99 00 10 06",
        "email": "pole.antony@exemple.fr",
        "public_transport": "RER B : Antony (5 min à pied)\nBus 196 et 297 : Gare d'Antony",
        **FULL_ACCESS,
        "accessibility_notes": "Bâtiment neuf ; deux places réservées devant l'entrée.",
    },
    "Pôle social de Clichy": {
        "address": "80 boulevard Jean Jaurès",
        "latitude": "48.903300",
        "longitude": "2.305100",
        "opening_hours": POLE_HOURS,
        "phone": "01 99 00 10 07",
        "email": "pole.clichy@exemple.fr",
        "public_transport": "Métro 13 : Mairie de Clichy\nRER C : Saint-Ouen",
        **FULL_ACCESS,
        "accessibility_notes": "Entrée de plain-pied rue Jean Jaurès ; ascenseur.",
    },
    "PMI Alma": {
        "address": "14 rue de l'Alma",
        "latitude": "48.910900",
        "longitude": "2.289600",
        "opening_hours": PMI_HOURS,
        "phone": "01 99 00 10 11",
        "email": "pmi.alma@exemple.fr",
        "public_transport": "Transilien L : Asnières-sur-Seine (8 min à pied)",
        "step_free_access": True,
        "accessibility_notes": "Accès de plain-pied ; espace pour les poussettes à l'accueil.",
    },
    "PMI Mocquard": {
        "address": "6 rue Mocquard",
        "latitude": "48.927900",
        "longitude": "2.303200",
        "opening_hours": PMI_HOURS,
        "phone": "01 99 00 10 12",
        "email": "pmi.mocquard@exemple.fr",
        "public_transport": "Métro 13 : Gabriel Péri (7 min à pied)",
        "step_free_access": True,
        "accessible_toilets": True,
        "accessibility_notes": "Rampe d'accès à l'entrée ; toilettes adaptées au rez-de-chaussée.",
    },
    "Maison France Services": {
        "address": "3 place de l'Hôtel de Ville",
        "latitude": "48.911200",
        "longitude": "2.285600",
        "opening_hours": "Lundi–vendredi : 9 h–12 h et 13 h 30–17 h\nSamedi : 9 h–12 h",
        "phone": "01 99 00 10 21",
        "email": "france-services.asnieres@exemple.fr",
        "public_transport": "Bus 54 et 140 : Mairie d'Asnières",
        "step_free_access": True,
        "hearing_loop": True,
        "accessibility_notes": "Guichet surbaissé ; boucle magnétique au guichet d'accueil.",
    },
    "Centre social Louise Michel": {
        "address": "21 rue Louise Michel",
        "latitude": "48.920300",
        "longitude": "2.293100",
        "opening_hours": "Lundi : 14 h–18 h\nMardi–vendredi : 9 h 30–12 h et 14 h–18 h",
        "phone": "01 99 00 10 22",
        "email": "cs.louise-michel@exemple.fr",
        "public_transport": "Métro 13 : Les Courtilles (10 min à pied)",
        "step_free_access": True,
        "accessible_toilets": True,
        "accessibility_notes": "Salles d'activité au rez-de-chaussée.",
    },
    "École française des femmes": {
        "address": "40 rue des Agnettes",
        "latitude": "48.924800",
        "longitude": "2.287200",
        "opening_hours": "Cours du lundi au jeudi, 9 h–11 h 30 et 14 h–16 h 30",
        "phone": "01 99 00 10 23",
        "email": "ecole-des-femmes@exemple.fr",
        "public_transport": "Métro 13 : Les Agnettes (3 min à pied)",
        "accessibility_notes": "Salle au 1er étage sans ascenseur : les cours peuvent avoir "
        "lieu au rez-de-chaussée sur demande.",
    },
    "Collège André Malraux": {
        "address": "24 rue de la Sablière",
        "latitude": "48.917600",
        "longitude": "2.279400",
        "opening_hours": COLLEGE_HOURS,
        "phone": "01 99 00 10 31",
        "public_transport": "Bus 304 : Sablière",
        "step_free_access": True,
        "accessible_toilets": True,
        "accessibility_notes": "Ascenseur ; accueil des visiteurs à la loge.",
    },
    "Collège Voltaire": {
        "address": "59 rue Voltaire",
        "latitude": "48.908600",
        "longitude": "2.292500",
        "opening_hours": COLLEGE_HOURS,
        "phone": "01 99 00 10 32",
        "public_transport": "Transilien L : Bois-Colombes (10 min à pied)",
        "accessibility_notes": "Bâtiment ancien : trois marches à l'entrée, rampe amovible "
        "sur demande à la loge.",
    },
    "Collège Auguste Renoir": {
        "address": "1 rue Auguste Renoir",
        "latitude": "48.921200",
        "longitude": "2.275800",
        "opening_hours": COLLEGE_HOURS,
        "phone": "01 99 00 10 33",
        "public_transport": "Bus 167 : Renoir",
        "step_free_access": True,
        "accessible_toilets": True,
        "reserved_parking": True,
        "accessibility_notes": "Plain-pied ; place réservée dans la cour.",
    },
    "Collège Guy Môquet": {
        "address": "88 avenue Guy Môquet",
        "latitude": "48.931400",
        "longitude": "2.296700",
        "opening_hours": COLLEGE_HOURS,
        "phone": "01 99 00 10 34",
        "public_transport": "Métro 13 : Gabriel Péri\nBus 238 : Guy Môquet",
        "step_free_access": True,
        "accessibility_notes": "Entrée par le portail latéral pour les fauteuils.",
    },
    "Collège Édouard Vaillant": {
        "address": "12 rue Édouard Vaillant",
        "latitude": "48.934600",
        "longitude": "2.302200",
        "opening_hours": COLLEGE_HOURS,
        "phone": "01 99 00 10 35",
        "public_transport": "Bus 178 : Édouard Vaillant",
        "step_free_access": True,
        "accessible_toilets": True,
        "adapted_signage": True,
        "accessibility_notes": "Signalétique contrastée ; ascenseur vers le CDI.",
    },
    "Collège Louis Pasteur": {
        "address": "33 rue Louis Pasteur",
        "latitude": "48.938100",
        "longitude": "2.288500",
        "opening_hours": COLLEGE_HOURS,
        "phone": "01 99 00 10 36",
        "public_transport": "Tramway T1 : Le Village",
        "accessibility_notes": "Rez-de-chaussée accessible ; étages sans ascenseur.",
    },
    "CCAS de Nanterre": {
        "address": "1 place de la Mairie",
        "latitude": "48.892800",
        "longitude": "2.206700",
        "opening_hours": "Lundi–vendredi : 8 h 30–12 h et 13 h 30–17 h 30",
        "phone": "01 99 00 10 41",
        "email": "ccas.nanterre@exemple.fr",
        "public_transport": "RER A : Nanterre-Ville (8 min à pied)",
        "step_free_access": True,
        "accessible_toilets": True,
        "hearing_loop": True,
        "accessibility_notes": "Accueil de plain-pied.",
    },
    "Résidence seniors Les Tilleuls": {
        "address": "7 allée des Tilleuls",
        "latitude": "48.896500",
        "longitude": "2.199800",
        "opening_hours": "Visites tous les jours, 10 h–19 h",
        "phone": "01 99 00 10 42",
        "email": "residence.tilleuls@exemple.fr",
        "public_transport": "Bus 159 : Les Tilleuls",
        **FULL_ACCESS,
        "accessibility_notes": "Ascenseur, accès PMR.",
    },
    "Résidence seniors Le Parc": {
        "address": "12 avenue du Parc",
        "latitude": "48.876900",
        "longitude": "2.180600",
        "opening_hours": "Visites tous les jours, 10 h–18 h 30",
        "phone": "01 99 00 10 43",
        "email": "residence.leparc@exemple.fr",
        "public_transport": "RER A : Rueil-Malmaison, puis bus 244 : Le Parc",
        "step_free_access": True,
        "accessible_toilets": True,
        "reserved_parking": True,
        "accessibility_notes": "Accès PMR.",
    },
    "Médiathèque de Gennevilliers": {
        "address": "177 avenue Gabriel Péri",
        "latitude": "48.929800",
        "longitude": "2.297100",
        "opening_hours": "Mardi, jeudi, vendredi : 14 h–19 h\nMercredi et samedi : 10 h–18 h",
        "phone": "01 99 00 10 51",
        "email": "mediatheque.gennevilliers@exemple.fr",
        "public_transport": "Métro 13 : Gabriel Péri (2 min à pied)",
        **FULL_ACCESS,
        "accessibility_notes": "Accès PMR, boucle magnétique à l'accueil.",
    },
    "Antenne sociale de Sèvres": {
        "address": "54 Grande Rue",
        "latitude": "48.823600",
        "longitude": "2.211300",
        "opening_hours": "Mardi et jeudi : 9 h–12 h 30 et 13 h 30–17 h",
        "phone": "01 99 00 10 61",
        "email": "antenne.sevres@exemple.fr",
        "public_transport": "Tramway T2 : Musée de Sèvres\nBus 171 : Sèvres Grande Rue",
        "step_free_access": True,
        "accessibility_notes": "Sonnette à hauteur de fauteuil à l'entrée.",
    },
}

# (name, kind, INSEE code)
EXTRA_VENUES = [
    ("Collège André Malraux", VenueKind.COLLEGE, "92004"),
    ("Collège Voltaire", VenueKind.COLLEGE, "92004"),
    ("Collège Auguste Renoir", VenueKind.COLLEGE, "92004"),
    ("Collège Guy Môquet", VenueKind.COLLEGE, "92036"),
    ("Collège Édouard Vaillant", VenueKind.COLLEGE, "92036"),
    ("Collège Louis Pasteur", VenueKind.COLLEGE, "92036"),
    ("CCAS de Nanterre", VenueKind.CCAS, "92050"),
    ("Résidence seniors Les Tilleuls", VenueKind.RESIDENCE_SENIORS, "92050"),
    ("Résidence seniors Le Parc", VenueKind.RESIDENCE_SENIORS, "92063"),
    ("Médiathèque de Gennevilliers", VenueKind.MEDIATHEQUE, "92036"),
    ("Antenne sociale de Sèvres", VenueKind.ANTENNE, "92072"),
]


def venue_code(name):
    return slugify(name.replace("–", "-"))[:80]


def _save(name, kind, commune):
    venue, _ = Venue.objects.update_or_create(
        code=venue_code(name),
        defaults={"name": name, "kind": kind, "commune": commune, **DETAILS[name]},
    )
    venue.full_clean()  # the demo must pass the rules editors meet


def load():
    communes = {c.name: c for c in Commune.objects.all()}
    by_insee = {c.insee_code: c for c in communes.values()}
    with (DATA / "venues-named-in-seed.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            _save(row["name"], SEED_KINDS[row["kind"]], communes[row["commune"]])
    for name, kind, insee in EXTRA_VENUES:
        _save(name, kind, by_insee[insee])
