"""Fill a believable demo site. Idempotent: a second run changes nothing."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: the territory first, then the accounts that manage venues, then content.
DEMO_MODULES = [
    "places.demo",
    "home.demo",
    "programmes.demo",
    "artworks.demo",
    "home.demo_featured",
]


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (idempotent : une seconde exécution ne change rien)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for dotted in DEMO_MODULES:
                try:
                    module = import_module(dotted)
                except ModuleNotFoundError as exc:
                    if exc.name != dotted:
                        raise
                    continue
                module.load()
                self.stdout.write(f"  {dotted} : chargé")
        from home.demo import DEFAULT_DEMO_PASSWORD, DEMO_PASSWORD_ENV, DEMO_USERS

        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(
            "Comptes de démonstration (mot de passe : "
            f"${DEMO_PASSWORD_ENV} ou « {DEFAULT_DEMO_PASSWORD} ») : "
            + ", ".join(username for username, *_ in DEMO_USERS)
        )
