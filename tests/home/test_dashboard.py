"""The admin home's work queues of Wagtail's own records: programme staff see the pages
submitted, returned or scheduled and their imports to confirm or failed; the moderator sees
the review queue and approves from it; each queue says when it is empty and links to the
full listing; each runs a fixed number of queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from home.dashboard import ImportsPanel, PagesInProgressPanel
from spreadsheets.models import ImportJob
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db


def panel_html(html, name):
    return html.split(f'id="{name}-panel"', 1)[1].split("</section>", 1)[0]


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def submit(page, user):
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def draft_event(programme, title):
    event = f.event(programme, title)
    event.live = False
    event.save()
    return event


def job(user, name, status, **fields):
    return ImportJob.objects.create(
        user=user,
        resource="lieux",
        file_format="csv",
        original_filename=name,
        status=status,
        **fields,
    )


def test_programme_staff_see_submitted_returned_and_scheduled_pages(client, programme_staff):
    programme = f.programme("Giga Séniors")
    submitted = draft_event(programme, "Forum soumis")
    submit(submitted, programme_staff)
    returned = draft_event(programme, "Forum à reprendre")
    state = submit(returned, programme_staff)
    state.status = WorkflowState.STATUS_NEEDS_CHANGES
    state.save()
    scheduled = draft_event(programme, "Forum programmé")
    scheduled.go_live_at = timezone.now() + timedelta(days=3)
    scheduled.save_revision().publish()
    draft_event(programme, "Brouillon tranquille")

    panel = panel_html(home(client, programme_staff), "pages_in_progress")
    assert "Pages soumises, à reprendre ou programmées" in panel
    for page, badge in (
        (submitted, "Soumise à la modération"),
        (returned, "À reprendre"),
        (scheduled, "Programmée"),
    ):
        assert page.title in panel and badge in panel
        assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in panel
    assert "Brouillon tranquille" not in panel
    assert reverse("wagtailadmin_reports:workflow") in panel


def test_programme_staff_see_their_imports_to_confirm_or_failed_not_others(
    client, programme_staff, manager_a
):
    waiting = job(programme_staff, "lieux-a-confirmer.csv", ImportJob.Status.PREVIEWED)
    job(programme_staff, "lieux-en-echec.csv", ImportJob.Status.FAILED)
    job(programme_staff, "lieux-importes.csv", ImportJob.Status.DONE)
    job(manager_a, "fichier-d-un-autre.csv", ImportJob.Status.PREVIEWED)

    panel = panel_html(home(client, programme_staff), "imports_waiting")
    assert "Imports à confirmer ou en échec" in panel
    assert "lieux-a-confirmer.csv" in panel and "lieux-en-echec.csv" in panel
    assert "lieux-importes.csv" not in panel and "fichier-d-un-autre.csv" not in panel
    assert reverse("spreadsheets:job", args=[waiting.pk]) in panel
    listing = reverse("spreadsheets_importjob:index") + "?status=previewed"
    assert listing in panel
    assert "lieux-a-confirmer.csv" in client.get(listing).content.decode()


def test_empty_queues_say_so(client, programme_staff):
    html = home(client, programme_staff)
    assert "Aucune page en validation, à reprendre ou programmée." in panel_html(
        html, "pages_in_progress"
    )
    assert "Aucun import à confirmer ni en échec." in panel_html(html, "imports_waiting")


def test_venue_managers_and_moderators_get_no_staff_queue(client, manager_a, moderator):
    for user in (manager_a, moderator):
        html = home(client, user)
        assert 'id="pages_in_progress-panel"' not in html
        assert 'id="imports_waiting-panel"' not in html


def test_a_venue_manager_sees_no_image_count(client, manager_a, admin_user):
    image_count = re.compile(r"\d+ Images? <span")
    assert not image_count.search(home(client, manager_a))
    assert image_count.search(home(client, admin_user))


def test_the_moderator_approves_from_the_review_queue(client, programme_staff, moderator):
    event = draft_event(f.programme("Giga Séniors"), "Forum à valider")
    state = submit(event, programme_staff)
    html = home(client, moderator)
    assert "Forum à valider" in html
    task_state = state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[event.pk, "approve", task_state.pk]
    )
    assert f'data-workflow-action-url="{approve}"' in html
    assert 'id="review_queue-panel"' not in html  # Wagtail's panel lists it: no empty state
    response = client.post(approve, {})
    assert response.status_code in (200, 302)
    event.refresh_from_db()
    assert event.live


@pytest.mark.parametrize("size", [2, 12])
def test_staff_queues_run_a_fixed_number_of_queries(
    django_assert_num_queries, programme_staff, size
):
    programme = f.programme("Giga Séniors")
    for i in range(size):
        submit(draft_event(programme, f"Forum {i}"), programme_staff)
        job(programme_staff, f"lieux-{i}.csv", ImportJob.Status.PREVIEWED)
    PagesInProgressPanel(programme_staff).render_html({})  # warms the content type cache
    with django_assert_num_queries(5):  # two counts, two lists, the pages' titles
        html = PagesInProgressPanel(programme_staff).render_html({})
    assert html.count("<tr>") == min(size, 10)
    ImportsPanel(programme_staff).render_html({})  # warms the user's permission cache
    with django_assert_num_queries(2):  # the count and the first rows
        html = ImportsPanel(programme_staff).render_html({})
    assert html.count("<tr>") == min(size, 10)


def test_a_moderator_with_nothing_to_review_reads_so(client, moderator, programme_staff):
    html = home(client, moderator)
    panel = panel_html(html, "review_queue")
    assert "Aucune page à valider pour le moment." in panel
    assert reverse("wagtailadmin_reports:workflow") in panel
    assert 'id="review_queue-panel"' not in home(client, programme_staff)
