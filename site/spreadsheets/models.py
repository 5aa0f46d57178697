"""The import history: one ImportJob per uploaded file, from preview to result."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        PREVIEWING = "previewing", _("Analyse en cours")
        PREVIEWED = "previewed", _("Aperçu prêt")
        IMPORTING = "importing", _("Import en cours")
        DONE = "done", _("Importé")
        REFUSED = "refused", _("Refusé (rien n'a été écrit)")
        FAILED = "failed", _("Échec")

    #: a job in one of these states is never run again (the task is idempotent)
    FINISHED = (Status.DONE, Status.REFUSED, Status.FAILED)
    RUNNING = (Status.PREVIEWING, Status.IMPORTING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    resource = models.CharField(_("données"), max_length=60)
    file = models.FileField(_("fichier"), upload_to="spreadsheets/imports/%Y/%m/")
    original_filename = models.CharField(_("nom du fichier"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    skip_invalid = models.BooleanField(
        _("importer les lignes valides"),
        default=False,
        help_text=_("Les lignes en erreur sont écartées et rendues dans un fichier à corriger."),
    )
    background = models.BooleanField(_("tâche de fond"), default=False)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    row_count = models.PositiveIntegerField(_("lignes"), default=0)
    created_count = models.PositiveIntegerField(_("créées"), default=0)
    updated_count = models.PositiveIntegerField(_("modifiées"), default=0)
    unchanged_count = models.PositiveIntegerField(_("inchangées"), default=0)
    skipped_count = models.PositiveIntegerField(_("écartées"), default=0)
    error_count = models.PositiveIntegerField(_("erreurs"), default=0)
    duration = models.DurationField(_("durée"), null=True, blank=True)
    report = models.JSONField(_("compte rendu"), default=dict, blank=True)
    rejected_file = models.FileField(
        _("lignes refusées"), upload_to="spreadsheets/rejected/%Y/%m/", blank=True
    )
    message = models.TextField(_("message"), blank=True)
    task_id = models.CharField(_("tâche Celery"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("historique des imports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="importjob_progress_at_most_100"
            )
        ]

    def __str__(self):
        return f"{self.original_filename} ({self.resource})"

    def get_absolute_url(self):
        return reverse("spreadsheets:job", args=[self.pk])

    @property
    def duration_display(self):
        """« 0,1 s », « 2 min 05 s »: how long the import took, as a person reads it."""
        if self.duration is None:
            return ""
        seconds = self.duration.total_seconds()
        if seconds < 60:
            return f"{seconds:.1f} s".replace(".", ",")
        minutes, rest = divmod(round(seconds), 60)
        return f"{minutes} min {rest:02d} s"

    @property
    def is_finished(self):
        return self.status in self.FINISHED

    @property
    def is_running(self):
        return self.status in self.RUNNING or (
            self.background and self.status == self.Status.PENDING
        )
