"""Équipe programmes submits, Modération publishes; scheduled publishing goes live on time."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from programmes.models import EventPage, ProgrammePage
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db


def event_form(action, **overrides):
    data = {
        "title": "Forum des seniors de Nanterre",
        "slug": "forum-nanterre",
        "summary": "Une journée de prévention pour les seniors.",
        "body": streamfield([]),
        "is_public": "on",
        "starts_at": "05/03/2030 14:00",
        "ends_at": "05/03/2030 17:00",
        "recurrence": "none",
        "interval_weeks": "1",
        "planned_dates": inline_formset([]),
        action: "1",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("programmes", "eventpage", parent.pk))


def test_programme_staff_submit_and_moderation_publishes(client, programme_staff, moderator):
    programme = f.programme("Giga Séniors")
    f.calendar_page()
    client.force_login(programme_staff)
    response = client.post(add_url(programme), event_form("action-submit"))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(slug="forum-nanterre")
    assert not event.live
    assert event.workflow_in_progress
    assert event.current_workflow_task.name == "Validation par la Modération"
    assert event.occurrences.count() == 1
    assert client.get(event.url or "/programmes/giga-seniors/forum-nanterre/").status_code == 404

    # Staff cannot publish themselves, even by asking for it.
    client.post(
        reverse("wagtailadmin_pages:edit", args=(event.pk,)),
        event_form("action-publish"),
    )
    event.refresh_from_db()
    assert not event.live

    client.force_login(moderator)
    task_state = event.current_workflow_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(event.pk, "approve", task_state.pk)),
        {"comment": "Validé"},
    )
    assert response.status_code in (200, 302)
    event.refresh_from_db()
    assert event.live and not event.workflow_in_progress
    client.logout()
    page = client.get("/programmes/giga-seniors/forum-nanterre/")
    assert page.status_code == 200
    assert (
        "Forum des seniors de Nanterre"
        in client.get("/agenda/", {"date_from": "2030-03-01"}).content.decode()
    )


def test_programme_pages_go_through_the_same_workflow(client, programme_staff):
    f.programme_index()
    programme = f.programme("Sourires d'été", live=False)
    client.force_login(programme_staff)
    programme.save_revision(user=programme_staff)
    programme.get_workflow().start(programme, programme_staff)
    programme.refresh_from_db()
    assert programme.workflow_in_progress
    assert not programme.permissions_for_user(programme_staff).can_publish()


def test_a_scheduled_event_goes_live_with_publish_scheduled(client, moderator, monkeypatch):
    programme = f.programme("Giga Séniors")
    f.calendar_page()
    event = f.event(programme, "Forum programmé", start=timezone.now() + timedelta(days=5))
    event.unpublish()
    event.go_live_at = timezone.now() + timedelta(hours=1)
    revision = event.save_revision(user=moderator)
    revision.publish(user=moderator)
    event.refresh_from_db()
    assert not event.live
    assert "Forum programmé" not in client.get("/agenda/").content.decode()

    assert Revision.objects.get(pk=revision.pk).approved_go_live_at == event.go_live_at
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=2))  # two hours on
    call_command("publish_scheduled", verbosity=0)
    monkeypatch.setattr(timezone, "now", real_now)
    event.refresh_from_db()
    assert event.live
    assert "Forum programmé" in client.get("/agenda/").content.decode()
    assert ProgrammePage.objects.live().count() == 1
