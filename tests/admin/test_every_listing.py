"""Every admin listing of the project, and every page the project adds to the admin without a
parameter (planning, reports…), reads in French: no True/False cell, no abbreviated or English
month, and their XLSX exports name their sheet after their content, never « Sheet1 ». The list
comes from Wagtail's registries and the project's admin URL hooks."""

import re
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook
from wagtail import hooks

from tests.admin.test_every_form import project_viewsets

pytestmark = pytest.mark.django_db

MONTH_ABBREVIATION = re.compile(
    r"\b(jan|feb|fév|fev|mar|apr|avr|may|jun|jui|jul|aug|aoû|aou|sep|oct|nov|dec|déc)\.? \d{4}\b",
    re.IGNORECASE,
)
ENGLISH_MONTH = re.compile(
    r"\b(january|february|march|april|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)


def project_admin_pages():
    """The project's admin pages reachable without a parameter (from register_admin_urls)."""
    for fn in hooks.get_hooks("register_admin_urls"):
        if fn.__module__.split(".")[0] not in {
            "home",
            "places",
            "programmes",
            "artworks",
            "spreadsheets",
        }:
            continue
        for pattern in fn():
            name = getattr(pattern, "name", None)
            if not name:
                continue
            try:
                yield reverse(name)
            except NoReverseMatch:
                continue


def visible_problems(url, html):
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main") or soup
    for hidden in main.select("script, template, [hidden]"):
        hidden.decompose()
    problems = []
    for cell in main.find_all(["td", "th", "dd"]):
        text = cell.get_text(" ", strip=True)
        if text in {"True", "False", "None"}:
            problems.append((url, "cellule", text))
    text = main.get_text(" ", strip=True)
    for match in MONTH_ABBREVIATION.finditer(text):
        problems.append((url, "mois abrégé", match.group(0)))
    for match in ENGLISH_MONTH.finditer(text):
        problems.append((url, "mois anglais", match.group(0)))
    return problems


@pytest.fixture
def superuser_client(client, django_user_model):
    call_command("load_demo_data", verbosity=0)
    client.force_login(django_user_model.objects.create_superuser("listes", "l@exemple.fr", "x"))
    return client


def test_every_admin_listing_reads_in_french(superuser_client):
    client = superuser_client
    problems, read, sheets = [], [], []
    urls = []
    for viewset in project_viewsets():
        try:
            urls.append((viewset.menu_url, True))
        except NoReverseMatch:
            continue
    urls += [(url, False) for url in project_admin_pages()]
    for url, exports in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        read.append(url)
        html = response.content.decode()
        problems += visible_problems(url, html)
        if exports and "export=xlsx" in html:  # the listing offers its XLSX download
            export = client.get(url, {"export": "xlsx"})
            assert export.status_code == 200, url
            content = b"".join(export.streaming_content) if export.streaming else export.content
            book = load_workbook(BytesIO(content), read_only=True)
            sheets.append((url, book.sheetnames))
            if "Sheet1" in book.sheetnames:
                problems.append((url, "feuille", "Sheet1"))
            for row in book.worksheets[0].iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, bool) or value in ("True", "False"):
                        problems.append((url, "xlsx", value))
                        break
    found = sorted({(p[0], p[1], str(p[2])) for p in problems})
    print("\n".join(map(str, found)))
    assert found == []
    assert reverse("wagtailsnippets_programmes_occurrence:list") in read
    assert reverse("artworks_planning") in read
    assert len(sheets) >= 5


def test_every_resource_export_and_template_names_its_sheet_after_its_content(
    django_user_model,
):
    from spreadsheets import registry
    from spreadsheets.services import export, template

    superuser = django_user_model.objects.create_superuser("tableurs", "t@exemple.fr", "x")
    names = []
    for registered in registry.all_resources():
        for content in (export(registered, "xlsx", user=superuser), template(registered, "xlsx")):
            sheets = load_workbook(BytesIO(content), read_only=True).sheetnames
            assert "Sheet1" not in sheets and "Données" not in sheets, registered.name
            names += sheets
    assert "Œuvres" in names and "Modèle œuvres" in names
