"""Demo home page, site settings, content pages and one demo account per role."""

import os

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from home.models import HomePage, SiteSettings, StandardPage
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
    ("heading", {"text": "Nos programmes", "level": "h2"}),
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

STANDARD_PAGES = [
    (
        "accessibilite",
        "Accessibilité",
        "Ce site vise la conformité au RGAA (référentiel général d'amélioration de "
        "l'accessibilité). Signalez-nous toute difficulté d'accès à un contenu.",
    ),
    (
        "mentions-legales",
        "Mentions légales",
        "Éditeur : Institut des Hauts-de-Seine. Les données personnelles sont traitées dans le "
        "respect du RGPD ; aucune donnée nominative de mineur n'est collectée.",
    ),
]


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
    for slug, title, text in STANDARD_PAGES:
        if not StandardPage.objects.filter(slug=slug).exists():
            home.add_child(
                instance=StandardPage(title=title, slug=slug, introduction=text, show_in_menus=True)
            ).save_revision().publish()
