"""Demo collection: the seed's « Clairs Obscurs » photographs by Véronique Ellena at the pôle
social d'Asnières–Gennevilliers (June–July 2023), 40 works by 10 artists, a year of monthly
rotations across the pôles around the current month, mediation sessions, Pillow images.
Idempotent: every record is looked up by a stable key before it is created."""

import datetime
import io
import random
from zoneinfo import ZoneInfo

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page

from artworks.models import (
    Artist,
    Artwork,
    ArtworkProgrammePage,
    MediationSession,
    Placement,
    PlacementStatus,
)
from home.models import HomePage
from places.models import Venue, VenueKind

PARIS = ZoneInfo("Europe/Paris")
SEED_VENUE = "pole-social-dasnieres-gennevilliers"

# slug, name, biography
ARTISTS = [
    (
        "veronique-ellena",
        "Véronique Ellena",
        "Photographe, elle compose des images lentes où la lumière révèle les gestes du "
        "quotidien. Elle a mené un atelier photographique avec les jeunes d'« En route pour "
        "l'autonomie » au pôle social de Villeneuve-la-Garenne.",
    ),
    ("lea-marchal", "Léa Marchal", "Peintre des paysages de bord de Seine."),
    ("samir-haddad", "Samir Haddad", "Photographe des architectures du Grand Paris."),
    ("claire-dumont", "Claire Dumont", "Graveuse, elle travaille le bois et le papier."),
    ("yann-le-goff", "Yann Le Goff", "Sculpteur de petits formats en métal de récupération."),
    ("amina-diallo", "Amina Diallo", "Artiste textile, elle tisse des cartes imaginaires."),
    ("paul-bertin", "Paul Bertin", "Dessinateur, il croque les marchés et les gares."),
    ("ines-moreau", "Inès Moreau", "Photographe de portraits d'habitants."),
    ("hugo-renard", "Hugo Renard", "Peintre abstrait, grands aplats de couleur."),
    ("mei-lin-zhang", "Mei-Lin Zhang", "Encre et lavis, paysages intérieurs."),
]

SERIES = {
    "lea-marchal": ("Rives", "Huile sur toile", "60 × 80 cm"),
    "samir-haddad": ("Lignes de ville", "Tirage jet d'encre pigmentaire", "50 × 70 cm"),
    "claire-dumont": ("Empreintes", "Gravure sur bois", "40 × 50 cm"),
    "yann-le-goff": ("Petites machines", "Métal soudé", "30 × 20 × 15 cm"),
    "amina-diallo": ("Cartes tissées", "Tissage, coton et laine", "90 × 60 cm"),
    "paul-bertin": ("Carnets de gare", "Encre et aquarelle sur papier", "30 × 40 cm"),
    "ines-moreau": ("Visages du 92", "Tirage argentique", "40 × 50 cm"),
    "hugo-renard": ("Aplats", "Acrylique sur toile", "100 × 100 cm"),
    "mei-lin-zhang": ("Paysages intérieurs", "Encre sur papier de riz", "70 × 35 cm"),
}
TITLES = ["I", "II", "III", "IV"]

ROTATION_KINDS = (VenueKind.POLE_SOCIAL, VenueKind.PMI, VenueKind.CENTRE_SOCIAL)
WORKS_PER_VENUE = 3
MONTHS_BEFORE, MONTHS_AFTER = 6, 5


def load():
    artists = _load_artists()
    works = _load_works(artists)
    _load_seed_example(works[:2], artists["veronique-ellena"])
    _load_rotations(works[2:], artists)
    _load_page()


def _picture(seed, title):
    """An abstract picture drawn by Pillow (no copyrighted image in the repository)."""
    rng = random.Random(seed)
    width, height = 640, 480
    base = tuple(rng.randint(30, 200) for _ in range(3))
    image = PILImage.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(image)
    for _ in range(7):
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        x, y = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(40, 220)
        if rng.random() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            draw.rectangle((x - r, y - r // 2, x + r, y + r // 2), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    buffer.seek(0)
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    wagtail_image = Image(title=title, file=ImageFile(buffer, name=f"demo-fdac-{seed}.png"))
    wagtail_image.save()
    return wagtail_image


def _load_artists():
    artists = {}
    for slug, name, bio in ARTISTS:
        artists[slug], _ = Artist.objects.get_or_create(
            slug=slug, defaults={"name": name, "biography": bio}
        )
    return artists


def _work(number, slug, title, artist, **fields):
    work, created = Artwork.objects.get_or_create(
        inventory_number=number, defaults={"slug": slug, "title": title, **fields}
    )
    if created:
        work.image = _picture(number, f"{title} ({number})")
        work.save(update_fields=["image"])
        work.artists.add(artist)
    return work


def _load_works(artists):
    ellena = artists["veronique-ellena"]
    works = [
        _work(
            "FDAC 2009.14",
            "clairs-obscurs-la-table",
            "Clairs Obscurs, la table",
            ellena,
            series="Clairs Obscurs",
            year=2008,
            technique="Photographie, tirage chromogène",
            dimensions="120 × 150 cm",
            acquisition_year=2009,
            image_credit="Photo : Véronique Ellena",
            rights_notice="© Véronique Ellena, ADAGP, Paris",
            handling_notes="Grand cadre sous verre : deux personnes, gants, ne pas empiler.",
            description="Une table dressée, saisie dans la lumière rasante d'une fin d'après-midi.",
        ),
        _work(
            "FDAC 2009.15",
            "clairs-obscurs-la-fenetre",
            "Clairs Obscurs, la fenêtre",
            ellena,
            series="Clairs Obscurs",
            year=2008,
            technique="Photographie, tirage chromogène",
            dimensions="120 × 150 cm",
            acquisition_year=2009,
            image_credit="Photo : Véronique Ellena",
            rights_notice="© Véronique Ellena, ADAGP, Paris",
            handling_notes="Grand cadre sous verre : deux personnes, gants, ne pas empiler.",
        ),
    ]
    for number, title in enumerate(["Le pain", "Les oranges"], start=16):
        works.append(
            _work(
                f"FDAC 2009.{number}",
                f"clairs-obscurs-{title.split()[-1]}",
                f"Clairs Obscurs, {title.lower()}",
                ellena,
                series="Clairs Obscurs",
                year=2008,
                technique="Photographie, tirage chromogène",
                dimensions="80 × 100 cm",
                acquisition_year=2009,
                image_credit="Photo : Véronique Ellena",
                rights_notice="© Véronique Ellena, ADAGP, Paris",
            )
        )
    for a_index, (slug, (series, technique, dimensions)) in enumerate(SERIES.items()):
        artist = artists[slug]
        for t_index, numeral in enumerate(TITLES):
            number = f"FDAC {2010 + a_index}.{t_index + 1}"
            works.append(
                _work(
                    number,
                    f"fdac-{2010 + a_index}-{t_index + 1}",
                    f"{series} {numeral}",
                    artist,
                    series=series,
                    year=2005 + a_index,
                    technique=technique,
                    dimensions=dimensions,
                    acquisition_year=2010 + a_index,
                    image_credit=f"Photo : {artist.name}",
                    rights_notice=f"© {artist.name}",
                    # Some rights forbid showing the work online: no image on the public site.
                    public_display_allowed=not (a_index == 3 and t_index == 0),
                )
            )
    return works


def _at(day, hour=14, minute=30):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


def _load_seed_example(works, ellena):
    venue = Venue.objects.filter(code=SEED_VENUE).first()
    if venue is None:
        return
    for work in works:
        placement, created = Placement.objects.get_or_create(
            artwork=work,
            venue=venue,
            start_date=datetime.date(2023, 6, 6),
            defaults={
                "end_date": datetime.date(2023, 7, 30),
                "status": PlacementStatus.REMOVED,
                "notes": "Présentées pour l'inauguration du pôle social, le 6 juin 2023.",
                "install_condition_notes": "Bon état.",
                "removal_condition_notes": "Bon état, réemballées dans leurs caisses.",
            },
        )
    MediationSession.objects.get_or_create(
        placement=placement,
        starts_at=_at(datetime.date(2023, 6, 21)),
        defaults={
            "led_by": "artist",
            "artist": ellena,
            "audience": "families",
            "attendance_total": 18,
            "attendance_adults": 8,
            "attendance_children": 10,
            "notes": "Rencontre avec l'artiste autour des « Clairs Obscurs ».",
        },
    )


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _load_rotations(works, artists):
    """Each month, three works per venue, shifting by five works a month (so that every work
    moves): placements before this month are removed, this month's installed, later planned."""
    venues = list(
        Venue.objects.filter(kind__in=ROTATION_KINDS, is_active=True).order_by("kind", "code")
    )[:9]
    today = timezone.localdate()
    this_month = today.replace(day=1)
    for offset in range(-MONTHS_BEFORE, MONTHS_AFTER + 1):
        start = _add_months(this_month, offset)
        end = _add_months(start, 1) - datetime.timedelta(days=1)
        for v_index, venue in enumerate(venues):
            for k in range(WORKS_PER_VENUE):
                work = works[(v_index * WORKS_PER_VENUE + k + offset * 5) % len(works)]
                if end < today:
                    status = PlacementStatus.REMOVED
                elif start <= today:
                    status = PlacementStatus.INSTALLED
                else:
                    status = PlacementStatus.PLANNED
                placement = Placement.objects.filter(artwork=work, start_date=start).first()
                if placement is None:
                    if Placement.objects.overlapping(work, start, end).exists():
                        continue
                    placement = Placement.objects.create(
                        artwork=work,
                        venue=venue,
                        start_date=start,
                        end_date=end,
                        status=status,
                        install_condition_notes="Bon état." if status != "planned" else "",
                        removal_condition_notes="Bon état." if status == "removed" else "",
                    )
                if k == 0:
                    _session(placement, artists, v_index + offset, today)


def _session(placement, artists, seed, today):
    day = placement.start_date + datetime.timedelta(days=14)
    artist = placement.artwork.artists.first()
    past = day < today
    total = 6 + abs(seed) % 15
    MediationSession.objects.get_or_create(
        placement=placement,
        starts_at=_at(day),
        defaults={
            "led_by": "artist" if seed % 3 == 0 else "mediator",
            "artist": artist if seed % 3 == 0 else None,
            "leader_name": "" if seed % 3 == 0 else "Nadia Benhamou, médiatrice",
            "audience": ["families", "adults", "children", "seniors"][abs(seed) % 4],
            "attendance_total": total if past else None,
            "attendance_adults": total // 2 if past else None,
            "attendance_children": total - total // 2 if past else None,
        },
    )


def _load_page():
    if ArtworkProgrammePage.objects.exists():
        return
    parent = Page.objects.filter(slug="programmes").first() or HomePage.objects.first()
    if parent is None:
        return
    page = ArtworkProgrammePage(
        title="Un mois, une œuvre",
        slug="un-mois-une-oeuvre",
        introduction=(
            "Depuis 2021, des œuvres du Fonds départemental d'art contemporain sont exposées, "
            "quelques-unes à la fois, dans des lieux qui ne sont pas faits pour l'art : pôles "
            "sociaux, PMI, centres sociaux. Des séances de médiation, souvent avec les "
            "artistes, accompagnent chaque accrochage."
        ),
        show_in_menus=True,
    )
    parent.specific.add_child(instance=page)
    page.save_revision().publish()
