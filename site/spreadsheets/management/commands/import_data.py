"""`manage.py import_data RESOURCE FILE [--dry-run] [--skip-invalid]` and `import_data --list`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from spreadsheets import registry
from spreadsheets.reading import SpreadsheetError, read_spreadsheet
from spreadsheets.services import run_import


class Command(BaseCommand):
    help = "Importe un fichier XLSX, ODS ou CSV dans une ressource (voir --list)."

    def add_arguments(self, parser):
        parser.add_argument("resource", nargs="?", help="nom de la ressource (voir --list)")
        parser.add_argument("file", nargs="?", help="fichier XLSX, ODS ou CSV")
        parser.add_argument("--list", action="store_true", help="liste les ressources")
        parser.add_argument(
            "--dry-run", action="store_true", help="vérifie le fichier sans rien enregistrer"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="importe les lignes valides et écrit les lignes refusées à côté du fichier",
        )

    def handle(self, *args, **options):
        if options["list"]:
            for entry in registry.all_resources():
                scope = entry.row_scope.description if entry.row_scope is not None else ""
                if entry.restricted:
                    scope = _(" (données personnelles : accès restreint)")
                self.stdout.write(f"{entry.name}\t{entry.verbose_name}{scope}")
            return
        if not options["resource"] or not options["file"]:
            raise CommandError(_("Indiquez une ressource et un fichier (ou --list)."))
        try:
            entry = registry.get(options["resource"])
        except registry.UnknownResource as error:
            raise CommandError(str(error)) from None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Fichier introuvable : %(path)s") % {"path": path})
        try:
            sheet = read_spreadsheet(path.read_bytes(), path.name)
        except SpreadsheetError as error:
            raise CommandError(str(error)) from None
        report = run_import(
            entry, sheet, dry_run=options["dry_run"], skip_invalid=options["skip_invalid"]
        )
        self.print_report(report)
        if report.rejected and options["skip_invalid"]:
            rejected = path.with_name(f"{path.stem}-lignes-refusees{path.suffix}")
            rejected.write_bytes(report.rejected)
            self.stdout.write(_("Lignes refusées écrites dans %(path)s") % {"path": rejected})
        if report.error_count and not report.written:
            if options["skip_invalid"] and not report.file_errors and not options["dry_run"]:
                raise CommandError(
                    _(
                        "%(n)s ligne(s) refusée(s) et aucune autre à enregistrer (les lignes "
                        "valides étaient déjà à jour)."
                    )
                    % {"n": report.invalid}
                )
            raise CommandError(_("Le fichier contient des erreurs : rien n'a été enregistré."))

    def print_report(self, report):
        for message in report.file_errors:
            self.stderr.write(message)
        for message in report.warnings:
            self.stderr.write(message)
        for error in report.errors:
            where = _("ligne %(line)s") % {"line": error["line"]}
            if error["column"]:
                where += f", « {error['column']} »"
            self.stderr.write(f"{where} : {error['message']}")
        if report.invalid > len(report.errors):
            self.stderr.write(_("(seules les premières erreurs sont affichées)"))
        self.stdout.write(
            _(
                "%(total)s ligne(s) : %(created)s créée(s), %(updated)s modifiée(s), "
                "%(unchanged)s inchangée(s), %(invalid)s en erreur."
            )
            % {
                "total": report.total,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "invalid": report.invalid,
            }
        )
        if report.dry_run:
            self.stdout.write(_("Essai à blanc : rien n'a été enregistré."))
        elif report.written:
            self.stdout.write(_("Import enregistré en %(s).1f s.") % {"s": report.duration})
