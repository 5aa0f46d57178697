"""The import and export histories: one ImportJob per uploaded file, from preview to result;
one ExportJob per export too large to be written during the request."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def format_duration(duration):
    """« 0,1 s », « 2 min 05 s »: how long a job took, as a person reads it."""
    if duration is None:
        return ""
    seconds = duration.total_seconds()
    if seconds < 60:
        return f"{seconds:.1f} s".replace(".", ",")
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


def private_storage():
    """Export files may hold personal data: they live outside MEDIA_ROOT (STORAGES["private"]),
    never under a public URL, and are served only by views.ExportDownloadView."""
    return storages["private"]


def _stored_files(storage, folder):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _stored_files(storage, f"{folder}/{sub}")


def delete_orphan_files(model, field_names, older_than):
    """Delete the private files under `field_names`' folders that no `model` row points to and
    that were last written before `older_than`: a worker killed between storing a file and
    committing its job leaves one behind, and it may hold personal data. Returns the count."""
    deleted = 0
    for field_name in field_names:
        field = model._meta.get_field(field_name)
        folder = field.upload_to.split("%", 1)[0].rstrip("/")
        for name in _stored_files(field.storage, folder):
            pointing = models.Q()
            for other in field_names:
                pointing |= models.Q(**{other: name})
            recorded = model.objects.filter(pointing).exists()
            if not recorded and field.storage.get_modified_time(name) < older_than:
                field.storage.delete(name)
                deleted += 1
    return deleted


class SpreadsheetJob(models.Model):
    """What an import and an export job share: the resource and format, the run (start, end,
    progress, duration, Celery task, attempts) and the message shown to the user."""

    #: the states in which a job is never run again (the tasks are idempotent)
    FINISHED = ()

    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    resource = models.CharField(_("données"), max_length=60)
    file_format = models.CharField(_("format"), max_length=10)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    row_count = models.PositiveIntegerField(_("lignes"), default=0)
    duration = models.DurationField(_("durée"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    task_id = models.CharField(_("tâche Celery"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="%(class)s_progress_at_most_100"
            )
        ]

    @property
    def duration_display(self):
        return format_duration(self.duration)

    @property
    def resource_display(self):
        """The resource's French name (« Fréquentation des séances »), not its code; the code
        for a resource no longer registered."""
        from spreadsheets import registry

        try:
            name = str(registry.get(self.resource).verbose_name)
        except registry.UnknownResource:
            return self.resource
        return name[:1].upper() + name[1:]

    @property
    def is_finished(self):
        return self.status in self.FINISHED

    def mark_failed(self, message):
        """Failed with this message for the user, unless already finished (tasks may be
        delivered twice); returns the job as it now is."""
        if not self.is_finished:
            self.status = self.Status.FAILED
            self.message = message
            self.finished_at = timezone.now()
            self.save()
        return self


#: given to nobody by default (superusers hold it, as every permission): see ImportJobQuerySet
VIEW_ALL_JOBS = "spreadsheets.view_all_jobs"


def personal_data_resources():
    """The registered resources holding personal data (the senior follow-up)."""
    from spreadsheets import registry

    return [entry.name for entry in registry.all_resources() if entry.restricted]


class ImportJobQuerySet(models.QuerySet):
    def for_user(self, user):
        """The jobs `user` may see, with their report and files: one's own; besides, for whoever
        reaches every row of the registered row scopes (every venue) AND holds
        « spreadsheets.view_all_jobs » (no role by default; superusers), the other users' jobs
        except those of a personal-data resource, which stay their sender's only — superusers
        included. A venue manager never sees another's job."""
        from spreadsheets import registry

        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        own = models.Q(user=user)
        if registry.sees_all_rows(user) and user.has_perm(VIEW_ALL_JOBS):
            return self.filter(own | ~models.Q(resource__in=personal_data_resources()))
        return self.filter(own)


class ImportJob(SpreadsheetJob):
    """One uploaded file, from preview to result. The upload itself is never kept: `file` holds
    the rows restricted to the resource's known columns (spreadsheets.jobs), from the preview
    to the end of the import, or until the preview expires or is cancelled."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        PREVIEWING = "previewing", _("Analyse en cours")
        PREVIEWED = "previewed", _("Aperçu prêt")
        IMPORTING = "importing", _("Import en cours")
        DONE = "done", _("Importé")
        REFUSED = "refused", _("Refusé (rien n'a été écrit)")
        FAILED = "failed", _("Échec")
        CANCELLED = "cancelled", _("Annulé (rien n'a été écrit)")
        EXPIRED = "expired", _("Aperçu expiré")

    #: a job in one of these states is never run again (the task is idempotent)
    FINISHED = (Status.DONE, Status.REFUSED, Status.FAILED, Status.CANCELLED, Status.EXPIRED)
    RUNNING = (Status.PREVIEWING, Status.IMPORTING)
    #: waiting for its sender: the stored rows expire after SPREADSHEETS_PREVIEW_RETENTION_HOURS
    WAITING = (Status.PENDING, Status.PREVIEWED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True, db_index=True)
    # The rows of the known columns only (JSON, gzip), private like the exports: they may hold
    # personal data (the senior follow-up). Deleted once the import ends, or the preview expires.
    file = models.FileField(
        _("lignes retenues"),
        storage=private_storage,
        upload_to="spreadsheets/rows/%Y/%m/",
        blank=True,
    )
    original_filename = models.CharField(_("nom du fichier"), max_length=255)
    skip_invalid = models.BooleanField(
        _("importer les lignes valides"),
        default=False,
        help_text=_("Les lignes en erreur sont écartées et rendues dans un fichier à corriger."),
    )
    background = models.BooleanField(_("tâche de fond"), default=False)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_count = models.PositiveIntegerField(_("créées"), default=0)
    updated_count = models.PositiveIntegerField(_("modifiées"), default=0)
    unchanged_count = models.PositiveIntegerField(_("inchangées"), default=0)
    skipped_count = models.PositiveIntegerField(_("écartées"), default=0)
    error_count = models.PositiveIntegerField(_("erreurs"), default=0)
    report = models.JSONField(_("compte rendu"), default=dict, blank=True)
    rejected_file = models.FileField(
        _("lignes refusées"),
        storage=private_storage,
        upload_to="spreadsheets/rejected/%Y/%m/",
        blank=True,
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta(SpreadsheetJob.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        permissions = [
            (
                "view_all_jobs",
                _(
                    "Voir les imports des autres utilisateurs et leurs fichiers "
                    "(hors données personnelles)"
                ),
            )
        ]

    def __str__(self):
        return f"{self.original_filename} ({self.resource_display})"

    def get_absolute_url(self):
        return reverse("spreadsheets:job", args=[self.pk])

    @property
    def is_running(self):
        return self.status in self.RUNNING or (
            self.background and self.status == self.Status.PENDING
        )

    def mark_failed(self, message):
        """A failed job is never run again: its stored rows go with it."""
        super().mark_failed(message)
        if self.status == self.Status.FAILED:
            self.discard_rows()
        return self

    def discard_rows(self, rejected=False):
        """Forget the stored rows (and with `rejected`, the rejected-rows file), once the
        current transaction commits: a rollback keeps the job pointing at real files."""
        fields = ["file", "rejected_file"] if rejected else ["file"]
        for name in fields:
            stored = getattr(self, name)
            if stored:
                _delete_on_commit(stored.storage, [stored.name])
            setattr(self, name, "")
        type(self).objects.filter(pk=self.pk).update(**dict.fromkeys(fields, ""))


def _delete_on_commit(storage, names):
    def delete():
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete)


@receiver(post_delete, sender=ImportJob, dispatch_uid="spreadsheets-importjob-files")
def _delete_import_files(sender, instance, **kwargs):
    """A deleted job (admin, purge) takes its stored rows and rejected-rows file with it."""
    for stored in (instance.file, instance.rejected_file):
        if stored:
            _delete_on_commit(stored.storage, [stored.name])


class ExportJob(SpreadsheetJob):
    """An export written by a Celery worker; the file is kept privately for its owner until the
    daily expiry task deletes it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("Export en cours")
        DONE = "done", _("Prêt à télécharger")
        FAILED = "failed", _("Échec")
        EXPIRED = "expired", _("Expiré (fichier supprimé)")

    #: a job in one of these states is never run again (the task is idempotent)
    FINISHED = (Status.DONE, Status.FAILED, Status.EXPIRED)
    ACTIVE = (Status.PENDING, Status.RUNNING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="export_jobs",
    )
    listing_path = models.CharField(
        _("liste d'origine"),
        max_length=255,
        blank=True,
        help_text=_("Adresse de la liste exportée ; vide : toutes les fiches accessibles."),
    )
    query_string = models.TextField(
        _("paramètres de la liste"),
        blank=True,
        help_text=_("Filtres, recherche et tri de la liste, réappliqués par la tâche de fond."),
    )
    filters_summary = models.TextField(_("filtres"), blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    file = models.FileField(
        _("fichier"), storage=private_storage, upload_to="exports/%Y/%m/", blank=True
    )
    filename = models.CharField(_("nom du fichier"), max_length=255)

    class Meta(SpreadsheetJob.Meta):
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return f"{self.filename} ({self.resource_display})"

    def get_absolute_url(self):
        return reverse("spreadsheets:export_job", args=[self.pk])

    @property
    def is_running(self):
        return self.status in self.ACTIVE

    @property
    def is_ready(self):
        return self.status == self.Status.DONE and bool(self.file)
