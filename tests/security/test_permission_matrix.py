"""The permission matrix: every role × every record type × every action, from ONE table.

Letters: L list, V view, C create, E edit, D delete, I import, X export. A venue manager's
letters apply to records of their own venue; the same actions on another venue's record are
always refused (checked below). Every snippet registered in the admin, and every spreadsheet
resource, must have a row here, so a new record type cannot forget its rules. A row's I and X
letters hold for each of its resources (an edition's targets and classes follow the edition).

« equipe » is programme staff NOT assigned to the record's edition; « equipe_affectee » (only in
the rows of personal data) is programme staff assigned to it.
"""

from dataclasses import dataclass
from html import escape

import pytest
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from wagtail.snippets.models import get_snippet_models

from spreadsheets import registry
from tests.factories import UserFactory, VenueFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonyme", "responsable_a", "equipe", "equipe_affectee", "moderation", "admin"]
ACTIONS = "LVCEDIX"


@dataclass(frozen=True)
class Record:
    make: str  # name of a builder below: (venue) -> instance at that venue (or unscoped)
    resource: str | tuple | None  # spreadsheet resource name(s), if staff exchange it
    scoped: bool
    rights: dict  # role -> letters
    shown_as: str = ""  # attribute the listing shows, when it is not str(record)
    admin: str = ""  # URL namespace of a ModelViewSet (records that are not snippets)

    @property
    def resources(self):
        if self.resource is None:
            return ()
        return (self.resource,) if isinstance(self.resource, str) else tuple(self.resource)


MATRIX = {
    "places.Venue": Record(
        "venue",
        "lieux",
        True,
        {
            "anonyme": "",
            "responsable_a": "LVEIX",
            "equipe": "LVCEDIX",
            "moderation": "LVX",
            "admin": "LVCEDIX",
        },
    ),
    "places.Commune": Record(
        "commune",
        "communes",
        False,
        {
            "anonyme": "",
            "responsable_a": "",
            "equipe": "LVEIX",
            "moderation": "LVX",
            "admin": "LVCEDIX",
        },
    ),
    "places.SST": Record(
        "sst",
        "sst",
        False,
        {
            "anonyme": "",
            "responsable_a": "",
            "equipe": "LVCEDIX",
            "moderation": "LVX",
            "admin": "LVCEDIX",
        },
    ),
    "artworks.Artist": Record(
        "artist",
        "artistes",
        False,
        rights={
            "anonyme": "",
            "responsable_a": "",
            "equipe": "LVCEDIX",
            "moderation": "LVX",
            "admin": "LVCEDIX",
        },
    ),
    "artworks.Artwork": Record(
        "artwork",
        "oeuvres",
        False,
        shown_as="title",
        rights={
            "anonyme": "",
            "responsable_a": "LVX",
            "equipe": "LVCEDIX",
            "moderation": "LVX",
            "admin": "LVCEDIX",
        },
    ),
    "artworks.Placement": Record(
        "placement",
        "placements",
        True,
        rights={
            "anonyme": "",
            "responsable_a": "LVEIX",
            "equipe": "LVCEDIX",
            "moderation": "LVX",
            "admin": "LVCEDIX",
        },
    ),
    "artworks.MediationSession": Record(
        "session",
        "seances-mediation",
        True,
        rights={
            "anonyme": "",
            "responsable_a": "LVCEDIX",
            "equipe": "LVCEDIX",
            "moderation": "LVX",
            "admin": "LVCEDIX",
        },
    ),
    "programmes.Edition": Record(
        "edition",
        ("editions", "objectifs-editions", "classes-editions"),
        False,
        {
            "anonyme": "",
            "responsable_a": "",
            "equipe": "LVCEDIX",
            "moderation": "LVX",
            "admin": "LVCEDIX",
        },
    ),
    # Moderation may edit a date (cancel, annotate), so it may import changes to dates too;
    # creating one by import is refused to it as in the admin (tests/programmes).
    "programmes.Occurrence": Record(
        "occurrence",
        "dates-evenements",
        False,
        {
            "anonyme": "",
            "responsable_a": "",
            "equipe": "LVCEDIX",
            "moderation": "LVEIX",
            "admin": "LVCEDIX",
        },
    ),
    # Personal data: only the staff assigned to the edition see, change, import or export it;
    # a superuser is no exception. The add form opens for any staff member or superuser but
    # offers only the editions they are assigned to (tests/programmes/test_senior_personal_data).
    "programmes.FollowedSenior": Record(
        "senior",
        ("suivi-seniors", "contacts-seniors"),
        False,
        admin="suivi-seniors",
        shown_as="full_name",
        rights={
            "anonyme": "",
            "responsable_a": "",
            "equipe": "LC",
            "equipe_affectee": "LVCEDIX",
            "moderation": "",
            "admin": "LC",
        },
    ),
    "programmes.Audience": Record(
        "audience",
        None,
        False,
        {
            "anonyme": "",
            "responsable_a": "",
            "equipe": "LVCED",
            "moderation": "LV",
            "admin": "LVCED",
        },
    ),
    "programmes.Partner": Record(
        "partner",
        None,
        False,
        {
            "anonyme": "",
            "responsable_a": "",
            "equipe": "LVCED",
            "moderation": "LV",
            "admin": "LVCED",
        },
    ),
    # Created only from « Mes séances à saisir » (never a blank form); corrected by a venue
    # manager within ATTENDANCE_CORRECTION_DAYS, at any time by the programme staff.
    "programmes.AttendanceRecord": Record(
        "attendance",
        "frequentation",
        True,
        {
            "anonyme": "",
            "responsable_a": "LVEIX",
            "equipe": "LVEDIX",
            "moderation": "LVX",
            "admin": "LVEDIX",
        },
    ),
    # An audit trail: nobody writes it through the admin, not even a superuser.
    "programmes.PurgeLog": Record(
        "purgelog",
        None,
        False,
        shown_as="edition_name",
        rights={
            "anonyme": "",
            "responsable_a": "",
            "equipe": "LV",
            "moderation": "",
            "admin": "LV",
        },
    ),
}


# --- builders -------------------------------------------------------------------------------


def build(kind, venue):
    from places.models import SST, Commune
    from tests.artworks.factories import (
        ArtistFactory,
        ArtworkFactory,
        MediationSessionFactory,
        PlacementFactory,
    )

    if kind == "venue":
        return venue
    if kind == "commune":
        return Commune.objects.get(insee_code="92050")
    if kind == "sst":
        return SST.objects.get(name="Nanterre")
    if kind == "artist":
        return ArtistFactory()
    if kind == "artwork":
        return ArtworkFactory()
    if kind == "placement":
        return PlacementFactory(venue=venue)
    if kind == "session":
        return MediationSessionFactory(placement=PlacementFactory(venue=venue))
    if kind in {"edition", "occurrence"}:
        from tests.programmes import factories as programme_factories

        programme = programme_factories.programme(title="Giga Séniors")
        if kind == "edition":
            return programme_factories.edition(programme, name="Giga Séniors 2030")
        return programme_factories.event(programme, title="Forum seniors").occurrences.first()
    if kind == "attendance":
        from datetime import timedelta

        from django.utils import timezone

        from programmes.models import AttendanceRecord
        from tests.programmes import factories as programme_factories

        programme = programme_factories.programme(title="Giga Séniors")
        start = timezone.now() - timedelta(days=3)
        event = programme_factories.event(
            programme, title=f"Atelier {venue.code}", start=start, venue=venue
        )
        return AttendanceRecord.objects.create(occurrence=event.occurrences.get(), total=17)
    if kind == "audience":
        from programmes.models import Audience

        return Audience.objects.create(name="Familles monoparentales", slug="familles-mono")
    if kind == "partner":
        from programmes.models import Partner

        return Partner.objects.create(name="CAF des Hauts-de-Seine")
    if kind == "senior":
        from programmes.models import FollowedSenior
        from tests.programmes import factories as programme_factories

        programme = programme_factories.programme(title="Sourires d'été", theme="isolement")
        edition = programme_factories.edition(programme, name="Sourires d'été 2030")
        return FollowedSenior.objects.create(
            edition=edition,
            full_name="Jeanne Lefèvre",
            phone="01 99 00 12 34",
            commune=Commune.objects.get(insee_code="92050"),
            consent_date="2030-06-20",
        )
    if kind == "purgelog":
        from programmes.models import PurgeLog

        return PurgeLog.objects.create(
            edition_name="Sourires d'été 2024",
            edition_end_date="2024-08-31",
            seniors_deleted=12,
            contacts_deleted=40,
        )
    raise ValueError(kind)


def login_as(client, role, venue_a):
    if role == "anonyme":
        return None
    if role == "admin":
        user = UserFactory(username="super", is_superuser=True, is_staff=True)
    else:
        group = {
            "responsable_a": "Responsables de lieu",
            "equipe": "Équipe programmes",
            "equipe_affectee": "Équipe programmes",
            "moderation": "Modération",
        }[role]
        user = UserFactory(username=role, groups=[group])
    if role == "responsable_a":
        venue_a.managers.add(user)
    client.force_login(user)
    return user


def assign(user, obj):
    """« equipe_affectee »: the user joins the staff assigned to the record's edition."""
    obj.edition.assigned_staff.add(user)
    obj.edition.save()


def denied(response):
    """Wagtail refuses with 403/404, a redirect to the dashboard, or to the login page."""
    if response.status_code == 302:
        return response["Location"] == "/admin/" or "/admin/login/" in response["Location"]
    return response.status_code in (403, 404)


def snippet_url(model, name, *args):
    record = MATRIX.get(model._meta.label)
    try:
        if record is not None and record.admin:
            return reverse(f"{record.admin}:{'index' if name == 'list' else name}", args=args)
        return reverse(model.snippet_viewset.get_url_name(name), args=args)
    except NoReverseMatch:
        return None


def inspect_enabled(model):
    viewset = getattr(model, "snippet_viewset", None)
    return viewset is None or viewset.inspect_view_enabled


def count(model):
    return model._default_manager.count()


# --- the matrix, one test per cell --------------------------------------------------------------

CELLS = [
    (label, role, action, resource)
    for label, record in MATRIX.items()
    for role in ROLES
    if role in record.rights
    for action in ACTIONS
    for resource in (record.resources if action in "IX" else ("",))
]


@pytest.mark.parametrize(
    ("label", "role", "action", "resource"),
    CELLS,
    ids=["-".join(filter(None, c)) for c in CELLS],
)
def test_permission_matrix(client, label, role, action, resource):
    record = MATRIX[label]
    model = apps.get_model(label)
    venue_a = VenueFactory(name="Pôle social A", code="pole-a")
    user = login_as(client, role, venue_a)
    obj = build(record.make, venue_a)
    if role == "equipe_affectee":
        assign(user, obj)
    allowed = action in record.rights[role]
    before = count(model)

    if action == "L":
        response = client.get(snippet_url(model, "list"))
        assert (response.status_code == 200) is allowed, response.status_code
    elif action == "V":
        url = snippet_url(model, "inspect", obj.pk)
        if url is None or not inspect_enabled(model):
            response = client.get(snippet_url(model, "list"))
            shown = getattr(obj, record.shown_as) if record.shown_as else str(obj)
            visible = response.status_code == 200 and escape(shown) in response.content.decode()
            assert visible is allowed
        else:
            response = client.get(url)
            assert (response.status_code == 200) is allowed, response.status_code
    elif action == "C":
        response = client.get(snippet_url(model, "add"))
        if allowed:
            assert response.status_code == 200
        else:
            assert denied(response), response.status_code
            assert denied(client.post(snippet_url(model, "add"), {}))
            assert count(model) == before
    elif action == "E":
        response = client.get(snippet_url(model, "edit", obj.pk))
        if allowed:
            assert response.status_code == 200
        else:
            assert denied(response), response.status_code
            assert denied(client.post(snippet_url(model, "edit", obj.pk), {}))
    elif action == "D":
        url = snippet_url(model, "delete", obj.pk)
        if allowed:
            assert client.get(url).status_code == 200
        else:
            assert denied(client.post(url)), "suppression acceptée"
            assert model._default_manager.filter(pk=obj.pk).exists()
    elif action == "I":
        url = reverse("spreadsheets:import", args=[resource])
        response = client.get(url)
        assert (response.status_code == 200) is allowed, response.status_code
        if not allowed:
            assert denied(response)
    elif action == "X":
        url = reverse("spreadsheets:export", args=[resource]) + "?format=csv"
        response = client.get(url)
        assert (response.status_code == 200) is allowed, response.status_code
        if not allowed:
            assert denied(response)
    assert count(model) == before or action == "C"


# --- what the manager of A may do on B's records: nothing -----------------------------------

SCOPED = [label for label, record in MATRIX.items() if record.scoped]


@pytest.mark.parametrize("label", SCOPED)
def test_a_venue_manager_reaches_nothing_of_another_venue(client, label):
    record = MATRIX[label]
    model = apps.get_model(label)
    venue_a = VenueFactory(name="Pôle social A", code="pole-a")
    venue_b = VenueFactory(name="Pôle social B", code="pole-b")
    login_as(client, "responsable_a", venue_a)
    other = build(record.make, venue_b)
    for name in ("edit", "delete", "inspect", "history"):
        url = snippet_url(model, name, other.pk)
        if url:
            assert denied(client.get(url)), f"{name} ouvert sur un autre lieu"
    assert denied(client.post(snippet_url(model, "edit", other.pk), {}))
    assert denied(client.post(snippet_url(model, "delete", other.pk)))
    assert model._default_manager.filter(pk=other.pk).exists()
    listing = client.get(snippet_url(model, "list")).content.decode()
    assert f"/{other.pk}/" not in listing
    for resource in record.resources:
        export = client.get(reverse("spreadsheets:export", args=[resource]) + "?format=csv")
        assert "pole-b" not in export.content.decode("utf-8-sig")


def test_every_record_type_in_the_admin_has_a_row_in_the_matrix():
    registered = {model._meta.label for model in get_snippet_models()}
    assert registered - set(MATRIX) == set(), "ajoutez ces types au tableau des droits"


def test_every_exchanged_resource_is_in_the_matrix():
    exchanged = {entry.name for entry in registry.all_resources()}
    in_matrix = {name for record in MATRIX.values() for name in record.resources}
    assert exchanged - in_matrix == set(), "ajoutez ces ressources au tableau des droits"
