import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def plain(value):
    """StreamField values compare by their stored JSON, not by object identity."""
    return value.get_prep_value() if hasattr(value, "raw_data") else value


def snapshot():
    """Every row of every project and Wagtail content table, as comparable values."""
    tables = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin", "wagtailsearch", "modelsearch"}:
            continue
        if model._meta.label in {
            "wagtailcore.ReferenceIndex",
            "wagtailcore.ModelLogEntry",
            "wagtailcore.PageLogEntry",
            "places.VenueRecordLogEntry",
        }:
            continue
        tables[model._meta.label] = sorted(
            repr(tuple(plain(value) for value in row))
            for row in model._default_manager.values_list()
        )
    return tables


def test_load_demo_data_twice_changes_nothing():
    call_command("load_demo_data", verbosity=0)
    first = snapshot()
    call_command("load_demo_data", verbosity=0)
    assert snapshot() == first


def test_demo_data_holds_the_seed_venues_and_one_account_per_role():
    from django.contrib.auth import get_user_model

    from places.models import Venue

    call_command("load_demo_data", verbosity=0)
    names = set(Venue.objects.values_list("name", flat=True))
    assert {
        "Pôle social d'Asnières–Gennevilliers",
        "PMI Alma",
        "PMI Mocquard",
        "Centre social Louise Michel",
        "École française des femmes",
    } <= names
    User = get_user_model()
    groups = set(User.objects.values_list("groups__name", flat=True))
    assert {"Équipe programmes", "Modération", "Responsables de lieu"} <= groups
    manager = User.objects.get(username="lieu.asnieres")
    assert manager.managed_venues.filter(name="Pôle social d'Asnières–Gennevilliers").exists()


def test_create_local_admin_prints_a_login_that_works(client, settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("create_local_admin")
    out = capsys.readouterr().out
    password = out.split("mot de passe « ")[1].split(" »")[0]
    response = client.post("/admin/login/", {"username": "admin", "password": password})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    call_command("create_local_admin")
    assert password in capsys.readouterr().out
