"""A small public site with one record of every kind, for the home tests and the browser tests
(phone widths, visitor journeys): a programme with an image and an upcoming event at the venue,
the agenda, « Un mois, une œuvre » with a work on show, its artist, its venue (on the map) and a
public mediation session there, and the three legal pages."""

import datetime
from decimal import Decimal

from django.utils import timezone

from artworks.models import ArtworkProgrammePage, MediationSession
from home.models import (
    AccessibilityStatementPage,
    HomePage,
    LegalNoticePage,
    PersonalDataPage,
)
from places.models import Commune
from tests.artworks.factories import ArtistFactory, ArtworkFactory, ImageFactory, PlacementFactory
from tests.factories import VenueFactory
from tests.programmes import factories as f


def legal_pages(home=None, status="partial", rate=Decimal("78.5")):
    home = home or HomePage.objects.get()
    today = timezone.localdate()
    pages = {
        "notice": LegalNoticePage(
            title="Mentions légales",
            slug="mentions-legales",
            publisher_name="Département des Hauts-de-Seine",
            publisher_address="2-16, boulevard Soufflot\n92015 Nanterre Cedex",
            publication_director="Le Président du Conseil départemental",
            host_name="Hébergeur Exemple SAS",
            host_address="2, rue Kellermann\n59100 Roubaix",
            show_in_menus=True,  # the menu must leave them out all the same
        ),
        "privacy": PersonalDataPage(
            title="Données personnelles",
            slug="donnees-personnelles",
            controller_name="Département des Hauts-de-Seine",
            controller_address="92015 Nanterre Cedex",
            processings=[
                (
                    "processing",
                    {
                        "name": "Comptes des équipes",
                        "purposes": "Publier les programmes.",
                        "legal_basis": "public_task",
                        "data": "Nom, courriel professionnel.",
                        "recipients": "Direction de la culture.",
                        "retention": "Durée des fonctions, puis 6 mois",
                    },
                )
            ],
            rights_contact="Écrivez au délégué à la protection des données.",
            dpo_email="dpo@hauts-de-seine.fr",
            show_in_menus=True,
        ),
        "accessibility": AccessibilityStatementPage(
            title="Déclaration d'accessibilité",
            slug="accessibilite",
            entity_name="Le Département des Hauts-de-Seine",
            compliance_status=status,
            compliance_rate=rate,
            audit_date=today,
            audit_by="la mission accessibilité",
            non_compliances="<p>Certaines images d'œuvres n'ont pas d'alternative.</p>",
            statement_date=today,
            contact_email="accessibilite@example.fr",
            show_in_menus=True,
        ),
    }
    for page in pages.values():
        home.add_child(instance=page)
        page.save_revision().publish()
    return pages


def public_site():
    """Every public page type, with one record each; returns their URLs by name."""
    today = timezone.localdate()
    home = HomePage.objects.get()
    nanterre = Commune.objects.get(insee_code="92050")
    venue = VenueFactory(
        name="Pôle social d'Asnières–Gennevilliers, antenne des Grésillons",
        code="pole-gresillons",
        commune=nanterre,
        address="Allée des Tilleuls",
        latitude=Decimal("48.8924"),
        longitude=Decimal("2.2071"),
    )
    f.calendar_page()
    programme = f.programme("Giga Séniors", image=ImageFactory())
    event = f.event(
        programme,
        "Atelier prévention des chutes",
        start=timezone.now() + datetime.timedelta(days=3),
        venue=venue,
    )
    umuo = ArtworkProgrammePage(title="Un mois, une œuvre", slug="un-mois-une-oeuvre")
    f.programme_index().add_child(instance=umuo)
    umuo.save_revision().publish()
    artist = ArtistFactory(name="Véronique Ellena", slug="veronique-ellena")
    work = ArtworkFactory(
        title="Carnets de gare, intérieur-extérieur-anticonstitutionnellement",
        slug="carnets-de-gare",
        image=ImageFactory(),
        image_credit="Photo : Paul Bertin",
    )
    work.artists.add(artist)
    placement = PlacementFactory(
        artwork=work,
        venue=venue,
        start_date=today - datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=20),
    )
    mediation = MediationSession.objects.create(
        placement=placement,
        starts_at=timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=4), datetime.time(15))
        ),
        led_by="mediator",
        leader_name="Nadia Benhamou",
        audience="families",
        is_public=True,
    )
    pages = legal_pages(home)
    base = umuo.url
    return {
        "home": "/",
        "programme_index": f.programme_index().url,
        "programme": programme.url,
        "event": event.url,
        "agenda": f.calendar_page().url,
        "umuo": base,
        "work": f"{base}oeuvres/{work.slug}/",
        "artist": f"{base}artistes/{artist.slug}/",
        "venue": f"{base}lieux/{venue.code}/",
        "works": f"{base}oeuvres/",
        "artists": f"{base}artistes/",
        "venues": f"{base}lieux/",
        "search": "/recherche/?q=atelier",
        "legal_notice": pages["notice"].url,
        "personal_data": pages["privacy"].url,
        "accessibility": pages["accessibility"].url,
        "objects": {
            "event": event,
            "work": work,
            "artist": artist,
            "venue": venue,
            "mediation": mediation,
        },
        "legal_pages": pages,
        "programme_page": programme,
    }
