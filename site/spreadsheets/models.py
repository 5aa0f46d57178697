"""The import and export histories, in one table (SpreadsheetJob): one ImportJob per uploaded
file, from preview to result; one ExportJob per export too large to be written during the
request. Both are proxies of SpreadsheetJob restricted to their `kind`, so that one runner
(spreadsheets.runner) drives them and each keeps its own states, history and permissions."""

import datetime

from django.conf import settings
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models.signals import post_delete
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


def delete_orphan_files(older_than):
    """Delete the private files in the jobs' folders that no job points to and that were last
    written before `older_than`: a worker killed between storing a file and committing its job
    leaves one behind, and it may hold personal data. Returns the count."""
    places = [("file", folder) for folder in SpreadsheetJob.FILE_FOLDERS.values()]
    places.append(("rejected_file", SpreadsheetJob.REJECTED_FOLDER))
    deleted = 0
    for field_name, folder in places:
        storage = SpreadsheetJob._meta.get_field(field_name).storage
        for name in _stored_files(storage, folder):
            recorded = SpreadsheetJob.objects.filter(
                models.Q(file=name) | models.Q(rejected_file=name)
            ).exists()
            if not recorded and storage.get_modified_time(name) < older_than:
                storage.delete(name)
                deleted += 1
    return deleted


def job_file_path(job, filename):
    """An import's stored rows under spreadsheets/rows/, an export's file under exports/, by
    year and month (one `file` field for both kinds)."""
    folder = SpreadsheetJob.FILE_FOLDERS[job.kind]
    return datetime.datetime.now().strftime(f"{folder}/%Y/%m/") + filename


#: given to nobody by default (superusers hold it, as every permission): see JobQuerySet
VIEW_ALL_JOBS = "spreadsheets.view_all_jobs"


def personal_data_resources():
    """The registered resources holding personal data (the senior follow-up)."""
    from spreadsheets import registry

    return [entry.name for entry in registry.all_resources() if entry.restricted]


class JobQuerySet(models.QuerySet):
    def for_user(self, user):
        """The jobs `user` may see, with their report and files: one's own; besides, for whoever
        reaches every row of the registered row scopes (every venue) AND holds
        « spreadsheets.view_all_jobs » (no role by default; superusers), the other users' jobs
        except those of a personal-data resource, which stay their sender's only — superusers
        included. A venue manager never sees another's job. (Exports: views.export_jobs_visible_to
        narrows it to one's own.)"""
        from spreadsheets import registry

        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        own = models.Q(user=user)
        if registry.sees_all_rows(user) and user.has_perm(VIEW_ALL_JOBS):
            return self.filter(own | ~models.Q(resource__in=personal_data_resources()))
        return self.filter(own)


class KindManager(models.Manager.from_queryset(JobQuerySet)):
    """A proxy's jobs only (ImportJob.objects: the imports)."""

    def get_queryset(self):
        return super().get_queryset().filter(kind=self.model.KIND)


class SpreadsheetJob(models.Model):
    """Every import and export job, in one table: the resource and format, the run (start, end,
    progress, duration, Celery task, attempts), the message shown to the user, and the fields of
    each kind (blank for the other). Read and written through ImportJob and ExportJob."""

    class Kind(models.TextChoices):
        IMPORT = "import", _("import")
        EXPORT = "export", _("export")

    class Status(models.TextChoices):
        """Every state of either kind (each proxy has its own Status and labels)."""

        PENDING = "pending", _("En attente")
        PREVIEWING = "previewing", _("Analyse en cours")
        PREVIEWED = "previewed", _("Aperçu prêt")
        IMPORTING = "importing", _("Import en cours")
        RUNNING = "running", _("Export en cours")
        DONE = "done", _("Terminé")
        REFUSED = "refused", _("Refusé (rien n'a été écrit)")
        FAILED = "failed", _("Échec")
        CANCELLED = "cancelled", _("Annulé (rien n'a été écrit)")
        EXPIRED = "expired", _("Expiré")

    #: where each kind keeps its `file` (job_file_path); an import's rejected rows: REJECTED_FOLDER
    FILE_FOLDERS = {Kind.IMPORT: "spreadsheets/rows", Kind.EXPORT: "exports"}
    REJECTED_FOLDER = "spreadsheets/rejected"

    # What each proxy declares for the runner (spreadsheets.runner):
    #: its kind
    KIND = None
    #: the states in which a job is never run again (the tasks are idempotent)
    FINISHED = ()
    #: the states of a job handed to a worker: still in one after STALE_AFTER, it lost its worker
    IN_PROGRESS = ()
    #: the setting (and its default) above which many rows go to a worker
    BACKGROUND_SETTING, BACKGROUND_DEFAULT = None, 0
    #: the messages of its failures, in French for the user
    FAILURE_MESSAGE = ATTEMPTS_MESSAGE = STALE_MESSAGE = OWNER_GONE_MESSAGE = ""

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, db_index=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="spreadsheet_jobs",
    )
    resource = models.CharField(_("données"), max_length=60)
    file_format = models.CharField(_("format"), max_length=10)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    row_count = models.PositiveIntegerField(_("lignes"), default=0)
    duration = models.DurationField(_("durée"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    task_id = models.CharField(_("tâche Celery"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    # An import's rows of the known columns only (JSON, gzip), from the preview to the end of
    # the import; an export's file. Private: they may hold personal data (the senior follow-up).
    file = models.FileField(
        _("fichier"), storage=private_storage, upload_to=job_file_path, blank=True
    )

    # --- imports ---
    original_filename = models.CharField(_("nom du fichier envoyé"), max_length=255, blank=True)
    skip_invalid = models.BooleanField(
        _("importer les lignes valides"),
        default=False,
        help_text=_("Les lignes en erreur sont écartées et rendues dans un fichier à corriger."),
    )
    background = models.BooleanField(_("tâche de fond"), default=False)
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

    # --- exports ---
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
    filename = models.CharField(_("nom du fichier"), max_length=255, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("tâche de tableur")
        verbose_name_plural = _("tâches de tableur")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="spreadsheetjob_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["import", "export"]), name="spreadsheetjob_kind_known"
            ),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.KIND and not self.__dict__.get("kind", self.KIND):  # never loads a deferred kind
            self.kind = self.KIND  # a new ImportJob or ExportJob: before its file is named

    def __str__(self):
        return f"{self.original_filename or self.filename} ({self.resource_display})"

    def as_kind(self):
        """This job as its proxy (ImportJob or ExportJob), e.g. read through SpreadsheetJob."""
        if type(self).KIND != self.kind:
            self.__class__ = JOB_KINDS[self.kind]
        return self

    def get_status_display(self):
        """The state's label in this kind's own words (« Importé », « Prêt à télécharger »)."""
        try:
            return str(self.Status(self.status).label)
        except ValueError:
            return self.status

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

    @classmethod
    def background_threshold(cls):
        """More rows than this go to a worker (SPREADSHEETS_BACKGROUND_ROWS for imports,
        SPREADSHEETS_BACKGROUND_EXPORT_ROWS for exports)."""
        return getattr(settings, cls.BACKGROUND_SETTING, cls.BACKGROUND_DEFAULT)

    def mark_failed(self, message):
        """Failed with this message for the user, unless already finished (tasks may be
        delivered twice); returns the job as it now is."""
        if not self.is_finished:
            self.status = self.Status.FAILED
            self.message = message
            self.finished_at = timezone.now()
            self.save()
        return self


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

    KIND = SpreadsheetJob.Kind.IMPORT
    FINISHED = (Status.DONE, Status.REFUSED, Status.FAILED, Status.CANCELLED, Status.EXPIRED)
    RUNNING = (Status.PREVIEWING, Status.IMPORTING)
    IN_PROGRESS = RUNNING
    #: waiting for its sender: the stored rows expire after SPREADSHEETS_PREVIEW_RETENTION_HOURS
    WAITING = (Status.PENDING, Status.PREVIEWED)
    BACKGROUND_SETTING, BACKGROUND_DEFAULT = "SPREADSHEETS_BACKGROUND_ROWS", 2000
    FAILURE_MESSAGE = _(
        "Le traitement a échoué de façon inattendue ; rien n'a été enregistré. "
        "Réessayez ou contactez l'équipe technique."
    )
    ATTEMPTS_MESSAGE = _("Le traitement a échoué après %(n)s tentatives ; rien n'a été enregistré.")
    STALE_MESSAGE = _(
        "Le traitement a été interrompu ; rien n'a été enregistré. Renvoyez le fichier."
    )
    OWNER_GONE_MESSAGE = _("Le compte qui a envoyé ce fichier n'est plus actif.")

    objects = KindManager()

    class Meta:
        proxy = True
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


class ExportJob(SpreadsheetJob):
    """An export written by a Celery worker; the file is kept privately for its owner until the
    daily expiry task deletes it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("Export en cours")
        DONE = "done", _("Prêt à télécharger")
        FAILED = "failed", _("Échec")
        EXPIRED = "expired", _("Expiré (fichier supprimé)")

    KIND = SpreadsheetJob.Kind.EXPORT
    FINISHED = (Status.DONE, Status.FAILED, Status.EXPIRED)
    ACTIVE = (Status.PENDING, Status.RUNNING)
    IN_PROGRESS = ACTIVE
    BACKGROUND_SETTING, BACKGROUND_DEFAULT = "SPREADSHEETS_BACKGROUND_EXPORT_ROWS", 5000
    FAILURE_MESSAGE = _(
        "L'export a échoué de façon inattendue ; aucun fichier n'a été produit. "
        "Relancez-le depuis la liste ou contactez l'équipe technique."
    )
    ATTEMPTS_MESSAGE = _(
        "L'export a échoué après %(n)s tentatives ; aucun fichier n'a été produit."
    )
    STALE_MESSAGE = _("L'export n'a pas abouti ; aucun fichier n'a été produit. Relancez-le.")
    OWNER_GONE_MESSAGE = _("Le compte qui a demandé cet export n'est plus actif.")

    objects = KindManager()

    class Meta:
        proxy = True
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def get_absolute_url(self):
        return reverse("spreadsheets:export_job", args=[self.pk])

    @property
    def is_running(self):
        return self.status in self.ACTIVE

    @property
    def is_ready(self):
        return self.status == self.Status.DONE and bool(self.file)


JOB_KINDS = {ImportJob.KIND: ImportJob, ExportJob.KIND: ExportJob}


def _delete_on_commit(storage, names):
    def delete():
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete)


def _delete_job_files(sender, instance, **kwargs):
    """A deleted job (admin, purge) takes its files with it: an import's stored rows and
    rejected-rows file, an export's file."""
    for stored in (instance.file, instance.rejected_file):
        if stored:
            _delete_on_commit(stored.storage, [stored.name])


for _model in (SpreadsheetJob, ImportJob, ExportJob):  # a deletion is sent as its queryset's model
    post_delete.connect(
        _delete_job_files, sender=_model, dispatch_uid=f"spreadsheets-job-files-{_model.__name__}"
    )
