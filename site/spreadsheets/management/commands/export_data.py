"""`manage.py export_data RESOURCE [--format csv|xlsx|ods] [-o FILE]`."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from spreadsheets import registry
from spreadsheets.services import export


class Command(BaseCommand):
    help = "Exporte une ressource en CSV (point-virgule, UTF-8 avec BOM), XLSX ou ODS."

    def add_arguments(self, parser):
        parser.add_argument("resource", help="nom de la ressource (voir import_data --list)")
        parser.add_argument("--format", choices=["csv", "xlsx", "ods"], default=None)
        parser.add_argument("-o", "--output", help="fichier à écrire (sortie standard sinon)")

    def handle(self, *args, **options):
        try:
            entry = registry.get(options["resource"])
        except registry.UnknownResource as error:
            raise CommandError(str(error)) from None
        output = options["output"]
        file_format = options["format"]
        if file_format is None:
            suffix = Path(output).suffix.lower().lstrip(".") if output else ""
            file_format = suffix if suffix in ("csv", "xlsx", "ods") else "csv"
        if output:
            with open(output, "wb") as stream:
                export(entry, file_format, stream=stream)
            self.stderr.write(_("Export écrit dans %(path)s") % {"path": output})
        else:
            export(entry, file_format, stream=sys.stdout.buffer)
