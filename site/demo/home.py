"""Demo home page, site settings, content pages and one demo account per role."""

import os

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, Site

from home.models import (
    AccessibilityStatementPage,
    HomePage,
    LegalNoticePage,
    PersonalDataPage,
    SiteSettings,
    StandardPage,
)
from home.public_site import apply_public_url
from home.roles import MODERATORS, PROGRAMME_STAFF, VENUE_MANAGERS, sync_roles

DEMO_PASSWORD_ENV = "DEMO_PASSWORD"
DEFAULT_DEMO_PASSWORD = "demo-ihds-92"

# username, first name, last name, role, venue codes managed
DEMO_USERS = [
    ("equipe.programmes", "Camille", "Martin", PROGRAMME_STAFF, []),
    ("moderation", "Louise", "Bernard", MODERATORS, []),
    (
        "lieu.asnieres",
        "Karim",
        "Benali",
        VENUE_MANAGERS,
        ["pole-social-dasnieres-gennevilliers", "pmi-alma"],
    ),
    (
        "lieu.villeneuve",
        "Sophie",
        "Durand",
        VENUE_MANAGERS,
        ["pole-social-de-villeneuve-la-garenne"],
    ),
]

HOME_BODY = [
    ("heading", {"text": "L’Institut et le Département", "level": "h2"}),
    (
        "paragraph",
        "<p>L'Institut des Hauts-de-Seine mène avec le Département des programmes de culture, "
        "de santé et de prévention au plus près des habitants : « Un mois, une œuvre » dans les "
        "pôles sociaux, « Toutes culottées » dans les collèges, « Giga Séniors » et « Sourires "
        "d'été » pour les aînés, le Bus Santé Femmes, l'École française des femmes et la "
        "caravane solidaire.</p>",
    ),
    (
        "quote",
        {
            "text": "Partager avec le plus grand nombre des œuvres du Fonds départemental d'art "
            "contemporain, en les exposant dans des lieux qui ne sont pas habituellement dédiés "
            "à l'art.",
            "author": "Discours d'inauguration du pôle social d'Asnières–Gennevilliers, juin 2023",
        },
    ),
]

# The stub content pages earlier versions of the demo created, replaced by the legal page types.
STUB_SLUGS = ("accessibilite", "mentions-legales")

HDS_ADDRESS = "Hôtel du Département\n2-16, boulevard Soufflot\n92015 Nanterre Cedex"

LEGAL_NOTICE = {
    "title": "Mentions légales",
    "slug": "mentions-legales",
    "publisher_name": "Département des Hauts-de-Seine, pour l'Institut des Hauts-de-Seine",
    "publisher_address": HDS_ADDRESS,
    "publisher_phone": "01 41 37 11 00",
    "publisher_email": "contact@institut-hauts-de-seine.fr",
    "publisher_siret": "229 200 506 00013",
    "publication_director": "Le Président du Conseil départemental des Hauts-de-Seine",
    "publication_director_role": "représentant légal du Département",
    "host_name": "OVH SAS",
    "host_address": "2, rue Kellermann\n59100 Roubaix",
    "host_phone": "09 72 10 10 07",
    "intellectual_property": (
        "<p>Les textes et la présentation du site sont la propriété du Département des "
        "Hauts-de-Seine. Les reproductions des œuvres du Fonds départemental d'art contemporain "
        "sont publiées avec l'accord des artistes ou de leurs ayants droit ; leur crédit figure "
        "sous chaque image. Toute reproduction est soumise à l'autorisation des titulaires des "
        "droits.</p><p>Les illustrations des programmes sont des créations graphiques du "
        "Département.</p>"
    ),
    "links_policy": (
        "<p>Tout site public ou privé peut établir un lien vers les pages de ce site sans "
        "autorisation préalable, à condition de ne pas l'ouvrir à l'intérieur d'un autre site "
        "et d'indiquer clairement son origine.</p>"
    ),
}

PERSONAL_DATA = {
    "title": "Données personnelles",
    "slug": "donnees-personnelles",
    "introduction": (
        "Le site public ne demande aucun compte et ne dépose aucun cookie de mesure d'audience. "
        "Les données nominatives ne concernent que les équipes et, pour les programmes qui "
        "l'exigent, les seniors suivis : jamais les mineurs."
    ),
    "controller_name": "Département des Hauts-de-Seine, représenté par le Président du "
    "Conseil départemental",
    "controller_address": HDS_ADDRESS,
    "rights_contact": (
        "Pour exercer vos droits, écrivez au délégué à la protection des données (adresse "
        "ci-dessous) en précisant le programme concerné. Une réponse vous est apportée dans un "
        "délai d'un mois, prolongeable de deux mois si la demande est complexe."
    ),
    "dpo_email": "dpo@hauts-de-seine.fr",
    "dpo_address": "Délégué à la protection des données\n" + HDS_ADDRESS,
    "cookies": (
        "<p>Le site public n'utilise que des cookies strictement nécessaires : la protection "
        "contre la falsification des formulaires et, pour les équipes connectées, la session. "
        "Aucun cookie de mesure d'audience ni de réseau social n'est déposé ; aucun bandeau de "
        "consentement n'est donc nécessaire.</p>"
    ),
    "processings": [
        (
            "processing",
            {
                "name": "Comptes des équipes",
                "purposes": "Permettre aux agents, aux responsables de lieux et aux modérateurs "
                "de publier les programmes, les dates et les placements d'œuvres.",
                "legal_basis": "public_task",
                "data": "Nom, prénom, courriel professionnel, lieux gérés, journal des "
                "connexions et des modifications.",
                "recipients": "Direction de la culture et Institut des Hauts-de-Seine ; "
                "l'hébergeur en tant que sous-traitant.",
                "retention": "Durée des fonctions, puis 6 mois ; journaux : 1 an",
            },
        ),
        (
            "processing",
            {
                "name": "Suivi nominatif des seniors (Giga Séniors, Sourires d'été)",
                "purposes": "Organiser les ateliers et les visites, prévenir l'isolement des "
                "personnes âgées inscrites.",
                "legal_basis": "consent",
                "data": "Nom, prénom, téléphone, commune, tranche d'âge, présence aux séances.",
                "recipients": "Équipes du programme et pôles sociaux concernés.",
                "retention": "12 mois après la fin de l'édition, puis suppression automatique",
            },
        ),
        (
            "processing",
            {
                "name": "Fréquentation des séances",
                "purposes": "Mesurer la fréquentation des programmes et rendre compte à "
                "l'assemblée départementale.",
                "legal_basis": "public_task",
                "data": "Effectifs agrégés par séance (jamais de nom) ; répartitions par "
                "niveau, genre ou tranche d'âge ; petits effectifs masqués dans les publications.",
                "recipients": "Direction de la culture, Institut des Hauts-de-Seine.",
                "retention": "10 ans (archives publiques)",
            },
        ),
    ],
}

ACCESSIBILITY_STATEMENT = {
    "title": "Déclaration d'accessibilité",
    "slug": "accessibilite",
    "entity_name": "Le Département des Hauts-de-Seine",
    "compliance_status": "partial",
    "compliance_rate": "78.5",
    "audit_by": "la mission accessibilité numérique du Département",
    "audited_pages": "Accueil\nNos programmes\nUn programme (Giga Séniors)\n"
    "Un événement\nAgenda\nUn mois, une œuvre\nUne œuvre\nUn artiste\nUn lieu\n"
    "Recherche\nMentions légales\nDéclaration d'accessibilité",
    "technologies": "HTML5, CSS, JavaScript, SVG",
    "test_environment": "NVDA 2024.4 et Firefox 128\nJAWS 2024 et Chrome 130\n"
    "VoiceOver et Safari (iOS 18)\nTalkBack et Chrome (Android 14)",
    "tools": "Assistant RGAA, axe DevTools, Colour Contrast Analyser, validateur W3C",
    "non_compliances": (
        "<ul><li>Certaines images d'œuvres n'ont pas encore d'alternative textuelle décrivant "
        "l'œuvre (critère 1.3).</li><li>Les documents PDF des bilans annuels ne sont pas tous "
        "balisés (critère 13.3).</li><li>La carte des lieux n'a pas d'équivalent sous forme de "
        "liste sur toutes les pages (critère 4.13).</li></ul>"
    ),
    "disproportionate_burden": "",
    "exempt_contents": (
        "<ul><li>Les vidéos des inaugurations antérieures au 23 septembre 2020.</li>"
        "<li>Les cartes interactives, dont une alternative est proposée par la liste des "
        "lieux.</li></ul>"
    ),
    "improvement_plan_url": "https://www.hauts-de-seine.fr/accessibilite",
    "contact_email": "accessibilite@institut-hauts-de-seine.fr",
    "contact_address": "Institut des Hauts-de-Seine — Accessibilité\n" + HDS_ADDRESS,
}


def demo_picture(title, seed, size=(960, 640)):
    """An abstract picture drawn by Pillow (no copyrighted media in the repository); the same
    title gives back the same image (idempotent)."""
    import io
    import random

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images import get_image_model

    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    rng = random.Random(str(seed))
    width, height = size
    picture = PILImage.new("RGB", size, (0, 83, 110))
    draw = ImageDraw.Draw(picture)
    for _ in range(9):
        colour = tuple(rng.randint(40, 240) for _ in range(3))
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(60, 320)
        if rng.random() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            draw.rectangle((x - r, y - r // 3, x + r, y + r // 3), fill=colour)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    buffer.seek(0)
    image = Image(title=title, file=ImageFile(buffer, name=f"demo-{rng.randint(0, 10**8)}.png"))
    image.save()
    return image


def load():
    sync_roles(apps)
    _load_users()
    _load_site()


def _load_users():
    from places.models import Venue

    User = get_user_model()
    password = os.environ.get(DEMO_PASSWORD_ENV) or DEFAULT_DEMO_PASSWORD
    for username, first, last, role, venue_codes in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.hauts-de-seine.fr",
                "is_active": True,
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role))
        for venue in Venue.objects.filter(code__in=venue_codes):
            venue.managers.add(user)


def _load_site():
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(title="Institut des Hauts-de-Seine", slug="accueil")
        )
    if not home.body:
        home.introduction = (
            "Culture, santé, prévention et solidarité : les programmes de l'Institut des "
            "Hauts-de-Seine dans les 36 communes du département."
        )
        home.body = HOME_BODY
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    settings_obj = SiteSettings.load()
    if not settings_obj.contact_email:
        settings_obj.contact_email = "contact@institut-hauts-de-seine.fr"
        settings_obj.address = "Institut des Hauts-de-Seine\n92000 Nanterre"
        settings_obj.footer_text = "Un établissement partenaire du Département des Hauts-de-Seine."
        settings_obj.save()
    _load_legal_pages(home)
    apply_public_url()


def _load_legal_pages(home):
    """The three legal pages; the one-line stubs of earlier demos are replaced."""
    for page in StandardPage.objects.child_of(home).filter(slug__in=STUB_SLUGS):
        page.delete()
    for model, fields in (
        (LegalNoticePage, LEGAL_NOTICE),
        (PersonalDataPage, PERSONAL_DATA),
        (AccessibilityStatementPage, ACCESSIBILITY_STATEMENT),
    ):
        if model.objects.exists():
            continue
        today = timezone.localdate()
        extra = {}
        if model is AccessibilityStatementPage:
            extra = {"audit_date": today.replace(day=1), "statement_date": today}
        page = model(show_in_menus=False, **fields, **extra)
        home.add_child(instance=page)
        page.save_revision().publish()
