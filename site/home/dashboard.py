"""Work-queue panels of the admin home: each role sees the work waiting for it first.

A panel lists at most ``limit`` rows built in Python from a fixed number of queries (never one
per row), says so when there is nothing to do, and links to the full filtered listing. Each app
declares its own panels (artworks, programmes) with this base; this module also holds the
panels of Wagtail's own records (pages in moderation, returned or scheduled; imports).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail.models.content_types import get_default_page_content_type


@dataclass
class QueueRow:
    label: str
    url: str = ""
    detail: str = ""
    badge: str = ""
    action_label: str = ""
    action_url: str = ""


class WorkQueuePanel(Component):
    """Subclasses set ``name``, ``order``, ``title``, ``empty_message`` and return
    ``(total, rows)`` from ``get_queue()``; ``links`` are ``(label, url)`` of full listings."""

    template_name = "home/admin/work_queue_panel.html"
    limit = 10
    title = ""
    empty_message = _("Rien à faire pour le moment.")

    def __init__(self, user, today=None):
        self.user = user
        self.today = today or timezone.localdate()

    def get_queue(self):
        raise NotImplementedError

    def get_links(self):
        return []

    def get_context_data(self, parent_context=None):
        total, rows = self.get_queue()
        return {
            "panel": self,
            "title": self.title,
            "total": total,
            "rows": rows,
            "more": max(total - len(rows), 0),
            "empty_message": self.empty_message,
            "links": self.get_links(),
        }


def admin_url(name, *args, query=""):
    url = reverse(name, args=args)
    return f"{url}?{query}" if query else url


def in_role(user, group_name):
    """Whether the user holds the role (superusers hold every role)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name=group_name).exists()


def is_programme_staff(user):
    """Programme staff (and superusers): the people who publish pages and run imports."""
    from home.roles import PROGRAMME_STAFF

    return in_role(user, PROGRAMME_STAFF)


def is_moderator(user):
    from home.roles import MODERATORS

    return in_role(user, MODERATORS)


class PagesInProgressPanel(WorkQueuePanel):
    """Programme staff: pages submitted for moderation, returned for changes, or scheduled —
    from Wagtail's own records (workflow states, revisions approved to go live later)."""

    name = "pages_in_progress"
    order = 100
    title = _("Pages soumises, à reprendre ou programmées")
    empty_message = _("Aucune page en validation, à reprendre ou programmée.")

    def get_queue(self):
        states = WorkflowState.objects.active().filter(
            base_content_type=get_default_page_content_type()
        )
        scheduled = Revision.page_revisions.filter(approved_go_live_at__isnull=False)
        total = states.count() + scheduled.count()
        items = [
            (state["object_id"], state["status"], None)
            for state in states.order_by("-created_at", "-pk").values("object_id", "status")[
                : self.limit
            ]
        ]
        items += [
            (revision["object_id"], "scheduled", revision["approved_go_live_at"])
            for revision in scheduled.order_by("approved_go_live_at", "pk").values(
                "object_id", "approved_go_live_at"
            )[: self.limit]
        ]
        items = items[: self.limit]
        pages = Page.objects.only("pk", "title").in_bulk([int(pk) for pk, _s, _d in items])
        badges = {
            WorkflowState.STATUS_IN_PROGRESS: gettext("Soumise à la modération"),
            WorkflowState.STATUS_NEEDS_CHANGES: gettext("À reprendre"),
            "scheduled": gettext("Programmée"),
        }
        rows = []
        for page_id, status, go_live_at in items:
            page = pages.get(int(page_id))
            if page is None:
                continue
            detail = ""
            if go_live_at:
                detail = gettext("Mise en ligne le %(when)s") % {
                    "when": date_format(timezone.localtime(go_live_at), "j F Y H:i")
                }
            rows.append(
                QueueRow(
                    label=page.title,
                    url=admin_url("wagtailadmin_pages:edit", page.pk),
                    badge=badges[status],
                    detail=detail,
                )
            )
        return total, rows

    def get_links(self):
        return [(_("Suivi des validations"), admin_url("wagtailadmin_reports:workflow"))]


class ImportsPanel(WorkQueuePanel):
    """Programme staff: their imports waiting for confirmation (preview ready) and those that
    failed or were refused in the last 30 days (spreadsheets' one seam ``for_user``)."""

    name = "imports_waiting"
    order = 110
    title = _("Imports à confirmer ou en échec")
    empty_message = _("Aucun import à confirmer ni en échec.")
    failed_days = 30

    def get_queue(self):

        from spreadsheets.models import ImportJob

        Status = ImportJob.Status
        since = timezone.now() - timedelta(days=self.failed_days)
        queue = (
            ImportJob.objects.for_user(self.user)
            .filter(
                Q(status=Status.PREVIEWED)
                | Q(status__in=(Status.FAILED, Status.REFUSED), created_at__gte=since)
            )
            .order_by("-created_at", "-pk")
        )
        rows = []
        for job in queue.only("pk", "original_filename", "status", "created_at")[: self.limit]:
            waiting = job.status == Status.PREVIEWED
            rows.append(
                QueueRow(
                    label=job.original_filename,
                    url=admin_url("spreadsheets:job", job.pk),
                    badge=gettext("À confirmer") if waiting else job.get_status_display(),
                    detail=gettext("Envoyé le %(when)s")
                    % {"when": date_format(timezone.localtime(job.created_at), "j F Y H:i")},
                    action_label=gettext("Vérifier et confirmer") if waiting else "",
                    action_url=admin_url("spreadsheets:job", job.pk) if waiting else "",
                )
            )
        return queue.count(), rows

    def get_links(self):
        return [
            (
                _("Imports à confirmer"),
                admin_url("spreadsheets_importjob:index", query="status=previewed"),
            ),
            (
                _("Imports en échec"),
                admin_url("spreadsheets_importjob:index", query="status=failed"),
            ),
        ]


class EmptyReviewQueuePanel(WorkQueuePanel):
    """The moderator's review queue is Wagtail's own « awaiting your review » panel (approve
    from the dashboard); Wagtail hides it when empty, so this one says so — and only then."""

    name = "review_queue"
    order = 220
    title = _("Pages à valider")
    empty_message = _("Aucune page à valider pour le moment.")

    def get_queue(self):
        return 0, []

    def get_links(self):
        return [(_("Suivi des validations"), admin_url("wagtailadmin_reports:workflow"))]

    def render_html(self, parent_context=None):
        if TaskState.objects.reviewable_by(self.user).exists():
            return ""
        return super().render_html(parent_context)
