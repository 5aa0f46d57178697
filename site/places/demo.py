"""Demo territory: the venues named in the seed plus collèges and partners for the campaigns."""

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

# (name, kind, INSEE code, address, latitude, longitude, accessibility notes)
EXTRA_VENUES = [
    ("Collège André Malraux", VenueKind.COLLEGE, "92004", "Rue de la Sablière", None, None, ""),
    ("Collège Voltaire", VenueKind.COLLEGE, "92004", "Rue Voltaire", None, None, ""),
    ("Collège Auguste Renoir", VenueKind.COLLEGE, "92004", "Rue Auguste Renoir", None, None, ""),
    ("Collège Guy Môquet", VenueKind.COLLEGE, "92036", "Avenue Guy Môquet", None, None, ""),
    (
        "Collège Édouard Vaillant",
        VenueKind.COLLEGE,
        "92036",
        "Rue Édouard Vaillant",
        None,
        None,
        "",
    ),
    ("Collège Louis Pasteur", VenueKind.COLLEGE, "92036", "Rue Louis Pasteur", None, None, ""),
    (
        "CCAS de Nanterre",
        VenueKind.CCAS,
        "92050",
        "Place de la Mairie",
        None,
        None,
        "Accueil de plain-pied.",
    ),
    (
        "Résidence seniors Les Tilleuls",
        VenueKind.RESIDENCE_SENIORS,
        "92050",
        "Allée des Tilleuls",
        None,
        None,
        "Ascenseur, accès PMR.",
    ),
    (
        "Résidence seniors Le Parc",
        VenueKind.RESIDENCE_SENIORS,
        "92063",
        "Avenue du Parc",
        None,
        None,
        "Accès PMR.",
    ),
    (
        "Médiathèque de Gennevilliers",
        VenueKind.MEDIATHEQUE,
        "92036",
        "Avenue Gabriel Péri",
        None,
        None,
        "Accès PMR, boucle magnétique à l'accueil.",
    ),
    ("Antenne sociale de Sèvres", VenueKind.ANTENNE, "92072", "Grande Rue", None, None, ""),
]

SEED_COORDINATES = {
    "Pôle social d'Asnières–Gennevilliers": ("48.922500", "2.296900"),
    "Pôle social de Villeneuve-la-Garenne": ("48.936900", "2.327800"),
}


def venue_code(name):
    return slugify(name.replace("–", "-"))[:80]


def load():
    communes = {c.name: c for c in Commune.objects.all()}
    by_insee = {c.insee_code: c for c in communes.values()}
    with (DATA / "venues-named-in-seed.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lat, lon = SEED_COORDINATES.get(row["name"], (None, None))
            Venue.objects.update_or_create(
                code=venue_code(row["name"]),
                defaults={
                    "name": row["name"],
                    "kind": SEED_KINDS[row["kind"]],
                    "commune": communes[row["commune"]],
                    "latitude": lat,
                    "longitude": lon,
                    "accessibility_notes": "Accès de plain-pied, accueil PMR."
                    if row["kind"] == "pôle social"
                    else "",
                },
            )
    for name, kind, insee, address, lat, lon, notes in EXTRA_VENUES:
        Venue.objects.update_or_create(
            code=venue_code(name),
            defaults={
                "name": name,
                "kind": kind,
                "commune": by_insee[insee],
                "address": address,
                "latitude": lat,
                "longitude": lon,
                "accessibility_notes": notes,
            },
        )
