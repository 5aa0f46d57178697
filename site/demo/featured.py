"""The demo home page's « À la une » cards: run after the programmes and the works exist (last
of load_demo_data's steps). Pages are found by slug."""

from wagtail.models import Page

from demo.home import demo_picture
from home.models import HomePage

FEATURED = [
    (
        "un-mois-une-oeuvre",
        "Chaque mois, une œuvre du Fonds départemental d'art contemporain s'installe dans un pôle "
        "social ou une PMI, avec des rencontres ouvertes à tous.",
    ),
    (
        "sourires-dete",
        "Tout l'été, des visites et des goûters pour que personne ne reste seul chez soi.",
    ),
]


def load():
    home = HomePage.objects.first()
    if home is None or home.featured:
        return
    blocks = []
    for slug, text in FEATURED:
        page = Page.objects.filter(slug=slug).first()
        if page is None:
            continue
        image = demo_picture(f"À la une — {page.title}", seed=f"featured-{slug}")
        image.contextual_alt_text, image.decorative = "", True  # the card's title says it all
        blocks.append(
            (
                "page",
                {
                    "page": page,
                    "image": image,
                    "text": text,
                },
            )
        )
    if blocks:
        home.featured = blocks
        home.save_revision().publish()
