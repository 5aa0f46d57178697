"""Creating a page whose slug a sibling takes during the save answers a form error, not a 500."""

import pytest
from django.urls import reverse
from wagtail.admin.forms.pages import WagtailAdminPageForm

from programmes.models import EventPage
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@exemple.fr", "x"))
    return client


@pytest.fixture
def concurrent_sibling(monkeypatch):
    """Another request saves « Atelier » right after this form checked its slug."""
    check = WagtailAdminPageForm.clean

    def clean_then_sibling_saved(form):
        data = check(form)
        if not EventPage.objects.filter(slug="atelier").exists():
            f.event(form.parent_page.specific, "Atelier")
        return data

    monkeypatch.setattr(WagtailAdminPageForm, "clean", clean_then_sibling_saved)


def event_form(**changes):
    return {
        "title": "Atelier",
        "slug": "atelier",
        "summary": "Un atelier.",
        "starts_at": "05/03/2030 14:00",
        "ends_at": "05/03/2030 16:00",
        "recurrence": "none",
        "interval_weeks": "1",
        "is_public": "on",
        "body-count": "0",
        "planned_dates-TOTAL_FORMS": "0",
        "planned_dates-INITIAL_FORMS": "0",
        "planned_dates-MIN_NUM_FORMS": "0",
        "planned_dates-MAX_NUM_FORMS": "1000",
        **changes,
    }


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("programmes", "eventpage", parent.pk))


def test_an_autosave_racing_a_save_of_the_same_slug_is_refused_without_a_500(
    admin_client, concurrent_sibling
):
    programme = f.programme("Giga Séniors")
    response = admin_client.post(add_url(programme), event_form(), HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["error_code"] == "validation_error"
    assert EventPage.objects.count() == 1  # the sibling only: nothing of this request kept
    programme.refresh_from_db()
    assert programme.numchild == 1


def test_a_save_racing_another_of_the_same_slug_shows_the_form_with_a_french_error(
    admin_client, concurrent_sibling
):
    programme = f.programme("Giga Séniors")
    response = admin_client.post(add_url(programme), event_form())
    assert response.status_code == 200
    errors = response.context["form"].errors["slug"]
    assert errors == [
        "L'identifiant d'URL « atelier » vient d'être pris par une autre page au même endroit : "
        "changez-le ou rechargez la liste des pages."
    ]
    assert EventPage.objects.count() == 1
    # Once the slug is changed the page is created where it belongs.
    response = admin_client.post(add_url(programme), event_form(slug="atelier-du-mardi"))
    assert response.status_code == 302
    created = EventPage.objects.get(slug="atelier-du-mardi")
    assert created.get_parent().pk == programme.pk
    assert created.occurrences.count() == 1
