"""A French confirmation after a moderation decision.

Wagtail's workflow action view (« Approuver » or « Demander des modifications » from the
dashboard's review queue) performs the action and redirects with no message at all; from the
page editor it only says the page « a été mise à jour ». Moderators then cannot tell whether
their approval went through. This page viewset, registered for every page type in place of
Wagtail's default one (`home.wagtail_hooks`), says what the decision did: published, scheduled,
passed to the next step, or sent back for changes.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, TaskState


def decision_message(page, action_name):
    """What the moderator's `action_name` did to `page` (read again after the action)."""
    page = Page.objects.get(pk=page.pk).specific_deferred
    title = page.get_admin_display_title()
    if action_name == "reject":
        return _(
            "Modifications demandées pour la page « %(title)s » : elle revient à son auteur."
        ) % {"title": title}
    if action_name != "approve":
        return _("Décision enregistrée pour la page « %(title)s ».") % {"title": title}
    state = page.current_workflow_state
    if state is not None and state.current_task_state is not None:
        return _(
            "Étape approuvée pour la page « %(title)s » : elle passe à l'étape « %(task)s »."
        ) % {"title": title, "task": state.current_task_state.task.name}
    scheduled = page.scheduled_revision
    if scheduled is not None and scheduled.approved_go_live_at > timezone.now():
        when = date_format(timezone.localtime(scheduled.approved_go_live_at), "j F Y à H:i")
        return _("Page « %(title)s » approuvée : elle sera publiée le %(when)s.") % {
            "title": title,
            "when": when,
        }
    if page.live:
        return _("Page « %(title)s » approuvée et publiée.") % {"title": title}
    return _("Page « %(title)s » approuvée.") % {"title": title}


class DecisionWorkflowActionView(WorkflowActionView):
    """From the dashboard (or any « Approuver » outside the editor)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        done = (
            TaskState.objects.filter(pk=self.task_state.pk)
            .exclude(status=TaskState.STATUS_IN_PROGRESS)
            .exists()
        )
        if done:
            messages.success(request, decision_message(self.object, self.action_name))
        return response


class DecisionEditView(EditView):
    """From the page editor: the decision's message instead of « mise à jour »."""

    def perform_workflow_action(self):
        self._decision = self.workflow_action
        return super().perform_workflow_action()

    def add_save_confirmation_message(self):
        action_name = getattr(self, "_decision", None)
        if action_name is None:
            return super().add_save_confirmation_message()
        messages.success(self.request, decision_message(self.page, action_name))


class DecisionPageViewSet(PageViewSet):
    model = Page
    edit_view_class = DecisionEditView
    workflow_action_view_class = DecisionWorkflowActionView


decision_page_viewset = DecisionPageViewSet()
