"""Fill a believable demo site. Idempotent: a second run changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo import artworks, featured, home, places, programmes

# Order matters: the territory first, then the accounts that manage venues, then content, and
# last the home page's cards, which point at the programmes and the works.
STEPS = [
    ("lieux", places),
    ("accueil et comptes", home),
    ("programmes", programmes),
    ("œuvres", artworks),
    ("à la une", featured),
]


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (idempotent : une seconde exécution ne change rien)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for label, module in STEPS:
                module.load()
                self.stdout.write(f"  {label} : chargé")
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(
            "Comptes de démonstration (mot de passe : "
            f"${home.DEMO_PASSWORD_ENV} ou « {home.DEFAULT_DEMO_PASSWORD} ») : "
            + ", ".join(username for username, *_ in home.DEMO_USERS)
        )
