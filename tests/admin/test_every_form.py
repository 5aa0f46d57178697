"""Every admin add and edit form of the project, filled and sent as a person would, answers
without a server error. The list is built from Wagtail's registries: a new viewset, snippet,
page type or setting is covered without touching this file."""

import pytest
from django.conf import settings
from django.contrib.admin.utils import quote
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page, get_page_models

from tests.admin.form_filler import FilledForm

pytestmark = pytest.mark.django_db


def project_model(model):
    return model is not None and model._meta.app_label in settings.PROJECT_APPS


def project_viewsets():
    return [
        vs
        for vs in viewsets.viewsets
        if isinstance(vs, ModelViewSet) and project_model(getattr(vs, "model", None))
    ]


def project_page_models():
    return [model for model in get_page_models() if project_model(model)]


def url_or_none(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def send(client, url, extra=None):
    """GET the form, fill it, POST it; after a refusal correct the marked fields (twice at
    most). Returns the list of (method, url, status, error) of the exchange."""
    exchange = []
    response = client.get(url, follow=True)
    exchange.append(("GET", url, response.status_code, _error(response)))
    if response.status_code != 200 or response.context is None or "form" not in response.context:
        return exchange
    target = response.request["PATH_INFO"]
    filled = FilledForm(response.content.decode(), response.context["form"])
    for _attempt in range(3):
        response = client.post(target, {**filled.data(), **(extra or {})})
        exchange.append(
            ("POST", target, response.status_code, _error(response) or _refusal(response))
        )
        if response.status_code != 200 or response.context is None:
            break
        if "form" not in response.context or not filled.correct(response.context["form"]):
            break
    return exchange


def _refusal(response):
    form = response.context and "form" in response.context and response.context["form"]
    if not form:
        return ""
    errors = dict(form.errors)
    for name, formset in getattr(form, "formsets", {}).items():
        if any(formset.errors) or formset.non_form_errors():
            errors[name] = [formset.errors, formset.non_form_errors()]
    return repr(errors)


def _error(response):
    exc_info = getattr(response, "exc_info", None)
    return repr(exc_info[1]) if exc_info else ""


def first_instance(model):
    return model._default_manager.order_by("pk").first()


@pytest.fixture
def superuser_client(client, django_user_model):
    call_command("load_demo_data", verbosity=0)
    client.force_login(
        django_user_model.objects.create_superuser("formulaires", "f@exemple.fr", "x")
    )
    client.raise_request_exception = False
    return client


def test_every_admin_form_is_sent_without_a_server_error(superuser_client):
    client = superuser_client
    exchanges = []
    covered = set()

    for viewset in project_viewsets():
        label = viewset.model._meta.label
        add = url_or_none(viewset.get_url_name("add"))
        if add:
            exchanges += send(client, add)
            covered.add((label, "add"))
        instance = first_instance(viewset.model)
        edit = instance and url_or_none(viewset.get_url_name("edit"), quote(instance.pk))
        if edit:
            exchanges += send(client, edit)
            covered.add((label, "edit"))

    for model in project_page_models():
        label = model._meta.label
        parent = next(
            (
                page
                for page in Page.objects.order_by("path").specific()
                if model in page.specific_class.creatable_subpage_models()
                and model.can_create_at(page)
            ),
            None,
        )
        if parent is not None:
            app, name = model._meta.app_label, model._meta.model_name
            exchanges += send(
                client, reverse("wagtailadmin_pages:add", args=(app, name, parent.pk))
            )
            covered.add((label, "add"))
        instance = first_instance(model)
        if instance is not None:
            edit = reverse("wagtailadmin_pages:edit", args=(instance.pk,))
            exchanges += send(client, edit, {"action-publish": "action-publish"})
            covered.add((label, "edit"))

    for model in settings_registry:
        if project_model(model):
            app, name = model._meta.app_label, model._meta.model_name
            exchanges += send(client, reverse("wagtailsettings:edit", args=(app, name)))
            covered.add((model._meta.label, "edit"))

    server_errors = [e for e in exchanges if e[2] >= 500]
    assert server_errors == []
    # The registries were read: every kind of record is reached, and most forms are accepted.
    for expected in [
        ("programmes.Occurrence", "add"),
        ("artworks.Placement", "add"),
        ("artworks.Artwork", "edit"),
        ("places.Venue", "add"),
        ("programmes.EventPage", "add"),
        ("programmes.EventPage", "edit"),
        ("home.SiteSettings", "edit"),
    ]:
        assert expected in covered
    posts = [e for e in exchanges if e[0] == "POST"]
    accepted = [e for e in posts if e[2] == 302]
    accepted_urls = {e[1] for e in accepted}
    assert reverse("wagtailsnippets_programmes_occurrence:add") in accepted_urls
    print(f"\n{len(posts)} formulaires envoyés, {len(accepted)} acceptés")
    for e in posts:
        if e[2] != 302:
            print("  refusé :", e)
