"""After « Approuver » the moderator reads what happened, in French (issue 13): from the
dashboard's review queue (Wagtail's workflow action view, which says nothing by itself) and from
the page editor (where Wagtail only says the page was updated)."""

from html import unescape

import pytest
from django.urls import reverse

from programmes.models import EventPage
from tests.programmes import factories as f
from tests.programmes.test_moderation import add_url, event_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, programme_staff):
    programme = f.programme("Giga Séniors")
    f.calendar_page()
    client.force_login(programme_staff)
    response = client.post(add_url(programme), event_form("action-submit"))
    assert response.status_code == 302
    client.get(reverse("wagtailadmin_home"))  # the submission's own message is read
    event = EventPage.objects.get(slug="forum-nanterre")
    assert event.workflow_in_progress
    return event


def messages_of(response):
    return [" ".join(unescape(str(m)).split()) for m in response.context["messages"]]


def test_approving_from_the_dashboard_says_the_page_is_approved_and_published(
    client, moderator, submitted
):
    client.force_login(moderator)
    task_state = submitted.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(submitted.pk, "approve", task_state.pk)
    )
    response = client.post(
        f"{url}?next={reverse('wagtailadmin_home')}", {"comment": "Validé"}, follow=True
    )
    assert response.request["PATH_INFO"] == reverse("wagtailadmin_home")
    assert messages_of(response) == ["Page « Forum des seniors de Nanterre » approuvée et publiée."]
    submitted.refresh_from_db()
    assert submitted.live


def test_asking_for_changes_from_the_dashboard_says_so(client, moderator, submitted):
    client.force_login(moderator)
    task_state = submitted.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(submitted.pk, "reject", task_state.pk)
    )
    response = client.post(url, {"comment": "Précisez le lieu."}, follow=True)
    assert messages_of(response) == [
        "Modifications demandées pour la page « Forum des seniors de Nanterre » : elle revient "
        "à son auteur."
    ]
    submitted.refresh_from_db()
    assert not submitted.live


def test_approving_from_the_editor_says_the_page_is_approved_not_only_updated(
    client, moderator, submitted
):
    client.force_login(moderator)
    data = event_form("action-workflow-action")
    data["workflow-action-name"] = "approve"
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(submitted.pk,)), data, follow=True
    )
    assert messages_of(response) == ["Page « Forum des seniors de Nanterre » approuvée et publiée."]
    submitted.refresh_from_db()
    assert submitted.live


def test_a_refused_action_adds_no_approval_message(client, programme_staff, submitted):
    """Programme staff may not approve: nothing done, nothing claimed."""
    task_state = submitted.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(submitted.pk, "approve", task_state.pk)
    )
    response = client.post(url, {"comment": "Moi-même"}, follow=True)
    assert not any("approuvée" in m for m in messages_of(response))
    submitted.refresh_from_db()
    assert not submitted.live
