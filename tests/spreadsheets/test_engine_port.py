"""The engine as a port: it asks each registration which rows a user may reach (the row scope
given by the app that owns the rule), tells who listens when an import wrote (the
`rows_imported` signal), and refuses a viewset whose declared views would skip a rule."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from places.models import Venue
from places.resources import VenueResource
from places.viewsets import VenueScopedViewSetMixin
from spreadsheets import registry
from spreadsheets.reading import read_spreadsheet
from spreadsheets.services import run_import
from spreadsheets.signals import rows_imported
from spreadsheets.viewsets import SpreadsheetViewSetMixin
from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

pytestmark = pytest.mark.django_db

GOOD = ["pole-clichy", "Pôle social de Clichy", "Pôle social", "92024", "", ""]
GOOD_2 = ["pmi-colombes", "PMI de Colombes", "pmi", "92025", "", ""]
BAD = ["ccas-nulle-part", "CCAS fantôme", "CCAS", "92999", "", ""]


def sheet_of(rows):
    return read_spreadsheet(csv_bytes([VENUE_HEADERS, *rows]), "lieux.csv")


@pytest.fixture
def received():
    calls = []

    def listener(sender, **kwargs):
        calls.append((sender, kwargs))

    rows_imported.connect(listener, dispatch_uid="test-engine-port")
    yield calls
    rows_imported.disconnect(dispatch_uid="test-engine-port")


def test_an_import_that_wrote_is_announced_once_after_commit(
    received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        report = run_import(registry.get("lieux"), sheet_of([GOOD, GOOD_2]))
    assert report.written and received == []  # not before the commit
    for callback in callbacks:
        callback()
    pks = tuple(Venue.objects.get(code=row[0]).pk for row in (GOOD, GOOD_2))
    assert received == [
        (
            Venue,
            {
                "signal": rows_imported,
                "model": Venue,
                "created": 2,
                "updated": 0,
                "deleted": 0,
                "pks": pks,
                "index": True,
            },
        )
    ]


@pytest.mark.parametrize(
    "rows, kwargs",
    [([GOOD], {"dry_run": True}), ([GOOD, BAD], {})],
    ids=["preview", "rolled-back"],
)
def test_an_import_that_wrote_nothing_is_not_announced(
    received, django_capture_on_commit_callbacks, rows, kwargs
):
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import(registry.get("lieux"), sheet_of(rows), **kwargs)
    assert not report.written and received == []


class BulkVenueResource(VenueResource):
    write_in_bulk = True


def test_a_bulk_import_invalidates_the_public_pages_once(
    django_capture_on_commit_callbacks, monkeypatch
):
    """Rows written with bulk_create send no post_save: home hears the engine's signal, once,
    and refreshes the pages that show venues."""
    from home import cache

    calls = []
    real_invalidate = cache.invalidate

    def counting_invalidate(tags):
        calls.append(set(tags))
        return real_invalidate(tags)

    monkeypatch.setattr(cache, "invalidate", counting_invalidate)
    entry = registry.RegisteredResource("lieux-en-lot", BulkVenueResource, Venue)
    before = cache.current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import(entry, sheet_of([GOOD, GOOD_2]))
    assert report.written and report.created == 2
    assert len(calls) == 1 and cache.model_tag(Venue) in calls[0]
    assert cache.current_generation() > before


class OnlyTheFirstVenue:
    """A row scope of the test's own: the engine must ask it, not know venues."""

    description = " (test)"

    def __init__(self, venue):
        self.venue = venue

    def sees_all(self, user):
        return False

    def visible(self, queryset, user):
        return queryset.filter(pk=self.venue.pk)

    def owner_of(self, instance):
        return instance if instance.pk else None

    def owner_pks(self, user):
        return [self.venue.pk]

    def refusal(self, owner):
        return "Refusé par la règle du test."


def test_the_engine_asks_the_registered_row_scope(programme_staff, venue_a, venue_b):
    """Programme staff see every venue through places' scope; a resource registered with
    another scope gets that scope's answer, for writing and for reading."""
    entry = registry.RegisteredResource(
        "lieux-test", VenueResource, Venue, row_scope=OnlyTheFirstVenue(venue_a)
    )
    rows = [
        [venue_a.code, "Renommé A", "Pôle social", "92004", "", ""],
        [venue_b.code, "Renommé B", "Pôle social", "92004", "", ""],
    ]
    report = run_import(entry, sheet_of(rows), programme_staff, skip_invalid=True)
    assert report.updated == 1 and report.invalid == 1
    assert report.errors[0]["message"] == "Refusé par la règle du test."
    venue_b.refresh_from_db()
    assert venue_b.name == "Pôle social B"
    assert list(entry.scope(Venue.objects.all(), programme_staff)) == [venue_a]
    assert list(registry.get("lieux").scope(Venue.objects.all(), programme_staff)) == [
        *Venue.objects.all()
    ]


def test_a_scoped_viewset_refuses_an_unscoped_object_view():
    class Unscoped(VenueScopedViewSetMixin, SnippetViewSet):
        model = Venue
        edit_view_class = EditView

    with pytest.raises(ImproperlyConfigured, match="edit_view_class"):
        Unscoped()


def test_a_spreadsheet_viewset_refuses_an_index_view_without_the_buttons():
    class Plain(SpreadsheetViewSetMixin, ModelViewSet):
        model = Venue
        spreadsheet_resource = "lieux"
        index_view_class = IndexView

    with pytest.raises(ImproperlyConfigured, match="index_view_class"):
        Plain("plain-venues")
