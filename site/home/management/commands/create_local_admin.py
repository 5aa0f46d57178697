"""Create (once) a local superuser for `make run` and print its login."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Crée un compte administrateur local (une seule fois) et affiche ses identifiants."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        password_file = settings.VAR_DIR / "local-admin-password.txt"
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(
                username=username,
                email=f"{username}@localhost",
                password=password,
                first_name="Admin",
                last_name="Local",
            )
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password, encoding="utf-8")
            password_file.chmod(0o600)
        elif password_file.exists():
            password = password_file.read_text(encoding="utf-8").strip()
        else:
            password = "(inchangé — défini hors de cette commande)"
        self.stdout.write(
            self.style.SUCCESS(
                f"Compte administrateur local : identifiant « {username} », "
                f"mot de passe « {password} »"
            )
        )
