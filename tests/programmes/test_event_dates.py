"""The dates of an event follow its rule where the rule changes: the admin's create, edit and
copy (programmes.wagtail_hooks) and every publish, whoever publishes (programmes.apps,
page_published) — not a side effect of ``EventPage.save``."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from programmes.models import EventPage, Recurrence
from tests.programmes import factories as f
from tests.programmes.test_moderation import add_url, event_form

pytestmark = pytest.mark.django_db


def hours(event):
    return sorted({timezone.localtime(o.start).hour for o in event.occurrences.all()})


def test_a_draft_created_in_the_admin_gets_the_dates_of_its_rule(client, moderator):
    programme = f.programme("Giga Séniors")
    client.force_login(moderator)
    form = event_form("action-save", recurrence="weekly", repeat_until="26/03/2030")
    response = client.post(add_url(programme), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(slug="forum-nanterre")
    assert not event.live
    assert event.occurrences.count() == 4  # 5, 12, 19 and 26 March


def test_an_edit_in_the_admin_moves_the_dates(client, moderator):
    programme = f.programme("Giga Séniors")
    event = f.event(programme, "Forum des seniors de Nanterre", slug="forum-nanterre")
    assert hours(event) == [14]
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(event.pk,)),
        event_form("action-publish", starts_at="05/03/2030 10:00", ends_at="05/03/2030 12:00"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert hours(event) == [10]


def test_a_copy_made_in_the_admin_has_its_own_dates(client, moderator):
    programme = f.programme("Giga Séniors")
    event = f.weekly_event(programme, until=date(2030, 3, 19))
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=(event.pk,)),
        {"new_title": "Atelier mémoire bis", "new_slug": "atelier-bis",
         "new_parent_page": programme.pk},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    copy = EventPage.objects.get(slug="atelier-bis")
    assert not copy.live
    assert copy.occurrences.count() == 3
    assert event.occurrences.count() == 3


def test_a_revision_published_by_the_scheduler_brings_its_dates(moderator, monkeypatch):
    programme = f.programme("Giga Séniors")
    event = f.event(programme, "Forum", start=timezone.now() + timedelta(days=5))
    start = timezone.localtime(event.starts_at)
    event.starts_at = start + timedelta(days=7)
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.recurrence = Recurrence.NONE
    event.go_live_at = timezone.now() + timedelta(hours=1)
    event.save_revision(user=moderator).publish(user=moderator)

    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=2))
    call_command("publish_scheduled", verbosity=0)
    monkeypatch.setattr(timezone, "now", real_now)
    [occurrence] = event.occurrences.all()
    assert timezone.localtime(occurrence.start).date() == (start + timedelta(days=7)).date()
